import DeskCore
import Foundation
import Testing

/// The CSV reader under a million made-up files: CSV-shaped text with hostile cells, real
/// registers with bytes mutated, and plain noise. It must never crash or hang, must say why
/// whenever it refuses, and must read back any register the writer wrote.
///
/// Default count: `FuzzRegisterTests.defaultCount`; the full million with `FUZZ_ITERATIONS=1000000`
/// (see docs/testing.md, "Fault tests").
@Suite("Fuzz: the register CSV reader")
struct FuzzRegisterTests {
    static let defaultCount = 100_000
    static let today = CivilDate(year: 2026, month: 3, day: 1)!

    @Test func csvReaderNeverCrashesNorHangs() throws {
        let names = try DemoRegisterTests.loadNames()
        // A pool of genuine registers to mutate, in both flavours the writer makes.
        var seeds: [Data] = []
        var registers: [Register] = []
        for seed in 1...24 {
            let register = DemoRegister.generate(
                households: 1 + seed % 5, names: names, seed: UInt64(seed), today: Self.today)
            registers.append(register)
            for flavour in [RegisterWriter.Flavour.utf8, .excel1251] {
                if let data = RegisterWriter.csv(register, flavour: flavour, withContacts: seed % 2 == 0) {
                    seeds.append(data)
                }
            }
        }
        var outcomes = (read: 0, refused: 0)
        let count = Fuzz.iterations(default: Self.defaultCount)
        Fuzz.run("register CSV", target: 1, count: count) { generator, number in
            let data: Data
            var expected: Register?
            switch number % 16 {
            case 0..<6: data = CSVFuzz.structured(&generator)
            case 6..<12: data = CSVFuzz.mutated(generator.pick(seeds), &generator)
            case 12..<14: data = CSVFuzz.noise(&generator)
            case 14:
                // Round trip: a register the writer wrote reads back as it was.
                let register = CSVFuzz.register(from: generator.pick(registers), &generator)
                let flavour: RegisterWriter.Flavour = generator.chance(50) ? .utf8 : .excel1251
                guard let written = RegisterWriter.csv(register, flavour: flavour, withContacts: true) else { return }
                data = written
                expected = register
            default: data = CSVFuzz.spliced(generator.pick(seeds), generator.pick(seeds), &generator)
            }
            switch RegisterParser.parse(data, today: Self.today) {
            case .success(let parsed):
                outcomes.read += 1
                guard parsed.rowCount == parsed.register.peopleCount,
                    parsed.register.households.allSatisfy({ !$0.members.isEmpty })
                else {
                    Issue.record("input \(number): \(parsed.rowCount) rows for \(parsed.register.peopleCount) people. \(Fuzz.replay(number))")
                    return
                }
                if let expected, parsed.register != expected {
                    Issue.record("""
                        input \(number): the register did not read back as written: \
                        \(CSVFuzz.difference(expected, parsed.register)). \(Fuzz.replay(number))
                        """)
                }
            case .failure(let failure):
                outcomes.refused += 1
                if failure.problems.isEmpty {
                    Issue.record("input \(number): refused without saying why. \(Fuzz.replay(number))")
                }
                if expected != nil {
                    Issue.record("input \(number): a register the writer wrote was refused: \(failure). \(Fuzz.replay(number))")
                }
            }
        }
        print("fuzz register CSV: \(outcomes.read) read, \(outcomes.refused) refused")
        if count >= 1000 {
            // The generators must reach both outcomes, or half the reader goes untested.
            #expect(outcomes.read > count / 20)
            #expect(outcomes.refused > count / 20)
        }
    }
}

/// Makes CSV-shaped inputs.
enum CSVFuzz {
    static let headers: [String] = RegisterColumn.allCases.flatMap { [$0.ukrainianHeader, $0.englishHeader] } + [
        "№ сім'ї", "№ СІМЇ", "номер родини", "household_no", "ПРІЗВИЩЕ", " Ім'я ", "first_name", "dob", "gender",
        "Телефон ", "довідка ВПО", "head_of_household", "Примітка", "", "  ", "\"", "x", "№", "Ім`я", "Имя",
    ]

