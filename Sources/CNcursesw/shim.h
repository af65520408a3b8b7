#ifndef AIDDESK_CNCURSESW_SHIM_H
#define AIDDESK_CNCURSESW_SHIM_H

// Wide-character ncurses: these must come before the header, or get_wch and the
// cchar_t functions are not declared and Cyrillic arrives as bytes.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 refuses shared mutable C globals and does not import function-like macros:
// read them through functions.
static inline WINDOW *aiddesk_stdscr(void) { return stdscr; }
static inline int aiddesk_lines(void) { return LINES; }
static inline int aiddesk_cols(void) { return COLS; }
static inline int aiddesk_colors(void) { return COLORS; }
static inline int aiddesk_key_f(int n) { return KEY_F(n); }
static inline attr_t aiddesk_a_bold(void) { return A_BOLD; }
static inline attr_t aiddesk_a_reverse(void) { return A_REVERSE; }
static inline attr_t aiddesk_a_underline(void) { return A_UNDERLINE; }
static inline attr_t aiddesk_a_dim(void) { return A_DIM; }
static inline attr_t aiddesk_a_normal(void) { return A_NORMAL; }
static inline attr_t aiddesk_color_pair(int n) { return COLOR_PAIR(n); }
static inline int aiddesk_err(void) { return ERR; }
static inline int aiddesk_ok(void) { return OK; }
static inline int aiddesk_key_code_yes(void) { return KEY_CODE_YES; }
static inline void aiddesk_getmaxyx(int *rows, int *cols) {
    int y, x;
    getmaxyx(stdscr, y, x);
    *rows = y;
    *cols = x;
}

/// Columns a character takes in the current locale (-1: not printable). glibc declares wcwidth
/// only under _XOPEN_SOURCE, which the system module is not built with.
extern int wcwidth(wchar_t c);
static inline int aiddesk_wcwidth(wchar_t c) { return wcwidth(c); }

/// newterm on the process's own stdin/stdout (Swift 6 will not touch the stdio globals).
/// `term` NULL means $TERM. Returns NULL when the terminal cannot be set up.
static inline SCREEN *aiddesk_newterm(const char *term) { return newterm(term, stdout, stdin); }

/// The current terminal can move its cursor anywhere (not "dumb", not a printing terminal).
static inline int aiddesk_has_cursor_addressing(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (const char *)-1 && cup[0] != '\0';
}

/// The locale's character set is UTF-8.
static inline int aiddesk_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL) return 0;
    return strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf-8") == 0 || strcmp(codeset, "utf8") == 0
        || strcmp(codeset, "UTF8") == 0;
}

/// The locale is a bare C/POSIX one (7-bit ASCII), as over SSH without LANG.
static inline int aiddesk_locale_is_ascii(void) {
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL) return 1;
    return strcmp(codeset, "ANSI_X3.4-1968") == 0 || strcmp(codeset, "US-ASCII") == 0
        || strcmp(codeset, "ASCII") == 0 || codeset[0] == '\0';
}

// ---------------------------------------------------------------------------------------------
// Signals. These statics exist once per translation unit that uses them: Swift emits a copy of
// a header's static state into every Swift file calling these functions (debug builds compile
// file by file). Call them from ONE Swift file only (DeskTerminal/Terminal.swift).
// ---------------------------------------------------------------------------------------------

/// The last SIGINT / SIGTERM / SIGHUP received, or 0. Written only by the handler.
static volatile sig_atomic_t aiddesk_signal_caught = 0;
static struct sigaction aiddesk_previous_quit_actions[3] = {0};
static const int aiddesk_quit_signals[3] = {SIGINT, SIGTERM, SIGHUP};

static void aiddesk_on_quit_signal(int sig) { aiddesk_signal_caught = sig; }

