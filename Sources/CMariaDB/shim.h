#ifndef RECEDIT_CMARIADB_SHIM_H
#define RECEDIT_CMARIADB_SHIM_H
#include <mysql.h>
#include <errmsg.h>
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