    static let cells: [String] = [
        "", " ", "00417", "417", "0", "-1", "99999999999999999999", "00417 ", "Коваленко", "Олена", "Петрівна",
        "Марʼяна", "Мар'яна", "О'Брайен", "Kovalenko", "ІВАНЕНКО", "іваненко-петренко", "01.03.1957", "1957-03-01",
        "31.02.2020", "29.02.2024", "29.02.2023", "00.00.0000", "1.3.1957", "01/03/1957", "2099-01-01", "1800-01-01",
        "9999-99-99", "12.13.1990", "ж", "ч", "Ж.", "чол", "жін", "m", "F", "female", "?", "так", "ні", "1", "+", "x",
        "✓", "050 123 45 67", "+380501234567", "0501234567", "+38 (050) 123-45-67", "380", "+", "00000",
        "0000-1111111111", "0512-5001234567", "АБ123456", "Вінниця", "Бар", "м. Жмеринка", "\"Вінниця\"",
        "\"a,b;c\tz\"", "\"line\nbreak\"", "\"quote \"\" inside\"", "\"unclosed", "trailing\"", "\"\"", "\"\"\"",
        "=1+1", "@SUM(A1)", "\u{0}", "\u{FEFF}", "\u{200B}", "е\u{301}", "🇺🇦", "𝕏", "\u{7F}", "\\", "\r", "\u{2028}",
        String(repeating: "я", count: 300), String(repeating: "1", count: 40), String(repeating: "\"", count: 7),
    ]

    static let delimiters: [String] = [",", ";", "\t", ",", ";", "|", " "]
    static let lineEnds: [String] = ["\n", "\r\n", "\r", "\n\n", "\r\r\n"]

    /// A header row and a few rows of cells, some good, some hostile, some quoted oddly.
    static func structured(_ g: inout SplitMix64) -> Data {
        let delimiter = g.chance(85) ? g.pick([",", ";", "\t"]) : g.pick(delimiters)
        let lineEnd = g.pick(lineEnds)
        var columns = RegisterColumn.allCases.map(\.ukrainianHeader)
        if g.chance(30) { columns = RegisterColumn.allCases.map(\.englishHeader) }
        columns.shuffle(using: &g)
        columns = Array(columns.prefix(g.int(0...columns.count)))
        for _ in 0..<g.int(0...3) { columns.insert(g.pick(headers), at: g.below(columns.count + 1)) }
        var text = g.chance(30) ? "\u{FEFF}" : ""
        text += columns.joined(separator: delimiter) + lineEnd
        for _ in 0..<g.int(0...8) {
            let width = g.chance(80) ? columns.count : g.int(0...(columns.count + 3))
            var row: [String] = []
            for k in 0..<width {
                if g.chance(60) && k < columns.count {
                    row.append(plausible(columns[k], &g))
                } else {
                    row.append(g.pick(cells))
                }
            }
            text += row.joined(separator: delimiter) + (g.chance(95) ? lineEnd : "")
        }
        if g.chance(25), Windows1251.canEncode(text), let encoded = Windows1251.encode(text) {
            return encoded
        }
        return Data(text.utf8)
    }

    /// A cell a volunteer could have typed under this header.
    static func plausible(_ header: String, _ g: inout SplitMix64) -> String {
        switch header {
        case RegisterColumn.household.ukrainianHeader, "household": return String(g.int(1...40))
        case RegisterColumn.birthDate.ukrainianHeader, "birth_date":
            return String(format: g.chance(50) ? "%02d.%02d.%04d" : "%3$04d-%2$02d-%1$02d",
                          g.int(0...32), g.int(0...13), g.int(1890...2030))
        case RegisterColumn.sex.ukrainianHeader, "sex": return g.pick(["ж", "ч", "m", "f", "жін", "чол", ""])
        case RegisterColumn.head.ukrainianHeader, "head": return g.pick(["так", "", "ні", "1", "x"])
        case RegisterColumn.disability.ukrainianHeader, "disability":
            return g.pick(["так", "", "ні", "+", "є", "ІІ група", "III гр.", "1 група", "2", "можливо"])
        case RegisterColumn.phone.ukrainianHeader, "phone":
            return g.pick(["050", "+38050", "067", "+38"]) + String(g.int(0...9_999_999))
        default: return g.pick(["Коваленко", "Олена", "Петрівна", "Бар", "Ткачук", "Сергій", "Марʼяна", "Вінниця"])
        }
    }

