#ifndef RECEDIT_CLIBPQ_SHIM_H
#define RECEDIT_CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* Character-literal macros do not import into Swift; these do. */
static inline const char *recedit_pq_sqlstate(const PGresult *res) { return PQresultErrorField(res, PG_DIAG_SQLSTATE); }
static inline const char *recedit_pq_message(const PGresult *res) { return PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY); }
static inline const char *recedit_pq_detail(const PGresult *res) { return PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL); }
#endif
