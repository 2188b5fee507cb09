/*
 * Bounded string builder: a growable buffer with a length and a hard
 * maximum. Appends past the maximum fail (and leave the buffer as it was)
 * instead of growing without end. The contents are always NUL-terminated.
 */
#ifndef TESSERA_UTIL_BUF_H
#define TESSERA_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

/* An empty buffer that will refuse to grow past max bytes. */
void buf_init(struct buf *b, size_t max);
/* Frees the storage; buf_cleanup on an initialised empty buffer is a no-op. */
void buf_cleanup(struct buf *b);
void buf_clear(struct buf *b);

/* Each returns false, changing nothing, if the result would pass the maximum. */
bool buf_append(struct buf *b, const void *data, size_t n);
bool buf_puts(struct buf *b, const char *s);
bool buf_putc(struct buf *b, char c);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands the NUL-terminated data to the caller (free() it); the buffer is left empty. */
char *buf_take(struct buf *b);

#endif