    /// A genuine file with bytes flipped, inserted, deleted, repeated or cut.
    static func mutated(_ seed: Data, _ g: inout SplitMix64) -> Data {
        var bytes = [UInt8](seed)
        let interesting: [[UInt8]] = [
            [0x22], [0x2C], [0x3B], [0x09], [0x0A], [0x0D], [0x0D, 0x0A], [0x00], [0xFF], [0xFE], [0xC0], [0xC3, 0x28],
            [0xE2, 0x82], [0xF0, 0x9F, 0x87], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0x98], [0x22, 0x22],
            [0xCA, 0xBC], [0x27], [0x2D], [0x2E],
        ]
        for _ in 0..<g.int(1...8) {
            switch g.below(7) {
            case 0 where !bytes.isEmpty:
                bytes[g.below(bytes.count)] ^= UInt8(1 << g.below(8))
            case 1:
                bytes.insert(contentsOf: g.pick(interesting), at: g.below(bytes.count + 1))
            case 2 where !bytes.isEmpty:
                let start = g.below(bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + g.int(1...32)))
            case 3 where !bytes.isEmpty:
                let start = g.below(bytes.count)
                let piece = bytes[start..<min(bytes.count, start + g.int(1...64))]
                bytes.insert(contentsOf: piece, at: g.below(bytes.count + 1))
            case 4 where !bytes.isEmpty:
                bytes.removeLast(g.below(bytes.count))
            case 5 where !bytes.isEmpty:
                bytes[g.below(bytes.count)] = UInt8(truncatingIfNeeded: g.next())
            default:
                bytes.insert(UInt8(truncatingIfNeeded: g.next()), at: g.below(bytes.count + 1))
            }
        }
        return Data(bytes)
    }

    /// The start of one file and the end of another (a header from one, rows in another encoding).
    static func spliced(_ a: Data, _ b: Data, _ g: inout SplitMix64) -> Data {
        let head = a.prefix(g.below(a.count + 1))
        let tail = b.suffix(g.below(b.count + 1))
        return head + tail
    }

    /// Bytes with no structure at all, sometimes biased towards CSV punctuation.
    static func noise(_ g: inout SplitMix64) -> Data {
        let length = g.chance(10) ? 0 : g.int(1...400)
        let biased = g.chance(50)
        let alphabet: [UInt8] = Array("\",;\t\r\n0123456789.-+ ".utf8) + [0xD0, 0xD1, 0xB0, 0x86, 0xFF, 0xEF, 0xBB, 0xBF]
        return Data((0..<length).map { _ in biased && g.chance(70) ? g.pick(alphabet) : UInt8(truncatingIfNeeded: g.next()) })
    }

    /// The first household or person that differs, for the failure message.
    static func difference(_ a: Register, _ b: Register) -> String {
        guard a.households.count == b.households.count else {
            return "\(a.households.count) households written, \(b.households.count) read"
        }
        for (x, y) in zip(a.households, b.households) where x != y {
            if x.number != y.number || x.settlement != y.settlement || x.members.count != y.members.count {
                return "written \(x.number) \(String(reflecting: x.settlement)) ×\(x.members.count), "
                    + "read \(y.number) \(String(reflecting: y.settlement)) ×\(y.members.count)"
            }
            for (p, q) in zip(x.members, y.members) where p != q {
                return "written \(p), read \(q)"
            }
        }
        return "?"
    }

    /// A register derived from a genuine one with awkward but valid values: quotes,
    /// delimiters and line breaks inside names, missing fields, households out of order.
    static func register(from base: Register, _ g: inout SplitMix64) -> Register {
        var register = base
        let awkward = ["ОʼНіл", "Ковальська-Шевченко", "Мар\"яна", "a,b", "c;d", "Бар, Вінницька обл.", "Петро Іванович"]
        for h in register.households.indices {
            if g.chance(30) { register.households[h].settlement = g.pick(awkward) }
            for m in register.households[h].members.indices {
                if g.chance(20) { register.households[h].members[m].patronymic = "" }
                if g.chance(15) { register.households[h].members[m].surname = g.pick(awkward) }
                if g.chance(15) { register.households[h].members[m].phone = nil }
                if g.chance(15) { register.households[h].members[m].sex = nil }
                if g.chance(10) { register.households[h].members[m].birthDate = nil }
                if g.chance(10) {
                    register.households[h].members[m].hasDisability = register.households[h].members[m].hasDisability != true
                }
            }
        }
        register.households.shuffle(using: &g)
        return register
    }
}
