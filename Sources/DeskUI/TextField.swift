/// A one-line text input with a cursor: the search line, a reason, a proxy's name.
public struct TextField: Sendable, Hashable {
    public private(set) var text: String = ""
    /// Cursor position in characters, 0...text.count.
    public private(set) var cursor: Int = 0
    /// Pasted walls of text are cut here rather than allowed to grow without end.
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 120) {
        self.maxLength = maxLength
        self.text = String(text.prefix(maxLength))
        cursor = self.text.count
    }

    public var isEmpty: Bool { text.isEmpty }

    public mutating func set(_ newText: String) {
        text = String(newText.prefix(maxLength))
        cursor = text.count
    }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            guard text.count < maxLength, !c.isNewline else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(c, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text.removeFirst(cursor)
            cursor = 0
        case .control("w"):
            // Delete the word before the cursor, as in a shell.
            var start = cursor
            let chars = Array(text)
            while start > 0 && chars[start - 1] == " " { start -= 1 }
            while start > 0 && chars[start - 1] != " " { start -= 1 }
            text = String(chars[..<start] + chars[cursor...])
            cursor = start
        default:
            return false
        }
        return true
    }
}
