/// The one rule for text that comes from outside (a register cell, a command-line argument, a
/// key at the desk, a line of standard input) and for text that leaves for a terminal.
///
/// Refused on the way in, wherever it enters: control characters (C0 with NUL and tab, DEL,
/// C1 U+0080–U+009F) and the bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069). None of them belongs in a name, a reason or a query; stored, they can clear
/// a volunteer's terminal, rename its window, or make a name read backwards in a list.
/// Text that is too long is refused too, so that no stored or typed word can make a search
/// slow (see `Limit`).
///
/// On the way out to a terminal, whatever is already stored (an old database, one edited by
/// hand) is shown with each such character written visibly as `\u{1B}`.
public enum TextInput {
    /// How long each kind of text may be, in Unicode scalars (a Ukrainian letter is one).
    /// Generous for any real name or note, small enough that nothing built on it is slow.
    public enum Limit {
        /// A surname, given name or patronymic, a settlement, a household or certificate number:
        /// one register cell.
        public static let registerCell = 200
        /// A person's or operator's name, a desk, a proxy, a distribution's name or place, a
        /// document's name.
        public static let name = 200
        /// A reason (void, stock change, merge, close-out difference).
        public static let reason = 500
        /// What was typed into a search: the desk's search line, `find QUERY`, a line of
        /// `find`'s standard input.
        public static let query = 200
        /// Any other command-line argument (a file path, a date, a kit code).
        public static let argument = 4096
    }

    /// Why a text was refused.
    public enum Problem: Sendable, Hashable {
        /// The first refused character in it.
        case controlCharacter(Unicode.Scalar)
        /// Longer than the limit for its kind.
        case tooLong(limit: Int)
    }

    /// Whether `scalar` is refused in text from outside.
    @inline(__always)
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v <= 0x9F) { return true }
        return (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// Whether a character (a grapheme cluster) may be typed into a field: none of its scalars refused.
    public static func isAcceptable(_ character: Character) -> Bool {
        !character.unicodeScalars.contains(where: isRefused)
    }

    /// What is wrong with `text`, or nil when it may be stored. Looks at no more than
    /// `limit + 1` scalars, so a text of millions of characters costs no more than a short one.
    public static func problem(in text: some StringProtocol, limit: Int) -> Problem? {
        var count = 0
        for scalar in text.unicodeScalars {
            if isRefused(scalar) { return .controlCharacter(scalar) }
            count += 1
            if count > limit { return .tooLong(limit: limit) }
        }
        return nil
    }

    /// `\u{1B}`: how a refused character is shown, in messages and in escaped output.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
    }

    /// `text` made safe to write to a terminal: every refused character shown as `\u{…}`,
    /// except the line feeds the program's own output is made of (`keepingLineFeeds`).
    public static func escapedForTerminal(_ text: String, keepingLineFeeds: Bool = true) -> String {
        replacingRefused(in: text, keepingLineFeeds: keepingLineFeeds, with: visible)
    }

    /// JSON text (as an encoder wrote it) with DEL, C1 and the bidirectional controls, which
    /// JSON allows raw inside strings, written as `\uXXXX` escapes: the same value for a
    /// script, harmless on a terminal. Refused characters occur only inside strings, where
    /// such an escape is valid.
    public static func escapedJSON(_ json: String) -> String {
        replacingRefused(in: json, keepingLineFeeds: true) { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    static func replacingRefused(
        in text: String, keepingLineFeeds: Bool, with replacement: (Unicode.Scalar) -> String
    ) -> String {
        func replaced(_ s: Unicode.Scalar) -> Bool { isRefused(s) && !(keepingLineFeeds && s == "\n") }
        guard text.unicodeScalars.contains(where: replaced) else { return text }
        // Scalars gathered first: appending to a `UnicodeScalarView` piece by piece copies it
        // each time, which made long names quadratic elsewhere.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if replaced(scalar) {
                scalars += replacement(scalar).unicodeScalars
            } else {
                scalars.append(scalar)
            }
        }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }

    /// At most `limit` characters of `text`, with `…` when something was left out: for
    /// quoting a refused value in a message without repeating megabytes of it.
    public static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        var end = text.startIndex
        var count = 0
        while end < text.endIndex && count < limit {
            end = text.index(after: end)
            count += 1
        }
        return end == text.endIndex ? String(text) : String(text[..<end]) + "…"
    }
}

/// Splits a stream of bytes into lines of at most `limit` bytes, whatever arrives: a line
/// longer than that is answered as `.tooLong` once its end is seen, its bytes dropped as
/// they come, so a line of gigabytes costs no memory and no time beyond reading it.
/// `\n` ends a line, and a `\r` before it is dropped (files saved on Windows).
public struct BoundedLines: Sendable {
    public enum Line: Sendable, Hashable {
        case text(String)
        /// A line over the limit; `start` is its beginning, for the answer to name it.
        case tooLong(start: String)
    }

    public let limit: Int
    private var current: [UInt8] = []
    private var overflowed = false

    public init(limit: Int) { self.limit = limit }

    /// The lines completed by `bytes`.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Line] {
        var lines: [Line] = []
        for byte in bytes {
            if byte == 0x0A {
                lines.append(finish())
            } else if current.count <= limit + 1 {
                // One byte more than the limit, for the `\r` a Windows line ends with.
                current.append(byte)
                if current.count > limit + 1 { overflowed = true }
            }
        }
        return lines
    }

    /// The last line, when the input did not end with a line break.
    public mutating func end() -> Line? {
        current.isEmpty && !overflowed ? nil : finish()
    }

    private mutating func finish() -> Line {
        defer {
            current.removeAll(keepingCapacity: true)
            overflowed = false
        }
        if !overflowed, current.last == 0x0D { current.removeLast() }
        if overflowed || current.count > limit {
            let head = String(decoding: current.prefix(min(limit, 160)), as: UTF8.self)
            return .tooLong(start: String(head.prefix(40)) + "…")
        }
        return .text(String(decoding: current, as: UTF8.self))
    }
}
