#ifndef SQ_CSQLITE_SHIM_H
#define SQ_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast macro Swift cannot import; bind calls use this instead. */
static inline sqlite3_destructor_type sq_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/* sqlite3_db_config is variadic; Swift cannot call it directly.
   Sets one on/off SQLITE_DBCONFIG_* option; returns the value now in force, or -1 on error. */
static inline int sq_sqlite_db_config_flag(sqlite3 *db, int option, int on) {
    int now = -1;
    if (sqlite3_db_config(db, option, on, &now) != SQLITE_OK) return -1;
    return now;
}

/* sqlite3_config is variadic too. Memory statistics off: SQ reads none of them, and
   keeping them takes a global mutex around every allocation (each inserted row makes
   several). Only takes effect before SQLite is initialised; a host that initialised
   it first keeps its own setting (SQLITE_MISUSE, ignored). */
static inline int sq_sqlite_disable_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

/* An int read and written atomically (lock-free, so async-signal-safe): Ctrl-C's
   flag, raised in a signal handler and read by the thread running the session. */
static inline void sq_atomic_store_int(int *p, int value) { __atomic_store_n(p, value, __ATOMIC_SEQ_CST); }
static inline int sq_atomic_load_int(const int *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
#endif
