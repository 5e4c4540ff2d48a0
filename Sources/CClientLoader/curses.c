/* Trampolines for the ncurses functions recedit calls (loader.h), and the ncurses variables it reads. Only
   `open` and `browse` draw on a terminal: every other command never loads libncursesw (nor libtinfo).
   The prototypes come from curses.h, so the compiler checks each one against the real signature. A curses
   function recedit starts to use needs a line here: until it has one, the link fails with "undefined reference". */
#include "recedit_client_loader.h"
#include "loader.h"

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
/* Functions only: Swift calls mvwadd_wch and the rest as functions, which curses.h would otherwise define as macros. */
#define NCURSES_NOMACROS 1
#include <curses.h>
#include <term.h>

static struct recedit_library curses = RECEDIT_LIBRARY(
    "RECEDIT_LIBNCURSESW", "libncursesw.so.6", "the terminal editor needs ", " (apt install libncursesw6)");

static void load(void) { recedit_library_open(&curses); }
static void *lookup(const char *name) { return recedit_library_function(&curses, load, name); }

const char *recedit_libncursesw_file(void) { return recedit_library_file(&curses); }
int recedit_libncursesw_load(void) { return recedit_library_load(&curses, load); }
void recedit_libncursesw_on_missing(void (*handler)(void)) {
    __atomic_store_n(&curses.missing_handler, handler, __ATOMIC_RELEASE);
}

/* A variable of the library: its address, looked up once. */
#define CURSES_VARIABLE(type, name)                                                           \
    type recedit_curses_##name(void) {                                                        \
        static type *cached;                                                                  \
        type *address = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);                           \
        if (!address) {                                                                       \
            address = (type *)lookup(#name);                                                  \
            __atomic_store_n(&cached, address, __ATOMIC_RELEASE);                             \
        }                                                                                     \
        return *address;                                                                      \
    }
CURSES_VARIABLE(WINDOW *, stdscr)
CURSES_VARIABLE(WINDOW *, curscr)
CURSES_VARIABLE(int, COLORS)
CURSES_VARIABLE(int, COLOR_PAIRS)

#define CURSES_FUNCTION(ret, name, params, args) RECEDIT_FUNCTION(lookup, ret, name, params, args)
#define CURSES_VOID_FUNCTION(name, params, args) RECEDIT_VOID_FUNCTION(lookup, name, params, args)

/* Screens and modes */
CURSES_FUNCTION(SCREEN *, newterm, (const char *type, FILE *out, FILE *in), (type, out, in))
CURSES_VOID_FUNCTION(delscreen, (SCREEN *screen), (screen))
CURSES_FUNCTION(int, endwin, (void), ())
CURSES_FUNCTION(bool, isendwin, (void), ())
CURSES_VOID_FUNCTION(filter, (void), ())
CURSES_FUNCTION(int, def_prog_mode, (void), ())
CURSES_FUNCTION(int, reset_prog_mode, (void), ())
CURSES_FUNCTION(int, raw, (void), ())
CURSES_FUNCTION(int, noecho, (void), ())
CURSES_FUNCTION(int, echo, (void), ())
CURSES_FUNCTION(int, nonl, (void), ())
CURSES_FUNCTION(int, curs_set, (int visibility), (visibility))
CURSES_FUNCTION(int, resizeterm, (int rows, int cols), (rows, cols))
CURSES_FUNCTION(int, set_escdelay, (int delay), (delay))

/* Windows */
CURSES_FUNCTION(int, keypad, (WINDOW *window, bool on), (window, on))
CURSES_FUNCTION(int, nodelay, (WINDOW *window, bool on), (window, on))
CURSES_FUNCTION(int, intrflush, (WINDOW *window, bool on), (window, on))
CURSES_FUNCTION(int, clearok, (WINDOW *window, bool on), (window, on))
CURSES_FUNCTION(int, leaveok, (WINDOW *window, bool on), (window, on))
CURSES_FUNCTION(int, scrollok, (WINDOW *window, bool on), (window, on))
CURSES_FUNCTION(int, werase, (WINDOW *window), (window))
CURSES_FUNCTION(int, wmove, (WINDOW *window, int y, int x), (window, y, x))
CURSES_FUNCTION(int, mvwadd_wch, (WINDOW *window, int y, int x, const cchar_t *cell), (window, y, x, cell))
CURSES_FUNCTION(int, wnoutrefresh, (WINDOW *window), (window))
CURSES_FUNCTION(int, wrefresh, (WINDOW *window), (window))
CURSES_FUNCTION(int, doupdate, (void), ())
CURSES_FUNCTION(int, setcchar, (cchar_t *cell, const wchar_t *text, const attr_t attrs, NCURSES_PAIRS_T pair, const void *options),
                (cell, text, attrs, pair, options))

/* Colors */
CURSES_FUNCTION(bool, has_colors, (void), ())
CURSES_FUNCTION(int, start_color, (void), ())
CURSES_FUNCTION(int, use_default_colors, (void), ())
CURSES_FUNCTION(int, init_pair, (NCURSES_PAIRS_T pair, NCURSES_COLOR_T foreground, NCURSES_COLOR_T background),
                (pair, foreground, background))

/* Keys and terminfo */
CURSES_FUNCTION(int, wget_wch, (WINDOW *window, wint_t *key), (window, key))
CURSES_FUNCTION(int, ungetch, (int key), (key))
CURSES_FUNCTION(int, define_key, (const char *definition, int key), (definition, key))
CURSES_FUNCTION(int, key_defined, (const char *definition), (definition))
CURSES_FUNCTION(char *, tigetstr, (const char *name), (name))
