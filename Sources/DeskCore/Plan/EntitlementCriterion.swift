/// Who a kit is planned for, as a coordinator writes it: `age>=60 or age<5`,
/// `disability and not city`, `(size>=5 or disability) and region`.
///
/// Ages and disability speak of *any* member of the family; `size` counts its people; `city`
/// is the hub's city as the report counts it (`region`, everywhere else). Ukrainian words are
/// understood as well as English ones (`вік>=60 або інвалідність`), since the coordinator
/// types in whichever layout is active.
public indirect enum EntitlementCriterion: Sendable, Hashable {
    /// A member whose age on the distribution's date compares so with the number.
    case age(Comparison, Int)
    /// The number of people in the family compares so with the number.
    case size(Comparison, Int)
    /// A member marked with a disability in the register.
    case disability
    /// The family lives in the hub's city.
    case city
    /// The family lives elsewhere in the region.
    case region
    case not(EntitlementCriterion)
    case and(EntitlementCriterion, EntitlementCriterion)
    case or(EntitlementCriterion, EntitlementCriterion)

    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case atLeast = ">="
        case atMost = "<="
        case above = ">"
        case below = "<"
        case equal = "="
        case notEqual = "!="

        func holds(_ value: Int, _ bound: Int) -> Bool {
            switch self {
            case .atLeast: return value >= bound
            case .atMost: return value <= bound
            case .above: return value > bound
            case .below: return value < bound
            case .equal: return value == bound
            case .notEqual: return value != bound
            }
        }
    }

    /// Whether the family meets the criterion on `date`. A member with no birth date recorded
    /// meets no age condition; a family with no member marked meets no disability condition.
    public func holds(for family: PlanFamily, on date: CivilDate, hubCity: String) -> Bool {
        switch self {
        case .age(let comparison, let bound):
            return family.members.contains { member in
                guard let born = member.birthDate, born <= date else { return false }
                return comparison.holds(born.age(on: date), bound)
            }
        case .size(let comparison, let bound):
            return comparison.holds(family.members.count, bound)
        case .disability:
            return family.members.contains { $0.hasDisability == true }
        case .city:
            return family.isInCity(hubCity)
        case .region:
            return !family.isInCity(hubCity)
        case .not(let inner):
            return !inner.holds(for: family, on: date, hubCity: hubCity)
        case .and(let a, let b):
            return a.holds(for: family, on: date, hubCity: hubCity) && b.holds(for: family, on: date, hubCity: hubCity)
        case .or(let a, let b):
            return a.holds(for: family, on: date, hubCity: hubCity) || b.holds(for: family, on: date, hubCity: hubCity)
        }
    }

    /// Whether the criterion depends on where families live (then the plan keeps the hub's city).
    public var mentionsPlace: Bool {
        switch self {
        case .city, .region: return true
        case .age, .size, .disability: return false
        case .not(let inner): return inner.mentionsPlace
        case .and(let a, let b), .or(let a, let b): return a.mentionsPlace || b.mentionsPlace
        }
    }

    /// The criterion written back in the language's canonical English words, with only the
    /// brackets it needs: what the database keeps and what `plan show` prints.
    public var text: String { written(inside: 0) }

    /// `inside`: 0 at the top, 1 inside `or`, 2 inside `and`, 3 after `not`.
    private func written(inside level: Int) -> String {
        func bracketed(_ text: String, _ own: Int) -> String { level > own ? "(" + text + ")" : text }
        switch self {
        case .age(let c, let n): return "age" + c.rawValue + String(n)
        case .size(let c, let n): return "size" + c.rawValue + String(n)
        case .disability: return "disability"
        case .city: return "city"
        case .region: return "region"
        case .not(let inner): return "not " + inner.written(inside: 3)
        case .and(let a, let b): return bracketed(a.written(inside: 2) + " and " + b.written(inside: 2), 2)
        case .or(let a, let b): return bracketed(a.written(inside: 1) + " or " + b.written(inside: 1), 1)
        }
    }
}

/// A family as the plan sees it: its people (a household merged into it included, each person
/// once) and where it lives.
public struct PlanFamily: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public var birthDate: CivilDate?
        public var hasDisability: Bool?
        public init(birthDate: CivilDate?, hasDisability: Bool? = nil) {
            self.birthDate = birthDate
            self.hasDisability = hasDisability
        }
    }

    /// The household number the family is served under.
    public var household: String
    public var members: [Member]
    public var settlement: String

    public init(household: String, members: [Member], settlement: String) {
        self.household = household
        self.members = members
        self.settlement = settlement
    }

    /// As the report counts it: the settlement, trimmed and without regard to case, is the
    /// hub's city. With no city known, every family is in the region.
    public func isInCity(_ hubCity: String) -> Bool {
        let city = hubCity.trimmingSpaces().lowercased()
        return !city.isEmpty && settlement.trimmingSpaces().lowercased() == city
    }
}
