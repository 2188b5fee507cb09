#include "util/json_mem.h"

#include <stdlib.h>

#include "util/arena.h"
#include "util/buf.h"

/* Replies are bounded well below this; a runaway value fails instead. */
#define JSON_TEXT_MAX (64u * 1024 * 1024)

static _Thread_local struct arena *current;

static void *mem_alloc(size_t n)
{
	struct arena *a = current;
	return a != NULL ? arena_alloc(a, n) : malloc(n);
}

static void mem_free(void *p)
{
	struct arena *a = current;
	if (p != NULL && (a == NULL || !arena_owns(a, p)))
		free(p);
}

void json_mem_install(void)
{
	json_set_alloc_funcs(mem_alloc, mem_free);
}

struct arena *json_mem_use(struct arena *a)
{
	struct arena *prev = current;
	current = a;
	return prev;
}

static int append(const char *data, size_t n, void *b)
{
	return buf_append(b, data, n) ? 0 : -1;
}

char *json_text(const json_t *v, size_t flags)
{
	struct buf b;
	buf_init(&b, JSON_TEXT_MAX);
	if (v == NULL || json_dump_callback(v, append, &b, flags) != 0) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_take(&b);
}
