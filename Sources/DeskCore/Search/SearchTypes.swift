/// Why a person matched a query word, for the screen to show next to the result.
public enum MatchKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The word as registered (letter confusions such as е/є or a missing apostrophe included).
    case exact
    /// The beginning of a registered word: `ков` for Коваленко.
    case prefix
    /// A single letter for the given name or patronymic: `Коваленко О. П.`
    case initials
    /// Latin letters in any common system: Olha, Olga, Serhii, Sergey, Ševčenko.
    case transliteration
    /// The Russian form of a given name or patronymic: Сергей, Александровна.
    case russianForm
    /// One or two slips of the finger: a wrong, missing, extra or swapped letter.
    case typo
    /// The other keyboard layout was active: `rjdfkmxer` for ковальчук.
    case keyboardLayout
    case phone
    case certificate
    case householdNumber
    /// A household card's code, scanned or typed (`CardCode`): that family, and no other.
    case card
}

/// One person of the register as the search engine needs them: the store builds these
/// from its rows, or `SearchIndex(households:)` from a `Register`.
public struct SearchRecord: Sendable, Hashable {
    /// The household number as registered (`00417`).
    public var household: String
    /// The person's position among the household's members (0 for the head).
    public var member: Int
    public var surname: String
    public var givenName: String
    public var patronymic: String
    /// `+380XXXXXXXXX` or any shape `PhoneNumber.normalise` accepts.
    public var phone: String?
    public var idpCertificate: String?

    public init(
        household: String, member: Int, surname: String, givenName: String,
        patronymic: String = "", phone: String? = nil, idpCertificate: String? = nil
    ) {
        self.household = household
        self.member = member
        self.surname = surname
        self.givenName = givenName
        self.patronymic = patronymic
        self.phone = phone
        self.idpCertificate = idpCertificate
    }
}

/// One person found for a query.
public struct SearchResult: Sendable, Hashable {
    /// The household number as registered.
    public var household: String
    /// The position of the person's record in the sequence the index was built from.
    public var record: Int
    /// The person's position among the household's members.
    public var member: Int
    /// `Коваленко Олена Петрівна`, as registered.
    public var name: String
    /// 1 for an exact match of every word typed; lower for looser matches.
    public var score: Double
    /// The main reason: the loosest way any query word matched.
    public var kind: MatchKind
    /// How each word of the query matched, in the order typed.
    public var wordKinds: [MatchKind]
}

/// The answer to one query, and what the next keystroke's search can reuse.
public struct SearchResults: Sendable {
    public let query: String
    /// Best first; ties in household-number order.
    public let results: [SearchResult]
    /// How many people matched every word of the query (the results are the best `limit`).
    public let matchedCount: Int
    let state: SearchState?
    /// Whether this search reused the previous keystroke's candidates.
    public let refined: Bool
}

/// What a search leaves for the next keystroke: the words as understood and matched, and
/// every person who matched them all.
final class SearchState: Sendable {
    let words: [QueryWord]
    let matches: [WordMatch]
    let matchedPeople: [Int32]?
    /// The index this state belongs to (a refinement against another index starts afresh).
    let indexIdentity: ObjectIdentifier

    init(words: [QueryWord], matches: [WordMatch], matchedPeople: [Int32]?, indexIdentity: ObjectIdentifier) {
        self.words = words
        self.matches = matches
        self.matchedPeople = matchedPeople
        self.indexIdentity = indexIdentity
    }
}
