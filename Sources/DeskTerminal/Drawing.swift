import CNcursesw
import DeskUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Puts a ScreenBuffer on the ncurses screen.
///
/// Whole rows go through `wadd_wchnstr`, which neither moves the cursor nor wraps: writing the
/// last column of the last row cannot scroll the screen.
struct Painter {
    let styles: Styles
    private var row: [cchar_t] = []
    private var cursorShown: Bool?

    init(styles: Styles) {
        self.styles = styles
    }

    mutating func paint(_ buffer: ScreenBuffer, on window: UnsafeMutablePointer<WINDOW>) {
        werase(window)
        let width = buffer.width
        if row.count != width { row = Array(repeating: cchar_t(), count: width) }
        for y in 0..<buffer.height {
            for x in 0..<width {
                let cell = buffer[y, x]
                let look = styles.look(cell.role)
                var text = Self.wideCharacters(cell.character)
                _ = text.withUnsafeMutableBufferPointer { chars in
                    setcchar(&row[x], chars.baseAddress, look.attributes, look.pair, nil)
                }
            }
            if wmove(window, Int32(y), 0) != aiddesk_err() {
                _ = wadd_wchnstr(window, row, Int32(width))
            }
        }
        if let cursor = buffer.cursor, (0..<buffer.height).contains(cursor.row), (0..<width).contains(cursor.column) {
            wmove(window, Int32(cursor.row), Int32(cursor.column))
            showCursor(true)
        } else {
            // Parked in the corner for terminals that cannot hide it (a VT100).
            wmove(window, Int32(max(0, buffer.height - 1)), Int32(max(0, width - 1)))
            showCursor(false)
        }
        wrefresh(window)
    }

    private mutating func showCursor(_ visible: Bool) {
        guard cursorShown != visible else { return }
        cursorShown = visible
        _ = curs_set(visible ? 1 : 0)
    }

    /// The cell's character as ncurses wants it: one spacing character then up to four combining
    /// marks, zero-terminated. Anything that would not take exactly one column (a control
    /// character, a wide CJK character, an emoji) is drawn as "?" so that the columns stay true.
    static func wideCharacters(_ character: Character) -> [wchar_t] {
        let scalars = Array(character.unicodeScalars)
        guard let base = scalars.first, aiddesk_wcwidth(wchar_t(bitPattern: base.value)) == 1 else {
            return [wchar_t(63), 0]
        }
        var result: [wchar_t] = [wchar_t(bitPattern: base.value)]
        for mark in scalars.dropFirst() where result.count < 5 {
            let value = wchar_t(bitPattern: mark.value)
            if mark.value >= 0x300, aiddesk_wcwidth(value) == 0 { result.append(value) }
        }
        result.append(0)
        return result
    }
}
