/// A synthetic register of displaced families from Bakhmut living in and around the hub's
/// city, for demos, training and benchmarks. Every name, date, phone and certificate number
/// is made up; the same seed gives the same register on every machine.
///
/// The mix of households follows what hubs for the displaced see: single pensioners, mothers
/// with children (many fathers are at the front), couples with children, pensioner couples,
/// three generations, adults caring for an old parent. On average about 2.2 people a
/// household, about 22% children (0–17), about 25% aged 60 and over, more women than men
/// among adults, half the households in the hub's city, about 5% of people marked with a
/// disability (from about 1.5% of children to 15% of those over 75).
public enum DemoRegister {
    /// The demo register's size: 860 households, about 1,900 people.
    public static let defaultHouseholds = 860
    /// The seed of the demo register everyone sees unless they ask for another.
    public static let defaultSeed: UInt64 = 2026

    /// `households` households numbered `00001`, `00002`, ... (wider when there are more than
    /// 99,999), each with its head first.
    public static func generate(
        households: Int, names: DemoNames, seed: UInt64, today: CivilDate
    ) -> Register {
        var generator = DemoGenerator(names: names, seed: seed, today: today)
        var drafts: [(settlement: String, members: [Person])] = []
        drafts.reserveCapacity(max(0, households))
        for _ in 0..<max(0, households) {
            drafts.append(generator.household())
        }
        return numbered(drafts)
    }

    /// Exactly `people` people (for benchmarks: 110,000, 1,000,000): households are generated
    /// as by `generate(households:...)` with the same seed, and the last one is cut short.
    public static func generate(
        people: Int, names: DemoNames, seed: UInt64, today: CivilDate
    ) -> Register {
        var generator = DemoGenerator(names: names, seed: seed, today: today)
        var drafts: [(settlement: String, members: [Person])] = []
        drafts.reserveCapacity(max(0, people) / 2 + 1)
        var left = people
        while left > 0 {
            var draft = generator.household()
            if draft.members.count > left {
                draft.members.removeLast(draft.members.count - left)  // the head is first: kept
            }
            left -= draft.members.count
            drafts.append(draft)
        }
        return numbered(drafts)
    }

    private static func numbered(_ drafts: [(settlement: String, members: [Person])]) -> Register {
        let width = max(5, String(drafts.count).count)
        var households: [Household] = []
        households.reserveCapacity(drafts.count)
        for (i, draft) in drafts.enumerated() {
            households.append(
                Household(
                    number: asciiDigits(UInt64(i + 1), width: width), settlement: draft.settlement,
                    members: draft.members))
        }
        return Register(households: households)
    }
}

