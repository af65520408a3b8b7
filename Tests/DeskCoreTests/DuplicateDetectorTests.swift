import DeskCore
import DeskResources
import Foundation
import Testing

@Suite("Duplicate registrations, detected without comparing every pair")
struct DuplicateDetectorTests {
    static func person(
        _ surname: String, _ given: String, _ patronymic: String = "", born: String? = nil, phone: String? = nil,
        certificate: String? = nil
    ) -> Person {
        Person(surname: surname, givenName: given, patronymic: patronymic, birthDate: born.flatMap(CivilDate.init(parsing:)),
               phone: phone, idpCertificate: certificate)
    }

    /// `people[k]` gets id `k + 1`; `families[k]` its family (default: each its own).
    static func scan(_ people: [Person], families: [Int64]? = nil, not: Set<PersonPair> = []) -> DuplicateScan {
        let candidates = people.enumerated().map { k, p in
            DuplicateCandidate(id: Int64(k + 1), family: families?[k] ?? Int64(100 + k), person: p)
        }
        return DuplicateDetector.scan(candidates, notDuplicates: not)
    }

    static func evidence(_ a: Person, _ b: Person) -> [DuplicateEvidence]? {
        let result = scan([a, b])
        #expect(result.pairs.count <= 1)
        return result.pairs.first?.evidence
    }

    @Test func theSameCertificateNumberWhateverItsPunctuation() {
        let a = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12", certificate: "0512-5001234567")
        let b = Self.person("Шевчук", "Галина", born: "1944-06-20", certificate: "0512 5001234567")
        #expect(Self.evidence(a, b) == [.certificate])
        // Too few digits to mean anything: a dash or a 0 typed into the column.
        let c = Self.person("Бондар", "Іван", certificate: "0")
        let d = Self.person("Мельник", "Ольга", certificate: "№ 0")
        #expect(Self.evidence(c, d) == nil)
        #expect(DuplicateDetector.certificateKey("ВПО 0512-5001234567") == "05125001234567")
    }

    @Test func theSameNameAndBirthDateUpToLetterVariants() {
        let a = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12")
        #expect(Self.evidence(a, Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12")) == [.nameAndBirthDate])
        // Case, є for е and the apostrophe's shape are not differences between people.
        let b = Self.person("Мар'янчук", "Олена", "Петрівна", born: "1981-03-12")
        #expect(Self.evidence(b, Self.person("МАРʼЯНЧУК", "Олєна", "Петрівна", born: "1981-03-12")) == [.nameAndBirthDate])
        // Another birth date: another person.
        #expect(Self.evidence(a, Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-13")) == nil)
        // No birth date on either side: nothing to say.
        #expect(Self.evidence(Self.person("Коваленко", "Олена"), Self.person("Коваленко", "Олена")) == nil)
    }

    @Test func theSamePhoneInAnyShape() {
        let a = Self.person("Коваленко", "Олена", phone: "+380671234567")
        let b = Self.person("Бондар", "Василь", phone: "067 123-45-67")
        #expect(Self.evidence(a, b) == [.phone])
    }

