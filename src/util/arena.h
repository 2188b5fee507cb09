/*
 * Region allocator: one arena per request or job batch. Everything taken
 * from it is released at once by arena_reset() or arena_free(); nothing
 * taken from an arena is freed on its own.
 */
#ifndef TESSERA_UTIL_ARENA_H
#define TESSERA_UTIL_ARENA_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct arena_chunk;

/*
 * Free chunks shared by many arenas, up to max_bytes: a pooled arena's
 * reset gives its chunks beyond the first back to the pool, and an arena
 * short of room takes one from it before it calls malloc. What the arenas
 * keep for reuse is then bounded by the pool (and one chunk each), however
 * many arenas there are and whatever each once needed. Locked: an arena
 * may be used by another thread than its pool's owner.
 */
struct arena_pool {
	pthread_mutex_t lock;
	struct arena_chunk *free;
	size_t bytes;
	size_t max_bytes;
};

struct arena {
	struct arena_chunk *head;
	struct arena_chunk *spare; /* kept by arena_reset for reuse, without a pool */
	size_t spare_bytes;
	size_t chunk_size;
	struct arena_pool *pool; /* NULL: the arena keeps its own spare chunks */
};

/* Sets up an empty pool that keeps at most max_bytes of chunks. */
void arena_pool_init(struct arena_pool *p, size_t max_bytes);
/* Frees the pool's chunks; no arena may use the pool afterwards. */
void arena_pool_cleanup(struct arena_pool *p);
/* Bytes of chunks the pool holds now. */
size_t arena_pool_bytes(struct arena_pool *p);

/* Sets up an empty arena whose chunks are at least chunk_size bytes. */
void arena_init(struct arena *a, size_t chunk_size);
/* As arena_init, with chunks taken from and given back to pool (which must outlive a). */
void arena_init_pooled(struct arena *a, size_t chunk_size, struct arena_pool *pool);
/* Releases every chunk (to the system, not the pool); the arena may be used again afterwards. */
void arena_cleanup(struct arena *a);
/*
 * Forgets every allocation and keeps the first chunk for reuse; the others
 * go to the arena's pool, or without one, up to 512 KiB of them stay with
 * the arena (the rest is freed).
 */
void arena_reset(struct arena *a);

/* True if p points into memory taken from a (and not yet reset). */
bool arena_owns(const struct arena *a, const void *p);

/* Returns n bytes aligned for any type; aborts on out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* As arena_alloc, zero-filled. */
void *arena_zalloc(struct arena *a, size_t n);
/* Copies s (NUL-terminated) or its first n bytes into the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena; aborts on a formatting error. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Makes room for one more element in an array of n elements of size
 * bytes held in the arena (copying it to a larger block when *cap is
 * reached) and returns the array. Use through ARENA_PUSH.
 */
void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size);

/* Appends a zeroed element to arr (n elements, cap allocated) and yields its address. */
#define ARENA_PUSH(a, arr, n, cap)                                                                 \
	((arr) = arena_grow((a), (arr), (n), &(cap), sizeof(*(arr))), &(arr)[(n)++])

#define ARENA_NEW(a, type) ((type *)arena_zalloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_zalloc((a), sizeof(type) * (n)))

#endif
