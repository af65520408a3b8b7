import Testing

@testable import DeskCore

/// A small hand-made register in which every example of the issue has one right answer.
private let households: [Household] = [
    Household(
        number: "00417", settlement: "Бахмут",
        members: [
            Person(
                surname: "Коваленко", givenName: "Олена", patronymic: "Петрівна", sex: .female,
                phone: "+380501234567", idpCertificate: "0312-5001234567", isHead: true),
            Person(surname: "Коваленко", givenName: "Сергій", patronymic: "Олександрович", sex: .male),
        ]),
    Household(
        number: "00418", settlement: "Бахмут",
        members: [
            Person(
                surname: "Ковальчук", givenName: "Ольга", patronymic: "Сергіївна", sex: .female,
                phone: "+380671112233", isHead: true)
        ]),
    Household(
        number: "00012", settlement: "Краматорськ",
        members: [
            Person(surname: "Згурський", givenName: "Євген", patronymic: "Миколайович", sex: .male, isHead: true),
            Person(surname: "Згурська", givenName: "Наталія", patronymic: "Андріївна", sex: .female),
        ]),
    Household(
        number: "1203", settlement: "Лиман",
        members: [
            Person(surname: "Щербак", givenName: "Христина", patronymic: "Юріївна", sex: .female, isHead: true),
            Person(surname: "Щербак", givenName: "Мар’яна", patronymic: "Дмитрівна", sex: .female),
        ]),
    Household(
        number: "00501", settlement: "Бахмут",
        members: [
            Person(surname: "Бабенко", givenName: "Андрій", patronymic: "Дмитрович", sex: .male, isHead: true),
            Person(surname: "Бабенко", givenName: "Тетяна", patronymic: "Іванівна", sex: .female),
        ]),
    Household(
        number: "00502", settlement: "Бахмут",
        members: [
            Person(surname: "Коваленко", givenName: "Олег", patronymic: "Павлович", sex: .male, isHead: true)
        ]),
    Household(
        number: "00503", settlement: "Бахмут",
        members: [
            Person(surname: "Олійник", givenName: "Ганна", patronymic: "Василівна", sex: .female, isHead: true),
            Person(surname: "Олійник", givenName: "Анна", patronymic: "Вікторівна", sex: .female),
            Person(surname: "Гончаренко", givenName: "Ігор", patronymic: "Євгенович", sex: .male),
        ]),
]

private let index = SearchIndex(households: households)

private func top(_ query: String, limit: Int = 5) -> [SearchResult] {
    index.search(query, limit: limit)!.results
}

private func first(_ query: String) -> SearchResult? { top(query).first }

