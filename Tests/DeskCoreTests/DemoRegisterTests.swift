import DeskCore
import DeskResources
import Testing

/// The synthetic demo register, generated from the real name lists in `Resources/names/`.
@Suite struct DemoRegisterTests {
    static let today = CivilDate(year: 2026, month: 3, day: 14)!
    static let seed = DemoRegister.defaultSeed

    static func loadNames() throws -> DemoNames {
        try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
    }

    static func demo(seed: UInt64 = seed) throws -> Register {
        DemoRegister.generate(
            households: DemoRegister.defaultHouseholds, names: try loadNames(), seed: seed, today: today)
    }

    static func age(_ p: Person) -> Int { p.birthDate!.age(on: today) }

    // MARK: The lists

    @Test func listsAreLargeEnoughAndWellFormed() throws {
        let names = try Self.loadNames()
        #expect(names.maleGiven.count >= 60)
        #expect(names.femaleGiven.count >= 60)
        #expect(names.surnames.count >= 300)
        #expect(names.settlements.count >= 20)
        #expect(names.hubCity == "Вінниця")
        #expect(!names.settlements.contains("Вінниця"))
        for town in ["Жмеринка", "Козятин", "Хмільник", "Могилів-Подільський", "Іллінці", "Стрижавка"] {
            #expect(names.settlements.contains(town), "\(town)")
        }
        let all =
            names.maleGiven.flatMap { [$0.given, $0.patronymicMale, $0.patronymicFemale] }
            + names.femaleGiven.map(\.given) + names.surnames.flatMap { [$0.male, $0.female] }
            + names.settlements
        for text in all {
            #expect(!text.isEmpty)
            #expect(!text.contains("'") && !text.contains("\u{2019}"), "straight or curly apostrophe in \(text)")
            #expect(text.trimmingSpaces() == text)
        }
        // No duplicates: a repeated line would silently double a name's frequency.
        #expect(Set(names.maleGiven.map(\.given)).count == names.maleGiven.count)
        #expect(Set(names.femaleGiven.map(\.given)).count == names.femaleGiven.count)
        #expect(Set(names.surnames.map(\.male)).count == names.surnames.count)
        #expect(Set(names.settlements).count == names.settlements.count)
        // The letters and the apostrophe that English-minded code mangles.
        #expect(names.femaleGiven.contains { $0.given == "Марʼяна" })
        #expect(names.surnames.contains { $0.male == "Демʼянчук" })
        #expect(names.maleGiven.contains { $0.given == "Вʼячеслав" })
        for letter in ["ґ", "є", "ї"] {
            #expect(all.contains { $0.lowercased().contains(letter) }, "no \(letter) in the lists")
        }
    }

