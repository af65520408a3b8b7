import Foundation
import Testing

@testable import DeskCore

/// The kinds of query the issue asks the engine to understand, each generated from a
/// target person of the test's own register.
enum RecallKind: String, CaseIterable, Sendable {
    case exact, prefix, initials
    case kmu2010 = "translit-kmu2010"
    case passport = "translit-passport"
    case russianLatin = "translit-russian"
    case scholarly = "translit-scholarly"
    case phone, certificate, household
    case typo1 = "typo-1"
    case typo2 = "typo-2"
    case russianForm = "russian-form"
    case layout = "keyboard-layout"

    /// The share of queries that must find the right household in the top 5.
    var required: Double {
        switch self {
        case .typo1, .typo2, .russianForm, .layout: return 0.97
        default: return 0.99
        }
    }
}

struct RecallQuery {
    let kind: RecallKind
    let text: String
    let household: String
}

struct RecallFigures {
    var total = 0
    var strict = 0
    var tieAware = 0
    var misses: [String] = []
}

enum RecallSet {
    static func queries(
        for register: RecallRegister, perKind: Int, seed: UInt64
    ) -> [RecallQuery] {
        var rng = RecallRNG(seed: seed)
        var queries: [RecallQuery] = []
        let people = register.people
        for kind in RecallKind.allCases {
            var made = 0
            var attempts = 0
            while made < perKind && attempts < perKind * 50 {
                attempts += 1
                let p = people[rng.int(people.count)]
                guard let text = query(kind, for: p, &rng) else { continue }
                queries.append(RecallQuery(kind: kind, text: text, household: p.household))
                made += 1
            }
        }
        return queries
    }

    static func prefix(_ word: String, _ rng: inout RecallRNG) -> String {
        let chars = Array(word)
        guard chars.count > 3 else { return word }
        let low = max(3, (chars.count * 6 + 9) / 10)
        let keep = low + rng.int(max(1, chars.count - low))
        return String(chars.prefix(keep))
    }

    static func query(_ kind: RecallKind, for p: RecallPerson, _ rng: inout RecallRNG) -> String? {
        let s = p.surname, g = p.given, pt = p.patronymic
        func initial(_ w: String) -> String { String(w.first!) }
        switch kind {
        case .exact:
            switch rng.int(4) {
            case 0: return "\(s) \(g) \(pt)"
            case 1: return "\(s) \(g) \(pt)".lowercased()
            case 2: return "\(g) \(pt) \(s)"
            default: return "\(s) \(g) \(pt)".uppercased()
            }
        case .prefix:
            return "\(prefix(s, &rng)) \(prefix(g, &rng)) \(prefix(pt, &rng))"
        case .initials:
            switch rng.int(4) {
            case 0: return "\(s) \(initial(g)). \(initial(pt))."
            case 1: return "\(s) \(initial(g)).\(initial(pt))."
            case 2: return "\(s) \(initial(g)) \(initial(pt))"
            default: return "\(initial(g)). \(initial(pt)). \(s)"
            }
        case .kmu2010:
            return RecallLatin.kmu("\(s) \(g) \(pt)")
        case .passport:
            return RecallLatin.passport("\(g) \(s)") + " " + RecallLatin.passport(pt)
        case .russianLatin:
            let russianGiven = p.male ? RecallNames.male[p.givenIndex].russian : RecallNames.female[p.givenIndex].russian
            let father = RecallNames.male[p.fatherIndex ?? 0]
            let russianPatronymic = p.male ? father.russianPatronymicMale : father.russianPatronymicFemale
            return RecallLatin.russian("\(RecallLatin.russianSurname(s)) \(russianGiven) \(russianPatronymic)")
        case .scholarly:
            return RecallLatin.scholarly("\(s) \(g) \(pt)")
        case .phone:
            guard let phone = p.phone else { return nil }
            let national = String(phone.dropFirst(4))  // 9 digits
            let digits = Array(national)
            let op = String(digits[0..<2]), a = String(digits[2..<5]), b = String(digits[5..<7]), c = String(digits[7..<9])
            switch rng.int(7) {
            case 0: return phone
            case 1: return "0\(op) \(a) \(b) \(c)"
            case 2: return "(0\(op)) \(a)-\(b)-\(c)"
            case 3: return "0\(op)\(a)\(b)\(c)"
            case 4: return "+38 0\(op) \(a)\(b)\(c)"
            case 5: return String(national.suffix(7))
            default: return "\(a)-\(b)-\(c)"
            }
        case .certificate:
            return rng.chance(0.5) ? p.certificate : p.certificate.replacingOccurrences(of: "-", with: "")
        case .household:
            return rng.chance(0.5) ? p.household : String(Int(p.household)!)
        case .typo1:
            let candidates = [0, 1].filter { [s, g][$0].count >= 4 }
            guard let which = candidates.isEmpty ? nil : rng.pick(candidates) else { return nil }
            var words = [s, g, pt]
            words[which] = RecallTypos.apply(words[which], count: 1, &rng)
            return words.joined(separator: " ")
        case .typo2:
            let candidates = [0, 1, 2].filter { [s, g, pt][$0].count >= 7 }
            guard !candidates.isEmpty else { return nil }
            var words = [s, g, pt]
            let which = rng.pick(candidates)
            words[which] = RecallTypos.apply(words[which], count: 2, &rng)
            return words.joined(separator: " ")
        case .russianForm:
            let russianGiven = p.male ? RecallNames.male[p.givenIndex].russian : RecallNames.female[p.givenIndex].russian
            let father = RecallNames.male[p.fatherIndex ?? 0]
            let russianPatronymic = p.male ? father.russianPatronymicMale : father.russianPatronymicFemale
            guard russianGiven != g || russianPatronymic != pt else { return nil }
            return "\(s) \(russianGiven) \(russianPatronymic)"
        case .layout:
            if rng.chance(0.75) {
                return String("\(s) \(g) \(pt)".map { RecallKeyboard.toLatin[$0] ?? $0 })
            }
            return String(RecallLatin.kmu("\(s) \(g) \(pt)").map { RecallKeyboard.toUkrainian[$0] ?? $0 })
        }
    }