@Suite("Search: engine")
struct SearchEngineTests {
    @Test(
        "each kind of query finds its person first",
        arguments: [
            ("Коваленко Олена Петрівна", "Коваленко Олена Петрівна", MatchKind.exact),
            ("олена коваленко", "Коваленко Олена Петрівна", .exact),
            ("ПЕТРІВНА коваленко", "Коваленко Олена Петрівна", .exact),
            ("ков ол", "Ковальчук Ольга Сергіївна", .prefix),
            ("Коваленко О.П.", "Коваленко Олена Петрівна", .initials),
            ("Коваленко О. П.", "Коваленко Олена Петрівна", .initials),
            ("rjdfkmxer", "Ковальчук Ольга Сергіївна", .keyboardLayout),
            ("Olha Kovalchuk", "Ковальчук Ольга Сергіївна", .transliteration),
            ("Olga Kovalchuk", "Ковальчук Ольга Сергіївна", .transliteration),
            ("Serhii Kovalenko", "Коваленко Сергій Олександрович", .transliteration),
            ("Sergey Kovalenko", "Коваленко Сергій Олександрович", .russianForm),
            ("Коваленко Сергей Александрович", "Коваленко Сергій Олександрович", .russianForm),
            ("Zghurskyi Yevhen", "Згурський Євген Миколайович", .transliteration),
            ("Zgurskiy Evgeniy Nikolaevich", "Згурський Євген Миколайович", .russianForm),
            ("Згурская Наталья Андреевна", "Згурська Наталія Андріївна", .russianForm),
            ("Khrystyna Shcherbak", "Щербак Христина Юріївна", .transliteration),
            ("Kristina Shcherbak", "Щербак Христина Юріївна", .russianForm),
            ("Ščerbak Chrystyna", "Щербак Христина Юріївна", .transliteration),
            ("Щербак Марʼяна", "Щербак Мар’яна Дмитрівна", .exact),
            ("Щербак Марьяна", "Щербак Мар’яна Дмитрівна", .exact),
            ("Щербак Маряна", "Щербак Мар’яна Дмитрівна", .exact),
            ("Mariana Shcherbak", "Щербак Мар’яна Дмитрівна", .transliteration),
            ("Коваленко Олєна", "Коваленко Олена Петрівна", .exact),
            ("Коваленко Олена Пeтрівна", "Коваленко Олена Петрівна", .exact),
            ("Ковпленко Олена", "Коваленко Олена Петрівна", .typo),
            ("Ковалнеко Олена", "Коваленко Олена Петрівна", .typo),
            ("Кваленко Олена", "Коваленко Олена Петрівна", .typo),
            ("Коваленкко Олена", "Коваленко Олена Петрівна", .typo),
            ("Rjdfktyrj Jktyf", "Коваленко Олена Петрівна", .keyboardLayout),
            (",f,tyrj Ntnzyf", "Бабенко Тетяна Іванівна", .keyboardLayout),
            ("Бабенко Татьяна Ивановна", "Бабенко Тетяна Іванівна", .russianForm),
            ("Олейник Анна Викторовна", "Олійник Анна Вікторівна", .typo),
            ("Щдшштнл Р", "Олійник Ганна Василівна", .keyboardLayout),
            ("050 123 45 67", "Коваленко Олена Петрівна", .phone),
            ("+38 (050) 123-45-67", "Коваленко Олена Петрівна", .phone),
            ("1234567", "Коваленко Олена Петрівна", .phone),
            ("0312-5001234567", "Коваленко Олена Петрівна", .certificate),
            ("03125001234567", "Коваленко Олена Петрівна", .certificate),
            ("417", "Коваленко Олена Петрівна", .householdNumber),
            ("00417", "Коваленко Олена Петрівна", .householdNumber),
            ("12", "Згурський Євген Миколайович", .householdNumber),
            ("Коваленко 1234567", "Коваленко Олена Петрівна", .phone),
        ])
    func findsFirst(query: String, name: String, kind: MatchKind) throws {
        let result = try #require(first(query), "no result for \(query)")
        #expect(result.name == name, "\(query)")
        #expect(result.kind == kind, "\(query): \(result.wordKinds)")
        #expect((0...1).contains(result.score))
    }

    @Test("an exact full name scores 1 and ranks above looser matches")
    func exactFirst() throws {
        let results = top("Коваленко Олена")
        #expect(results.first?.score == 1)
        #expect(results.first?.household == "00417")
        let scores = results.map(\.score)
        #expect(scores == scores.sorted(by: >))
    }

    @Test("one result per person, ties in household-number order")
    func dedupeAndTies() {
        let results = top("Коваленко", limit: 10)
        #expect(Set(results.map(\.record)).count == results.count)
        #expect(results.map(\.household) == ["00417", "00417", "00502"])
        #expect(results.allSatisfy { $0.score == 1 && $0.kind == .exact })
    }

    @Test("a household number lists every member, head first")
    func household() {
        let results = top("00503", limit: 10)
        #expect(results.map(\.member) == [0, 1, 2])
        #expect(results.allSatisfy { $0.household == "00503" && $0.kind == .householdNumber })
    }

