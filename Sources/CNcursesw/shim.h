#ifndef RECEDIT_CNCURSESW_SHIM_H
#define RECEDIT_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so turn the wide API on here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <curses.h>
#include <term.h>

// MARK: - Macros that do not import into Swift

static inline attr_t recedit_a_normal(void) { return A_NORMAL; }
static inline attr_t recedit_a_bold(void) { return A_BOLD; }
static inline attr_t recedit_a_reverse(void) { return A_REVERSE; }
static inline attr_t recedit_a_underline(void) { return A_UNDERLINE; }
static inline attr_t recedit_a_dim(void) { return A_DIM; }
static inline int recedit_key_f(int n) { return KEY_F(n); }

// ncurses is not linked: recedit's CClientLoader target defines the curses functions and loads libncursesw the
// first time one is called (only `open` and `browse` draw). Its variables are read through these.
WINDOW *recedit_curses_stdscr(void);
WINDOW *recedit_curses_curscr(void);
int recedit_curses_COLORS(void);
int recedit_curses_COLOR_PAIRS(void);
static inline WINDOW *recedit_stdscr(void) { return recedit_curses_stdscr(); }
static inline WINDOW *recedit_curscr(void) { return recedit_curses_curscr(); }
static inline int recedit_color_pairs(void) { return recedit_curses_COLOR_PAIRS(); }
static inline int recedit_colors(void) { return recedit_curses_COLORS(); }

// Declared by <wchar.h> only under _XOPEN_SOURCE, which SwiftPM drops.
extern int wcwidth(wchar_t c);

/// Columns the C library (and so curses) gives a character: -1 unprintable, 0 combining, 1 or 2.
static inline int recedit_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/// getmaxyx(stdscr, rows, cols).
static inline void recedit_screen_size(int *rows, int *cols) {
    int y = 0, x = 0;
    getmaxyx(recedit_stdscr(), y, x);
    *rows = y;
    *cols = x;
}

/// The window size the kernel reports for `fd` (0 when unknown).
static inline void recedit_tty_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0) {
        *rows = ws.ws_row;
        *cols = ws.ws_col;
    } else {
        *rows = 0;
        *cols = 0;
    }
}

/// Fills `cell` with up to CCHARW_MAX-1 wide characters (a spacing character plus combining marks).
static inline int recedit_setcchar(cchar_t *cell, const wchar_t *text, attr_t attrs, int pair) {
    return setcchar(cell, text, attrs, (short)0, &pair);
}

/// One wide character with the next read; `*key` is set and KEY_CODE_YES, OK or ERR is returned.
static inline int recedit_get_wch(unsigned int *key) {
    wint_t w = 0;
    int rc = wget_wch(recedit_stdscr(), &w);
    *key = (unsigned int)w;
    return rc;
}

/// tigetstr, with "not a string capability" ((char *)-1) mapped to NULL.
static inline const char *recedit_tigetstr(const char *cap) {
    char *s = tigetstr((char *)cap);
    if (s == (char *)-1) return NULL;
    return s;
}

// MARK: - Signals
//
// Everything below runs inside signal handlers and therefore only touches async-signal-safe calls
// (write, tcsetattr, sigaction, errno). The state is `static`: only one Swift file of TerminalUI
// (Signals.swift) may call these functions, so that there is exactly one copy of it.

static int recedit_signal_pipe_fd = -1;
static struct termios recedit_saved_termios = {0};
static volatile sig_atomic_t recedit_saved_termios_valid = 0;
static char recedit_reset_bytes[512] = {0};
static volatile sig_atomic_t recedit_reset_length = 0;
static struct sigaction recedit_previous_crash_actions[65] = {{{0}}};
static struct sigaction recedit_previous_pipe_actions[65] = {{{0}}};
static unsigned char recedit_pipe_action_saved[65] = {0};

