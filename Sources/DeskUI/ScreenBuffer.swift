import DeskCore

/// What a cell means, not how it looks: the terminal layer maps roles to colours where the
/// terminal has them, and to bold / reverse / underline where it does not (vt100, linux console).
public enum StyleRole: UInt8, Sendable, Hashable, CaseIterable {
    case normal
    /// Title and status bars.
    case bar
    /// The selected line of a list.
    case selected
    /// A refusal or error: the volunteer must read it.
    case error
    /// Something done: issued, checked in.
    case success
    /// Worth noticing: low stock, a warning.
    case warning
    /// Secondary text: hints, dates, explanations.
    case muted
    /// The key names in the function-key bar.
    case key
    /// The label next to a key in the function-key bar.
    case keyLabel
    /// Input fields.
    case input
    /// Emphasised text inside normal text (names, numbers).
    case strong
}

/// One character cell of the screen.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var role: StyleRole

    public init(_ character: Character = " ", role: StyleRole = .normal) {
        self.character = character
        self.role = role
    }
}

/// The whole screen as a grid of cells: what the terminal layer draws, and what tests compare.
///
/// Every character counts as one column. That holds for Ukrainian and Latin text and the
/// box-drawing and block characters we use; wide (CJK) characters are not expected in a register.
public struct ScreenBuffer: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal should put its cursor (an input field), or nil to hide it.
    public var cursor: (row: Int, column: Int)? {
        get { cursorPosition.map { ($0.row, $0.column) } }
        set { cursorPosition = newValue.map { Position(row: $0.row, column: $0.column) } }
    }
    private var cursorPosition: Position?

    private struct Position: Sendable, Hashable {
        var row: Int
        var column: Int
    }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// Writes `text` from (`row`, `column`), clipped at `limit` columns (default: the right edge).
    /// Returns the column after the last character written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, role: StyleRole = .normal, limit: Int? = nil)
        -> Int
    {
        guard row >= 0, row < height else { return column }
        let end = min(width, column + (limit ?? width))
        var col = column
        for character in text {
            if col >= end { break }
            if col >= 0 {
                self[row, col] = Cell(ScreenBuffer.displayable(character), role: role)
            }
            col += 1
        }
        return col
    }

    /// What a cell shows for `character`: whatever is stored (an old database, one edited by
    /// hand), a control character or a bidirectional override must never reach the terminal.
    /// A line break shows as a space, anything else refused as `�`, one cell either way.
    static func displayable(_ character: Character) -> Character {
        if character.isNewline { return " " }
        return TextInput.isAcceptable(character) ? character : "\u{FFFD}"
    }

    /// Paints `role` over a whole row (a bar), keeping its characters.
    public mutating func fill(row: Int, from column: Int = 0, to end: Int? = nil, role: StyleRole) {
        guard row >= 0, row < height else { return }
        for col in max(0, column)..<min(width, end ?? width) {
            self[row, col].role = role
        }
    }

    /// The text of each row, trailing spaces kept: what a golden screen compares.
    public var lines: [String] {
        (0..<height).map { row in String((0..<width).map { self[row, $0].character }) }
    }

    /// The rows with trailing spaces removed, joined by newlines, for goldens that read well in a diff.
    public var text: String {
        lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }.joined(separator: "\n")
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursorPosition == b.cursorPosition
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(cells)
    }
}