    @Test("Анна finds Анна first, then Ганна as its Russian form")
    func annaHanna() {
        let results = top("Анна Олійник")
        #expect(results.map(\.name).prefix(2) == ["Олійник Анна Вікторівна", "Олійник Ганна Василівна"])
        #expect(results.dropFirst().first?.kind == .russianForm)
    }

    @Test("a typing session reuses the previous keystroke's candidates")
    func incremental() throws {
        var previous: SearchResults? = nil
        var refinedAny = false
        for query in ["к", "ко", "ков", "кова", "ковал", "коваленко", "коваленко ", "коваленко о", "коваленко ол", "коваленко олен"] {
            let fresh = try #require(index.search(query, limit: 10))
            let results = try #require(index.search(query, limit: 10, refining: previous))
            #expect(results.results == fresh.results, "\(query)")
            refinedAny = refinedAny || results.refined
            previous = results
        }
        #expect(refinedAny)
        #expect(previous?.results.first?.name == "Коваленко Олена Петрівна")
    }

    @Test("a cancelled search returns nil")
    func cancel() {
        #expect(index.search("Коваленко", limit: 5, isCancelled: { true }) == nil)
    }

    @Test("a query that matches nothing finds nothing, and empty queries are fine")
    func nothing() {
        #expect(top("Шевченко").isEmpty)
        #expect(top("").isEmpty)
        #expect(top("   ").isEmpty)
        #expect(top("987654321").isEmpty)
    }

    @Test("one garbled word does not hide the family")
    func relaxed() {
        #expect(first("Коваленко Олена ЖЖЖЖЖЖЖ")?.name == "Коваленко Олена Петрівна")
    }
}

@Suite("Search: fast paths agree with full scoring")
struct SearchFastPathTests {
    static let register = RecallRegister.generate(peopleCount: 4_000, seed: 7)
    static let index = SearchIndex(households: register.households)

    @Test("one-word queries: the level-by-level top equals scoring everyone")
    func singleWord() throws {
        let index = Self.index
        let queries = [
            "к", "ко", "ков", "Коваленко", "о", "ол", "Олена", "Olha", "rjd", "ш", "Мельн", "Сергей", "Мельнік",
            "Ю", "Y", "щ", "Ковпленко", "Олександрівна",
        ]
        for query in queries {
            let words = QueryWord.parse(query)
            try #require(words.count == 1)
            let match = index.match(words[0])
            let fast = try #require(index.singleWordTop(match, limit: 15, isCancelled: { false }))
            let full = try #require(
                index.score(words: words, matches: [match], candidates: nil, limit: 15, isCancelled: { false }))
            #expect(fast.results.map(\.record) == full.results.map(\.record), "\(query)")
            #expect(fast.results.map(\.score) == full.results.map(\.score), "\(query)")
            #expect(fast.count == full.matched.count, "\(query)")
        }
    }

    @Test("typing names letter by letter: refined searches equal fresh ones")
    func typing() throws {
        let index = Self.index
        var rng = RecallRNG(seed: 99)
        var refinedCount = 0
        for _ in 0..<12 {
            let p = Self.register.people[rng.int(Self.register.people.count)]
            let full = rng.chance(0.5) ? "\(p.surname) \(p.given) \(p.patronymic)" : RecallLatin.kmu("\(p.surname) \(p.given)")
            var previous: SearchResults? = nil
            var typed = ""
            for ch in full {
                typed.append(ch)
                let refined = try #require(index.search(typed, limit: 8, refining: previous))
                let fresh = try #require(index.search(typed, limit: 8))
                #expect(refined.results == fresh.results, "\(typed)")
                if refined.refined { refinedCount += 1 }
                previous = refined
            }
            #expect(previous?.results.contains { $0.household == p.household } == true, "\(full)")
        }
        #expect(refinedCount > 50)
    }

    @Test("a stale search is abandoned part-way")
    func cancelPartWay() {
        var polls = 0
        let result = Self.index.search("к о", limit: 5, isCancelled: {
            polls += 1
            return polls > 1
        })
        #expect(result == nil)
    }
}
