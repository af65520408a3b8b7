/// The columns of the hub's register the import understands.
public enum RegisterColumn: String, Sendable, Hashable, Codable, CaseIterable {
    case household
    case surname
    case givenName = "given_name"
    case patronymic
    case birthDate = "birth_date"
    case sex
    case phone
    case idpCertificate = "idp_certificate"
    case settlement
    case head
    /// Optional, one mark per person: a disability (yes, no or the group).
    case disability

    /// Position in `allCases`, for table lookups.
    var index: Int {
        switch self {
        case .household: 0
        case .surname: 1
        case .givenName: 2
        case .patronymic: 3
        case .birthDate: 4
        case .sex: 5
        case .phone: 6
        case .idpCertificate: 7
        case .settlement: 8
        case .head: 9
        case .disability: 10
        }
    }

    /// Without these three there is no register: the others may be absent or empty.
    public var isRequired: Bool { self == .household || self == .surname || self == .givenName }

    /// The Ukrainian header the hub's template uses.
    public var ukrainianHeader: String {
        switch self {
        case .household: "№ сімʼї"
        case .surname: "Прізвище"
        case .givenName: "Імʼя"
        case .patronymic: "По батькові"
        case .birthDate: "Дата народження"
        case .sex: "Стать"
        case .phone: "Телефон"
        case .idpCertificate: "Номер довідки ВПО"
        case .settlement: "Населений пункт"
        case .head: "Голова"
        case .disability: "Інвалідність"
        }
    }

    /// The English header (`household`, `given_name`, ...).
    public var englishHeader: String { rawValue }

    /// Header texts accepted for this column, beyond the two canonical ones. Matching ignores
    /// case, spaces, underscores, punctuation and apostrophes, so `№сімʼї`, `№ сім'ї` and
    /// `№ СІМЇ` are all the household column.
    static let aliases: [RegisterColumn: [String]] = [
        .household: [
            "№ сім'ї", "номер сім'ї", "№ родини", "номер родини", "№ домогосподарства",
            "номер домогосподарства", "household", "household_number", "household_no", "household_id",
        ],
        .surname: ["Прізвище", "surname", "last_name", "family_name"],
        .givenName: ["Ім'я", "given_name", "first_name"],
        .patronymic: ["По батькові", "patronymic", "middle_name"],
        .birthDate: ["Дата народження", "birth_date", "date_of_birth", "dob"],
        .sex: ["Стать", "sex", "gender"],
        .phone: ["Телефон", "номер телефону", "phone", "phone_number"],
        .idpCertificate: [
            "Номер довідки ВПО", "№ довідки ВПО", "довідка ВПО", "idp_certificate", "idp_certificate_number",
        ],
        .settlement: ["Населений пункт", "settlement"],
        .head: [
            "Голова", "голова сім'ї", "голова родини", "голова домогосподарства", "head",
            "head_of_household", "is_head",
        ],
        .disability: [
            "Особа з інвалідністю", "З інвалідністю", "Інвалідність (так/ні)", "Інвалідність (група)",
            "Група інвалідності", "Наявність інвалідності", "Інвалід", "ОзІ", "disability", "disabled",
            "has_disability", "person_with_disability", "disability_group",
        ],
    ]

    /// Normalised header text → column.
    static let byKey: [String: RegisterColumn] = {
        var table: [String: RegisterColumn] = [:]
        for (column, names) in aliases {
            for name in names + [column.ukrainianHeader, column.englishHeader] {
                let key = headerKey(name)
                precondition(table[key] == nil || table[key] == column, "alias clash: \(name)")
                table[key] = column
            }
        }
        return table
    }()

    /// The column a header cell names, if any: case, spaces, underscores, hyphens, dots,
    /// apostrophes (' ’ ʼ ` and none) and other punctuation do not matter.
    public init?(header: String) {
        guard let column = RegisterColumn.byKey[RegisterColumn.headerKey(header)] else { return nil }
        self = column
    }

    /// Letters, digits and № only, lowercased.
    static func headerKey(_ header: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in header.lowercased().unicodeScalars
        where scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "№" {
            // ʼ (U+02BC) is a letter to Unicode, but an apostrophe to us.
            if scalar == "\u{02BC}" || scalar == "\u{02B9}" { continue }
            key.append(scalar)
        }
        return String(key)
    }
}
