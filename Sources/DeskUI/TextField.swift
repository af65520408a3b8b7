import DeskCore

/// A one-line text input with a cursor: the search line, a reason, a proxy's name, a PIN, a
/// count. Every text field of the desk is one of these, so this is where typed text enters.
///
/// The cursor counts grapheme clusters (`Character`s), never code units or scalars. A key does
/// not always add a character: a combining mark (U+0301) or the second half of a flag arrives
/// as a key of its own and joins the character before it. So every edit rebuilds the text and
/// then says where the cursor is in the result, instead of assuming it moved by one.
public struct TextField: Sendable, Hashable {
    public private(set) var text: String = ""
    /// Cursor position in characters, 0...text.count.
    public private(set) var cursor: Int = 0
    /// Pasted walls of text are cut here rather than allowed to grow without end.
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 120) {
        self.maxLength = maxLength
        set(text)
    }

    public var isEmpty: Bool { text.isEmpty }

    /// Unicode scalars a field may hold: one character can carry any number of combining
    /// marks, and the limit in characters alone would not bound the text.
    var maxScalars: Int { maxLength * 4 }

    public mutating func set(_ newText: String) {
        let accepted = newText.filter(TextInput.isAcceptable)
        text = String(accepted.prefix(maxLength))
        while text.unicodeScalars.count > maxScalars { text.removeLast() }
        cursor = text.count
    }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        let characters = Array(text)
        let at = min(max(0, cursor), characters.count)
        switch key {
        case .character(let c):
            // A control character or a bidirectional override is never part of a name.
            guard TextInput.isAcceptable(c), !c.isNewline else { return true }
            guard characters.count < maxLength || joinsPrevious(c, characters[..<at]),
                text.unicodeScalars.count + c.unicodeScalars.count <= maxScalars
            else { return true }
            var before = String(characters[..<at])
            before.append(c)
            replace(before: before, after: characters[at...])
        case .backspace:
            guard at > 0 else { return true }
            replace(before: String(characters[..<(at - 1)]), after: characters[at...])
        case .delete:
            guard at < characters.count else { return true }
            replace(before: String(characters[..<at]), after: characters[(at + 1)...])
        case .left: cursor = max(0, at - 1)
        case .right: cursor = min(characters.count, at + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"):
            replace(before: "", after: characters[at...])
        case .control("w"):
            // Delete the word before the cursor, as in a shell.
            var start = at
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            replace(before: String(characters[..<start]), after: characters[at...])
        default:
            return false
        }
        return true
    }

    /// Whether `c` would merge into the character before the cursor (a combining mark, the
    /// second regional indicator of a flag), so that it adds no character to a full field.
    private func joinsPrevious(_ c: Character, _ before: ArraySlice<Character>) -> Bool {
        guard let last = before.last else { return false }
        return (String(last) + String(c)).count == 1
    }

    /// The text becomes `before` followed by `after`, the cursor between them. Where the two
    /// halves merge at the seam, the cursor goes after the merged character.
    private mutating func replace(before: String, after: ArraySlice<Character>) {
        text = before + String(after)
        cursor = min(before.count, text.count)
    }
}
