#ifndef SQ_CREADSTAT_SHIM_H
#define SQ_CREADSTAT_SHIM_H
/* ReadStat (libreadstat-dev): the C library behind R's haven and Python's pyreadstat. */
#include <readstat.h>
#endif