/// Writes the signal number to the self-pipe; the event loop reads it.
static void recedit_pipe_signal_handler(int sig) {
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    if (recedit_signal_pipe_fd >= 0) {
        ssize_t ignored = write(recedit_signal_pipe_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

/// The real stderr while curses owns the terminal (fd 2 then goes to a capture file), or -1.
static volatile sig_atomic_t recedit_saved_stderr_fd = -1;

static inline void recedit_restore_terminal_now(void) {
    if (recedit_saved_stderr_fd >= 0) dup2(recedit_saved_stderr_fd, STDERR_FILENO);
    if (recedit_saved_termios_valid) tcsetattr(STDIN_FILENO, TCSANOW, &recedit_saved_termios);
    if (recedit_reset_length > 0) {
        ssize_t ignored = write(STDOUT_FILENO, recedit_reset_bytes, (size_t)recedit_reset_length);
        (void)ignored;
    }
}

/// A crash (trap, segfault, abort): put the terminal back, then let the previous handler (the Swift
/// runtime's backtracer, if any) or the default action run.
static void recedit_crash_signal_handler(int sig, siginfo_t *info, void *context) {
    recedit_restore_terminal_now();
    recedit_reset_length = 0;
    recedit_saved_termios_valid = 0;
    if (sig <= 0 || sig >= 65) return;
    struct sigaction previous = recedit_previous_crash_actions[sig];
    sigaction(sig, &previous, NULL);
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) {
            previous.sa_sigaction(sig, info, context);
        }
        return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(sig);
    }
    // Returning re-runs the faulting instruction (or, for abort, lets abort re-raise) with the
    // previous disposition in place.
}

/// Routes `sig` to the self-pipe. Returns 0 or -1 (errno set).
/// The first call for a signal remembers its previous action for `recedit_restore_signal`.
static inline int recedit_route_signal_to_pipe(int sig, int pipe_fd) {
    if (sig <= 0 || sig >= 65) return -1;
    recedit_signal_pipe_fd = pipe_fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = recedit_pipe_signal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (recedit_pipe_action_saved[sig]) return sigaction(sig, &sa, NULL);
    int rc = sigaction(sig, &sa, &recedit_previous_pipe_actions[sig]);
    if (rc == 0) recedit_pipe_action_saved[sig] = 1;
    return rc;
}

/// Puts back the action `sig` had before `recedit_route_signal_to_pipe`.
static inline int recedit_restore_signal(int sig) {
    if (sig <= 0 || sig >= 65 || !recedit_pipe_action_saved[sig]) return -1;
    recedit_pipe_action_saved[sig] = 0;
    return sigaction(sig, &recedit_previous_pipe_actions[sig], NULL);
}

static inline void recedit_close_signal_pipe(void) { recedit_signal_pipe_fd = -1; }

static inline int recedit_set_signal_default(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

static inline int recedit_set_signal_ignored(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

/// Remembers the terminal modes to restore if the process crashes while curses owns the terminal.
static inline void recedit_save_termios(void) {
    if (tcgetattr(STDIN_FILENO, &recedit_saved_termios) == 0) recedit_saved_termios_valid = 1;
}

/// Bytes written to stdout on a crash (leave the alternate screen, show the cursor, ...).
static inline void recedit_set_reset_bytes(const char *bytes, size_t length) {
    recedit_reset_length = 0;
    if (length > sizeof recedit_reset_bytes) length = sizeof recedit_reset_bytes;
    memcpy(recedit_reset_bytes, bytes, length);
    recedit_reset_length = (sig_atomic_t)length;
}

static inline void recedit_set_saved_stderr(int fd) { recedit_saved_stderr_fd = fd; }

static inline void recedit_clear_crash_restore(void) {
    recedit_reset_length = 0;
    recedit_saved_termios_valid = 0;
}

static inline int recedit_install_crash_handler(int sig) {
    if (sig <= 0 || sig >= 65) return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = recedit_crash_signal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    return sigaction(sig, &sa, &recedit_previous_crash_actions[sig]);
}

static inline int recedit_uninstall_crash_handler(int sig) {
    if (sig <= 0 || sig >= 65) return -1;
    return sigaction(sig, &recedit_previous_crash_actions[sig], NULL);
}

#endif
