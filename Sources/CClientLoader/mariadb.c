/* Trampolines for the MariaDB Connector/C functions recedit calls (loader.h). The prototypes come from
   mysql.h, so the compiler checks each one against the real signature. A mysql_ function recedit starts to use
   needs a line here: until it has one, the link fails with "undefined reference to mysql_...". */
#include "recedit_client_loader.h"
#include "loader.h"

#if __has_include(<mysql.h>)
#include <mysql.h>
#else
#include <mariadb/mysql.h>
#endif

static struct recedit_library mariadb = RECEDIT_LIBRARY(
    "RECEDIT_LIBMARIADB", "libmariadb.so.3", "MariaDB and MySQL support needs ", " (apt install libmariadb3)");

static void load(void) { recedit_library_open(&mariadb); }
static void *lookup(const char *name) { return recedit_library_function(&mariadb, load, name); }

const char *recedit_libmariadb_file(void) { return recedit_library_file(&mariadb); }
int recedit_libmariadb_load(void) { return recedit_library_load(&mariadb, load); }
void recedit_libmariadb_on_missing(void (*handler)(void)) { __atomic_store_n(&mariadb.missing_handler, handler, __ATOMIC_RELEASE); }

#define MY_FUNCTION(ret, name, params, args) RECEDIT_FUNCTION(lookup, ret, name, params, args)
#define MY_VOID_FUNCTION(name, params, args) RECEDIT_VOID_FUNCTION(lookup, name, params, args)

/* The library and connections */
MY_FUNCTION(int, mysql_server_init, (int argc, char **argv, char **groups), (argc, argv, groups))
MY_VOID_FUNCTION(mysql_server_end, (void), ())
MY_FUNCTION(my_bool, mysql_thread_init, (void), ())
MY_VOID_FUNCTION(mysql_thread_end, (void), ())
MY_FUNCTION(unsigned long, mysql_get_client_version, (void), ())
MY_FUNCTION(MYSQL *, mysql_init, (MYSQL *mysql), (mysql))
MY_FUNCTION(int, mysql_options, (MYSQL *mysql, enum mysql_option option, const void *arg), (mysql, option, arg))
MY_FUNCTION(MYSQL *, mysql_real_connect,
            (MYSQL *mysql, const char *host, const char *user, const char *passwd, const char *db, unsigned int port,
             const char *unix_socket, unsigned long clientflag),
            (mysql, host, user, passwd, db, port, unix_socket, clientflag))
MY_VOID_FUNCTION(mysql_close, (MYSQL *sock), (sock))
MY_FUNCTION(int, mysql_ping, (MYSQL *mysql), (mysql))
MY_FUNCTION(unsigned long, mysql_thread_id, (MYSQL *mysql), (mysql))
MY_FUNCTION(unsigned long, mysql_get_server_version, (MYSQL *mysql), (mysql))
MY_FUNCTION(int, mysql_set_character_set, (MYSQL *mysql, const char *csname), (mysql, csname))
MY_FUNCTION(my_socket, mysql_get_socket, (MYSQL *mysql), (mysql))
MY_FUNCTION(unsigned int, mysql_errno, (MYSQL *mysql), (mysql))
MY_FUNCTION(const char *, mysql_error, (MYSQL *mysql), (mysql))
MY_FUNCTION(const char *, mysql_sqlstate, (MYSQL *mysql), (mysql))
MY_FUNCTION(unsigned int, mysql_warning_count, (MYSQL *mysql), (mysql))
MY_FUNCTION(unsigned long, mysql_real_escape_string, (MYSQL *mysql, char *to, const char *from, unsigned long length),
            (mysql, to, from, length))

