#ifndef SQ_CLIBPQ_SHIM_H
#define SQ_CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* PG_DIAG_* are character-literal macros Swift does not import; these read the
   fields SQPostgres reports (the SQLSTATE code, the primary message, detail, hint). */
static inline const char *sq_pq_sqlstate(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_SQLSTATE); }
static inline const char *sq_pq_message(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY); }
static inline const char *sq_pq_detail(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL); }
static inline const char *sq_pq_hint(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_HINT); }
#endif
