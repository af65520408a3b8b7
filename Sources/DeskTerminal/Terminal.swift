import CNcursesw
import DeskUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the desk could not take over the terminal. Nothing on the screen has changed when it is thrown.
public enum TerminalError: Error, CustomStringConvertible, Sendable {
    /// Standard input or output is not a terminal (a pipe, a file, cron).
    case notATerminal
    /// ncurses could not set up this terminal type (no terminfo entry, no cursor addressing).
    case cannotStart(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "Екран столу потребує термінала: stdin і stdout не є терміналом. "
                + "The desk screen needs a terminal: stdin and stdout are not one."
        case .cannotStart(let term):
            return "Не вдалося відкрити термінал типу «\(term)»; спробуйте TERM=xterm-256color. "
                + "Cannot open a terminal of type \"\(term)\"; try TERM=xterm-256color."
        }
    }
}

/// The full-screen desk on a real terminal: the only code that talks to ncurses.
public enum TerminalDesk {
    /// How often other desks' writes are looked for, and the longest a key read waits.
    static let pollInterval: Int32 = 250

    /// Takes over the terminal and runs `loop` until the volunteer quits (F10, Ctrl-Q): then
    /// the terminal is restored and this returns.
    ///
    /// On SIGINT, SIGTERM or SIGHUP the terminal is restored within one poll interval and the
    /// process exits with status 128 + the signal's number (this function does not return).
    /// All ncurses calls happen on the calling thread, but for `showNotice`, which draws while
    /// that thread is blocked in an operation (waiting for another desk). Throws `TerminalError`
    /// before touching the screen when there is no usable terminal.
    ///
    /// `environment` is the process environment: `NO_COLOR` (set and not empty) turns colours off.
    public static func run(_ loop: inout DeskLoop, environment: [String: String]) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        prepareLocale()
        aiddesk_install_quit_handlers()
        aiddesk_save_tty()
        guard let screen = openScreen(environment: environment) else {
            aiddesk_restore_quit_handlers()
            throw TerminalError.cannotStart(term: environment["TERM"] ?? "")
        }
        aiddesk_install_fatal_handlers()
        var session = Session(environment: environment)
        // Notices (another desk holding the database) may be drawn only while the screen is up.
        NoticeBoard.opened(styles: session.styles)
        let signal = session.run(&loop)
        NoticeBoard.closing()
        session.close(screen)
        aiddesk_restore_fatal_handlers()
        aiddesk_restore_quit_handlers()
        // A signal that came while closing counts too: it was asked for, and the screen is restored.
        let caught = signal ?? aiddesk_caught_signal()
        if caught != 0 { exit(128 + caught) }
    }

    /// ncurses needs a UTF-8 locale to read and draw Cyrillic. Over SSH the locale is often bare
    /// C/POSIX: then C.UTF-8 (every current glibc has it), else en_US.UTF-8. A deliberately
    /// chosen non-UTF-8 locale (KOI8-U) is left alone. Numbers keep the C format whatever the locale.
    private static func prepareLocale() {
        _ = setlocale(LC_ALL, "")
        if aiddesk_locale_is_utf8() == 0, aiddesk_locale_is_ascii() != 0 {
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
                if setlocale(LC_CTYPE, name) != nil { break }
            }
        }
        _ = setlocale(LC_NUMERIC, "C")
    }

    /// newterm on $TERM; if its terminfo entry is missing (a new terminal emulator over SSH),
    /// the xterm entry that nearly all of them follow, then a plain VT100.
    private static func openScreen(environment: [String: String]) -> OpaquePointer? {
        // ncurses takes the window size from the tty, not from stale LINES/COLUMNS variables.
        use_env(true)
        use_tioctl(true)
        if let screen = aiddesk_newterm(nil) { return usable(screen) }
        let term = environment["TERM"] ?? ""
        guard term != "dumb" else { return nil }
        for fallback in ["xterm-256color", "vt100"] where fallback != term {
            if let screen = aiddesk_newterm(fallback) { return usable(screen) }
        }
        return nil
    }

    /// A screen that cannot address its cursor (TERM=dumb, a printing terminal) would draw
    /// garbage: given back before anything is drawn.
    private static func usable(_ screen: OpaquePointer) -> OpaquePointer? {
        guard aiddesk_has_cursor_addressing() == 0 else { return screen }
        endwin()
        delscreen(screen)
        return nil
    }
}

/// One run of the desk on the screen: the read loop, with its timeout and drawing state.
private struct Session {
    private let window: UnsafeMutablePointer<WINDOW>
    private var painter: Painter
    var styles: Styles { painter.styles }
    private var currentTimeout: Int32 = -2
    /// A key read while looking past an Esc, handed out by the next read.
    private var pushedBack: (status: Int32, code: UInt32)?

