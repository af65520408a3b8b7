import DeskCore
import DeskResources
import Foundation
import Testing

/// The real desk on a real (virtual) terminal: `aiddesk` runs in a detached tmux session of a
/// given size, keys go in with `send-keys`, the screen comes back with `capture-pane`. Every
/// wait polls the screen until what is expected appears, with a timeout, never a fixed sleep.
/// Skipped only when tmux is not installed.
@Suite("The desk through tmux", .enabled(if: Tmux.path != nil, "tmux is not installed"))
struct TmuxDeskTests {
    @Test func cyrillicQueryCardIssueRefusalAndLiveUpdate() throws {
        let hub = try DemoHubFile()
        defer { hub.remove() }
        let head = try hub.headOfHousehold("00001")
        let desk = try TmuxDesk(database: hub.path)
        defer { desk.close() }

        // The title bar and the hint render in Cyrillic.
        // Waits for the key bar too: the bottom row is drawn last, so the whole screen is there.
        var screen = try desk.waitFor("the title bar, the search line and the key bar") {
            $0.first?.contains("AidDesk") == true && $0.contains { $0.contains(uk("desk.searchLabel")) }
                && $0.last?.contains("F10 " + uk("keys.quit")) == true
        }
        #expect(screen.first?.contains(uk("desk.titleRight", ["desk": "2", "operator": "Тест", "time": ""])) == true)
        #expect(screen.last?.contains("F10 " + uk("keys.quit")) == true)

        // A Cyrillic query finds the family; its line is selected with Down as needed.
        desk.type(head)
        screen = try desk.waitFor("\(head) in the results") { $0.contains { $0.contains("00001") && $0.contains(head) } }
        let resultRows = screen.dropFirst(5).prefix(while: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        let index = try #require(resultRows.firstIndex { $0.contains("00001") }) - resultRows.startIndex
        for _ in 0..<index { desk.keys("Down") }

        // Enter opens the card; Enter issues what it preselected, and the screen is ready for the next family.
        desk.keys("Enter")
        let card = uk("card.household", ["household": "00001"]).components(separatedBy: " ·").first!
        try desk.waitFor("the card of 00001") { $0.contains { $0.contains(card) } }
        desk.keys("Enter")
        screen = try desk.waitFor("the success message") {
            $0.joined(separator: " ").contains(uk.filledPrefix("desk.issued", ["household": "00001"]))
        }
        let searchLine = try #require(screen.first { $0.contains(uk("desk.searchLabel")) })
        #expect(searchLine.trimmingCharacters(in: .whitespaces) == uk("desk.searchLabel"))

        // A second attempt: the card shows the kits as given, and choosing one says why not.
        desk.type(head)
        try desk.waitFor("\(head) in the results again") { $0.contains { $0.contains("00001") && $0.contains(head) } }
        for _ in 0..<index { desk.keys("Down") }
        desk.keys("Enter")
        try desk.waitFor("the card of 00001 again") { $0.contains { $0.contains(card) } }
        desk.type("1")
        try desk.waitFor("the refusal") { $0.contains { $0.contains(uk.fragment("refusal.alreadyIssued")) } }

        // Another desk issues: the stock bar changes within a poll, with no key pressed.
        let stockBar = desk.lines()[1]
        let other = try AidDeskBinary.run(["issue", "00003", "hygiene", "--db", hub.path, "--desk", "3", "--operator", "Інша"])
        #expect(other.status == 0, "\(other.stderr)")
        try desk.waitFor("the stock bar to follow the other desk") { $0.count > 1 && $0[1] != stockBar }

        desk.keys("F10")
        #expect(try desk.waitForExit() == 0)
        #expect(desk.terminalRestored)
        #expect(desk.paneIsDead)
    }

    @Test func ctrlCIsIgnoredAndCtrlQQuits() throws {
        let desk = try TmuxDesk(database: try DemoHubFile.shared())
        defer { desk.close() }
        try desk.waitFor("the title bar") { $0.first?.contains("AidDesk") == true }
        desk.keys("C-c")
        desk.type("ж")
        try desk.waitFor("a letter typed after Ctrl-C") { $0.contains { $0.contains(uk("desk.searchLabel") + " ж") } }
        desk.keys("C-q")
        #expect(try desk.waitForExit() == 0)
        #expect(desk.terminalRestored)
    }

    @Test(arguments: [("TERM", SIGTERM), ("INT", SIGINT), ("HUP", SIGHUP)])
    func aSignalRestoresTheTerminal(name: String, signal: Int32) throws {
        let desk = try TmuxDesk(database: try DemoHubFile.shared())
        defer { desk.close() }
        try desk.waitFor("the title bar") { $0.first?.contains("AidDesk") == true }
        kill(try desk.processID(), signal)
        #expect(try desk.waitForExit() == 128 + signal, "SIG\(name)")
        #expect(desk.terminalRestored, "SIG\(name)")
    }

    @Test func resizingRedrawsAtEverySize() throws {
        let desk = try TmuxDesk(database: try DemoHubFile.shared())
        defer { desk.close() }
        try desk.waitFor("the title bar at 80×24") { $0.first?.contains("AidDesk") == true }
        desk.type("Ко")
        try desk.waitFor("results") { $0.count > 5 && $0[5].contains("Ко") }

        desk.resize(width: 100, height: 30)
        try desk.waitFor("the layout at 100×30") { lines in
            lines.count == 30 && lines[0].trimmingTrailingSpaces.count > 80 && lines[29].contains("F10")
        }
        desk.resize(width: 60, height: 20)
        let notice = String(uk("desk.tooSmall", ["width": "60", "height": "20"]).prefix(20))
        try desk.waitFor("the too-small notice at 60×20") { $0.first?.hasPrefix(notice) == true }
        desk.resize(width: 1, height: 1)
        try desk.waitFor("one cell") { $0.count == 1 }
        desk.resize(width: 80, height: 24)
        try desk.waitFor("the layout back at 80×24") { lines in
            lines.count == 24 && lines[0].contains("AidDesk") && lines[5].contains("Ко") && lines[23].contains("F10")
        }
        desk.keys("F10")
        #expect(try desk.waitForExit() == 0)
        #expect(desk.terminalRestored)
    }

    /// Function keys arrive whatever the terminfo entry says: tmux sends the xterm sequences,
    /// which a VT100 or Linux console entry does not list. Colours where the terminal has them;
    /// reverse video where it has none or NO_COLOR is set; Cyrillic even under a bare C locale.
    @Test(arguments: [
        TerminalCase(term: "xterm-256color", colour: true),
        TerminalCase(term: "screen", colour: true),
        TerminalCase(term: "linux", colour: true),
        TerminalCase(term: "vt100", colour: false),
        TerminalCase(term: "xterm-256color", colour: false, environment: ["NO_COLOR": "1"]),
        TerminalCase(term: "xterm-256color", colour: true, environment: ["LANG": "C"]),
    ])
    func titleKeyBarAndFunctionKeys(_ terminal: TerminalCase) throws {
        let desk = try TmuxDesk(database: try DemoHubFile.shared(), term: terminal.term,
                                environment: terminal.environment)
        defer { desk.close() }
        let screen = try desk.waitFor("the title and key bar under \(terminal)") {
            $0.first?.contains("AidDesk") == true && $0.last?.contains("F10 " + uk("keys.quit")) == true
        }
        #expect(screen.contains { $0.contains(uk("desk.searchLabel")) }, "\(terminal)")
        // The title bar's look: black on cyan (SGR 46), or reverse video (SGR 7).
        let title = desk.capture(escapes: true).components(separatedBy: "\n").first ?? ""
        if terminal.colour {
            #expect(title.contains("46m") || title.contains("46;"), "\(terminal): \(title.debugDescription)")
        } else {
            #expect(!title.contains("46m") && (title.contains("[7m") || title.contains(";7m")),
                    "\(terminal): \(title.debugDescription)")
        }
        desk.keys("F1")
        let help = uk("help.desk").components(separatedBy: "\n").first!
        try desk.waitFor("help after F1 under \(terminal)") {
            $0.contains { $0.trimmingCharacters(in: .whitespaces) == help }
        }
        desk.keys("Escape")
        try desk.waitFor("help closed by Esc") { !$0.contains { $0.trimmingCharacters(in: .whitespaces) == help } }
        desk.keys("F10")
        #expect(try desk.waitForExit() == 0, "\(terminal)")
        #expect(desk.terminalRestored, "\(terminal)")
    }

