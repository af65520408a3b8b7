/// A key press as the screen logic sees it, decoded by the terminal layer.
public enum Key: Sendable, Hashable {
    /// A printable character (any script): letters typed into the search line.
    case character(Character)
    /// Ctrl plus a letter, lower-case: `.control("q")` is Ctrl-Q.
    case control(Character)
    /// F1...F12.
    case function(Int)
    case enter, escape, backspace, delete, tab, backTab
    case up, down, left, right, pageUp, pageDown, home, end
    /// The terminal changed size: the loop redraws at the new size.
    case resize
    /// Anything the terminal sent that means nothing here; ignored, never a crash.
    case unknown
}