    init(environment: [String: String]) {
        window = aiddesk_stdscr()
        raw()  // Ctrl-C, Ctrl-Q, Ctrl-S arrive as keys, not signals or flow control
        noecho()
        nonl()
        _ = intrflush(window, false)
        _ = keypad(window, true)
        _ = meta(window, true)
        _ = set_escdelay(25)
        for (sequence, code) in KeyDecoding.extraSequences where key_defined(sequence) == 0 {
            _ = define_key(sequence, code)
        }
        painter = Painter(styles: Styles.start(environment: environment))
    }

    /// Reads keys and draws until quit (nil) or a quit signal (its number).
    mutating func run(_ loop: inout DeskLoop) -> Int32? {
        let clock = ContinuousClock()
        var lastPoll = clock.now
        var needsDraw = true
        var instantFailures = 0
        while true {
            let signal = aiddesk_caught_signal()
            if signal != 0 { return signal }
            // With a redraw pending, only keys already typed (a paste, key repeat) are taken
            // first; the screen is drawn as soon as the input is drained.
            let wait = needsDraw ? 0 : TerminalDesk.pollInterval
            let started = clock.now
            if let key = nextKey(timeout: wait) {
                instantFailures = 0
                // Peek: when more keys are already typed, the desk skips searches they make stale.
                if pushedBack == nil, let more = read(timeout: 0) { pushedBack = more }
                guard loop.press(key, moreKeysWaiting: pushedBack != nil) else { return nil }
                if key != .unknown { needsDraw = true }
            } else if needsDraw {
                draw(&loop)
                needsDraw = false
            } else if started.duration(to: clock.now) < .milliseconds(20) {
                // A read that times out at once, again and again: the terminal has gone away
                // without a SIGHUP. Leave as if hung up rather than spin.
                instantFailures += 1
                if instantFailures >= 40 { return SIGHUP }
            } else {
                instantFailures = 0
            }
            if lastPoll.duration(to: clock.now) >= .milliseconds(Int(TerminalDesk.pollInterval)) {
                lastPoll = clock.now
                if loop.poll() { needsDraw = true }
            }
        }
    }

    private mutating func draw(_ loop: inout DeskLoop) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        aiddesk_getmaxyx(&rows, &columns)
        guard rows > 0, columns > 0 else { return }
        painter.paint(loop.draw(width: Int(columns), height: Int(rows)), on: window)
    }

    /// Clears the screen first: a terminal without an alternate screen (a VT100, the Linux
    /// console) would otherwise keep the last family's names on view after the desk closes.
    func close(_ screen: OpaquePointer) {
        werase(window)
        wrefresh(window)
        _ = curs_set(1)
        endwin()
        delscreen(screen)
    }

    // MARK: Keys

    private mutating func read(timeout: Int32) -> (status: Int32, code: UInt32)? {
        if let key = pushedBack {
            pushedBack = nil
            return key
        }
        if timeout != currentTimeout {
            wtimeout(window, timeout)
            currentTimeout = timeout
        }
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        guard status != aiddesk_err() else { return nil }
        return (status, UInt32(code))
    }

    /// The next key, or nil when none came within `timeout` milliseconds.
    private mutating func nextKey(timeout: Int32) -> Key? {
        guard let (status, code) = read(timeout: timeout) else { return nil }
        if status == aiddesk_ok(), code == 27 { return afterEscape() }
        return KeyDecoding.key(status: status, code: code)
    }

    /// ncurses hands over ESC alone once the escape delay has passed with nothing after it, or
    /// when what follows matched no known sequence. What follows at once is then either an
    /// unknown sequence (Ctrl-arrows, a terminal's report, a paste marker): swallowed whole, so
    /// it never types "[1;5A" into the search line; or a key typed right after Esc (keys bunched
    /// together over a slow SSH link, a second Esc, F10): kept for the next read, so that
    /// Esc and the key both count.
    private mutating func afterEscape() -> Key {
        guard let next = read(timeout: 0) else { return .escape }
        guard next.status == aiddesk_ok(), next.code == 0x5B || next.code == 0x4F else {  // "[" or "O"
            pushedBack = next
            return .escape
        }
        // CSI or SS3: parameter and intermediate bytes, then one final byte.
        for _ in 0..<32 {
            guard let byte = read(timeout: 0), byte.status == aiddesk_ok() else { break }
            if !(0x20...0x3F).contains(byte.code) { break }
        }
        return .unknown
    }
}