    @Test func nearIdenticalNamesWithTheSameBirthDate() {
        let a = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12")
        // One slip, two slips, a swapped pair of letters.
        #expect(Self.evidence(a, Self.person("Коваленко", "Олена", "Петрвна", born: "1981-03-12")) == [.similarNameAndBirthDate])
        #expect(Self.evidence(a, Self.person("Коваленка", "Олена", "Петрівна", born: "1981-03-12")) == [.similarNameAndBirthDate])
        // Latin look-alike letters typed inside a Cyrillic name are no slip at all.
        #expect(Self.evidence(a, Self.person("Коваленко", "Олена", "Петрiвнa", born: "1981-03-12")) == [.nameAndBirthDate])
        #expect(Self.evidence(a, Self.person("Коваленко", "Олнеа", "Петрівна", born: "1981-03-12")) == [.similarNameAndBirthDate])
        #expect(Self.evidence(a, Self.person("Ковальенко", "Олена", "Петрівнаа", born: "1981-03-12")) == [.similarNameAndBirthDate])
        // The patronymic left out on one side.
        #expect(Self.evidence(a, Self.person("Коваленко", "Олена", born: "1981-03-12")) == [.similarNameAndBirthDate])
        // A Latin spelling of the same name.
        #expect(Self.evidence(a, Self.person("Kovalenko", "Olena", "Petrivna", born: "1981-03-12")) != nil)
        // Three slips, or the same near name born on another day: different people.
        #expect(Self.evidence(a, Self.person("Коваленчук", "Олена", "Петрівна", born: "1981-03-12")) == nil)
        #expect(Self.evidence(a, Self.person("Коваленко", "Олена", "Петрвна", born: "1981-03-11")) == nil)
        // A different given name, the same surname and birth date (twins): not near, even when
        // the two names are only two letters apart.
        #expect(Self.evidence(a, Self.person("Коваленко", "Ірина", "Петрівна", born: "1981-03-12")) == nil)
        #expect(Self.evidence(a, Self.person("Коваленко", "Олеся", "Петрівна", born: "1981-03-12")) == nil)
        #expect(Self.evidence(Self.person("Лисенко", "Діана", "Миколаївна", born: "2005-10-10"),
                              Self.person("Лисенко", "Інна", "Миколаївна", born: "2005-10-10")) == nil)
        // Two slips in a long word are still a near name.
        #expect(Self.evidence(a, Self.person("Коваленко", "Олена", "Птеріна", born: "1981-03-12")) == [.similarNameAndBirthDate])
    }

    @Test func everyPieceOfEvidenceForOnePairTogether() {
        let a = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12", phone: "+380671234567", certificate: "0512-5001234567")
        let b = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12", phone: "+380671234567", certificate: "05125001234567")
        #expect(Self.evidence(a, b) == [.certificate, .nameAndBirthDate, .phone])
        #expect(DuplicateDetector.evidence(a, b) == [.certificate, .nameAndBirthDate, .phone])
    }

    @Test func peopleOfOneFamilyAndPairsMarkedDifferentAreNotProposed() {
        let a = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12", phone: "+380671234567")
        let b = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12", phone: "+380671234567")
        let c = Self.person("Коваленко", "Олена", "Петрівна", born: "1981-03-12")
        // a and b in one family (the same household, or one merged into the other).
        let result = Self.scan([a, b, c], families: [1, 1, 2])
        #expect(result.pairs.map { [$0.first, $0.second] } == [[0, 2], [1, 2]])
        let marked = Self.scan([a, b, c], families: [1, 1, 2], not: [PersonPair(3, 1)])
        #expect(marked.pairs.map { [$0.first, $0.second] } == [[1, 2]])
    }

    @Test func strongestEvidenceFirst() {
        let people = [
            Self.person("Бондар", "Іван", born: "1950-05-05"),
            Self.person("Бондар", "Іван", "Петрович", born: "1950-05-05"),
            Self.person("Ткач", "Ніна", phone: "+380501112233"),
            Self.person("Ткаченко", "Ніна", phone: "+380501112233"),
            Self.person("Лисенко", "Ганна", certificate: "1234567890"),
            Self.person("Лис", "Ганна", certificate: "1234567890"),
        ]
        #expect(Self.scan(people).pairs.map(\.evidence) == [[.certificate], [.phone], [.similarNameAndBirthDate]])
    }

    @Test func aPhoneSharedByManyFamiliesIsReportedNotPaired() {
        let people = (0..<20).map { k in Self.person("Особа\(k)", "Тест", phone: "+380441234567") }
        let result = Self.scan(people)
        #expect(result.pairs.isEmpty)
        #expect(result.crowded == [CrowdedKey(evidence: .phone, value: "+380441234567", people: 20)])
    }

    /// A demo register of 20,000 people plus planted duplicates of each kind: every planted
    /// pair is found, and nothing else new. (The 110,000-person timing is in DeskBench.)
    @Test func aLargeRegisterFindsWhatWasPlanted() throws {
        let names = try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
        let register = DemoRegister.generate(people: 20_000, names: names, seed: 7, today: CivilDate(year: 2026, month: 11, day: 25)!)
        var candidates: [DuplicateCandidate] = []
        for (h, household) in register.households.enumerated() {
            for person in household.members {
                candidates.append(DuplicateCandidate(id: Int64(candidates.count + 1), family: Int64(h), person: person))
            }
        }
        let before = Set(DuplicateDetector.scan(candidates).pairs.map { PersonPair(candidates[$0.first].id, candidates[$0.second].id) })
        // Plant: a copy with another certificate format, a copy with a typo, a copy without patronymic.
        let planted: [(Int, (inout Person) -> Void, DuplicateEvidence)] = [
            (100, { $0.idpCertificate = $0.idpCertificate.map { "№ " + $0 }; $0.surname = "Інша"; $0.phone = nil }, .certificate),
            (2_000, { $0.givenName.removeLast(); $0.idpCertificate = nil; $0.phone = nil }, .similarNameAndBirthDate),
            (7_000, { $0.patronymic = ""; $0.idpCertificate = nil; $0.phone = nil }, .similarNameAndBirthDate),
            (9_000, { $0.idpCertificate = nil; $0.phone = nil }, .nameAndBirthDate),
        ]
        var expected: [PersonPair: DuplicateEvidence] = [:]
        for (k, change, evidence) in planted {
            var copy = candidates[k].person
            change(&copy)
            let id = Int64(candidates.count + 1)
            candidates.append(DuplicateCandidate(id: id, family: -id, person: copy))
            expected[PersonPair(candidates[k].id, id)] = evidence
        }
        let after = DuplicateDetector.scan(candidates).pairs
        for (pair, evidence) in expected {
            let found = after.first { PersonPair(candidates[$0.first].id, candidates[$0.second].id) == pair }
            #expect(found?.evidence.contains(evidence) == true, "\(pair) \(evidence)")
        }
        let new = after.filter { !before.contains(PersonPair(candidates[$0.first].id, candidates[$0.second].id)) }
        #expect(new.count == planted.count)
    }
}