    /// Invalid UTF-8, C1 bytes, NUL and escape sequences nobody asked for: nothing crashes and
    /// none of it lands in the search line as "[1;5A".
    @Test func garbageInputIsHarmless() throws {
        let desk = try TmuxDesk(database: try DemoHubFile.shared())
        defer { desk.close() }
        try desk.waitFor("the title bar") { $0.first?.contains("AidDesk") == true }
        desk.bytes([0x00, 0x1C, 0xC3, 0x28, 0xFF, 0xFE, 0x9B, 0x41])
        desk.bytes(Array("\u{1B}[1;5A\u{1B}[200~\u{1B}O5P\u{1B}[99;99;99t\u{1B}x".utf8))
        desk.type("abc")
        let screen = try desk.waitFor("abc in the search line") {
            $0.contains { $0.contains(uk("desk.searchLabel")) && $0.trimmingTrailingSpaces.hasSuffix("abc") }
        }
        let line = try #require(screen.first { $0.contains(uk("desk.searchLabel")) })
        #expect(!line.contains("[") && !line.contains("~") && !line.contains(";"), "\(line)")
        desk.keys("F10")
        #expect(try desk.waitForExit() == 0)
    }
}

struct TerminalCase: Sendable, CustomStringConvertible {
    var term: String
    var colour: Bool
    var environment: [String: String] = [:]
    var description: String {
        ([term] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
    }
}

// MARK: - Support

/// Ukrainian interface strings, so that expectations follow the wording wherever it changes.
let uk: Strings = {
    // The resource is part of the build: a missing one is a broken build, not a test result.
    try! Strings(language: .uk, json: DeskResources.stringsJSON(language: "uk"))
}()

extension Strings {
    /// The template filled with `values`, up to the first blank left unfilled.
    func filledPrefix(_ key: String, _ values: [String: String]) -> String {
        let text = self(key, values)
        return String(text[..<(text.firstIndex(of: "{") ?? text.endIndex)])
    }

