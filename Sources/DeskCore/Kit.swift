import Foundation

/// One kind of kit in the catalogue, with the rules that govern handing it out.
public struct KitDefinition: Sendable, Hashable, Codable {
    /// Stable code used on the command line and in reports: `hygiene`, `winterization`, ...
    public var code: String
    /// Ukrainian name, shown first.
    public var uk: String
    public var en: String
    /// Short names for the desk's one-line stock bar (`Гігієна`, `Зима`); the full name when absent.
    public var ukShort: String?
    public var enShort: String?
    /// Bedding and the like: one per household member, up to `householdCap`.
    public var perPerson: Bool
    /// Upper bound on the quantity one household gets in one distribution (per-person kits).
    public var householdCap: Int?
    /// "Not again within N days" across distributions: a winterization kit once a season.
    public var notAgainWithinDays: Int?

    public init(
        code: String, uk: String, en: String, perPerson: Bool = false, householdCap: Int? = nil,
        notAgainWithinDays: Int? = nil
    ) {
        self.code = code
        self.uk = uk
        self.en = en
        self.perPerson = perPerson
        self.householdCap = householdCap
        self.notAgainWithinDays = notAgainWithinDays
    }

    enum CodingKeys: String, CodingKey {
        case code, uk, en, ukShort, enShort, perPerson, householdCap, notAgainWithinDays
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        uk = try c.decode(String.self, forKey: .uk)
        en = try c.decode(String.self, forKey: .en)
        ukShort = try c.decodeIfPresent(String.self, forKey: .ukShort)
        enShort = try c.decodeIfPresent(String.self, forKey: .enShort)
        perPerson = try c.decodeIfPresent(Bool.self, forKey: .perPerson) ?? false
        householdCap = try c.decodeIfPresent(Int.self, forKey: .householdCap)
        notAgainWithinDays = try c.decodeIfPresent(Int.self, forKey: .notAgainWithinDays)
    }

    /// How many of this kit a household of `householdSize` people gets in one distribution.
    public func quantity(forHouseholdOf householdSize: Int) -> Int {
        guard perPerson else { return 1 }
        let wanted = max(1, householdSize)
        return householdCap.map { min(wanted, $0) } ?? wanted
    }

    public func name(in language: Language) -> String { language == .uk ? uk : en }

    public func shortName(in language: Language) -> String {
        (language == .uk ? ukShort : enShort) ?? name(in: language)
    }
}

/// The kits a hub hands out, in the order the desk lists them.
public struct KitCatalogue: Sendable, Hashable {
    public let kits: [KitDefinition]

    public init(kits: [KitDefinition]) { self.kits = kits }

    /// Reads the catalogue file format of `Resources/kits.json`: `{"kits": [ {...}, ... ]}`.
    public init(json: Data) throws {
        struct File: Decodable { var kits: [KitDefinition] }
        let file = try JSONDecoder().decode(File.self, from: json)
        var seen = Set<String>()
        for kit in file.kits where !seen.insert(kit.code).inserted {
            throw CatalogueError.duplicateCode(kit.code)
        }
        self.kits = file.kits
    }

    public subscript(code: String) -> KitDefinition? { kits.first { $0.code == code } }

    public enum CatalogueError: Error, Equatable {
        case duplicateCode(String)
    }
}

/// The interface languages: Ukrainian first, English second.
public enum Language: String, Sendable, CaseIterable, Codable {
    case uk, en

    /// English when the locale variables ask for it (`LANG=en_GB.UTF-8`), Ukrainian otherwise:
    /// the hub's volunteers read Ukrainian, and a bare `C` locale says nothing about the reader.
    public static func fromLocale(environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("en") ? .en : .uk
            }
        }
        return .uk
    }
}
