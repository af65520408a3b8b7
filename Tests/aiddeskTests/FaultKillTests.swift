import DeskCore
import Foundation
import GRDB
import Testing

/// Desks killed with SIGKILL at random moments, hundreds of times, while doing mixed work:
/// issues of several kits, voids, check-ins and stock changes, three desks at once. Fixed seed.
///
/// Afterwards the database opens, SQLite's integrity check and `aiddesk check` are clean, every
/// action a desk reported as done is there, every issue is all its kits or none, no void or
/// stock change was applied twice, and the desks keep working. Each run gets its own desk name
/// (recorded on every row it writes), so each row can be traced to the run that wrote it.
/// (`SeveralDesksTests` kills single issues of two kits, one desk at a time.)
@Suite("Fault: kill -9 during mixed work", .serialized)
struct FaultKillTests {
    static let kills = ProcessInfo.processInfo.environment["AIDDESK_FAULT_KILLS"].flatMap(Int.init) ?? 300
    static let lanes = 3
    static let kits = ["hygiene", "bedding", "kitchen", "blanket", "lamp"]
    static let received = 5000

    enum Operation: String, Sendable {
        case issue, void, checkin, stock, status
    }

    struct Run: Sendable {
        var desk: String
        var operation: Operation
        var household: String?
        var kits: [String] = []
        var target: Int64?
        var stock: (kit: String, delta: Int)?
        var killed: Bool
        var outcome: DeskRun.Outcome
        var reportedIds: [Int64] = []
        var done: Bool { !killed && !outcome.signalled && outcome.status == 0 }
    }

    @Test func killedDesksLoseNothingReportedAndHalfDoNothing() throws {
        let hub = try FaultHub()
        defer { hub.remove() }
        let households = 150
        try hub.seed(households: households)
        let open = try hub.aiddesk(
            ["distribution", "open", "Під обстрілом"] + Self.kits.flatMap { ["--kit", "\($0)=\(Self.received)"] })
        #expect(open.status == 0, "\(open.stderr)")

        // How long an issue takes here, unhurried: kills land anywhere from start-up to commit.
        var durations: [TimeInterval] = []
        for n in 1...5 {
            let outcome = try hub.aiddesk(["issue", householdNumber(n), "hygiene", "bedding"], desk: "calibration")
            #expect(outcome.status == 0, "\(outcome.stderr)")
            durations.append(outcome.seconds)
        }
        let typical = durations.sorted()[2]

        let runs = Tally<[Run]>([])
        let failures = Tally<[String]>([])
        let finished = DispatchGroup()
        for lane in 1...Self.lanes {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                do {
                    let made = try Self.lane(lane, hub: hub, households: households, typical: typical,
                                             kills: Self.kills / Self.lanes + (lane <= Self.kills % Self.lanes ? 1 : 0))
                    runs.update { $0 += made }
                } catch {
                    failures.update { $0.append("lane \(lane): \(error)") }
                }
            }
            thread.start()
        }
        finished.wait()
        #expect(failures.current.isEmpty, "\(failures.current)")
        let all = runs.current
        let killed = all.filter(\.killed).count
        print("fault kill: \(all.count) runs, \(killed) killed (a run took \(Int(typical * 1000)) ms at the start); "
              + "done: \(all.filter(\.done).count)")
        #expect(killed >= Self.kills)

