import CNcursesw
import DeskUI
import Foundation

extension TerminalDesk {
    /// Puts `text` on the message line (the second row from the bottom) at once, in the warning
    /// style, cut to the width: for a notice that comes while the desk waits inside an operation
    /// («Інший стіл зайнятий, повторюю…»). The next full draw replaces it with the normal screen.
    ///
    /// May be called from any thread, but only while the desk's own thread is blocked in the
    /// operation that gives rise to the notice (a busy handler): ncurses is not thread-safe.
    /// Does nothing unless the screen is open (between `run` taking over the terminal and
    /// giving it back), so a notice never scribbles on a closed or restored terminal.
    public static func showNotice(_ text: String) {
        NoticeBoard.lock.lock()
        defer { NoticeBoard.lock.unlock() }
        guard let styles = NoticeBoard.styles else { return }
        NoticeBoard.draw(text, styles: styles)
    }
}

/// Whether the screen is open for notices, and how they look on it. Set and cleared by
/// `TerminalDesk.run`; read by `showNotice`, under the same lock.
enum NoticeBoard {
    static let lock = NSLock()
    nonisolated(unsafe) private(set) static var styles: Styles?

    /// The screen is up: notices may be drawn, with these styles.
    static func opened(styles: Styles) {
        lock.lock()
        self.styles = styles
        lock.unlock()
    }

    /// The screen is about to go: no more notices.
    static func closing() {
        lock.lock()
        styles = nil
        lock.unlock()
    }

    /// Draws one row as the message line draws a warning: a space, the text, then spaces to the
    /// end, all in the warning style. Characters, not bytes: Cyrillic is two bytes a letter in
    /// UTF-8, and each character is drawn as one column (`Painter.wideCharacters`). The cursor
    /// goes back where it was.
    fileprivate static func draw(_ text: String, styles: Styles) {
        let window = aiddesk_stdscr()
        var rows: Int32 = 0
        var columns: Int32 = 0
        aiddesk_getmaxyx(&rows, &columns)
        guard rows >= 2, columns > 0 else { return }
        let width = Int(columns)
        let oneLine = text.map { $0.isNewline ? " " : $0 }
        var characters = Array((" " + String(oneLine)).prefix(width))
        characters += Array(repeating: " ", count: width - characters.count)
        let look = styles.look(.warning)
        var row = Array(repeating: cchar_t(), count: width)
        for (x, character) in characters.enumerated() {
            var wide = Painter.wideCharacters(character)
            _ = wide.withUnsafeMutableBufferPointer { chars in
                setcchar(&row[x], chars.baseAddress, look.attributes, look.pair, nil)
            }
        }
        let cursorRow = getcury(window)
        let cursorColumn = getcurx(window)
        if wmove(window, rows - 2, 0) != aiddesk_err() {
            _ = wadd_wchnstr(window, row, Int32(width))
        }
        if cursorRow >= 0, cursorColumn >= 0 { wmove(window, cursorRow, cursorColumn) }
        wrefresh(window)
    }
}
