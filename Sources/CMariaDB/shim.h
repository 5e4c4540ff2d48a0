#ifndef RECEDIT_CMARIADB_SHIM_H
#define RECEDIT_CMARIADB_SHIM_H
/* Connector/C is not linked: recedit's CClientLoader target defines the mysql_ functions and loads
   libmariadb on first use. The headers are found without pkg-config (whose flags would link it). */
#if __has_include(<mysql.h>)
#include <mysql.h>
#include <errmsg.h>
#else
#include <mariadb/mysql.h>
#include <mariadb/errmsg.h>
#endif
#include <string.h>
#include <stdlib.h>

/* mysql_library_init is a macro and mysql_optionsv is variadic: neither imports into Swift. */
static inline int recedit_mysql_library_init(void) { return mysql_server_init(0, NULL, NULL); }

/* A zeroed array of `n` MYSQL_BINDs (free with free()). */
static inline MYSQL_BIND *recedit_mysql_binds(unsigned int n) {
    MYSQL_BIND *b = (MYSQL_BIND *)calloc(n ? n : 1, sizeof(MYSQL_BIND));
    return b;
}
#endif