        // A run that was not killed ended by itself, with a documented status, in words.
        for run in all where !run.killed {
            let allowed: Set<Int32> = run.operation == .issue ? [0, 3, 4] : [0]
            #expect(!run.outcome.signalled && allowed.contains(run.outcome.status),
                    "\(run.desk) \(run.operation) → \(run.outcome.status): \(run.outcome.stderr)")
            if let raw = rawFailureText(in: run.outcome.stderr) { Issue.record("\(run.desk) showed «\(raw)»") }
        }

        // The database opens and is sound.
        let database = try hub.openDatabase()
        #expect(try database.integrityCheck() == ["ok"])
        let problems = try database.check()
        #expect(problems.isEmpty, "\(problems)")
        let check = try hub.aiddesk(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let rows = try hub.issuances()
        let byDesk = Dictionary(grouping: rows, by: \.desk)
        let runsByDesk = Dictionary(uniqueKeysWithValues: all.map { ($0.desk, $0) })
        // Nothing reported as done is lost.
        let stored = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        for run in all where run.done && run.operation == .issue {
            for id in run.reportedIds {
                #expect(stored[id]?.desk == run.desk, "issuance \(id) reported by \(run.desk) is \(String(describing: stored[id]))")
            }
        }
        // All or nothing: the rows a run wrote are exactly the kits it asked for, for its household.
        for (desk, written) in byDesk where desk != "calibration" {
            guard let run = runsByDesk[desk], run.operation == .issue else {
                Issue.record("issuances from \(desk), which issued nothing")
                continue
            }
            #expect(Set(written.map(\.kit)) == Set(run.kits) && written.count == run.kits.count
                    && written.allSatisfy { $0.household == run.household },
                    "\(desk) asked \(run.kits) for \(run.household ?? "?"), wrote \(written.map(\.kit))")
            if run.done { #expect(Set(written.map(\.id)) == Set(run.reportedIds)) }
        }
        // Voids: a reported void holds; a void is the work of the run that aimed at that record.
        for run in all where run.operation == .void && run.done {
            #expect(stored[run.target!]?.voided == true, "void of \(run.target!) by \(run.desk) lost")
        }
        for row in rows where row.voided {
            let run = row.voidedBy.flatMap { runsByDesk[$0] }
            #expect(run?.operation == .void && run?.target == row.id, "\(row.id) voided by \(row.voidedBy ?? "?")")
        }
        // Check-ins and stock changes: each reported one stored once; none applied twice.
        let (checkIns, adjustments, stock) = try hub.inspect { db in
            (try Row.fetchAll(db, sql: "SELECT c.desk, h.number FROM checkIn c JOIN household h ON h.id = c.householdId")
                .map { ($0[0] as String, $0[1] as String) },
             try Row.fetchAll(db, sql: "SELECT desk, kitCode, delta FROM stockAdjustment")
                .map { ($0[0] as String, $0[1] as String, $0[2] as Int) },
             try Row.fetchAll(db, sql: "SELECT kitCode, received FROM stock").map { ($0[0] as String, $0[1] as Int) })
        }
        for run in all where run.operation == .checkin && run.done {
            #expect(checkIns.contains { $0.1 == run.household }, "check-in of \(run.household!) by \(run.desk) lost")
        }
        #expect(Set(checkIns.map(\.1)).count == checkIns.count, "a household checked in twice")
        let adjustmentsByDesk = Dictionary(grouping: adjustments, by: \.0)
        #expect(adjustmentsByDesk.values.allSatisfy { $0.count == 1 }, "a stock change applied twice")
        for run in all where run.operation == .stock {
            let written = adjustmentsByDesk[run.desk] ?? []
            if run.done { #expect(written.count == 1, "stock change by \(run.desk) lost") }
            #expect(written.allSatisfy { $0.1 == run.stock!.kit && $0.2 == run.stock!.delta })
        }
        for (kit, received) in stock {
            #expect(received == Self.received + adjustments.filter { $0.1 == kit }.reduce(0) { $0 + $1.2 }, "\(kit)")
        }

        // And the desks keep working.
        let after = try hub.aiddesk(["issue", householdNumber(households), "lamp", "--json"], desk: "after")
        #expect([0, 3].contains(after.status), "\(after.stderr)")
        #expect(try hub.aiddesk(["status"]).status == 0)
    }

    /// Backups killed midway (a coordinator's laptop dies while `aiddesk backup` or the copy after
    /// a close runs): no file under a backup's name is ever a broken copy, and the next one works.
    @Test func killedBackupsLeaveNoBrokenCopy() throws {
        let hub = try FaultHub()
        defer { hub.remove() }
        try hub.seed(households: 3000)  // a few megabytes: a copy takes long enough to be cut short
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=10"]).status == 0)
        var durations: [TimeInterval] = []
        for _ in 1...3 {
            let outcome = try hub.aiddesk(["backup"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            durations.append(outcome.seconds)
        }
        let typical = durations.sorted()[1]
        var generator = SplitMix64(state: 1945)
        let backups = hub.folder.appendingPathComponent("backups")
        var killed = 0
        var broken: Set<String> = []
        for _ in 1...40 {
            let run = try hub.start(["backup"])
            Thread.sleep(forTimeInterval: typical * (0.3 + 0.8 * Double(generator.next() % 1000) / 1000))
            run.kill()
            guard run.wait().signalled else { continue }
            killed += 1
            // Right away, before a later copy in the same second takes the same name.
            let copies = try FileManager.default.contentsOfDirectory(atPath: backups.path)
                .filter { $0.hasPrefix("aiddesk-") && $0.hasSuffix(".sqlite") }
            #expect(copies.count <= 10)
            for name in copies where !broken.contains(name) {
                let copy = try DatabaseQueue(path: backups.appendingPathComponent(name).path)
                let sound = (try? copy.read { db in
                    try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"]
                        && (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM household")) == 3000
                }) ?? false
                try copy.close()
                if !sound { broken.insert(name) }
            }
        }
        #expect(killed >= 20, "only \(killed) backups were cut short")
        #expect(broken.isEmpty, "broken copies under a backup's name: \(broken.sorted())")
        #expect(try hub.aiddesk(["backup"]).status == 0)
        #expect(try hub.aiddesk(["check"]).status == 0)
    }

    /// One desk's runs, a fixed share of them killed, until `kills` kills landed.
    static func lane(_ lane: Int, hub: FaultHub, households: Int, typical: TimeInterval, kills: Int) throws -> [Run] {
        var generator = SplitMix64(state: 2026 + UInt64(lane))
        var runs: [Run] = []
        var killed = 0
        var live: [Int64] = []
        var n = 0
        // The span of kill moments follows how long runs take now (the machine may be busy with
        // other tests): the median of the last runs that finished by themselves.
        var recent: [TimeInterval] = [typical]
        while killed < kills && n < kills * 8 {
            n += 1
            let desk = "k\(lane)-\(n)"
            let household = householdNumber(Int(generator.next() % UInt64(households)) + 1)
            let roll = generator.next() % 100
            var run: Run
            var arguments: [String]
            switch roll {
            case 0..<45:
                let kits = Array(Self.kits.shuffled(using: &generator).prefix(2 + Int(generator.next() % 3)))
                arguments = ["issue", household] + kits + ["--json"]
                run = Run(desk: desk, operation: .issue, household: household, kits: kits, killed: false, outcome: .none)
            case 45..<65 where !live.isEmpty:
                let target = live[Int(generator.next() % UInt64(live.count))]
                arguments = ["void", "\(target)", "--reason", "повтор"]
                run = Run(desk: desk, operation: .void, target: target, killed: false, outcome: .none)
            case 45..<80:
                arguments = ["checkin", household]
                run = Run(desk: desk, operation: .checkin, household: household, killed: false, outcome: .none)
            case 80..<92:
                let kit = Self.kits[Int(generator.next() % UInt64(Self.kits.count))]
                let delta = Int(generator.next() % 5) + 1
                arguments = ["stock", "adjust", kit, "+\(delta)", "--reason", "довезли"]
                run = Run(desk: desk, operation: .stock, stock: (kit, delta), killed: false, outcome: .none)
            default:
                arguments = ["status"]
                run = Run(desk: desk, operation: .status, killed: false, outcome: .none)
            }
            // The void names the run too, as the one who voided.
            let process = try hub.start(arguments, desk: desk, operatorName: desk)
            // Four runs in five are killed: at a moment spread over the usual length of a run.
            let kill = generator.next() % 5 != 0
            let delay = Double(generator.next() % 10_000) / 10_000 * 1.3 * recent.sorted()[recent.count / 2]
            if kill {
                Thread.sleep(forTimeInterval: delay)
                if process.isRunning {
                    process.kill()
                    run.killed = true
                }
            }
            run.outcome = process.wait()
            run.killed = run.killed && run.outcome.signalled
            if run.killed { killed += 1 }
            if !run.killed && !run.outcome.signalled {
                recent = Array((recent + [run.outcome.seconds]).suffix(15))
            }
            if run.done && run.operation == .issue {
                run.reportedIds = issuedRecords(run.outcome.stdout).map(\.id)
                live += run.reportedIds
            }
            // A void that was killed may have happened: its record is not voided again.
            if run.operation == .void { live.removeAll { $0 == run.target } }
            runs.append(run)
        }
        return runs
    }
}

extension DeskRun.Outcome {
    static let none = DeskRun.Outcome(status: -1, signalled: false, stdout: "", stderr: "", seconds: 0)
}
