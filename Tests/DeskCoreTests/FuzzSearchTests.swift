import DeskCore
import Foundation
import Testing

/// The search query parser and engine under a million made-up queries on a small index:
/// names cut, garbled and mixed with digits, punctuation, other scripts, combining marks,
/// emoji, control characters and very long words, typed one keystroke after another. It must
/// never crash or hang, never return more than asked, always rank best first, and a refined
/// search (reusing the previous keystroke's) must find what a fresh one finds.
///
/// Default count: `FuzzSearchTests.defaultCount`; the full million with `FUZZ_ITERATIONS=1000000`.
@Suite("Fuzz: the search query parser")
struct FuzzSearchTests {
    static let defaultCount = 25_000

    @Test func searchNeverCrashesNorHangs() throws {
        let names = try DemoRegisterTests.loadNames()
        let register = DemoRegister.generate(
            households: 150, names: names, seed: 7, today: CivilDate(year: 2026, month: 3, day: 1)!)
        let index = SearchIndex(households: register.households)
        let households = Set(register.households.map(\.number))
        let people = register.households.flatMap { h in h.members.map { (h, $0) } }
        var words: [String] = []
        for (household, person) in people.prefix(120) {
            words += [person.surname, person.givenName, person.patronymic, household.number]
            if let phone = person.phone { words.append(phone) }
            if let certificate = person.idpCertificate { words.append(certificate) }
        }
        words = words.filter { !$0.isEmpty }

        var found = 0
        var refinedChecks = 0
        let count = Fuzz.iterations(default: Self.defaultCount)
        Fuzz.run("search query", target: 2, count: count) { generator, number in
            let query = QueryFuzz.query(words: words, &generator)
            let limit = generator.chance(5) ? generator.int(-1...0) : generator.int(1...25)
            // Three inputs in ten are typed on: the search for an earlier keystroke is offered for reuse,
            // as the desk does, and must not change the answer.
            var earlier: SearchResults?
            if generator.chance(30), query.count > 1 {
                let cut = query.index(query.startIndex, offsetBy: generator.int(1...(query.count - 1)))
                earlier = index.search(String(query[..<cut]), limit: limit)
                check(earlier, query: String(query[..<cut]), limit: limit, number: number)
            }
            var polls = 0
            let cancelAfter = generator.chance(3) ? generator.int(0...40) : Int.max
            let results = index.search(query, limit: limit, refining: earlier, isCancelled: {
                polls += 1
                return polls > cancelAfter
            })
            guard let results else {
                if cancelAfter == Int.max { Issue.record("input \(number): nil without being cancelled. \(Fuzz.replay(number))") }
                return
            }
            check(results, query: query, limit: limit, number: number)
            found += results.results.isEmpty ? 0 : 1
            if results.refined {
                refinedChecks += 1
                let fresh = index.search(query, limit: limit)?.results ?? []
                if fresh.map(\.record) != results.results.map(\.record) || fresh.map(\.score) != results.results.map(\.score) {
                    Issue.record("""
                        input \(number): refined search differs from a fresh one for \(String(reflecting: query)) \
                        (after \(String(reflecting: earlier?.query ?? ""))). \(Fuzz.replay(number))
                        """)
                }
            }
        }
        func check(_ results: SearchResults?, query: String, limit: Int, number: Int) {
            guard let results else {
                Issue.record("input \(number): nil without being cancelled. \(Fuzz.replay(number))")
                return
            }
            let rows = results.results
            if rows.count > max(0, limit) || results.matchedCount < 0 {
                Issue.record("input \(number): \(rows.count) results for limit \(limit). \(Fuzz.replay(number))")
            }
            for (k, row) in rows.enumerated() {
                if !row.score.isFinite || row.score < 0 || row.score > 1.000_001 || !households.contains(row.household)
                    || row.record < 0 || row.record >= people.count || (k > 0 && rows[k - 1].score < row.score)
                {
                    Issue.record("input \(number): bad result \(row) for \(String(reflecting: query)). \(Fuzz.replay(number))")
                    return
                }
            }
        }
        print("fuzz search: \(found) queries found someone, \(refinedChecks) refinements compared")
        if count >= 1000 { #expect(found > count / 20) }
    }
}

/// Makes queries as volunteers type them, and as nobody would.
enum QueryFuzz {
    static let alphabets: [[Character]] = [
        Array("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"),
        Array("ёыэъЁЫЭЪ"),
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        Array("0123456789"),
        Array(" \t\n\r\u{A0}\u{2009}\u{3000}"),
        Array("[];',./`{}:\"<>~\\|!@#$%^&*()-_=+?№"),
        Array("'ʼ’`´‘"),
        ["\u{301}", "\u{308}", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{0}", "\u{7F}", "\u{202E}", "\u{FFFD}"],
        ["🇺🇦", "👨‍👩‍👧", "😀", "𝕏", "中", "ش", "ß", "İ", "ﬁ", "Ⅻ", "½", "٣", "①", "Å"],
    ]

    static func query(words: [String], _ g: inout SplitMix64) -> String {
        switch g.below(10) {
        case 0..<4:
            // Real words of the register, cut, garbled and combined.
            var parts: [String] = []
            for _ in 0..<g.int(1...4) {
                var word = Array(g.pick(words))
                if g.chance(50) { word = Array(word.prefix(g.int(1...max(1, word.count)))) }
                if g.chance(30), !word.isEmpty { word[g.below(word.count)] = randomCharacter(&g) }
                if g.chance(15), !word.isEmpty { word.remove(at: g.below(word.count)) }
                if g.chance(10) { word.insert(randomCharacter(&g), at: g.below(word.count + 1)) }
                if g.chance(10) { word = Array(String(word).uppercased()) }
                parts.append(String(word))
            }
            return parts.joined(separator: g.pick([" ", "  ", ",", ".", " ", "\t"])) + (g.chance(30) ? " " : "")
        case 4..<7:
            // Characters from a few alphabets at once.
            let length = g.chance(5) ? g.int(50...400) : g.int(0...24)
            var text = ""
            let chosen = (0..<g.int(1...3)).map { _ in g.pick(alphabets) }
            for _ in 0..<length { text.append(g.pick(g.pick(chosen))) }
            return text
        case 7:
            // Phones, certificates and household numbers, whole or in pieces.
            let digits = (0..<g.int(1...14)).map { _ in String(g.below(10)) }.joined()
            return g.pick(["", "+", "+38", "0", "№", "00"]) + digits + g.pick(["", " ", " 45 67", "-", "/1"])
        case 8:
            // Many words.
            return (0..<g.int(5...30)).map { _ in g.chance(70) ? g.pick(words) : String(randomCharacter(&g)) }
                .joined(separator: " ")
        default:
            // A long word, or one repeated letter.
            let ch = g.chance(50) ? randomCharacter(&g) : "о"
            return String(repeating: String(ch), count: g.int(1...300))
        }
    }

    static func randomCharacter(_ g: inout SplitMix64) -> Character {
        if g.chance(3) {
            // Any scalar outside the surrogates.
            let value = UInt32(g.below(0x11_0000))
            if let scalar = Unicode.Scalar(value) { return Character(scalar) }
        }
        return g.pick(g.pick(alphabets))
    }
}
