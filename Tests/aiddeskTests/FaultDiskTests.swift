import DeskCore
import Foundation
import GRDB
import Testing

/// A full disk: the volunteer gets a clear message in their language and a non-zero exit, never
/// a crash or SQLite's words; an issue is all its kits or none; and once there is room again
/// the desk carries on (the same issue then goes through).
///
/// Two ways to run out of room: a real small filesystem (a 4 MB tmpfs the test mounts, which
/// needs root and permission to mount: skipped otherwise) and a file-size limit (`ulimit -f`,
/// with SIGXFSZ ignored, as a shell sets it for the desk), which works anywhere.
@Suite("Fault: a full disk", .serialized)
struct FaultDiskTests {
    static let kits = ["hygiene", "bedding", "kitchen"]

    /// Whether this machine lets the test mount a tmpfs (root, and not a container that forbids it).
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-mount-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: probe) }
        guard (try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)) != nil,
            shell("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path) == 0
        else { return false }
        _ = shell("umount", probe.path)
        return true
    }()

    @Test(.enabled(if: canMountTmpfs, "needs root and permission to mount a tmpfs"))
    func fullFilesystemRefusesCleanlyAndRecovers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(shell("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", folder.path) == 0)
        defer {
            _ = shell("umount", "-l", folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        let hub = FaultHub(folder: folder)
        try hub.seed(households: 30)
        #expect(try hub.aiddesk(["distribution", "open", "Видача"] + Self.kits.flatMap { ["--kit", "\($0)=100"] }).status == 0)
        let filler = folder.appendingPathComponent("filler")

        // Room left after filling: none, then a page or a few, so that the disk runs out at the
        // start, while opening, or in the middle of writing the issue.
        var refusals = 0
        var outcomes: [String] = []
        for (k, room) in [0, 4096, 8192, 16_384, 24_576, 32_768, 49_152, 65_536, 98_304, 131_072].enumerated() {
            let household = householdNumber(k + 1)
            try Self.settle(hub)
            try Self.fill(filler, leaving: room, in: folder)
            let full = try hub.aiddesk(["issue", household] + Self.kits + ["--json"])
            try? FileManager.default.removeItem(at: filler)
            let stored = try hub.issuances().filter { $0.household == household && !$0.voided }
            outcomes.append("\(room / 1024) KiB: \(full.status == 0 ? "issued" : "refused")")
            if full.status == 0 {
                #expect(Set(stored.map(\.kit)) == Set(Self.kits), "room \(room): issued \(stored.map(\.kit))")
                continue
            }
            refusals += 1
            Self.expectClearRefusal(full, says: "Диск заповнений", room: room)
            #expect(stored.isEmpty, "room \(room): a refused issue left \(stored.map(\.kit))")
            // Room again: the database is sound and the same issue goes through.
            let check = try hub.aiddesk(["check"])
            #expect(check.status == 0, "room \(room): \(check.stdout)\(check.stderr)")
            let again = try hub.aiddesk(["issue", household] + Self.kits + ["--json"])
            #expect(again.status == 0, "room \(room): \(again.stderr)")
            #expect(Set(issuedRecords(again.stdout).map(\.kit)) == Set(Self.kits))
        }
        print("fault disk (tmpfs), room left → " + outcomes.joined(separator: ", "))
        #expect(refusals >= 3, "the disk ran out only \(refusals) times")
        // In English too.
        try Self.settle(hub)
        try Self.fill(filler, leaving: 0, in: folder)
        let english = try hub.aiddesk(["issue", householdNumber(20), "hygiene", "--lang", "en"])
        try? FileManager.default.removeItem(at: filler)
        Self.expectClearRefusal(english, says: "The disk is full", room: 0)
        #expect(try hub.aiddesk(["check"]).status == 0)

        // Room for closing the distribution but not for the automatic backup that follows: the
        // close stands, and no empty or half-written file is left in backups/ looking like a copy.
        try Self.settle(hub)
        try Self.fill(filler, leaving: 98_304, in: folder)
        let close = try hub.aiddesk(["distribution", "close", "--no-count"])
        try? FileManager.default.removeItem(at: filler)
        #expect(!close.signalled && rawFailureText(in: close.stderr) == nil, "\(close.stderr)")
        if close.status != 0 {
            Self.expectClearRefusal(close, says: "Диск заповнений", room: 98_304)
            #expect(try hub.aiddesk(["distribution", "close", "--no-count"]).status == 0)
        }
        let backups = folder.appendingPathComponent("backups")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: backups.path)) ?? [] {
            let copy = try DatabaseQueue(path: backups.appendingPathComponent(name).path)
            let sound = try copy.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"] && db.tableExists("issuance")
            }
            try copy.close()
            #expect(sound, "backups/\(name) is not a backup")
        }
        let backup = try hub.aiddesk(["backup", folder.appendingPathComponent("after.sqlite").path])
        #expect(backup.status == 0, "\(backup.stderr)")
    }

    @Test func fileSizeLimitRefusesCleanlyAndRecovers() throws {
        let hub = try FaultHub()
        defer { hub.remove() }
        try hub.seed(households: 30)
        #expect(try hub.aiddesk(["distribution", "open", "Видача"] + Self.kits.flatMap { ["--kit", "\($0)=100"] }).status == 0)
        var refusals = 0
        var outcomes: [String] = []
        // `ulimit -f` counts 512-byte blocks; the write-ahead log starts empty each time.
        for (k, blocks) in [4, 16, 24, 40, 64, 80, 96, 128, 192].enumerated() {
            let household = householdNumber(k + 1)
            try Self.settle(hub)
            let limited = try hub.start(
                ["issue", household] + Self.kits + ["--json"],
                launcher: ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f \(blocks) && exec \"$0\" \"$@\""]
            ).wait()
            let stored = try hub.issuances().filter { $0.household == household && !$0.voided }
            outcomes.append("\(blocks / 2) KiB: \(limited.status == 0 ? "issued" : "refused")")
            if limited.status == 0 {
                #expect(Set(stored.map(\.kit)) == Set(Self.kits), "limit \(blocks): issued \(stored.map(\.kit))")
                continue
            }
            refusals += 1
            Self.expectClearRefusal(limited, says: "обмеження розміру файлів", room: blocks * 512)
            #expect(stored.isEmpty, "limit \(blocks): a refused issue left \(stored.map(\.kit))")
            #expect(try hub.aiddesk(["check"]).status == 0)
            let again = try hub.aiddesk(["issue", household] + Self.kits + ["--json"])
            #expect(again.status == 0, "limit \(blocks): \(again.stderr)")
        }
        print("fault disk (ulimit -f), limit → " + outcomes.joined(separator: ", "))
        #expect(refusals >= 3, "the limit stopped only \(refusals) issues")
    }

    static func expectClearRefusal(_ outcome: DeskRun.Outcome, says text: String, room: Int,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!outcome.signalled && outcome.status == 1, "room \(room): status \(outcome.status)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(text), "room \(room): \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(rawFailureText(in: outcome.stderr) == nil, "room \(room): \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "room \(room): \(outcome.stdout)", sourceLocation: sourceLocation)
    }

    /// Moves everything into the database file and empties the write-ahead log, as when the
    /// last desk closes: the next desk has to grow files to write anything.
    static func settle(_ hub: FaultHub) throws {
        let queue = try DatabaseQueue(path: hub.databasePath)
        try queue.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
    }

    /// Writes a file that leaves `room` bytes free on the filesystem of `folder`.
    static func fill(_ file: URL, leaving room: Int, in folder: URL) throws {
        var stats = statvfs()
        #expect(statvfs(folder.path, &stats) == 0)
        let free = Int(stats.f_bavail) * Int(stats.f_frsize)
        let size = max(0, free - room)
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        let chunk = Data(repeating: 0xAB, count: 65_536)
        var written = 0
        while written < size {
            let part = chunk.prefix(min(chunk.count, size - written))
            do { try handle.write(contentsOf: part) } catch { break }
            written += part.count
        }
    }
}

/// Runs a program to completion; its exit status.
@discardableResult
func shell(_ arguments: String...) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
}