    /// Runs every query; a query counts when the right household is among the first five
    /// results (`strict`), or when fewer than five other results score strictly better than
    /// it (`tieAware`: people whose names match the query equally cannot be told apart).
    static func measure(_ index: SearchIndex, _ queries: [RecallQuery]) -> [RecallKind: RecallFigures] {
        var figures: [RecallKind: RecallFigures] = [:]
        for q in queries {
            var f = figures[q.kind] ?? RecallFigures()
            f.total += 1
            let results = index.search(q.text, limit: 100)?.results ?? []
            if let k = results.firstIndex(where: { $0.household == q.household }) {
                if k < 5 { f.strict += 1 }
                let better = results[..<k].filter { $0.score > results[k].score }.count
                if better < 5 { f.tieAware += 1 }
                if k >= 5 && f.misses.count < 12 { f.misses.append("\(q.text) → #\(k), \(better) better") }
            } else if f.misses.count < 12 {
                f.misses.append("\(q.text) → \(results.first.map { "\($0.name) \($0.score)" } ?? "nothing")")
            }
            figures[q.kind] = f
        }
        return figures
    }

    static func report(_ figures: [RecallKind: RecallFigures], people: Int) -> String {
        var lines = ["recall@5 on \(people) generated people (strict / ties counted for the target):"]
        for kind in RecallKind.allCases {
            guard let f = figures[kind], f.total > 0 else { continue }
            let strict = Double(f.strict) / Double(f.total) * 100
            let tie = Double(f.tieAware) / Double(f.total) * 100
            let name = kind.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
            lines.append(
                "  \(name) \(f.total) queries  \(String(format: "%5.1f", strict))%  \(String(format: "%5.1f", tie))%")
        }
        return lines.joined(separator: "\n")
    }
}

@Suite("Search: recall on a generated register")
struct SearchRecallTests {
    @Test("the right household is in the top 5 for each kind of query")
    func recall() throws {
        // SEARCH_RECALL_PEOPLE and SEARCH_RECALL_PER_KIND make a bigger run for docs/search.md.
        let environment = ProcessInfo.processInfo.environment
        let peopleCount = environment["SEARCH_RECALL_PEOPLE"].flatMap { Int($0) } ?? 20_000
        let perKind = environment["SEARCH_RECALL_PER_KIND"].flatMap { Int($0) } ?? 150
        let register = RecallRegister.generate(peopleCount: peopleCount, seed: 2026)
        let index = SearchIndex(households: register.households)
        let queries = RecallSet.queries(for: register, perKind: perKind, seed: 55)
        let figures = RecallSet.measure(index, queries)
        print(RecallSet.report(figures, people: register.people.count))
        if environment["SEARCH_RECALL_VERBOSE"] != nil {
            for kind in RecallKind.allCases { print(kind.rawValue, figures[kind]?.misses ?? []) }
        }
        for kind in RecallKind.allCases {
            let f = try #require(figures[kind])
            let share = Double(f.tieAware) / Double(f.total)
            #expect(share >= kind.required, "\(kind.rawValue): \(f.tieAware)/\(f.total); \(f.misses)")
        }
    }

    @Test("the generated register has colliding names")
    func collisions() {
        let register = RecallRegister.generate(peopleCount: 20_000, seed: 2026)
        var byName: [String: Set<String>] = [:]
        for p in register.people { byName["\(p.surname) \(p.given)", default: []].insert(p.household) }
        let shared = byName.values.filter { $0.count > 1 }.count
        #expect(shared > 500)
    }
}