    /// The longest stretch of the template between blanks.
    func fragment(_ key: String) -> String {
        var pieces: [String] = []
        var current = ""
        var inBlank = false
        for c in self[key] {
            if c == "{" {
                inBlank = true
                pieces.append(current)
                current = ""
            } else if c == "}" {
                inBlank = false
            } else if !inBlank {
                current.append(c)
            }
        }
        pieces.append(current)
        return pieces.max { $0.count < $1.count } ?? ""
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// A demo database made by `aiddesk demo --fresh` in a scratch folder.
struct DemoHubFile: Sendable {
    let folder: URL
    var path: String { folder.appendingPathComponent("demo.sqlite").path }

    init(folder name: String = "aiddesk-tmux-\(UUID().uuidString)") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let made = try AidDeskBinary.run(["demo", "--fresh", "--status", "--db", path])
        guard made.status == 0 else { throw TmuxFailure(message: "aiddesk demo failed: \(made.stderr)") }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// The families that came to neither demo distribution, by household number: nothing issued
    /// to them before stands in the way of what a test gives them.
    func familiesNotYetServed() throws -> [String] {
        func absent(_ distribution: String) throws -> [String] {
            let run = try AidDeskBinary.run(["absent", "--format", "csv", "--everyone", "--distribution", distribution,
                                             "--db", path])
            return run.stdout.split(separator: "\r\n").dropFirst().map { String($0.prefix(while: { $0 != "," })) }
        }
        let earlier = Set(try absent("1"))
        return try absent("2").filter(earlier.contains)
    }

    /// One demo for the tests that only read, made on first use and removed when the test
    /// process exits. Its own per process: another run at the same time never shares it.
    static func shared() throws -> String { try sharedHub.get().path }
    private static let sharedHub = Result {
        let hub = try DemoHubFile(folder: sharedFolder)
        atexit { try? FileManager.default.removeItem(atPath: DemoHubFile.sharedPath) }
        return hub
    }
    private static let sharedFolder = "aiddesk-tmux-shared-\(getpid())"
    private static let sharedPath = FileManager.default.temporaryDirectory.appendingPathComponent(sharedFolder).path

    /// The full name of the household's head, from `aiddesk history --json`.
    func headOfHousehold(_ number: String) throws -> String {
        let history = try AidDeskBinary.run(["history", number, "--db", path, "--json"])
        let members = jsonObject(history.stdout)?["members"] as? [[String: Any]] ?? []
        guard let head = (members.first { $0["head"] as? Bool == true } ?? members.first)?["name"] as? String else {
            throw TmuxFailure(message: "no members in household \(number): \(history.stdout) \(history.stderr)")
        }
        return head
    }
}

struct TmuxFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

enum Tmux {
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (folders + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"])
            .map { $0 + "/tmux" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}

/// `aiddesk` in a detached tmux session on a tmux server of its own (its socket in the test's
/// scratch folder, no config file), so that a developer's tmux is never touched. The pane runs a small script that records the tty
/// modes before and after, the desk's process id, and its exit status.
final class TmuxDesk {
    let session = "desk"
    let folder: URL

    /// - Parameters:
    ///   - arguments: after the global options: a subcommand (`arrivals`, `lookup`) and its options.
    ///   - operatorName: `--operator` (with operators, the PIN comes from `AIDDESK_PIN` in `environment`).
    init(database: String, width: Int = 80, height: Int = 24, term: String = "xterm-256color",
         environment: [String: String] = [:], arguments: [String] = [], desk deskName: String = "2",
         operatorName: String = "Тест") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiddesk-tmux-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // swift test sets NO_COLOR for its children: each case says for itself whether it wants colour.
        var desk = ["env", "-u", "LC_ALL", "-u", "LC_CTYPE", "-u", "NO_COLOR", "TERM=\(term)", "LANG=C.UTF-8"]
        desk += environment.map { "\($0.key)=\($0.value)" }
        desk += [AidDeskBinary.url.path, "--db", database, "--desk", deskName, "--operator", operatorName] + arguments
        let script = """
            stty -g > \(file("tty-before"))
            sh -c 'echo $$ > "$0"; exec "$@"' \(file("pid")) \(desk.map(shellQuoted).joined(separator: " "))
            status=$?
            stty -g > \(file("tty-after"))
            echo $status > \(file("exit"))
            """
        try script.write(to: folder.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
                 "sh " + file("run.sh"), ";", "set-option", "-g", "remain-on-exit", "on"])
    }

    func close() {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    private func file(_ name: String, quoted: Bool = true) -> String {
        let path = folder.appendingPathComponent(name).path
        return quoted ? shellQuoted(path) : path
    }

    // MARK: Screen

    func capture(escapes: Bool = false) -> String {
        (try? run(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : []))) ?? ""
    }

    func lines() -> [String] {
        var lines = capture().components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Polls the screen every 50 ms until `predicate` holds; on timeout fails with the screen.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 30, _ predicate: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = lines()
        while !predicate(screen) {
            guard Date() < deadline else {
                throw TmuxFailure(message: "timed out waiting for \(what); the screen:\n" + screen.joined(separator: "\n"))
            }
            Thread.sleep(forTimeInterval: 0.05)
            screen = lines()
        }
        return screen
    }

    // MARK: Input

    /// tmux key names: "Enter", "F10", "C-q", "Down".
    func keys(_ names: String...) { _ = try? run(["send-keys", "-t", session] + names) }

    /// Literal text, any script.
    func type(_ text: String) { _ = try? run(["send-keys", "-t", session, "-l", text]) }

    /// Raw bytes, valid UTF-8 or not.
    func bytes(_ bytes: [UInt8]) {
        _ = try? run(["send-keys", "-t", session, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    func resize(width: Int, height: Int) {
        _ = try? run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    // MARK: The process

    func processID() throws -> pid_t {
        var pid: pid_t?
        try waitFor("the desk's process id") { _ in
            pid = (try? String(contentsOf: folder.appendingPathComponent("pid"), encoding: .utf8))
                .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return pid != nil
        }
        return pid!
    }

    /// The desk's exit status, once it has exited.
    func waitForExit(timeout: Double = 10) throws -> Int32 {
        var status: Int32?
        try waitFor("the desk to exit", timeout: timeout) { _ in
            status = (try? String(contentsOf: folder.appendingPathComponent("exit"), encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return status != nil
        }
        return status!
    }

    /// The tty modes after the desk are the ones before it (`stty -g`): echo, line editing, signals.
    var terminalRestored: Bool {
        let before = try? String(contentsOf: folder.appendingPathComponent("tty-before"), encoding: .utf8)
        let after = try? String(contentsOf: folder.appendingPathComponent("tty-after"), encoding: .utf8)
        return before != nil && before == after
    }

    /// The pane's program (the script) has ended: the shell had its terminal back and finished.
    var paneIsDead: Bool {
        (try? waitFor("the pane to end", timeout: 5) { _ in
            (try? self.run(["list-panes", "-t", self.session, "-F", "#{pane_dead}"]))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }) != nil
    }

    // MARK: tmux

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        var environment = AidDeskBinary.cleanEnvironment
        environment["TMUX"] = nil
        environment["SHELL"] = "/bin/sh"
        environment["LC_CTYPE"] = "C.UTF-8"
        let output = folder.appendingPathComponent("tmux-output-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: output) }
        let status = try Tmux.spawn(["-S", file("tmux.sock", quoted: false), "-f", "/dev/null"] + arguments,
                                    environment: environment,
                                    output: output.path)
        guard status == 0 else {
            throw TmuxFailure(message: "tmux \(arguments.joined(separator: " ")) failed with status \(status)")
        }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }
}

extension Tmux {
    /// Runs tmux to completion, its output into a file.
    ///
    /// Not Foundation's Process: a test runs on a worker thread that blocks SIGCHLD, SIGTERM and
    /// others, a spawned child inherits that mask, and a tmux server started with it never
    /// notices its panes exit nor obeys kill-server. Here the child starts with no signal
    /// blocked and default handlers. Its output goes to a file, not a pipe: the server that the
    /// first command forks must not hold a pipe that the test then reads to end of file.
    static func spawn(_ arguments: [String], environment: [String: String], output: String) throws -> Int32 {
        guard let path else { throw TmuxFailure(message: "tmux is not installed") }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TmuxFailure(message: "cannot run tmux: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Exited normally: the status's second byte; killed by a signal: 128 + the signal.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
