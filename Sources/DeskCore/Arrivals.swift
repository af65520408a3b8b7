// Arrivals: what the door records when a family comes in, and who is called first.

/// The document the volunteer at the door was shown.
public enum CheckInDocument: Sendable, Hashable {
    /// Довідка ВПО: the IDP certificate.
    case idpCertificate
    case passport
    /// Anything else, named as the volunteer wrote it (a birth certificate, a driving licence).
    case other(String)

    /// The stored code: `idp_certificate`, `passport` or `other`.
    public var code: String {
        switch self {
        case .idpCertificate: "idp_certificate"
        case .passport: "passport"
        case .other: "other"
        }
    }

    /// The name written for `other`; nil for the two named kinds.
    public var note: String? {
        if case .other(let text) = self { return text }
        return nil
    }

    /// From the stored code and note; nil when no document was recorded.
    public init?(code: String?, note: String?) {
        switch code {
        case "idp_certificate": self = .idpCertificate
        case "passport": self = .passport
        case "other": self = .other(note ?? "")
        default: return nil
        }
    }

    /// What a volunteer types after `--document`: the codes, the usual words in either
    /// language (`довідка`, `ВПО`, `паспорт`, `idp`), or any other text for another document.
    /// Empty text is nil.
    public init?(typed text: String) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let word = trimmed.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        switch word {
        case "idp", "idp_certificate", "certificate", "idp_cert", "впо", "довідка", "довідка_впо", "довiдка":
            self = .idpCertificate
        case "passport", "паспорт", "id_card", "id_картка", "id_паспорт":
            self = .passport
        default:
            self = .other(trimmed)
        }
    }

    /// `довідка ВПО`, `паспорт`, or the name written for another document.
    public func name(_ strings: Strings) -> String {
        switch self {
        case .idpCertificate: strings("arrivals.document.idp")
        case .passport: strings("arrivals.document.passport")
        case .other(let text): text.isEmpty ? strings("arrivals.document.other") : text
        }
    }
}

/// Why a family waiting to be served may be called before its turn.
public enum PriorityReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// A member aged 60 or more on the day (the report's 60+ band).
    case over60 = "over_60"
    /// A child under 5 (the report's 0–4 band).
    case under5 = "under_5"
    /// A member the register marks as having a disability (the register's `Інвалідність` column).
    case disability

    /// The reasons that apply to a family with these members, on `day`, in this order.
    /// A member without a birth date in the register counts for neither age; one the register
    /// says nothing about (no disability column) does not count for disability.
    public static func reasons(for members: [Person], on day: CivilDate) -> [PriorityReason] {
        let ages = members.compactMap { $0.birthDate?.age(on: day) }
        var reasons: [PriorityReason] = []
        if ages.contains(where: { $0 >= 60 }) { reasons.append(.over60) }
        if ages.contains(where: { $0 >= 0 && $0 < 5 }) { reasons.append(.under5) }
        if members.contains(where: { $0.hasDisability == true }) { reasons.append(.disability) }
        return reasons
    }

    /// The short mark shown in lists: `60+`, `до 5`, `інв.`.
    public func mark(_ strings: Strings) -> String { strings("arrivals.priority.\(rawValue)") }
}
