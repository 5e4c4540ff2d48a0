#ifndef RECEDIT_CLIENT_LOADER_H
#define RECEDIT_CLIENT_LOADER_H

/* The database client libraries (libpq, MariaDB Connector/C) are loaded with dlopen the first time one of
   their functions is called, never at process start: a command on a SQLite file does not pay for them and for
   the libraries they pull in (Kerberos, LDAP, OpenSSL, GnuTLS). This target defines every client function
   recedit calls as a trampoline to the loaded one; see docs/ARCHITECTURE.md, "Loading the client libraries". */

/* The file dlopen is asked for: $RECEDIT_LIBPQ when set and not empty (tests point it at a missing path),
   else "libpq.so.5". */
const char *recedit_libpq_file(void);

/* Loads libpq if it is not loaded yet: 1 when it is loaded, 0 when it cannot be. Thread-safe. */
int recedit_libpq_load(void);

/* Called when a PQ function is needed and libpq cannot be loaded. It must not return (the function has
   nothing to give back); without one the loader writes an English line to stderr and exits with 1. */
void recedit_libpq_on_missing(void (*handler)(void));

/* The same three for MariaDB Connector/C: $RECEDIT_LIBMARIADB, else "libmariadb.so.3". */
const char *recedit_libmariadb_file(void);
int recedit_libmariadb_load(void);
void recedit_libmariadb_on_missing(void (*handler)(void));

/* And for ncurses (the terminal editor, `open` and `browse`): $RECEDIT_LIBNCURSESW, else "libncursesw.so.6". */
const char *recedit_libncursesw_file(void);
int recedit_libncursesw_load(void);
void recedit_libncursesw_on_missing(void (*handler)(void));

#endif
