import CNcursesw
import DeskUI

/// How each role looks on this terminal: attributes plus, where colours are in use, a pair.
struct Styles {
    struct Look {
        var attributes: attr_t
        var pair: Int16
    }

    private var looks: [Look]
    let usesColour: Bool

    func look(_ role: StyleRole) -> Look { looks[Int(role.rawValue)] }

    /// Sets up colour pairs when the terminal has colours and the user has not asked for none
    /// (https://no-color.org: NO_COLOR set and not empty). Call once, after newterm.
    static func start(environment: [String: String]) -> Styles {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColour, has_colors(), start_color() == aiddesk_ok() {
            return colour()
        }
        return monochrome()
    }

    private static func colour() -> Styles {
        // The terminal's own background for plain text, where it allows it.
        let defaults = use_default_colors() == aiddesk_ok()
        let background = defaults ? Int16(-1) : Int16(COLOR_BLACK)
        let foreground = defaults ? Int16(-1) : Int16(COLOR_WHITE)
        let bold = aiddesk_a_bold()
        let normal = aiddesk_a_normal()
        var looks = Array(repeating: Look(attributes: normal, pair: 0), count: StyleRole.allCases.count)
        var nextPair: Int16 = 1
        func set(_ role: StyleRole, _ fg: Int16, _ bg: Int16, _ attributes: attr_t) {
            var pair: Int16 = 0
            if fg != foreground || bg != background {
                if init_pair(nextPair, fg, bg) == aiddesk_ok() {
                    pair = nextPair
                    nextPair += 1
                }
            }
            looks[Int(role.rawValue)] = Look(attributes: attributes, pair: pair)
        }
        let black = Int16(COLOR_BLACK), white = Int16(COLOR_WHITE), cyan = Int16(COLOR_CYAN)
        set(.normal, foreground, background, normal)
        set(.bar, black, cyan, normal)  // Midnight Commander's bars
        set(.selected, black, cyan, normal)
        set(.error, white, Int16(COLOR_RED), bold)
        set(.success, Int16(COLOR_GREEN), background, bold)
        set(.warning, Int16(COLOR_YELLOW), background, bold)
        set(.muted, foreground, background, aiddesk_a_dim())
        set(.key, white, black, bold)
        set(.keyLabel, black, cyan, normal)
        set(.input, black, white, normal)
        set(.strong, foreground, background, bold)
        // A pair that failed (a terminal with too few pairs) falls back to attributes that still tell it apart.
        var styles = Styles(looks: looks, usesColour: true)
        let mono = monochrome()
        for role in StyleRole.allCases where role != .normal && role != .muted && role != .strong {
            if styles.looks[Int(role.rawValue)].pair == 0 { styles.looks[Int(role.rawValue)] = mono.look(role) }
        }
        return styles
    }

    /// Bold, reverse and underline only: a VT100, a serial console, NO_COLOR.
    private static func monochrome() -> Styles {
        let bold = aiddesk_a_bold(), reverse = aiddesk_a_reverse(), underline = aiddesk_a_underline()
        let normal = aiddesk_a_normal()
        func attributes(_ role: StyleRole) -> attr_t {
            switch role {
            case .normal, .muted: return normal
            case .bar, .keyLabel: return reverse
            case .selected: return reverse | bold
            case .error: return reverse | bold
            case .success, .warning, .strong, .key: return bold
            case .input: return underline
            }
        }
        return Styles(looks: StyleRole.allCases.map { Look(attributes: attributes($0), pair: 0) }, usesColour: false)
    }
}
