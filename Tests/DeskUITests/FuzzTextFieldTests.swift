import DeskCore
import DeskUI
import Foundation
import Testing

/// Every text field of the desk under random Unicode and random editing keys: combining marks
/// arriving alone, flags in halves, family emoji, control characters, bidirectional overrides,
/// Cyrillic and Latin. Never a crash; after every key the cursor is within the text, the text
/// holds no refused character and no more than the field allows; the screen drawn from it
/// holds no control character either.
///
/// Seeded like the other fuzz targets (`FUZZ_SEED`, `FUZZ_ONLY`); `FUZZ_ITERATIONS=N` runs N
/// inputs per field (`.ci/fuzz` runs a million).
@Suite("Fuzz: the desk's text fields")
struct FuzzTextFieldTests {
    /// Pieces of text a key can bring: whole characters, and the parts a terminal delivers one
    /// key at a time (a combining mark, half a flag, a ZWJ, a variation selector).
    static let pieces: [Character] = [
        "а", "б", "Ґ", "ї", "є", "і", "Я", "ʼ", "'", "’", "a", "Z", "0", "7", " ", "-", ".", "ё", "ы",
        "\u{0301}", "\u{0306}", "\u{0308}", "\u{0323}", "\u{20DD}",
        "🇺", "🇦", "🇺🇦", "👨", "👩", "👧", "\u{200D}", "👨‍👩‍👧‍👦", "👍🏽", "\u{1F3FD}", "\u{FE0F}", "❤️", "1️⃣",
        "\u{1B}", "\u{00}", "\u{07}", "\u{08}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{2069}",
        "\r\n", "\n", "\t", "\u{2028}", "\u{FFFD}", "日", "ع", "\u{10FFFF}", "е\u{0301}",
    ]
    static let editKeys: [Key] = [
        .backspace, .delete, .left, .right, .home, .end, .control("a"), .control("e"), .control("u"), .control("w"),
    ]

    static func randomKey(_ g: inout SplitMix64) -> Key {
        if g.chance(30) { return g.pick(editKeys) }
        if g.chance(10) {
            // A random scalar from anywhere in Unicode, as a paste might bring.
            let value = UInt32(g.below(0x11_0000))
            if let scalar = Unicode.Scalar(value) { return .character(Character(scalar)) }
        }
        return .character(g.pick(pieces))
    }

    static func problems(of field: TextField) -> String? {
        if field.cursor < 0 || field.cursor > field.text.count { return "cursor \(field.cursor) outside 0...\(field.text.count)" }
        if let bad = field.text.unicodeScalars.first(where: TextInput.isRefused) {
            return "refused character \(TextInput.visible(bad)) stored"
        }
        if field.text.count > field.maxLength { return "\(field.text.count) characters for at most \(field.maxLength)" }
        if field.text.unicodeScalars.count > 4 * field.maxLength { return "\(field.text.unicodeScalars.count) scalars" }
        return nil
    }

    @Test func aTextFieldOfAnyLengthKeepsItsCursorAndRefusesControls() {
        let count = TextFieldFuzz.iterations(default: 20_000)
        TextFieldFuzz.run("text field", target: 11, count: count) { g, number in
            var field = TextField(maxLength: g.pick([1, 2, 6, 7, 10, 64, 80, 120, 200]))
            for _ in 0..<g.int(1...60) {
                _ = field.handle(Self.randomKey(&g))
                if let problem = Self.problems(of: field) {
                    Issue.record("input \(number): \(problem) in \(String(reflecting: field.text)). \(TextFieldFuzz.replay(number))")
                    return
                }
            }
            // Home then End reach both ends, whatever the text is made of.
            _ = field.handle(.home)
            let atHome = field.cursor
            _ = field.handle(.end)
            if atHome != 0 || field.cursor != field.text.count {
                Issue.record("input \(number): Home/End went to \(atHome)/\(field.cursor). \(TextFieldFuzz.replay(number))")
            }
        }
    }

    /// One text field of the desk: how to reach it from a fresh desk, and how to read it.
    struct DeskField: Sendable {
        var name: String
        var mode: DeskMode = .desk
        var role: OperatorRole? = nil
        var route: @Sendable (inout DeskDriver) -> Void
        var field: @Sendable (DeskState) -> TextField?
    }

