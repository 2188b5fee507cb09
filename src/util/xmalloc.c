#include "util/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n, const char *file, int line)
{
	fprintf(stderr, "tessera: out of memory allocating %zu bytes at %s:%d\n", n, file, line);
	abort();
}

void *xmalloc_at(size_t n, const char *file, int line)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom(n, file, line);
	return p;
}

void *xcalloc_at(size_t count, size_t n, const char *file, int line)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (p == NULL)
		oom(count * n, file, line);
	return p;
}

void *xrealloc_at(void *p, size_t n, const char *file, int line)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		oom(n, file, line);
	return q;
}

char *xstrdup_at(const char *s, const char *file, int line)
{
	return xstrndup_at(s, strlen(s), file, line);
}

char *xstrndup_at(const char *s, size_t n, const char *file, int line)
{
	char *p = xmalloc_at(n + 1, file, line);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