    @Test func patronymicsInTheListAreCorrect() throws {
        let names = try Self.loadNames()
        let byGiven = Dictionary(uniqueKeysWithValues: names.maleGiven.map { ($0.given, $0) })
        let expected: [(String, String, String)] = [
            ("Олександр", "Олександрович", "Олександрівна"),
            ("Ілля", "Ілліч", "Іллівна"),
            ("Григорій", "Григорович", "Григорівна"),
            ("Микола", "Миколайович", "Миколаївна"),
            ("Юрій", "Юрійович", "Юріївна"),
            ("Сергій", "Сергійович", "Сергіївна"),
            ("Василь", "Васильович", "Василівна"),
            ("Петро", "Петрович", "Петрівна"),
            ("Федір", "Федорович", "Федорівна"),
            ("Яків", "Якович", "Яківна"),
            ("Лев", "Львович", "Львівна"),
            ("Вʼячеслав", "Вʼячеславович", "Вʼячеславівна"),
        ]
        for (given, male, female) in expected {
            #expect(byGiven[given]?.patronymicMale == male, "\(given)")
            #expect(byGiven[given]?.patronymicFemale == female, "\(given)")
        }
        for name in names.maleGiven {
            #expect(
                name.patronymicMale.hasSuffix("ич") || name.patronymicMale.hasSuffix("іч"),
                "\(name.given): \(name.patronymicMale)")
            #expect(
                name.patronymicFemale.hasSuffix("івна") || name.patronymicFemale.hasSuffix("ївна"),
                "\(name.given): \(name.patronymicFemale)")
        }
    }

    @Test func femaleSurnameForms() throws {
        let cases = [
            ("Ковальський", "Ковальська"), ("Левицький", "Левицька"), ("Білий", "Біла"),
            ("Мостовий", "Мостова"), ("Іванов", "Іванова"), ("Лебедєв", "Лебедєва"),
            ("Зайцев", "Зайцева"), ("Кузьмін", "Кузьміна"), ("Ільїн", "Ільїна"),
            ("Коваленко", "Коваленко"), ("Мельничук", "Мельничук"), ("Гнатюк", "Гнатюк"),
            ("Бойко", "Бойко"), ("Козак", "Козак"), ("Бондар", "Бондар"), ("Бабич", "Бабич"),
            ("Кравець", "Кравець"), ("Петрів", "Петрів"), ("Демʼянчук", "Демʼянчук"),
        ]
        let names = try Self.loadNames()
        let listed = Dictionary(uniqueKeysWithValues: names.surnames.map { ($0.male, $0.female) })
        for (male, female) in cases {
            #expect(DemoNames.femaleSurname(forMale: male) == female)
            #expect(listed[male] == female, "\(male) in surnames.txt")
        }
        for s in names.surnames {
            if s.male.hasSuffix("ський") { #expect(s.female.hasSuffix("ська"), "\(s.male)") }
            if s.male.hasSuffix("цький") { #expect(s.female.hasSuffix("цька"), "\(s.male)") }
            if s.male.hasSuffix("ов") { #expect(s.female == s.male + "а", "\(s.male)") }
            if s.male.hasSuffix("енко") || s.male.hasSuffix("ук") || s.male.hasSuffix("юк") {
                #expect(s.female == s.male, "\(s.male)")
            }
        }
        // An explicit female form in the file wins over the rule.
        let custom = try DemoNames(
            maleLines: ["Іван;Іванович;Іванівна"], femaleLines: ["Олена"],
            surnameLines: ["Лев;Лев", "Крайній;Крайня", "Мар'ян"], settlementLines: ["Вінниця"])
        #expect(custom.surnames.map(\.female) == ["Лев", "Крайня", "Марʼян"])
    }

    @Test func malformedListsAreRejected() {
        #expect(throws: DemoNamesError.malformedLine(.male, "Іван;Іванович")) {
            try DemoNames(
                maleLines: ["Іван;Іванович"], femaleLines: ["Олена"], surnameLines: ["Бойко"],
                settlementLines: ["Вінниця"])
        }
        #expect(throws: DemoNamesError.malformedLine(.female, "Олена;ancient")) {
            try DemoNames(
                maleLines: ["Іван;Іванович;Іванівна"], femaleLines: ["Олена;ancient"],
                surnameLines: ["Бойко"], settlementLines: ["Вінниця"])
        }
        #expect(throws: DemoNamesError.emptyList(.surnames)) {
            try DemoNames(
                maleLines: ["Іван;Іванович;Іванівна"], femaleLines: ["Олена"],
                surnameLines: ["# only a comment"], settlementLines: ["Вінниця"])
        }
        #expect(throws: DemoNamesError.malformedLine(.settlements, "Бар;many")) {
            try DemoNames(
                maleLines: ["Іван;Іванович;Іванівна"], femaleLines: ["Олена"],
                surnameLines: ["Бойко"], settlementLines: ["Вінниця", "Бар;many"])
        }
    }

    // MARK: The register

    @Test func sameSeedSameRegisterDifferentSeedDifferent() throws {
        let a = try Self.demo(seed: 7)
        let b = try Self.demo(seed: 7)
        let c = try Self.demo(seed: 8)
        #expect(a == b)
        #expect(a != c)
        // Not merely different somewhere: different throughout.
        let samePeople = zip(a.households, c.households).filter { $0.members == $1.members }.count
        #expect(samePeople == 0)
    }

    /// Pins the stream itself: the same seed must give this very register on every machine and
    /// every Swift version, and a change to the generator that reshuffles every demo (and every
    /// benchmark baseline) shows up here. Update the fingerprint only on purpose.
    @Test func theDemoRegisterIsPinned() throws {
        let register = try Self.demo()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over every field
        func feed(_ text: String) {
            for byte in text.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            hash = (hash ^ 0x1f) &* 0x100_0000_01b3
        }
        for h in register.households {
            feed(h.number)
            feed(h.settlement)
            for p in h.members {
                for field in [
                    p.surname, p.givenName, p.patronymic, p.birthDate?.iso ?? "", p.sex?.rawValue ?? "",
                    p.phone ?? "", p.idpCertificate ?? "", p.isHead ? "head" : "",
                ] {
                    feed(field)
                }
            }
        }
        #expect(register.peopleCount == 1_952)
        #expect(hash == 0x476e_b2b7_07ae_2b71, "fingerprint \(String(hash, radix: 16))")
    }

    @Test func demoSizeAndNumbering() throws {
        let register = try Self.demo()
        #expect(register.households.count == 860)
        #expect((1_700...2_100).contains(register.peopleCount), "\(register.peopleCount) people")
        for (i, household) in register.households.enumerated() {
            let expected = String(i + 1)
            #expect(
                household.number == String(repeating: "0", count: 5 - expected.count) + expected)
        }
        #expect(register.households.last?.number == "00860")
    }

    @Test func sharesOfChildrenElderlyAndWomen() throws {
        for seed: UInt64 in [Self.seed, 1, 99] {
            let people = try Self.demo(seed: seed).households.flatMap(\.members)
            let n = Double(people.count)
            let children = Double(people.filter { Self.age($0) < 18 }.count) / n
            let elderly = Double(people.filter { Self.age($0) >= 60 }.count) / n
            let women = Double(people.filter { $0.sex == .female }.count) / n
            let adults = people.filter { Self.age($0) >= 18 }
            let adultWomen = Double(adults.filter { $0.sex == .female }.count) / Double(adults.count)
            #expect((0.17...0.27).contains(children), "children \(children)")
            #expect((0.21...0.30).contains(elderly), "60+ \(elderly)")
            #expect((0.52...0.64).contains(women), "women \(women)")
            #expect((0.54...0.68).contains(adultWomen), "women among adults \(adultWomen)")
            let mean = n / 860
            #expect((2.05...2.35).contains(mean), "mean household \(mean)")
        }
    }

    @Test func householdSizesAreVaried() throws {
        let register = try Self.demo()
        var sizes: [Int: Int] = [:]
        for h in register.households { sizes[h.members.count, default: 0] += 1 }
        #expect((sizes[1] ?? 0) > 150)  // single pensioners and single adults
        #expect((sizes[2] ?? 0) > 200)
        #expect((sizes[3] ?? 0) > 80)
        #expect((sizes[4] ?? 0) > 20)
        #expect(sizes.keys.max()! >= 5)
        #expect(sizes.keys.max()! <= 9)
    }

    @Test func halfTheHouseholdsInTheHubCity() throws {
        let names = try Self.loadNames()
        for seed: UInt64 in [Self.seed, 3] {
            let register = try Self.demo(seed: seed)
            let inHub = register.households.filter { $0.settlement == names.hubCity }.count
            let share = Double(inHub) / Double(register.households.count)
            #expect((0.45...0.55).contains(share), "\(share) in the hub")
            let towns = Set(register.households.map(\.settlement)).subtracting([names.hubCity])
            #expect(towns.count >= 15, "spread over \(towns.count) towns")
            #expect(towns.isSubset(of: names.settlements))
        }
    }

    @Test func headsAreAdultsListedFirst() throws {
        for household in try Self.demo().households {
            #expect(!household.members.isEmpty)
            #expect(household.members.filter(\.isHead).count == 1, "\(household.number)")
            #expect(household.members.first?.isHead == true, "\(household.number)")
            #expect(Self.age(household.members[0]) >= 18, "\(household.number)")
        }
    }

    @Test func familiesShareTheSurnameInTheRightForm() throws {
        let names = try Self.loadNames()
        for household in try Self.demo().households {
            let fits = names.surnames.filter { s in
                household.members.allSatisfy { $0.surname == s.form(for: $0.sex!) }
            }
            #expect(!fits.isEmpty, "\(household.number): \(household.members.map(\.fullName))")
        }
    }

    @Test func patronymicsAreGenderCorrectAndFromTheFather() throws {
        let names = try Self.loadNames()
        let fromMale = Dictionary(uniqueKeysWithValues: names.maleGiven.map { ($0.patronymicMale, $0) })
        let fromFemale = Dictionary(uniqueKeysWithValues: names.maleGiven.map { ($0.patronymicFemale, $0) })
        let byGiven = Dictionary(uniqueKeysWithValues: names.maleGiven.map { ($0.given, $0) })
        var couplesChecked = 0
        for household in try Self.demo().households {
            for p in household.members {
                switch p.sex! {
                case .male: #expect(fromMale[p.patronymic] != nil, "\(p.fullName)")
                case .female: #expect(fromFemale[p.patronymic] != nil, "\(p.fullName)")
                }
            }
            // Children of one household have one father.
            let children = household.members.filter { Self.age($0) < 18 }
            let fathers = Set(
                children.map { ($0.sex == .male ? fromMale[$0.patronymic] : fromFemale[$0.patronymic])?.given })
            #expect(fathers.count <= 1, "\(household.number): \(children.map(\.fullName))")
            // A young couple with children: the children's patronymic comes from the husband.
            let adults = household.members.filter { Self.age($0) >= 18 }
            if !children.isEmpty, adults.count == 2, adults.allSatisfy({ Self.age($0) < 45 }),
                let man = adults.first(where: { $0.sex == .male }),
                adults.contains(where: { $0.sex == .female }),
                let name = byGiven[man.givenName]
            {
                couplesChecked += 1
                for child in children {
                    #expect(
                        child.patronymic == (child.sex == .male ? name.patronymicMale : name.patronymicFemale),
                        "\(household.number): \(child.fullName), father \(man.fullName)")
                }
            }
        }
        #expect(couplesChecked > 20)
    }

    @Test func birthDatesAreConsistent() throws {
        for household in try Self.demo().households {
            for p in household.members {
                #expect(p.birthDate! <= Self.today)
                #expect((0...100).contains(Self.age(p)), "\(p.fullName) \(p.birthDate!)")
            }
            // Every child has someone who could be their mother (18–45 at the birth) or a
            // grandparent in the household.
            for child in household.members where Self.age(child) < 18 {
                let born = child.birthDate!
                let hasMotherOrGrandparent = household.members.contains { m in
                    let ageAtBirth = m.birthDate!.age(on: born)
                    return (m.sex == .female && (18...45).contains(ageAtBirth)) || ageAtBirth >= 36
                }
                #expect(hasMotherOrGrandparent, "\(household.number): \(child.fullName)")
            }
            // Siblings are born at least ten months apart, or are twins.
            let births = household.members.filter { Self.age($0) < 18 }.map { $0.birthDate!.dayNumber }
                .sorted()
            for (a, b) in zip(births, births.dropFirst()) {
                #expect(a == b || b - a >= 300, "\(household.number)")
            }
        }
    }

    @Test func certificatesAreUniqueAndWellShaped() throws {
        let people = try Self.demo().households.flatMap(\.members)
        let certificates = people.compactMap(\.idpCertificate)
        #expect(certificates.count == people.count)
        #expect(Set(certificates).count == certificates.count)
        for c in certificates {
            #expect(c.wholeMatch(of: /[0-9]{4}-[0-9]{10}/) != nil, "\(c)")
        }
    }

    @Test func phonesAreMobileAndNormalised() throws {
        let codes: Set<Substring> = ["50", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99", "63"]
        let people = try Self.demo().households.flatMap(\.members)
        let adults = people.filter { Self.age($0) >= 18 }
        for p in people where Self.age(p) < 18 {
            #expect(p.phone == nil, "\(p.fullName)")
        }
        let phones = adults.compactMap(\.phone)
        let share = Double(phones.count) / Double(adults.count)
        #expect((0.75...0.95).contains(share), "\(share) of adults with a phone")
        #expect(Set(phones).count == phones.count)
        for phone in phones {
            #expect(PhoneNumber.normalise(phone) == phone, "\(phone)")
            #expect(phone.count == 13 && phone.hasPrefix("+380"))
            #expect(codes.contains(phone.dropFirst(4).prefix(2)), "\(phone)")
        }
    }

    @Test func noEmptyNames() throws {
        for p in try Self.demo().households.flatMap(\.members) {
            #expect(!p.surname.isEmpty && !p.givenName.isEmpty && !p.patronymic.isEmpty, "\(p.fullName)")
            #expect(p.sex != nil && p.birthDate != nil)
        }
    }

    @Test func givenNamesFitTheGeneration() throws {
        let names = try Self.loadNames()
        let female = Dictionary(uniqueKeysWithValues: names.femaleGiven.map { ($0.given, $0.generation) })
        let male = Dictionary(uniqueKeysWithValues: names.maleGiven.map { ($0.given, $0.generation) })
        for p in try [Self.seed, 1, 99, 3].flatMap({ try Self.demo(seed: $0).households.flatMap(\.members) }) {
            let generation = p.sex == .female ? female[p.givenName] : male[p.givenName]
            let year = p.birthDate!.year
            if generation == .old { #expect(year < 1975, "\(p.fullName) \(year)") }
            if generation == .new { #expect(year >= 1975, "\(p.fullName) \(year)") }
            if generation == .young { #expect(year >= 1995, "\(p.fullName) \(year)") }
        }
    }

    // MARK: Scale

    @Test func exactPeopleCountAndSameStreamAsByHouseholds() throws {
        let names = try Self.loadNames()
        let byPeople = DemoRegister.generate(people: 5_000, names: names, seed: 11, today: Self.today)
        #expect(byPeople.peopleCount == 5_000)
        let byHouseholds = DemoRegister.generate(
            households: byPeople.households.count, names: names, seed: 11, today: Self.today)
        #expect(Array(byPeople.households.dropLast()) == Array(byHouseholds.households.dropLast()))
        #expect(byPeople.households.last?.members.first?.isHead == true)
    }

    @Test func largeRegisterHasNameCollisionsAndUniqueNumbers() throws {
        let names = try Self.loadNames()
        let register = DemoRegister.generate(people: 110_000, names: names, seed: 5, today: Self.today)
        #expect(register.peopleCount == 110_000)
        #expect(register.households.last?.number.count == 5)
        let people = register.households.flatMap(\.members)
        var pairs: [String: Int] = [:]
        for p in people { pairs[p.surname + " " + p.givenName, default: 0] += 1 }
        let repeated = pairs.values.filter { $0 >= 2 }.count
        #expect(repeated > 5_000, "\(repeated) surname+given pairs shared")
        #expect(pairs.values.max()! >= 20)
        #expect(Set(people.map { $0.idpCertificate! }).count == people.count)
        let phones = people.compactMap(\.phone)
        #expect(Set(phones).count == phones.count)
        // Wider numbers once there are more than 99,999 households.
        let wide = DemoRegister.generate(households: 100_000, names: names, seed: 5, today: Self.today)
        #expect(wide.households.first?.number == "000001")
        #expect(wide.households.last?.number == "100000")
    }
}

@Suite("Demo register at scale")
struct DemoRegisterScaleTests {
    /// Twins with one name and one birth date would be one person to the register: the
    /// generator never makes them, so a large demo register imports whole.
    @Test func noTwoMembersOfAHouseholdAreTheSamePerson() throws {
        let names = try DemoNames(
            maleLines: DeskResources.nameList(DemoNames.List.male.rawValue),
            femaleLines: DeskResources.nameList(DemoNames.List.female.rawValue),
            surnameLines: DeskResources.nameList(DemoNames.List.surnames.rawValue),
            settlementLines: DeskResources.nameList(DemoNames.List.settlements.rawValue))
        let register = DemoRegister.generate(people: 20_000, names: names, seed: 2026,
                                             today: CivilDate(year: 2026, month: 11, day: 25)!)
        for household in register.households {
            let keys = household.members.map(\.identityKey)
            #expect(Set(keys).count == keys.count, "household \(household.number)")
        }
    }
}
