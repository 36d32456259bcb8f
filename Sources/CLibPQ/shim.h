#ifndef SQ_CLIBPQ_SHIM_H
#define SQ_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <locale.h>
#include <stdlib.h>

/* PG_DIAG_* are character-literal macros Swift does not import; these read the
   fields SQPostgres reports (the SQLSTATE code, the primary message, detail, hint). */
static inline const char *sq_pq_sqlstate(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_SQLSTATE); }
static inline const char *sq_pq_message(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY); }
static inline const char *sq_pq_detail(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL); }
static inline const char *sq_pq_hint(const PGresult *result) { return PQresultErrorField(result, PG_DIAG_MESSAGE_HINT); }

/* strtod in the C locale whatever the process's (PostgreSQL prints numbers with '.'):
   result values are read in place, without a Swift String per value. */
static inline double sq_pq_strtod(const char *text, char **end) {
    static locale_t c_locale = (locale_t)0;
    if (c_locale == (locale_t)0) c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t previous = uselocale(c_locale);
    double value = strtod(text, end);
    uselocale(previous);
    return value;
}
/* PQcancel from a signal handler: libpq documents it safe there when the error
   buffer is the handler's own (a local array, as here). */
static inline void sq_pq_cancel_from_signal_handler(PGcancel *cancel) {
    char buffer[256];
    if (cancel) (void)PQcancel(cancel, buffer, (int)sizeof buffer);
}
#endif
