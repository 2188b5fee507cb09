#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

#define ALIGN (sizeof(max_align_t))

/* What a reset arena keeps for its next use, beyond its first chunk. */
#define ARENA_SPARE_MAX (512 * 1024)

static void free_chunks(struct arena_chunk *c)
{
	while (c != NULL) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
}

void arena_pool_init(struct arena_pool *p, size_t max_bytes)
{
	if (pthread_mutex_init(&p->lock, NULL) != 0)
		abort();
	p->free = NULL;
	p->bytes = 0;
	p->max_bytes = max_bytes;
}

void arena_pool_cleanup(struct arena_pool *p)
{
	free_chunks(p->free);
	p->free = NULL;
	p->bytes = 0;
	(void)pthread_mutex_destroy(&p->lock);
}

size_t arena_pool_bytes(struct arena_pool *p)
{
	size_t n;
	if (pthread_mutex_lock(&p->lock) != 0)
		abort();
	n = p->bytes;
	if (pthread_mutex_unlock(&p->lock) != 0)
		abort();
	return n;
}

/* Gives the chunks of list c to the pool while they fit in its bound; frees the others. */
static void pool_put(struct arena_pool *p, struct arena_chunk *c)
{
	if (pthread_mutex_lock(&p->lock) != 0)
		abort();
	while (c != NULL) {
		struct arena_chunk *next = c->next;
		if (p->bytes + c->size <= p->max_bytes) {
			c->next = p->free;
			p->free = c;
			p->bytes += c->size;
		} else {
			free(c);
		}
		c = next;
	}
	if (pthread_mutex_unlock(&p->lock) != 0)
		abort();
}

/* A chunk of at least need bytes taken off list *pc (whose bytes *bytes counts), or NULL. */
static struct arena_chunk *take_from(struct arena_chunk **pc, size_t *bytes, size_t need)
{
	for (; *pc != NULL; pc = &(*pc)->next) {
		struct arena_chunk *c = *pc;
		if (c->size >= need) {
			*pc = c->next;
			*bytes -= c->size;
			return c;
		}
	}
	return NULL;
}

static struct arena_chunk *pool_take(struct arena_pool *p, size_t need)
{
	struct arena_chunk *c;
	if (pthread_mutex_lock(&p->lock) != 0)
		abort();
	c = take_from(&p->free, &p->bytes, need);
	if (pthread_mutex_unlock(&p->lock) != 0)
		abort();
	return c;
}

void arena_init(struct arena *a, size_t chunk_size)
{
	a->head = NULL;
	a->spare = NULL;
	a->spare_bytes = 0;
	a->chunk_size = chunk_size < 1024 ? 1024 : chunk_size;
	a->pool = NULL;
}

void arena_init_pooled(struct arena *a, size_t chunk_size, struct arena_pool *pool)
{
	arena_init(a, chunk_size);
	a->pool = pool;
}

void arena_cleanup(struct arena *a)
{
	free_chunks(a->head);
	free_chunks(a->spare);
	a->head = NULL;
	a->spare = NULL;
	a->spare_bytes = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *c, *back = NULL;
	if (a->head == NULL)
		return;
	/*
	 * Keep the oldest chunk (the last in the list, of the base size) in
	 * use, and the others for the next requests: in the pool, or without
	 * one up to ARENA_SPARE_MAX of them with the arena, so that a busy
	 * worker does not hand the same memory back to the system and fault
	 * it in again on every request.
	 */
	c = a->head;
	while (c->next != NULL) {
		struct arena_chunk *next = c->next;
		if (a->pool != NULL) {
			c->next = back;
			back = c;
		} else if (a->spare_bytes + c->size <= ARENA_SPARE_MAX) {
			c->next = a->spare;
			a->spare = c;
			a->spare_bytes += c->size;
		} else {
			free(c);
		}
		c = next;
	}
	if (back != NULL)
		pool_put(a->pool, back);
	c->used = 0;
	a->head = c;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);
	void *p;

	if (need < n)
		abort();
	if (c == NULL || c->size - c->used < need) {
		size_t size = need > a->chunk_size ? need : a->chunk_size;
		c = a->pool != NULL ? pool_take(a->pool, size)
		                    : take_from(&a->spare, &a->spare_bytes, size);
		if (c == NULL) {
			c = xmalloc(sizeof(*c) + size);
			c->size = size;
		}
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += need;
	return p;
}

bool arena_owns(const struct arena *a, const void *p)
{
	uintptr_t q = (uintptr_t)p;
	for (const struct arena_chunk *c = a->head; c != NULL; c = c->next) {
		uintptr_t base = (uintptr_t)c->data;
		if (q >= base && q - base < c->used)
			return true;
	}
	return false;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	if (vsnprintf(p, (size_t)n + 1, fmt, ap) != n)
		abort();
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
	void *bigger;
	if (items != NULL && n < *cap) {
		memset((char *)items + n * size, 0, size);
		return items;
	}
	*cap = *cap < 8 ? 8 : *cap * 2;
	bigger = arena_zalloc(a, *cap * size);
	if (items != NULL && n > 0)
		memcpy(bigger, items, n * size);
	return bigger;
}
