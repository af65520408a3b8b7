/// Why a criterion could not be read, and where: `position` counts characters from the start
/// of what was typed, so the message can point at the place.
public struct CriterionError: Error, Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        case empty
        /// A word that is none of the criterion's words.
        case unknownWord(String)
        /// `age` or `size` without `>=`, `<` … after it.
        case comparisonExpected(after: String)
        /// A comparison without a whole number after it.
        case numberExpected(after: String)
        /// A number beyond any age or household (over 200).
        case numberTooLarge(String)
        /// `and`, `or`, `not` or `(` with nothing after it.
        case conditionExpected
        /// A condition where `and` or `or` should join it to the one before.
        case joinExpected(String)
        case unclosedBracket
        case unopenedBracket
    }

    public var problem: Problem
    public var position: Int

    public init(_ problem: Problem, at position: Int) {
        self.problem = problem
        self.position = position
    }
}

extension EntitlementCriterion {
    /// The largest number a condition may name: no one is older, no household larger.
    public static let largestNumber = 200

    /// Reads a criterion as a coordinator types it. Words are not case-sensitive, spaces are
    /// optional around comparisons and brackets; `and` binds tighter than `or`.
    public init(parsing text: String) throws(CriterionError) {
        var parser = CriterionParser(text)
        self = try parser.parseWhole()
    }
}

/// A recursive-descent reader over the typed characters.
private struct CriterionParser {
    enum Token: Equatable {
        case word(String)
        case comparison(EntitlementCriterion.Comparison)
        case number(String)
        case open, close
        case unknown(String)
    }

    let tokens: [(token: Token, position: Int)]
    let end: Int
    var index = 0

    /// Every word the language knows, English and Ukrainian, folded to lower case.
    static let words: [String: String] = [
        "age": "age", "вік": "age", "віку": "age",
        "size": "size", "розмір": "size", "людей": "size", "осіб": "size",
        "disability": "disability", "disabled": "disability", "інвалідність": "disability",
        "city": "city", "місто": "city",
        "region": "region", "регіон": "region", "область": "region", "район": "region",
        "and": "and", "і": "and", "та": "and", "й": "and",
        "or": "or", "або": "or",
        "not": "not", "не": "not", "без": "not",
    ]

