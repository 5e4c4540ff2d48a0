/* Trampolines for the libpq functions recedit calls (loader.h). The prototypes come from libpq-fe.h, so the
   compiler checks each one against the real signature. A PQ function recedit starts to use needs a line here:
   until it has one, the link fails with "undefined reference to PQ...". */
#include "recedit_client_loader.h"
#include "loader.h"

#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

static struct recedit_library libpq = RECEDIT_LIBRARY("RECEDIT_LIBPQ", "libpq.so.5", "PostgreSQL support needs ", " (apt install libpq5)");

static void load(void) { recedit_library_open(&libpq); }
static void *lookup(const char *name) { return recedit_library_function(&libpq, load, name); }

const char *recedit_libpq_file(void) { return recedit_library_file(&libpq); }
int recedit_libpq_load(void) { return recedit_library_load(&libpq, load); }
void recedit_libpq_on_missing(void (*handler)(void)) { __atomic_store_n(&libpq.missing_handler, handler, __ATOMIC_RELEASE); }

#define PQ_FUNCTION(ret, name, params, args) RECEDIT_FUNCTION(lookup, ret, name, params, args)
#define PQ_VOID_FUNCTION(name, params, args) RECEDIT_VOID_FUNCTION(lookup, name, params, args)

/* Connections */
PQ_FUNCTION(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))
PQ_FUNCTION(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname),
            (keywords, values, expand_dbname))
PQ_FUNCTION(PGconn *, PQconnectStart, (const char *conninfo), (conninfo))
PQ_FUNCTION(PGconn *, PQconnectStartParams, (const char *const *keywords, const char *const *values, int expand_dbname),
            (keywords, values, expand_dbname))
