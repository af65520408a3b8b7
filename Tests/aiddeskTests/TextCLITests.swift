import DeskCore
import DeskStore
import Foundation
import GRDB
import Testing

/// Text from outside is data: hostile arguments are refused, whatever is stored is shown
/// escaped, CSV cells never become formulas, and no line or name makes `find` hang.
@Suite("aiddesk: hostile text", .serialized)
struct TextCLITests {
    static let escape = "\u{1B}[2J\u{1B}]0;pwned\u{07}"

    /// Raw control characters (other than the line feeds of the output) or direction overrides.
    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { TextInput.isRefused($0) && $0 != "\n" }.map { TextInput.visible($0) }
    }

    @Test func argumentsWithControlCharactersOrOverridesAreRefusedBeforeAnythingIsWritten() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        let cases: [[String]] = [
            ["distribution", "open", "Зима" + Self.escape, "--kit", "hygiene=3"],
            ["distribution", "open", "Зима", "--kit", "hygiene=3", "--place", "Бар\u{202E}"],
            ["distribution", "open", "Зима", "--kit", "hygiene=3", "--desk", "1\u{9B}"],
            ["distribution", "open", "Зима", "--kit", "hygiene=3", "--operator=Марія\u{7F}"],
            ["checkin", "00001", "--proxy", "Сусідка\u{1}Тетяна"],
            ["issue", "00001", "hygiene", "--collected-by", "Сусідка\u{2066}"],
            ["void", "1", "--reason", "помилка\u{1B}[31m"],
            ["find", "Тест\u{1B}"],
            ["stock", "adjust", "hygiene", "5", "--reason", "x\u{85}"],
        ]
        for arguments in cases {
            let run = try hub.aiddesk(arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("керівний символ"), "\(arguments): \(run.stderr)")
            #expect(Self.rawControls(run.stderr + run.stdout).isEmpty, "\(arguments)")
        }
        let english = try hub.aiddesk(["--lang", "en", "find", "a\u{202E}b"])
        #expect(english.status == 64 && english.stderr.contains("control character \\u{202E}"), "\(english.stderr)")
        let environment = try hub.aiddesk(["status"], environment: ["AIDDESK_HUB_CITY": "Бар\u{1B}"])
        #expect(environment.status == 64 && environment.stderr.contains("$AIDDESK_HUB_CITY"))
        // Nothing was opened, issued or checked in.
        #expect(try hub.aiddesk(["distribution", "list", "--json"]).stdout == "[]\n")
    }

    @Test func overlongTextIsRefusedWithTheLimit() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        let long = String(repeating: "ф", count: 201)
        for arguments in [
            ["distribution", "open", long, "--kit", "hygiene=3"],
            ["distribution", "open", "Зима", "--kit", "hygiene=3", "--place", long],
            ["find", long],
            ["void", "1", "--reason", String(repeating: "ф", count: 501)],
        ] {
            let run = try hub.aiddesk(arguments)
            #expect(run.status == 64, "\(arguments.prefix(3)): \(run.stderr)")
            #expect(run.stderr.contains("щонайбільше"), "\(run.stderr)")
            #expect(run.stderr.count < 400, "the refusal quotes the value in full")
        }
        #expect(try hub.aiddesk(["find", String(repeating: "ф", count: 200)]).status == 0)
    }

    @Test func whateverIsStoredIsPrintedEscaped() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        // An old database, or one edited by hand: the engine is given the hostile text itself.
        let db = try hub.openDatabase()
        let hostile = DeskContext(operatorName: "Оля" + Self.escape, desk: "2\u{9B}1m")
        let id = try db.openDistribution(
            name: "Зима" + Self.escape, date: CivilDate(year: 2026, month: 11, day: 25)!, place: "Бар\u{202E}нвз",
            stock: [("hygiene", 10), ("bedding", 10)], context: hostile)
        _ = try db.issue(household: "00001", kits: ["hygiene"], distribution: id, collectedBy: "Сусідка\u{1B}[8m",
                         context: hostile)
        _ = try db.checkIn(household: "00002", distribution: id, proxy: "Сусід\u{7}", context: hostile)
        try DatabaseQueue(path: hub.databasePath).write { db in
            try db.execute(sql: "UPDATE person SET surname = 'Тест' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) || 'енко'")
            try db.execute(sql: "UPDATE household SET settlement = 'Бар' || char(155) || '31m'")
        }
        let commands: [[String]] = [
            ["history", "00001"], ["find", "Тест"], ["status"], ["distribution", "list"], ["report"], ["audit"],
            ["queue"], ["absent"], ["issue", "00001", "hygiene"], ["issue", "00001", "bedding"],
            ["history", "00001", "--json"], ["status", "--json"], ["report", "--format", "json"], ["find", "Тест", "--json"],
        ]
        for arguments in commands {
            let run = try hub.aiddesk(arguments)
            let output = run.stdout + run.stderr
            #expect(Self.rawControls(output).isEmpty, "\(arguments): \(Self.rawControls(output))")
            #expect(!output.isEmpty, "\(arguments)")
        }
        let history = try hub.aiddesk(["history", "00001"]).stdout
        #expect(history.contains("Тест\\u{1B}[2J\\u{1B}]0;pwned\\u{07}енко"), "\(history)")
        let json = try #require(jsonObject(try hub.aiddesk(["history", "00001", "--json"]).stdout))
        let members = try #require(json["members"] as? [[String: Any]])
        #expect((members.first?["name"] as? String)?.hasPrefix("Тест" + Self.escape + "енко") == true)

        let out = hub.folder.appendingPathComponent("zvit.txt")
        #expect(try hub.aiddesk(["report", "--out", out.path]).status == 0)
        #expect(Self.rawControls(try String(contentsOf: out, encoding: .utf8)).isEmpty)
    }

    @Test func theRegistryExportNeutralisesFormulasAndImportsBackUnchanged() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let csv = hub.folder.appendingPathComponent("r.csv")
        try Data("""
            household;surname;given_name;patronymic;phone;idp_certificate;settlement
            00417;"=HYPERLINK(""http://x"";""y"")";+cmd| /C calc!A0;@SUM(1);050 123 45 67;-2+3;=Бар

            """.utf8).write(to: csv)
        #expect(try hub.aiddesk(["import", csv.path]).status == 0)
        for excel in [false, true] {
            let first = hub.folder.appendingPathComponent("export-\(excel).csv")
            #expect(try hub.aiddesk(["export", "registry", "--with-contacts", "--out", first.path] + (excel ? ["--excel"] : [])).status == 0)
            let data = try Data(contentsOf: first)
            let text = excel ? Windows1251.decode(data) : String(decoding: data, as: UTF8.self)
            #expect(text.contains("'=HYPERLINK") && text.contains("'+cmd|") && text.contains("'@SUM(1)") && text.contains("'-2+3"))
            #expect(text.contains("+380501234567") && !text.contains("'+380"))
            // Into an empty hub and out again: the same bytes.
            let other = try ScratchHub()
            defer { other.remove() }
            #expect(try other.aiddesk(["import", first.path]).status == 0)
            let again = other.folder.appendingPathComponent("again.csv")
            #expect(try other.aiddesk(["export", "registry", "--with-contacts", "--out", again.path] + (excel ? ["--excel"] : [])).status == 0)
            #expect(try Data(contentsOf: again) == data)
            #expect(try other.aiddesk(["find", "00417", "--json"]).stdout.contains("=HYPERLINK"))
        }
    }

    @Test func aHugeLineOnStandardInputIsAnsweredWithAnErrorAndTheNextLineStillFound() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 3)
        var input = Data("тестенко\n".utf8)
        input += Data(repeating: UInt8(ascii: "x"), count: 6_000_000)
        input += Data("\nтест\u{1B}енко\n00002\r\n".utf8)
        let run = try AidDeskBinary.run(["--db", hub.databasePath, "find", "--limit", "2"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { jsonObject(String($0)) }
        #expect(lines.count == 4)
        #expect((lines[0]?["results"] as? [Any])?.count == 2)
        #expect(lines[1]?["error"] as? String != nil && (lines[1]?["query"] as? String ?? "").count < 100)
        #expect(lines[2]?["error"] as? String != nil)
        #expect(((lines[3]?["results"] as? [[String: Any]])?.first?["household"] as? String) == "00002")
    }

    /// The command line's check under random arguments: every run ends with 0 (accepted) or 64
    /// (refused, said in words), and nothing raw reaches the terminal either way.
    @Test func randomArgumentsAreAcceptedOrRefusedNeverEchoedRaw() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 2)
        let pieces = ["Тест", "енко", " ", "\u{1B}", "\u{0}", "\u{7}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202E}",
                      "\u{2067}", "\u{0301}", "🇺🇦", "👨‍👩‍👧", "'", "=", "\t", "\r", "\n", "ф"]
        let count = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap { Int($0) }.map { min($0, 2_000) } ?? 30
        var generator = SplitMix64(state: 0xA1D_DE5C)
        for number in 0..<count {
            var argument = ""
            for _ in 0..<(1 + Int(generator.next() % 12)) {
                argument += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            if generator.next() % 8 == 0 { argument += String(repeating: "ф", count: 190 + Int(generator.next() % 20)) }
            let run = try hub.aiddesk(["find", argument])
            // A NUL cannot reach a program's arguments: the system ends the argument there.
            argument = String(argument.prefix { $0 != "\u{0}" })
            let expected: Int32 = TextInput.problem(in: argument, limit: TextInput.Limit.query) == nil ? 0 : 64
            #expect(run.status == expected, "input \(number): \(TextInput.escapedForTerminal(argument)) → \(run.status)")
            #expect(Self.rawControls(run.stdout + run.stderr).isEmpty, "input \(number)")
        }
    }
}