/// Installs handlers that only record the signal; the screen loop sees it within one read
/// timeout and restores the terminal itself. Not SA_RESTART: a pending read returns early.
/// Install before newterm, so that ncurses leaves SIGINT/SIGTERM to us.
static inline void aiddesk_install_quit_handlers(void) {
    aiddesk_signal_caught = 0;
    for (int i = 0; i < 3; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = aiddesk_on_quit_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;
        sigaction(aiddesk_quit_signals[i], &action, &aiddesk_previous_quit_actions[i]);
    }
}

static inline void aiddesk_restore_quit_handlers(void) {
    for (int i = 0; i < 3; i++) sigaction(aiddesk_quit_signals[i], &aiddesk_previous_quit_actions[i], NULL);
}

static inline int aiddesk_caught_signal(void) { return aiddesk_signal_caught; }

// A crash (a Swift trap is SIGILL or SIGTRAP, a bad access SIGSEGV/SIGBUS) must not leave the
// volunteer's terminal in raw mode on the alternate screen. The handler does only
// async-signal-safe things: write the terminal's own reset strings, put back the saved tty
// modes, reinstall the previous handler (the Swift backtracer, or the default core dump) and
// return, so the faulting instruction runs again and reaches it (a signal sent with kill() is
// raised again instead).

static struct termios aiddesk_saved_tty = {0};
static int aiddesk_tty_saved = 0;
static char aiddesk_reset_sequence[256] = {0};
static size_t aiddesk_reset_length = 0;
static struct sigaction aiddesk_previous_fatal_actions[6] = {0};
static const int aiddesk_fatal_signals[6] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};

static void aiddesk_on_fatal_signal(int sig, siginfo_t *info, void *context) {
    (void)context;
    if (aiddesk_reset_length > 0) {
        ssize_t ignored = write(STDOUT_FILENO, aiddesk_reset_sequence, aiddesk_reset_length);
        (void)ignored;
    }
    if (aiddesk_tty_saved) tcsetattr(STDIN_FILENO, TCSANOW, &aiddesk_saved_tty);
    for (int i = 0; i < 6; i++) {
        if (aiddesk_fatal_signals[i] == sig) sigaction(sig, &aiddesk_previous_fatal_actions[i], NULL);
    }
    // Sent by kill() or raise() (abort): nothing will fault again, so send it on ourselves.
    // It stays blocked until this handler returns, then reaches the previous handler.
    if (info == NULL || info->si_code <= 0) raise(sig);
}

static inline void aiddesk_append_reset(const char *capability) {
    if (capability == NULL || capability == (const char *)-1) return;
    size_t length = strlen(capability);
    if (aiddesk_reset_length + length >= sizeof aiddesk_reset_sequence) return;
    memcpy(aiddesk_reset_sequence + aiddesk_reset_length, capability, length);
    aiddesk_reset_length += length;
}

/// Saves the tty modes as they are before ncurses changes them. Call before newterm.
static inline void aiddesk_save_tty(void) {
    aiddesk_tty_saved = tcgetattr(STDIN_FILENO, &aiddesk_saved_tty) == 0;
}

/// Call after newterm: records the terminal's reset strings and installs the crash handlers.
static inline void aiddesk_install_fatal_handlers(void) {
    aiddesk_reset_length = 0;
    aiddesk_append_reset(tigetstr("sgr0"));
    aiddesk_append_reset(tigetstr("cnorm"));
    aiddesk_append_reset(tigetstr("rmkx"));
    aiddesk_append_reset(tigetstr("rmcup"));
    aiddesk_append_reset("\r\n");
    for (int i = 0; i < 6; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = aiddesk_on_fatal_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigaction(aiddesk_fatal_signals[i], &action, &aiddesk_previous_fatal_actions[i]);
    }
}

static inline void aiddesk_restore_fatal_handlers(void) {
    for (int i = 0; i < 6; i++) sigaction(aiddesk_fatal_signals[i], &aiddesk_previous_fatal_actions[i], NULL);
    aiddesk_reset_length = 0;
}

#endif