    static func promptField(_ state: DeskState) -> TextField? { state.prompt?.field }

    static let fields: [DeskField] = [
        DeskField(name: "search line", route: { _ in }, field: { $0.prompt == nil && $0.screen == .search ? $0.query : nil }),
        DeskField(name: "proxy's name", route: { desk in
            desk.type("00417")
            desk.press(.enter)
            for _ in 0..<6 where desk.state.prompt?.purpose != .proxyName { desk.press(.function(3)) }
        }, field: { $0.prompt?.purpose == .proxyName ? $0.prompt?.field : nil }),
        DeskField(name: "void reason", route: { desk in
            desk.type("00419")
            desk.press(.enter)
            desk.press(.enter)
            desk.type("00419")
            desk.press(.enter)
            desk.press(.down)
            desk.press(.function(8))
        }, field: { if case .voidReason = $0.prompt?.purpose { $0.prompt?.field } else { nil } }),
        DeskField(name: "stock quantity", route: { desk in
            desk.press(.function(9))
            desk.press(.enter)
        }, field: { if case .stockChange = $0.prompt?.purpose { $0.prompt?.field } else { nil } }),
        DeskField(name: "stock reason", route: { desk in
            desk.press(.function(9))
            desk.press(.enter)
            desk.type("+1")
            desk.press(.enter)
        }, field: { if case .stockReason = $0.prompt?.purpose { $0.prompt?.field } else { nil } }),
        DeskField(name: "closing question", route: { desk in
            desk.press(.function(7))
            desk.press(.function(5))
        }, field: promptField),
        DeskField(name: "distribution name", route: { desk in
            desk.press(.function(7))
            desk.press(.function(2))
        }, field: { $0.form.map { $0.fields[$0.focus] } }),
        DeskField(name: "distribution date", route: { desk in
            desk.press(.function(7))
            desk.press(.function(2))
            desk.press(.tab)
        }, field: { $0.form.map { $0.fields[$0.focus] } }),
        DeskField(name: "distribution place", route: { desk in
            desk.press(.function(7))
            desk.press(.function(2))
            desk.press(.tab)
            desk.press(.tab)
        }, field: { $0.form.map { $0.fields[$0.focus] } }),
        DeskField(name: "distribution kit quantity", route: { desk in
            desk.press(.function(7))
            desk.press(.function(2))
            for _ in 0..<3 { desk.press(.tab) }
        }, field: { $0.form.map { $0.fields[$0.focus] } }),
        DeskField(name: "close-out count", route: { desk in
            desk.press(.function(7))
            desk.press(.function(8))
        }, field: closeOutField),
        DeskField(name: "close-out reason", route: { desk in
            desk.press(.function(7))
            desk.press(.function(8))
            desk.type("9999999")
            desk.press(.tab)
        }, field: closeOutField),
        DeskField(name: "check-in document", mode: .arrivals, route: { desk in
            desk.type("ковальч")
            desk.press(.enter)
            desk.press(.enter)
        }, field: { if case .checkInDocument = $0.prompt?.purpose { $0.prompt?.field } else { nil } }),
        DeskField(name: "check-in other document", mode: .arrivals, route: { desk in
            desk.type("ковальч")
            desk.press(.enter)
            desk.press(.enter)
            desk.press(.character("3"))
        }, field: { if case .checkInOtherDocument = $0.prompt?.purpose { $0.prompt?.field } else { nil } }),
        DeskField(name: "lock PIN", role: .coordinator, route: { desk in
            desk.press(.control("l"))
        }, field: { $0.lock.flatMap { $0.editingName ? nil : $0.pin } }),
        DeskField(name: "lock operator name", role: .coordinator, route: { desk in
            desk.press(.control("l"))
            desk.press(.tab)
        }, field: { $0.lock.flatMap { $0.editingName ? $0.name : nil } }),
    ]

    static func closeOutField(_ state: DeskState) -> TextField? {
        guard let form = state.closeOut else { return nil }
        return form.focus % 2 == 0 ? form.counted[form.focus / 2] : form.reasons[form.focus / 2]
    }

    /// Every text field the state holds, whichever has the cursor.
    static func allFields(_ state: DeskState) -> [TextField] {
        var all = [state.query]
        if let prompt = state.prompt { all.append(prompt.field) }
        if let lock = state.lock { all += [lock.name, lock.pin] }
        if let form = state.form { all += form.fields }
        if let closeOut = state.closeOut { all += closeOut.counted + closeOut.reasons }
        return all
    }

