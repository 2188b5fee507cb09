/* Small helpers shared inside util/. */
#ifndef TESSERA_UTIL_INT_H
#define TESSERA_UTIL_INT_H

#include <stddef.h>

/* snprintf that aborts if the output does not fit: for fixed-size fields. */
void util_snprintf(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