/// `value` in decimal, zero-padded to `width` (which must hold it).
func asciiDigits(_ value: UInt64, width: Int) -> String {
    String(unsafeUninitializedCapacity: width) { buffer in
        var v = value
        for i in stride(from: width - 1, through: 0, by: -1) {
            buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
        return width
    }
}

/// The state of one generation run: the random stream, the name tables, the counters that
/// make certificates and phones unique.
struct DemoGenerator {
    private var random: DemoRandom
    private let names: DemoNames
    private let today: Int
    private let todayDate: CivilDate

    private let malePools: [DemoNames.Generation: NamePool]
    private let femalePools: [DemoNames.Generation: NamePool]
    private let surnameTable: WeightedTable
    private let settlementTable: WeightedTable?

    /// Certificate numbers: the ten digits after the office code come from a bijection of the
    /// person's running number, so no two people share one.
    private let certificates: Scrambler
    private var personCount: UInt64 = 0
    /// Phones likewise, over the twelve operator codes times ten million subscriber numbers.
    private let phones: Scrambler
    private var phoneCount: UInt64 = 0
    /// The disability marks' own stream: drawing them does not move the main one, so the names,
    /// dates and numbers are those the register had before it had marks.
    private var marks: DemoRandom
    /// Households come in pairs, one of each pair in the hub's city: exactly half live there.
    private var householdCount = 0
    private var pairHubFirst = true

    static let operatorCodes: [UInt8] = [50, 66, 67, 68, 73, 93, 95, 96, 97, 98, 99, 63]

    init(names: DemoNames, seed: UInt64, today: CivilDate) {
        var random = DemoRandom(seed: seed)
        self.names = names
        self.today = today.dayNumber
        self.todayDate = today
        malePools = NamePool.pools(names.maleGiven.map(\.generation))
        femalePools = NamePool.pools(names.femaleGiven.map(\.generation))
        surnameTable = WeightedTable(rankWeights(names.surnames.count, flatness: 15))
        settlementTable = names.settlements.isEmpty ? nil : WeightedTable(names.settlementWeights)
        certificates = Scrambler(modulus: 10_000_000_000, random: &random)
        phones = Scrambler(modulus: UInt64(Self.operatorCodes.count) * 10_000_000, random: &random)
        self.random = random
        marks = DemoRandom(seed: seed ^ 0x6469_7361_6269_6C69)
    }

    // MARK: Households

    private enum Kind: CaseIterable {
        case singleElder, singleAdult, motherWithChildren, coupleWithChildren, pensionerCouple
        case threeGenerations, adultWithOldParent, coupleWithoutChildren
        case grandparentsWithGrandchildren, motherWithAdultChild, coupleWithAdultChild

        /// Out of 1,000 households.
        var weight: Int {
            switch self {
            case .singleElder: 125
            case .singleAdult: 130
            case .motherWithChildren: 130
            case .coupleWithChildren: 80
            case .pensionerCouple: 90
            case .threeGenerations: 55
            case .adultWithOldParent: 75
            case .coupleWithoutChildren: 110
            case .grandparentsWithGrandchildren: 25
            case .motherWithAdultChild: 80
            case .coupleWithAdultChild: 100
            }
        }
    }

    private static let kinds = Kind.allCases
    private static let kindTable = WeightedTable(Kind.allCases.map(\.weight))

    /// One household: where it lives and its members, head first.
    mutating func household() -> (settlement: String, members: [Person]) {
        let settlement = nextSettlement()
        let office = 1 + random.below(27)  // the district office that issued the certificates
        var family = Family(surname: names.surnames[surnameTable.pick(&random)])
        switch Self.kinds[Self.kindTable.pick(&random)] {
        case .singleElder:
            let sex: Sex = random.chance(65) ? .female : .male
            family.add(adult(sex, born: birth(age: Ages.elder.pick(&random))), head: true)
        case .singleAdult:
            let sex: Sex = random.chance(40) ? .female : .male
            family.add(adult(sex, born: birth(age: Ages.workingAge.pick(&random))), head: true)
        case .motherWithChildren:
            let mother = birth(age: Ages.mother.pick(&random))
            let father = maleName(bornIn: year(of: mother) - random.int(in: 0...4))
            family.add(adult(.female, born: mother), head: true)
            addChildren(Ages.childrenOfSingleMother.pick(&random), mother: mother, father: father, to: &family)
        case .coupleWithChildren:
            let (wife, husband) = couple(wifeAge: Ages.mother.pick(&random))
            let fatherIsHead = random.chance(45)
            family.add(wife.person, head: !fatherIsHead)
            family.add(husband.person, head: fatherIsHead)
            addChildren(Ages.childrenOfCouple.pick(&random), mother: wife.born, father: husband.name, to: &family)
        case .pensionerCouple:
            let (wife, husband) = couple(wifeAge: Ages.elder.pick(&random))
            let husbandIsHead = random.chance(55)
            family.add(wife.person, head: !husbandIsHead)
            family.add(husband.person, head: husbandIsHead)
        case .threeGenerations:
            threeGenerations(&family)
        case .adultWithOldParent:
            adultWithOldParent(&family)
        case .coupleWithoutChildren:
            let (wife, husband) = couple(wifeAge: Ages.wifeWithoutChildren.pick(&random))
            let husbandIsHead = random.chance(50)
            family.add(wife.person, head: !husbandIsHead)
            family.add(husband.person, head: husbandIsHead)
        case .grandparentsWithGrandchildren:
            grandparentsWithGrandchildren(&family)
        case .motherWithAdultChild:
            let mother = birth(age: Ages.motherOfAdult.pick(&random))
            let father = maleName(bornIn: year(of: mother) - random.int(in: 0...4))
            let childIsHead = random.chance(25)
            family.add(adult(.female, born: mother), head: !childIsHead)
            if let child = childBirth(parent: mother, parentAgeAtBirth: 19...40, childAge: 18...35) {
                let sex: Sex = random.chance(45) ? .female : .male
                family.add(adult(sex, born: child, father: father), head: childIsHead)
            }
        case .coupleWithAdultChild:
            let (wife, husband) = couple(wifeAge: Ages.motherOfAdult.pick(&random))
            let husbandIsHead = random.chance(50)
            family.add(wife.person, head: !husbandIsHead)
            family.add(husband.person, head: husbandIsHead)
            if let child = childBirth(parent: wife.born, parentAgeAtBirth: 19...40, childAge: 18...30) {
                family.add(adult(random.chance(50) ? .female : .male, born: child, father: husband.name))
            }
            if random.chance(25) {
                addChildren(1, mother: wife.born, father: husband.name, to: &family)
            }
        }
        var members = family.ordered()
        for i in members.indices {
            members[i].idpCertificate = nextCertificate(office: office)
            members[i].hasDisability = disabilityMark(members[i])
        }
        return (settlement, members)
    }

    /// Whether the register marks this person with a disability: more often with age, per mille.
    private mutating func disabilityMark(_ person: Person) -> Bool {
        let age = person.birthDate?.age(on: todayDate) ?? 40
        let perMille: UInt64 = age < 18 ? 15 : age < 40 ? 20 : age < 60 ? 50 : age < 75 ? 90 : 150
        return marks.below(1000) < perMille
    }

    /// The father's mother, the mother, the children, and sometimes the father and the
    /// grandfather. Everyone carries the father's surname.
    private mutating func threeGenerations(_ family: inout Family) {
        var (mother, father) = couple(wifeAge: Ages.mother.pick(&random))
        let grandmother =
            parentBirth(child: father.born, parentAgeAtBirth: 19...38, parentAge: 45...95)
            ?? birth(age: Ages.elder.pick(&random))
        // The grandfather, present or not, gives the father his patronymic.
        let grandfatherBorn = husbandBirth(wife: grandmother)
        let grandfather = maleName(bornIn: year(of: grandfatherBorn))
        father.person.patronymic = grandfather.patronymicMale
        let grandmotherIsHead = random.chance(40)
        family.add(adult(.female, born: grandmother), head: grandmotherIsHead)
        if random.chance(30) {
            family.add(adult(.male, born: grandfatherBorn, given: grandfather))
        }
        family.add(mother.person, head: !grandmotherIsHead)
        if random.chance(30) { family.add(father.person) }
        addChildren(Ages.childrenOfThreeGenerations.pick(&random), mother: mother.born, father: father.name, to: &family)
    }

    /// A pensioner and a grown son or daughter who looks after them.
    private mutating func adultWithOldParent(_ family: inout Family) {
        let parentSex: Sex = random.chance(78) ? .female : .male
        let parent = birth(age: Ages.oldParent.pick(&random))
        let childIsHead = random.chance(70)
        let childsFather: DemoNames.MaleGivenName
        if parentSex == .male {
            let person = man(born: parent)
            family.add(person.person, head: !childIsHead)
            childsFather = person.name
        } else {
            family.add(adult(.female, born: parent), head: !childIsHead)
            childsFather = maleName(bornIn: year(of: parent) - random.int(in: 0...4))
        }
        let range = parentSex == .female ? 19...40 : 20...45
        let child =
            childBirth(parent: parent, parentAgeAtBirth: range, childAge: 25...65)
            ?? childBirth(parent: parent, parentAgeAtBirth: range, childAge: 18...65)
        if let child {
            let sex: Sex = random.chance(50) ? .female : .male
            family.add(adult(sex, born: child, father: childsFather), head: childIsHead)
        }
    }

    /// Grandparents raising their son's children while the son serves.
    private mutating func grandparentsWithGrandchildren(_ family: inout Family) {
        let son = birth(age: random.int(in: 24...45))
        let sonName = maleName(bornIn: year(of: son))
        let grandmother =
            parentBirth(child: son, parentAgeAtBirth: 19...38, parentAge: 45...95)
            ?? birth(age: Ages.elder.pick(&random))
        let withGrandfather = random.chance(35)
        family.add(adult(.female, born: grandmother), head: !withGrandfather || random.chance(60))
        if withGrandfather {
            family.add(adult(.male, born: husbandBirth(wife: grandmother)))
        }
        // The grandchildren were born while the son was 19–45; their mother is not in the
        // household, so the son's birth stands in for hers.
        addChildren(Ages.grandchildren.pick(&random), mother: son, father: sonName, to: &family)
    }

    // MARK: People

    private struct Woman {
        var person: Person
        var born: Int
    }

    /// A man, with the name his children's patronymics come from.
    private struct Man {
        var person: Person
        var born: Int
        var name: DemoNames.MaleGivenName
    }

    /// A married couple; the wife takes the husband's surname, each has their own father.
    private mutating func couple(wifeAge: Int) -> (wife: Woman, husband: Man) {
        let wifeBorn = birth(age: wifeAge)
        let wife = Woman(person: adult(.female, born: wifeBorn), born: wifeBorn)
        return (wife, man(born: husbandBirth(wife: wifeBorn)))
    }

    private mutating func man(born: Int) -> Man {
        let name = maleName(bornIn: year(of: born))
        let father = maleName(bornIn: year(of: born) - 28)
        let person = makePerson(.male, born: born, given: name.given, father: father)
        return Man(person: person, born: born, name: name)
    }

    private mutating func husbandBirth(wife: Int) -> Int {
        let age = CivilDate(dayNumber: wife).age(on: todayDate)
        return birth(age: min(100, max(18, age + Ages.husbandMinusWife.pick(&random))))
    }

    /// An adult with a given name of their generation and a father of the generation before.
    private mutating func adult(
        _ sex: Sex, born: Int, father: DemoNames.MaleGivenName? = nil,
        given: DemoNames.MaleGivenName? = nil
    ) -> Person {
        let father = father ?? maleName(bornIn: year(of: born) - 28)
        let givenName =
            sex == .male
            ? (given ?? maleName(bornIn: year(of: born))).given : femaleName(bornIn: year(of: born))
        return makePerson(sex, born: born, given: givenName, father: father)
    }

    private mutating func addChildren(
        _ count: Int, mother: Int, father: DemoNames.MaleGivenName, to family: inout Family
    ) {
        var named: Set<String> = []
        for born in childrenBirths(count, mother: mother) {
            let sex: Sex = random.chance(51) ? .male : .female
            var given = ""
            // Twins are never given one name: the register could not tell them apart.
            for _ in 0..<8 {
                given = sex == .male ? maleName(bornIn: year(of: born)).given : femaleName(bornIn: year(of: born))
                if !named.contains("\(given)|\(born)") { break }
            }
            named.insert("\(given)|\(born)")
            family.add(makePerson(sex, born: born, given: given, father: father))
        }
    }

    private mutating func makePerson(
        _ sex: Sex, born: Int, given: String, father: DemoNames.MaleGivenName
    ) -> Person {
        let birthDate = CivilDate(dayNumber: born)
        let age = birthDate.age(on: todayDate)
        let phoneChance = age < 18 ? 0 : age < 70 ? 93 : age < 80 ? 78 : 50
        return Person(
            surname: "",  // set by Family.add, in the person's form
            givenName: given,
            patronymic: sex == .female ? father.patronymicFemale : father.patronymicMale,
            birthDate: birthDate, sex: sex,
            phone: random.chance(phoneChance) ? nextPhone() : nil,
            idpCertificate: nil, isHead: false)
    }

    // MARK: Dates

    private func year(of dayNumber: Int) -> Int { CivilDate(dayNumber: dayNumber).year }

    /// A birth day of someone exactly `age` years old today.
    private mutating func birth(age: Int) -> Int {
        let lo = latestBirth(today, yearsBefore: age + 1) + 1
        let hi = latestBirth(today, yearsBefore: age)
        return random.int(in: lo...hi)
    }

    /// A child's birth day: the parent aged `parentAgeAtBirth` then, the child aged
    /// `childAge` today. nil when no day fits both.
    private mutating func childBirth(
        parent: Int, parentAgeAtBirth: ClosedRange<Int>, childAge: ClosedRange<Int>
    ) -> Int? {
        guard let window = childWindow(parent: parent, parentAgeAtBirth: parentAgeAtBirth, childAge: childAge)
        else { return nil }
        return random.int(in: window)
    }

    private func childWindow(
        parent: Int, parentAgeAtBirth: ClosedRange<Int>, childAge: ClosedRange<Int>
    ) -> ClosedRange<Int>? {
        let lo = max(
            birthday(parent, years: parentAgeAtBirth.lowerBound),
            latestBirth(today, yearsBefore: childAge.upperBound + 1) + 1)
        let hi = min(
            birthday(parent, years: parentAgeAtBirth.upperBound + 1) - 1,
            latestBirth(today, yearsBefore: childAge.lowerBound))
        return lo <= hi ? lo...hi : nil
    }

    /// A parent's birth day: aged `parentAgeAtBirth` when `child` was born, `parentAge` today.
    private mutating func parentBirth(
        child: Int, parentAgeAtBirth: ClosedRange<Int>, parentAge: ClosedRange<Int>
    ) -> Int? {
        let lo = max(
            latestBirth(child, yearsBefore: parentAgeAtBirth.upperBound + 1) + 1,
            latestBirth(today, yearsBefore: parentAge.upperBound + 1) + 1)
        let hi = min(
            latestBirth(child, yearsBefore: parentAgeAtBirth.lowerBound),
            latestBirth(today, yearsBefore: parentAge.lowerBound))
        return lo <= hi ? random.int(in: lo...hi) : nil
    }

    /// Up to `count` children of a mother aged 18–45 at each birth, aged 0–17 today, oldest
    /// first, at least eleven months apart unless twins.
    private mutating func childrenBirths(_ count: Int, mother: Int) -> [Int] {
        guard count > 0,
            let window = childWindow(parent: mother, parentAgeAtBirth: 18...45, childAge: 0...17)
        else { return [] }
        var best: [Int] = []
        for _ in 0..<4 {
            var births: [Int] = []
            for _ in 0..<count {
                if let last = births.last, random.chance(2) {
                    births.append(last)  // twins
                } else {
                    births.append(random.int(in: window))
                }
            }
            births.sort()
            var kept: [Int] = []
            for b in births where kept.last.map({ b == $0 || b - $0 >= 335 }) ?? true {
                kept.append(b)
            }
            if kept.count > best.count { best = kept }
            if best.count == count { break }
        }
        return best
    }

    /// The day someone born on `day` turns `years` (a 29 February birthday falls on 1 March
    /// in common years, as `CivilDate.age(on:)` counts it).
    private func birthday(_ day: Int, years: Int) -> Int {
        let d = CivilDate(dayNumber: day)
        return (CivilDate(year: d.year + years, month: d.month, day: d.day)
            ?? CivilDate(year: d.year + years, month: 3, day: 1)!).dayNumber
    }

    /// The last birth day of someone who is at least `years` old on `day`.
    private func latestBirth(_ day: Int, yearsBefore years: Int) -> Int {
        let d = CivilDate(dayNumber: day)
        return (CivilDate(year: d.year - years, month: d.month, day: d.day)
            ?? CivilDate(year: d.year - years, month: 2, day: 28)!).dayNumber
    }

    // MARK: Names, places, numbers

    private mutating func maleName(bornIn year: Int) -> DemoNames.MaleGivenName {
        let pool = malePools[NamePool.generation(bornIn: year)]!
        return names.maleGiven[pool.pick(&random)]
    }

    private mutating func femaleName(bornIn year: Int) -> String {
        let pool = femalePools[NamePool.generation(bornIn: year)]!
        return names.femaleGiven[pool.pick(&random)].given
    }

    private mutating func nextSettlement() -> String {
        defer { householdCount += 1 }
        if householdCount % 2 == 0 { pairHubFirst = random.chance(50) }
        let inHub = (householdCount % 2 == 0) == pairHubFirst
        guard !inHub, let table = settlementTable else { return names.hubCity }
        return names.settlements[table.pick(&random)]
    }

    /// `05DD-NNNNNNNNNN`: the district office code, then ten digits unique in the register.
    private mutating func nextCertificate(office: UInt64) -> String {
        let serial = certificates(personCount)
        personCount += 1
        return String(unsafeUninitializedCapacity: 15) { buffer in
            let prefix = 500 + office
            var v = prefix
            for i in stride(from: 3, through: 0, by: -1) {
                buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            buffer[4] = UInt8(ascii: "-")
            v = serial
            for i in stride(from: 14, through: 5, by: -1) {
                buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            return 15
        }
    }

    /// `+380XXYYYYYYY`: a mobile operator code and seven digits, unique in the register.
    private mutating func nextPhone() -> String {
        let n = phones(phoneCount)
        phoneCount += 1
        let code = Self.operatorCodes[Int(n / 10_000_000)]
        return String(unsafeUninitializedCapacity: 13) { buffer in
            for (i, c) in "+380".utf8.enumerated() { buffer[i] = c }
            buffer[4] = UInt8(ascii: "0") + code / 10
            buffer[5] = UInt8(ascii: "0") + code % 10
            var v = n % 10_000_000
            for i in stride(from: 12, through: 6, by: -1) {
                buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            return 13
        }
    }
}

/// The members of one household as they are added; the surname is the family's, in each
/// member's form.
private struct Family {
    let surname: DemoNames.Surname
    private var members: [(person: Person, head: Bool)] = []

    init(surname: DemoNames.Surname) { self.surname = surname }

    mutating func add(_ person: Person, head: Bool = false) {
        var person = person
        person.surname = surname.form(for: person.sex ?? .male)
        members.append((person, head))
    }

    /// The head first, then everyone else oldest first.
    func ordered() -> [Person] {
        let headIndex = members.firstIndex(where: \.head) ?? 0
        var head = members[headIndex].person
        head.isHead = true
        var rest = members.indices.filter { $0 != headIndex }.map { members[$0].person }
        rest.sort { ($0.birthDate?.dayNumber ?? 0) < ($1.birthDate?.dayNumber ?? 0) }
        return [head] + rest
    }
}

/// Given names a person of some birth year may carry, earlier lines of the list more likely.
struct NamePool: Sendable {
    private let indices: [Int]
    private let table: WeightedTable

    init(indices: [Int]) {
        self.indices = indices
        table = WeightedTable(rankWeights(indices.count, flatness: 8))
    }

    func pick(_ random: inout DemoRandom) -> Int { indices[table.pick(&random)] }

    /// Born before 1975: untagged and `old` names; 1975–1994: untagged and `new`; from 1995:
    /// untagged, `new` and `young`. A pool that would be empty takes every name.
    static func pools(_ generations: [DemoNames.Generation]) -> [DemoNames.Generation: NamePool] {
        func pool(_ allowed: Set<DemoNames.Generation>) -> NamePool {
            let chosen = generations.indices.filter { allowed.contains(generations[$0]) }
            return NamePool(indices: chosen.isEmpty ? Array(generations.indices) : chosen)
        }
        return [.old: pool([.any, .old]), .new: pool([.any, .new]), .young: pool([.any, .new, .young])]
    }

    /// The pool for someone born in `year`: `.old`, `.new` (1975–1994) or `.young`.
    static func generation(bornIn year: Int) -> DemoNames.Generation {
        year < 1975 ? .old : year >= 1995 ? .young : .new
    }
}

/// Weights falling with the rank like a Zipf law, flattened: `1 / (rank + flatness)`.
func rankWeights(_ count: Int, flatness: Int) -> [Int] {
    (0..<count).map { 1_000_000 / ($0 + 1 + flatness) }
}

/// Age distributions, as weights per year of age.
private enum Ages {
    static func table(_ bands: [(ClosedRange<Int>, Int)]) -> AgeTable {
        AgeTable(bands: bands)
    }

    /// 60 and over, thinning out after 75.
    static let elder = table([(60...64, 10), (65...69, 10), (70...74, 8), (75...79, 6), (80...84, 4), (85...89, 2), (90...96, 1)])
    /// Old parents cared for by a grown child.
    static let oldParent = table([(62...69, 6), (70...79, 8), (80...89, 5), (90...97, 1)])
    static let workingAge = table([(18...24, 4), (25...34, 6), (35...49, 7), (50...59, 7)])
    /// Wives of couples with no children in the household (grown up, or none yet).
    static let wifeWithoutChildren = table([(20...24, 3), (25...34, 5), (35...49, 6), (50...59, 8)])
    /// Mothers of children under 18.
    static let mother = table([(20...24, 3), (25...29, 6), (30...34, 8), (35...39, 8), (40...44, 6), (45...50, 3)])
    /// Mothers of grown children.
    static let motherOfAdult = table([(40...49, 5), (50...59, 6), (60...69, 4), (70...72, 1)])
    /// Husband's age minus wife's.
    static let husbandMinusWife = AgeTable(values: [
        (-3, 2), (-2, 3), (-1, 5), (0, 8), (1, 10), (2, 11), (3, 10), (4, 8), (5, 6), (6, 4), (7, 3),
        (8, 2), (10, 1), (12, 1),
    ])
    static let childrenOfSingleMother = AgeTable(values: [(1, 55), (2, 35), (3, 10)])
    static let childrenOfCouple = AgeTable(values: [(1, 40), (2, 40), (3, 15), (4, 5)])
    static let childrenOfThreeGenerations = AgeTable(values: [(1, 50), (2, 38), (3, 12)])
    static let grandchildren = AgeTable(values: [(1, 60), (2, 32), (3, 8)])
}

/// Integers with weights: ages, age gaps, numbers of children.
private struct AgeTable: Sendable {
    private let values: [Int]
    private let table: WeightedTable

    init(bands: [(ClosedRange<Int>, Int)]) {
        self.init(values: bands.flatMap { band in band.0.map { ($0, band.1) } })
    }

    init(values: [(Int, Int)]) {
        self.values = values.map(\.0)
        table = WeightedTable(values.map(\.1))
    }

    func pick(_ random: inout DemoRandom) -> Int { values[table.pick(&random)] }
}
