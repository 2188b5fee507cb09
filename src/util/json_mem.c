#include "util/json_mem.h"

#include <stdlib.h>

#include "util/arena.h"

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

/*
 * The text of the last value this thread serialised is usually about the
 * size of the next one (pages of a list): start from it, so that most
 * values are written once, straight into their final buffer.
 */
static _Thread_local size_t last_size = 4096;

char *json_text(const json_t *v, size_t flags)
{
	size_t size = last_size, n;
	char *text;

	if (v == NULL)
		return NULL;
	for (;;) {
		text = malloc(size);
		if (text == NULL)
			return NULL;
		n = json_dumpb(v, text, size - 1, flags);
		if (n == 0) { /* a failure: no value serialises to nothing */
			free(text);
			return NULL;
		}
		if (n < size)
			break;
		free(text);
		if (n >= JSON_TEXT_MAX)
			return NULL;
		size = n + 1;
	}
	text[n] = '\0';
	last_size = n + 1 > 4096 ? n + 1 : 4096;
	return text;
}
