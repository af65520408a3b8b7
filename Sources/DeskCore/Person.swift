/// Sex as the IDP certificate records it; the donors' reports count people by it.
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    case female = "F"
    case male = "M"
}

/// One registered person, as in the hub's register.
public struct Person: Sendable, Hashable, Codable {
    public var surname: String
    public var givenName: String
    public var patronymic: String
    public var birthDate: CivilDate?
    public var sex: Sex?
    /// Normalised to `+380XXXXXXXXX`, or nil when the register has none.
    public var phone: String?
    /// The number of the IDP certificate (довідка ВПО), as written on it.
    public var idpCertificate: String?
    /// The head of household collects by default and is listed first.
    public var isHead: Bool
    /// Whether the register marks the person as having a disability (a priority case at the
    /// desk). nil when the register does not say: a file without the column, or a person stored
    /// before the column existed. An import that does not say keeps what is stored.
    public var hasDisability: Bool?

    public init(
        surname: String, givenName: String, patronymic: String = "",
        birthDate: CivilDate? = nil, sex: Sex? = nil, phone: String? = nil,
        idpCertificate: String? = nil, isHead: Bool = false, hasDisability: Bool? = nil
    ) {
        self.surname = surname
        self.givenName = givenName
        self.patronymic = patronymic
        self.birthDate = birthDate
        self.sex = sex
        self.phone = phone
        self.idpCertificate = idpCertificate
        self.isHead = isHead
        self.hasDisability = hasDisability
    }

    /// `Коваленко Олена Петрівна`: surname first, as on the certificate.
    public var fullName: String {
        [surname, givenName, patronymic].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// What identifies a person inside one household across re-imports of the register:
    /// a corrected phone must update the person, not add a second one.
    public var identityKey: String {
        [surname, givenName, patronymic].map { $0.lowercased() }.joined(separator: "|")
            + "|" + (birthDate?.iso ?? "")
    }
}

/// A family as the register groups it, keyed by the register's own household number.
public struct Household: Sendable, Hashable, Codable {
    /// The number volunteers and families know (`№ сім'ї`), kept as written, leading zeros included.
    public var number: String
    public var settlement: String
    /// Head of household first.
    public var members: [Person]

    public init(number: String, settlement: String, members: [Person]) {
        self.number = number
        self.settlement = settlement
        self.members = members
    }

    public var head: Person? { members.first(where: \.isHead) ?? members.first }
}

/// The whole register: what an import brings in, or what the demo generates.
public struct Register: Sendable, Hashable {
    public var households: [Household]
    public init(households: [Household]) { self.households = households }
    public var peopleCount: Int { households.reduce(0) { $0 + $1.members.count } }
}
