#ifndef RECEDIT_CLIBPQ_SHIM_H
#define RECEDIT_CLIBPQ_SHIM_H
/* libpq is not linked: recedit's CClientLoader target defines the PQ functions and loads libpq on first use.
   The header is found without pkg-config (whose flags would link it): Debian keeps it in postgresql/. */
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

/* Character-literal macros do not import into Swift; these do. */
static inline const char *recedit_pq_sqlstate(const PGresult *res) { return PQresultErrorField(res, PG_DIAG_SQLSTATE); }
static inline const char *recedit_pq_message(const PGresult *res) { return PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY); }
static inline const char *recedit_pq_detail(const PGresult *res) { return PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL); }

/* Server notices ("relation already exists, skipping", "terminating connection") would go to stderr raw,
   over the editor's screen and unsanitized; recedit reports what matters through its own errors. */
static void recedit_pq_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }
static inline void recedit_pq_silence_notices(PGconn *conn) { PQsetNoticeProcessor(conn, recedit_pq_ignore_notice, NULL); }
#endif