PQ_FUNCTION(PostgresPollingStatusType, PQconnectPoll, (PGconn *conn), (conn))
PQ_VOID_FUNCTION(PQfinish, (PGconn *conn), (conn))
PQ_VOID_FUNCTION(PQreset, (PGconn *conn), (conn))
PQ_FUNCTION(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg))
PQ_VOID_FUNCTION(PQconninfoFree, (PQconninfoOption *connOptions), (connOptions))
PQ_FUNCTION(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
PQ_FUNCTION(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
PQ_FUNCTION(const char *, PQparameterStatus, (const PGconn *conn, const char *paramName), (conn, paramName))
PQ_FUNCTION(int, PQserverVersion, (const PGconn *conn), (conn))
PQ_FUNCTION(char *, PQerrorMessage, (const PGconn *conn), (conn))
PQ_FUNCTION(int, PQsocket, (const PGconn *conn), (conn))
PQ_FUNCTION(int, PQbackendPID, (const PGconn *conn), (conn))
PQ_FUNCTION(char *, PQdb, (const PGconn *conn), (conn))
PQ_FUNCTION(char *, PQuser, (const PGconn *conn), (conn))
PQ_FUNCTION(char *, PQhost, (const PGconn *conn), (conn))
PQ_FUNCTION(char *, PQport, (const PGconn *conn), (conn))
PQ_FUNCTION(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))
PQ_FUNCTION(PQnoticeReceiver, PQsetNoticeReceiver, (PGconn *conn, PQnoticeReceiver proc, void *arg), (conn, proc, arg))
PQ_FUNCTION(PGcancel *, PQgetCancel, (PGconn *conn), (conn))
PQ_VOID_FUNCTION(PQfreeCancel, (PGcancel *cancel), (cancel))
PQ_FUNCTION(int, PQcancel, (PGcancel *cancel, char *errbuf, int errbufsize), (cancel, errbuf, errbufsize))
PQ_FUNCTION(int, PQlibVersion, (void), ())

/* Queries, synchronous and asynchronous */
PQ_FUNCTION(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
PQ_FUNCTION(PGresult *, PQexecParams,
            (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,
             const int *paramLengths, const int *paramFormats, int resultFormat),
            (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
PQ_FUNCTION(PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
            (conn, stmtName, query, nParams, paramTypes))
PQ_FUNCTION(PGresult *, PQexecPrepared,
            (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths,
             const int *paramFormats, int resultFormat),
            (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
PQ_FUNCTION(PGresult *, PQdescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt))
PQ_FUNCTION(int, PQsendQuery, (PGconn *conn, const char *query), (conn, query))
PQ_FUNCTION(int, PQsendQueryParams,
            (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,
             const int *paramLengths, const int *paramFormats, int resultFormat),
            (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
PQ_FUNCTION(int, PQsendPrepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
            (conn, stmtName, query, nParams, paramTypes))
PQ_FUNCTION(int, PQsendQueryPrepared,
            (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths,
             const int *paramFormats, int resultFormat),
            (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
PQ_FUNCTION(int, PQsetSingleRowMode, (PGconn *conn), (conn))
PQ_FUNCTION(PGresult *, PQgetResult, (PGconn *conn), (conn))
PQ_FUNCTION(int, PQisBusy, (PGconn *conn), (conn))
PQ_FUNCTION(int, PQconsumeInput, (PGconn *conn), (conn))
PQ_FUNCTION(int, PQenterPipelineMode, (PGconn *conn), (conn))
PQ_FUNCTION(int, PQexitPipelineMode, (PGconn *conn), (conn))
PQ_FUNCTION(int, PQpipelineSync, (PGconn *conn), (conn))
PQ_FUNCTION(int, PQsendFlushRequest, (PGconn *conn), (conn))
PQ_FUNCTION(PGpipelineStatus, PQpipelineStatus, (const PGconn *conn), (conn))
PQ_FUNCTION(PGnotify *, PQnotifies, (PGconn *conn), (conn))
PQ_FUNCTION(int, PQsetnonblocking, (PGconn *conn, int arg), (conn, arg))
PQ_FUNCTION(int, PQisnonblocking, (const PGconn *conn), (conn))
PQ_FUNCTION(int, PQflush, (PGconn *conn), (conn))

/* Results */
PQ_FUNCTION(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
PQ_FUNCTION(char *, PQresStatus, (ExecStatusType status), (status))
PQ_FUNCTION(char *, PQresultErrorMessage, (const PGresult *res), (res))
PQ_FUNCTION(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
PQ_FUNCTION(int, PQntuples, (const PGresult *res), (res))
PQ_FUNCTION(int, PQnfields, (const PGresult *res), (res))
PQ_FUNCTION(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))
PQ_FUNCTION(int, PQfnumber, (const PGresult *res, const char *field_name), (res, field_name))
PQ_FUNCTION(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))
PQ_FUNCTION(int, PQfmod, (const PGresult *res, int field_num), (res, field_num))
PQ_FUNCTION(char *, PQcmdStatus, (PGresult *res), (res))
PQ_FUNCTION(char *, PQcmdTuples, (PGresult *res), (res))
PQ_FUNCTION(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
PQ_FUNCTION(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
PQ_FUNCTION(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
PQ_FUNCTION(int, PQnparams, (const PGresult *res), (res))
PQ_FUNCTION(Oid, PQparamtype, (const PGresult *res, int param_num), (res, param_num))
PQ_VOID_FUNCTION(PQclear, (PGresult *res), (res))
PQ_VOID_FUNCTION(PQfreemem, (void *ptr), (ptr))

/* Escaping */
PQ_FUNCTION(char *, PQescapeLiteral, (PGconn *conn, const char *str, size_t len), (conn, str, len))
PQ_FUNCTION(char *, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len))
PQ_FUNCTION(unsigned char *, PQescapeByteaConn, (PGconn *conn, const unsigned char *from, size_t from_length, size_t *to_length),
            (conn, from, from_length, to_length))
PQ_FUNCTION(unsigned char *, PQunescapeBytea, (const unsigned char *strtext, size_t *retbuflen), (strtext, retbuflen))
