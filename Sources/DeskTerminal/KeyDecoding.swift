import CNcursesw
import DeskCore
import DeskUI

/// Turns what `wget_wch` returned into a `Key`. Total: every input maps to some key, never a trap.
enum KeyDecoding {
    /// `status` is wget_wch's return (OK or KEY_CODE_YES); `code` the value it stored.
    static func key(status: Int32, code: UInt32) -> Key {
        if status == aiddesk_key_code_yes() { return functionKey(Int32(truncatingIfNeeded: code)) }
        return character(code)
    }

    /// A character code (not a KEY_ code): control codes, then printable characters of any script.
    static func character(_ code: UInt32) -> Key {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(0x60 + code))))
        case 0...31, 128...159: return .unknown
        default: break
        }
        guard let scalar = Unicode.Scalar(code) else { return .unknown }  // a surrogate or beyond U+10FFFF
        if TextInput.isRefused(scalar) { return .unknown }  // the one rule for text from outside
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .unassigned, .privateUse, .lineSeparator, .paragraphSeparator:
            return .unknown
        default:
            return .character(Character(scalar))
        }
    }

    /// A KEY_ code from the terminfo-decoded sequences (keypad mode).
    static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_SELECT, KEY_LL: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        default:
            for n in 1...12 where code == aiddesk_key_f(Int32(n)) { return .function(n) }
            return .unknown
        }
    }

    /// Sequences that terminfo entries often lack but terminals (and tmux, whatever TERM says)
    /// send anyway. Each is added only where the entry does not already bind it.
    static var extraSequences: [(String, Int32)] {
        let esc = "\u{1B}"
        var list: [(String, Int32)] = []
        // F1-F4: xterm/tmux SS3 form, the old VT220 form, and the Linux console's.
        for (index, letter) in ["P", "Q", "R", "S"].enumerated() {
            list.append((esc + "O" + letter, aiddesk_key_f(Int32(index + 1))))
            list.append((esc + "[" + String(11 + index) + "~", aiddesk_key_f(Int32(index + 1))))
        }
        for (index, letter) in ["A", "B", "C", "D", "E"].enumerated() {
            list.append((esc + "[[" + letter, aiddesk_key_f(Int32(index + 1))))
        }
        // F5-F12 in the VT220 numbering that xterm, screen, tmux and the console share.
        for (n, number) in [(5, 15), (6, 17), (7, 18), (8, 19), (9, 20), (10, 21), (11, 23), (12, 24)] {
            list.append((esc + "[\(number)~", aiddesk_key_f(Int32(n))))
        }
        // Arrows in both cursor-key modes.
        for (letter, code) in [("A", KEY_UP), ("B", KEY_DOWN), ("C", KEY_RIGHT), ("D", KEY_LEFT)] {
            list.append((esc + "[" + letter, code))
            list.append((esc + "O" + letter, code))
        }
        list += [
            (esc + "[1~", KEY_HOME), (esc + "[7~", KEY_HOME), (esc + "[H", KEY_HOME), (esc + "OH", KEY_HOME),
            (esc + "[4~", KEY_END), (esc + "[8~", KEY_END), (esc + "[F", KEY_END), (esc + "OF", KEY_END),
            (esc + "[3~", KEY_DC), (esc + "[5~", KEY_PPAGE), (esc + "[6~", KEY_NPAGE), (esc + "[Z", KEY_BTAB),
            (esc + "OM", KEY_ENTER),
        ]
        return list
    }
}
