#include "util/util_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void util_snprintf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;
	va_start(ap, fmt);
	r = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= n)
		abort();
}