    init(_ text: String) {
        var tokens: [(Token, Int)] = []
        let characters = Array(text)
        var i = 0
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c == "'" || c == "’" || c == "_" }
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c == "(" { tokens.append((.open, i)); i += 1; continue }
            if c == ")" { tokens.append((.close, i)); i += 1; continue }
            if c.isASCII && c.isNumber {
                while i < characters.count, characters[i].isASCII, characters[i].isNumber { i += 1 }
                tokens.append((.number(String(characters[start..<i])), start))
                continue
            }
            if "<>=!≥≤".contains(c) {
                var symbol = String(c)
                i += 1
                if i < characters.count, characters[i] == "=", c != "≥", c != "≤" {
                    symbol.append("=")
                    i += 1
                }
                let comparison: EntitlementCriterion.Comparison? = switch symbol {
                case ">=", "≥", "=>": .atLeast
                case "<=", "≤", "=<": .atMost
                case ">": .above
                case "<": .below
                case "=", "==": .equal
                case "!=": .notEqual
                default: nil
                }
                if symbol == "=", i < characters.count, characters[i] == ">" || characters[i] == "<" {
                    // `=>` and `=<`, as people also write them.
                    let atLeast = characters[i] == ">"
                    i += 1
                    tokens.append((.comparison(atLeast ? .atLeast : .atMost), start))
                    continue
                }
                tokens.append((comparison.map(Token.comparison) ?? .unknown(symbol), start))
                continue
            }
            if isWordCharacter(c) {
                while i < characters.count, isWordCharacter(characters[i]) { i += 1 }
                tokens.append((.word(String(characters[start..<i]).lowercased()), start))
                continue
            }
            if c == "&" || c == "|" {
                // `&&` and `||`, as programmers write them.
                while i < characters.count, characters[i] == c { i += 1 }
                tokens.append((.word(c == "&" ? "and" : "or"), start))
                continue
            }
            tokens.append((.unknown(String(c)), start))
            i += 1
        }
        self.tokens = tokens
        self.end = characters.count
    }

    var current: (token: Token, position: Int)? { index < tokens.count ? tokens[index] : nil }
    var position: Int { current?.position ?? end }

    func keyword(_ token: Token?) -> String? {
        if case .word(let word)? = token { return Self.words[word] }
        return nil
    }

    mutating func parseWhole() throws(CriterionError) -> EntitlementCriterion {
        guard !tokens.isEmpty else { throw CriterionError(.empty, at: 0) }
        let criterion = try parseOr()
        if let extra = current {
            switch extra.token {
            case .close: throw CriterionError(.unopenedBracket, at: extra.position)
            case .word(let word) where Self.words[word] == nil:
                throw CriterionError(.unknownWord(word), at: extra.position)
            default: throw CriterionError(.joinExpected(describe(extra.token)), at: extra.position)
            }
        }
        return criterion
    }

    mutating func parseOr() throws(CriterionError) -> EntitlementCriterion {
        var left = try parseAnd()
        while keyword(current?.token) == "or" {
            index += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    mutating func parseAnd() throws(CriterionError) -> EntitlementCriterion {
        var left = try parseUnary()
        while keyword(current?.token) == "and" {
            index += 1
            left = .and(left, try parseUnary())
        }
        return left
    }

    mutating func parseUnary() throws(CriterionError) -> EntitlementCriterion {
        guard let (token, at) = current else { throw CriterionError(.conditionExpected, at: end) }
        switch token {
        case .open:
            index += 1
            let inner = try parseOr()
            guard current?.token == .close else {
                if let extra = current { throw CriterionError(.joinExpected(describe(extra.token)), at: extra.position) }
                throw CriterionError(.unclosedBracket, at: at)
            }
            index += 1
            return inner
        case .close:
            throw CriterionError(.conditionExpected, at: at)
        case .word(let word):
            guard let meaning = Self.words[word] else { throw CriterionError(.unknownWord(word), at: at) }
            index += 1
            switch meaning {
            case "not": return .not(try parseUnary())
            case "disability": return .disability
            case "city": return .city
            case "region": return .region
            case "age", "size":
                guard case .comparison(let comparison)? = current?.token else {
                    throw CriterionError(.comparisonExpected(after: word), at: position)
                }
                index += 1
                guard case .number(let digits)? = current?.token else {
                    throw CriterionError(.numberExpected(after: word + comparison.rawValue), at: position)
                }
                guard let number = Int(digits), number <= EntitlementCriterion.largestNumber else {
                    throw CriterionError(.numberTooLarge(digits), at: position)
                }
                index += 1
                return meaning == "age" ? .age(comparison, number) : .size(comparison, number)
            default:
                // `and` or `or` where a condition should stand.
                throw CriterionError(.conditionExpected, at: at)
            }
        case .comparison, .number, .unknown:
            throw CriterionError(.unknownWord(describe(token)), at: at)
        }
    }

    func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): return word
        case .comparison(let c): return c.rawValue
        case .number(let digits): return digits
        case .open: return "("
        case .close: return ")"
        case .unknown(let text): return text
        }
    }
}

extension Strings {
    /// The criterion's problem in words, then the criterion with a caret under the place.
    public func explain(_ error: CriterionError, in text: String) -> String {
        let message: String
        switch error.problem {
        case .empty: message = self("plan.criterion.empty")
        case .unknownWord(let word): message = self("plan.criterion.unknownWord", ["word": word])
        case .comparisonExpected(let word): message = self("plan.criterion.comparisonExpected", ["word": word])
        case .numberExpected(let word): message = self("plan.criterion.numberExpected", ["word": word])
        case .numberTooLarge(let number):
            message = self("plan.criterion.numberTooLarge", ["number": number, "max": String(EntitlementCriterion.largestNumber)])
        case .conditionExpected: message = self("plan.criterion.conditionExpected")
        case .joinExpected(let word): message = self("plan.criterion.joinExpected", ["word": word])
        case .unclosedBracket: message = self("plan.criterion.unclosedBracket")
        case .unopenedBracket: message = self("plan.criterion.unopenedBracket")
        }
        // Each whitespace character (a tab, a Windows line end) shown as one space: the position
        // counts characters, so the caret stays under the place.
        let line = String(text.map { $0.isWhitespace ? " " : $0 })
        let caret = String(repeating: " ", count: max(0, min(error.position, line.count))) + "^"
        return message + "\n  " + line + "\n  " + caret + "\n" + self("plan.criterion.words")
    }
}
