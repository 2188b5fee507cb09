/*
 * Region allocator: one arena per request or job batch. Everything taken
 * from it is released at once by arena_reset() or arena_free(); nothing
 * taken from an arena is freed on its own.
 */
#ifndef TESSERA_UTIL_ARENA_H
#define TESSERA_UTIL_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	struct arena_chunk *spare; /* kept by arena_reset for reuse */
	size_t spare_bytes;
	size_t chunk_size;
};

/* Sets up an empty arena whose chunks are at least chunk_size bytes. */
void arena_init(struct arena *a, size_t chunk_size);
/* Releases every chunk; the arena may be used again afterwards. */
void arena_cleanup(struct arena *a);
/* Forgets every allocation; keeps the first chunk and a few others (512 KiB at most) for reuse. */
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
