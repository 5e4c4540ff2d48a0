#ifndef RECEDIT_CNCURSESW_SHIM_H
#define RECEDIT_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so turn the wide API on here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <curses.h>

// Attribute macros do not import into Swift.
static inline attr_t recedit_a_normal(void) { return A_NORMAL; }
static inline attr_t recedit_a_bold(void) { return A_BOLD; }
static inline attr_t recedit_a_reverse(void) { return A_REVERSE; }
static inline attr_t recedit_a_underline(void) { return A_UNDERLINE; }
static inline attr_t recedit_a_dim(void) { return A_DIM; }
static inline int recedit_key_f(int n) { return KEY_F(n); }
#endif