    @Test(arguments: fields.map(\.name))
    func everyDeskFieldTakesRandomUnicodeWithoutCrashing(_ name: String) throws {
        let spec = try #require(Self.fields.first { $0.name == name })
        var start = try DeskDriver(mode: spec.mode, role: spec.role, lockAfter: spec.role == nil ? nil : 300)
        spec.route(&start)
        let reached = try #require(spec.field(start.state), "the route to the \(name) no longer reaches it")
        #expect(reached.isEmpty || name == "distribution date")
        let count = TextFieldFuzz.iterations(default: 300)
        var desk = start
        TextFieldFuzz.run("desk field: \(name)", target: 12 + UInt64(Self.fields.firstIndex { $0.name == name }!), count: count) { g, number in
            // A fresh desk now and then: the fake backend keeps a log of every search.
            if number % 200 == 0 {
                desk = (try? DeskDriver(mode: spec.mode, role: spec.role, lockAfter: spec.role == nil ? nil : 300)) ?? desk
                spec.route(&desk)
            }
            var input = desk
            for k in 0..<g.int(1...40) {
                input.press(Self.randomKey(&g))
                for field in Self.allFields(input.state) {
                    if let problem = Self.problems(of: field) {
                        Issue.record("input \(number), key \(k): \(problem). \(TextFieldFuzz.replay(number))")
                        return
                    }
                }
            }
            let screen = input.screen(width: g.chance(20) ? g.int(10...79) : 80, height: g.chance(20) ? g.int(3...23) : 24)
            if let bad = screen.lines.joined().unicodeScalars.first(where: TextInput.isRefused) {
                Issue.record("input \(number): \(TextInput.visible(bad)) on the screen. \(TextFieldFuzz.replay(number))")
            }
            if let cursor = screen.cursor, cursor.row >= screen.height || cursor.column > screen.width {
                Issue.record("input \(number): the cursor is off the screen at \(cursor). \(TextFieldFuzz.replay(number))")
            }
        }
    }

    @Test func aCombiningMarkOrAFlagInTheSearchLineNeverStopsTheDesk() throws {
        var desk = try DeskDriver()
        desk.type("Кова")
        desk.press(.character("\u{0301}"))  // the stress mark joins the а
        #expect(desk.state.query.text == "Кова\u{0301}" && desk.state.query.cursor == 4)
        desk.press(.character("л"))
        desk.press(.character("🇺"))
        desk.press(.character("🇦"))  // the second half makes one flag
        #expect(desk.state.query.text == "Кова\u{0301}л🇺🇦" && desk.state.query.cursor == 6)
        desk.press(.control("w"))
        #expect(desk.state.query.text.isEmpty && desk.state.query.cursor == 0)
        desk.type("Кова\u{1B}[2J")
        #expect(desk.state.query.text == "Кова[2J")
        desk.press(.left)
        desk.press(.backspace)
        desk.press(.delete)
        #expect(desk.state.query.text == "Кова[" && desk.state.query.cursor == 5)
    }
}

/// The house's seeded fuzzing (see `Tests/DeskCoreTests/FuzzSupport.swift`), for this target.
enum TextFieldFuzz {
    static let environment = ProcessInfo.processInfo.environment

    static func iterations(default count: Int) -> Int {
        if environment["FUZZ_ONLY"] != nil { return 1 }
        return environment["FUZZ_ITERATIONS"].flatMap { Int($0) }.map { max(1, $0) } ?? count
    }

    static var seed: UInt64 { environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xA1D_DE5C }

    static func replay(_ number: Int) -> String { "replay: FUZZ_SEED=\(seed) FUZZ_ONLY=\(number)" }

    static func run(_ name: String, target: UInt64, count: Int, _ body: (inout SplitMix64, Int) -> Void) {
        let first = environment["FUZZ_ONLY"].flatMap { Int($0) } ?? 0
        for number in first..<(first + count) {
            var mixer = SplitMix64(state: seed ^ (target &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(number) &* 0xD1B5_4A32_D192_ED03)
            var generator = SplitMix64(state: mixer.next())
            body(&generator, number)
        }
    }
}

extension SplitMix64 {
    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
}
