// A scripted day at one issuing desk, through the real binary in tmux: 50 families of the demo
// hub, 25 served by scanning their card and 25 by typing their name, as a volunteer would. It
// counts the keys the volunteer presses and the seconds the desk takes from the first key to the
// confirmation; a scanner's keys are the scanner's, not the volunteer's.
//
//   swift build -c release && swift run -c release DeskBench cardday     (needs tmux)

import DeskCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct CardDay {
    let aiddesk: String
    let tmux: String
    let folder: URL
    let socket = "deskbench-cardday-\(getpid())"
    var database: String { folder.appendingPathComponent("demo.sqlite").path }

    /// Runs a program to its end, its output through a file: the tmux server that the first
    /// command forks must not hold a pipe that would then be read to end of file for ever.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) -> String {
        let output = folder.appendingPathComponent("output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else { fail("cannot run \(program)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    @discardableResult
    func aiddesk(_ arguments: [String]) -> String { run(aiddesk, arguments + ["--db", database]) }
    @discardableResult
    func tmuxRun(_ arguments: [String]) -> String { run(tmux, ["-L", socket] + arguments) }
    func screen() -> [String] { tmuxRun(["capture-pane", "-p", "-t", "desk"]).components(separatedBy: "\n") }
    func keys(_ names: String...) { tmuxRun(["send-keys", "-t", "desk"] + names) }
    func type(_ text: String) { tmuxRun(["send-keys", "-t", "desk", "-l", text]) }

    func waitFor(_ what: String, _ predicate: ([String]) -> Bool) {
        let deadline = Date().addingTimeInterval(20)
        while !predicate(screen()) {
            if Date() > deadline { fail("timed out waiting for \(what):\n" + screen().joined(separator: "\n")) }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Families that came to neither demo distribution: nothing stands between them and their kits.
    func families(_ count: Int) -> [(number: String, head: String)] {
        func absent(_ distribution: String) -> [String] {
            aiddesk(["absent", "--format", "csv", "--distribution", distribution]).split(separator: "\r\n").dropFirst()
                .map { String($0.prefix(while: { $0 != "," })) }
        }
        let earlier = Set(absent("1"))
        return absent("2").filter(earlier.contains).prefix(count).map { number in
            let history = aiddesk(["history", number, "--json"])
            let object = (try? JSONSerialization.jsonObject(with: Data(history.utf8))) as? [String: Any]
            let members = object?["members"] as? [[String: Any]] ?? []
            let head = members.first { $0["head"] as? Bool == true } ?? members.first
            return (number, head?["name"] as? String ?? "")
        }
    }
}

func runCardDayBenchmark(families count: Int = 50) -> [String: Any] {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aiddesk")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else { return ["skipped": "run `swift build -c release` first"] }
    guard let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first(where: FileManager.default.isExecutableFile(atPath:))
    else { return ["skipped": "tmux is not installed"] }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskbench-cardday-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let day = CardDay(aiddesk: binary.path, tmux: tmux, folder: folder)
    day.run(binary.path, ["demo", "--fresh", "--status", "--db", day.database])
    let families = day.families(count)
    guard families.count == count else { fail("the demo has only \(families.count) families not yet served") }
    day.aiddesk(["cards"] + families.flatMap { ["--household", $0.number] })

    day.tmuxRun(["new-session", "-d", "-s", "desk", "-x", "80", "-y", "24",
                 "env TERM=xterm-256color LANG=C.UTF-8 \(binary.path) --db \(day.database) --desk 1 --operator Bench"])
    defer { day.tmuxRun(["kill-server"]) }
    day.waitFor("the desk") { $0.contains { $0.contains("Пошук:") } }

    func header(_ number: String) -> String { "Сім'я № \(number) ·" }
    var withCard: [(keys: Int, seconds: Double)] = []
    var withoutCard: [(keys: Int, seconds: Double)] = []
    for (index, family) in families.enumerated() {
        let start = Date()
        var keys = 0
        if index % 2 == 0 {
            // The card: the scanner types the code and Enter; the volunteer presses Enter.
            day.type(CardCode(holder: .number(HouseholdNumber.key(family.number)), version: 1).digits)
            day.keys("Enter")
        } else {
            // The name: surname and given name, more of the patronymic until the family is first.
            let words = family.head.split(separator: " ").map(String.init)
            var typed = ""
            for (w, word) in words.enumerated() {
                let part = w == 0 ? word : String(word.prefix(3))
                let text = (typed.isEmpty ? "" : " ") + part.lowercased()
                day.type(text)
                keys += text.count
                typed += text
                day.waitFor("the results for \(typed)") { $0.count > 5 && !$0[5].trimmingCharacters(in: .whitespaces).isEmpty }
                if day.screen()[5].contains(family.number) { break }
            }
            day.keys("Enter")
            keys += 1
        }
        day.waitFor("the card of \(family.number)") { $0.contains { $0.contains(header(family.number)) } }
        day.keys("Enter")
        keys += 1
        day.waitFor("\(family.number) served") { $0.joined(separator: " ").contains("Видано сім'ї № \(family.number):") }
        let line = (keys: keys, seconds: Date().timeIntervalSince(start))
        if index % 2 == 0 { withCard.append(line) } else { withoutCard.append(line) }
    }
    func summary(_ lines: [(keys: Int, seconds: Double)]) -> [String: Any] {
        let families = Double(max(1, lines.count))
        let keys = Double(lines.map(\.keys).reduce(0, +))
        let seconds = lines.map(\.seconds).reduce(0, +)
        func tenths(_ x: Double) -> Double { (x * 10).rounded() / 10 }
        // What the volunteer's fingers add at 5 keys a second (a fast, careful typist).
        let typing = keys / 5
        return [
            "families": lines.count,
            "keys_per_family_mean": tenths(keys / families),
            "keys_per_family_max": lines.map(\.keys).max() ?? 0,
            "desk_seconds_per_family_mean": (seconds / families * 1000).rounded() / 1000,
            "with_typing_at_5_keys_per_second": tenths((seconds + typing) / families),
        ]
    }
    return ["with_card": summary(withCard), "by_name": summary(withoutCard)]
}
