#ifndef SQ_CSYSTEMZLIB_SHIM_H
#define SQ_CSYSTEMZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro Swift cannot import. A negative window size makes zlib
   read raw deflate (RFC 1951) with no zlib header or trailer, as a ZIP entry holds it. */
static inline int sq_inflate_init_raw(z_stream *stream) { return inflateInit2(stream, -MAX_WBITS); }
#endif
