/*
 * Opaque pagination cursors: the key of the last row of a page and the
 * order the list runs in, encoded so that clients treat it as a token
 * (base64url of a 9-byte record: a kind byte, then the key), and checked
 * strictly when it comes back.
 */
#ifndef TESSERA_UTIL_CURSOR_H
#define TESSERA_UTIL_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

#define CURSOR_MAX 16

/* Which way the list the cursor continues runs. */
enum cursor_order {
	CURSOR_OLDEST = 1, /* ascending keys: the only kind lists without `order` write */
	CURSOR_NEWEST = 2, /* descending keys */
};

/* Writes the cursor for key of an oldest-first list into out. */
void cursor_encode(int64_t key, char out[CURSOR_MAX]);
/* Reads a cursor of an oldest-first list; false if s is not one this program wrote. */
bool cursor_decode(const char *s, int64_t *key);

/* Writes the cursor for key of a list in order ord into out. */
void cursor_encode_in(int64_t key, enum cursor_order ord, char out[CURSOR_MAX]);
/* Reads a cursor of either order; false if s is not one this program wrote. */
bool cursor_decode_in(const char *s, int64_t *key, enum cursor_order *ord);

#endif