/* Text queries and their results */
MY_FUNCTION(int, mysql_query, (MYSQL *mysql, const char *q), (mysql, q))
MY_FUNCTION(int, mysql_real_query, (MYSQL *mysql, const char *q, unsigned long length), (mysql, q, length))
MY_FUNCTION(my_bool, mysql_autocommit, (MYSQL *mysql, my_bool mode), (mysql, mode))
MY_FUNCTION(my_bool, mysql_commit, (MYSQL *mysql), (mysql))
MY_FUNCTION(my_bool, mysql_rollback, (MYSQL *mysql), (mysql))
MY_FUNCTION(my_ulonglong, mysql_affected_rows, (MYSQL *mysql), (mysql))
MY_FUNCTION(my_ulonglong, mysql_insert_id, (MYSQL *mysql), (mysql))
MY_FUNCTION(unsigned int, mysql_field_count, (MYSQL *mysql), (mysql))
MY_FUNCTION(my_bool, mysql_more_results, (MYSQL *mysql), (mysql))
MY_FUNCTION(int, mysql_next_result, (MYSQL *mysql), (mysql))
MY_FUNCTION(MYSQL_RES *, mysql_store_result, (MYSQL *mysql), (mysql))
MY_FUNCTION(MYSQL_RES *, mysql_use_result, (MYSQL *mysql), (mysql))
MY_VOID_FUNCTION(mysql_free_result, (MYSQL_RES *result), (result))
MY_FUNCTION(unsigned int, mysql_num_fields, (MYSQL_RES *res), (res))
MY_FUNCTION(my_ulonglong, mysql_num_rows, (MYSQL_RES *res), (res))
MY_FUNCTION(MYSQL_FIELD *, mysql_fetch_fields, (MYSQL_RES *res), (res))
MY_FUNCTION(MYSQL_ROW, mysql_fetch_row, (MYSQL_RES *result), (result))
MY_FUNCTION(unsigned long *, mysql_fetch_lengths, (MYSQL_RES *result), (result))

/* Prepared statements */
MY_FUNCTION(MYSQL_STMT *, mysql_stmt_init, (MYSQL *mysql), (mysql))
MY_FUNCTION(int, mysql_stmt_prepare, (MYSQL_STMT *stmt, const char *query, unsigned long length), (stmt, query, length))
MY_FUNCTION(unsigned long, mysql_stmt_param_count, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(my_bool, mysql_stmt_attr_set, (MYSQL_STMT *stmt, enum enum_stmt_attr_type attr_type, const void *attr),
            (stmt, attr_type, attr))
MY_FUNCTION(my_bool, mysql_stmt_bind_param, (MYSQL_STMT *stmt, MYSQL_BIND *bnd), (stmt, bnd))
MY_FUNCTION(my_bool, mysql_stmt_bind_result, (MYSQL_STMT *stmt, MYSQL_BIND *bnd), (stmt, bnd))
MY_FUNCTION(my_bool, mysql_stmt_send_long_data,
            (MYSQL_STMT *stmt, unsigned int param_number, const char *data, unsigned long length),
            (stmt, param_number, data, length))
MY_FUNCTION(int, mysql_stmt_execute, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(int, mysql_stmt_store_result, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(int, mysql_stmt_fetch, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(int, mysql_stmt_fetch_column, (MYSQL_STMT *stmt, MYSQL_BIND *bind_arg, unsigned int column, unsigned long offset),
            (stmt, bind_arg, column, offset))
MY_FUNCTION(MYSQL_RES *, mysql_stmt_result_metadata, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(unsigned int, mysql_stmt_field_count, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(unsigned long long, mysql_stmt_num_rows, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(unsigned long long, mysql_stmt_affected_rows, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(unsigned long long, mysql_stmt_insert_id, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(int, mysql_stmt_next_result, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(my_bool, mysql_stmt_free_result, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(my_bool, mysql_stmt_reset, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(my_bool, mysql_stmt_close, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(unsigned int, mysql_stmt_errno, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(const char *, mysql_stmt_error, (MYSQL_STMT *stmt), (stmt))
MY_FUNCTION(const char *, mysql_stmt_sqlstate, (MYSQL_STMT *stmt), (stmt))
