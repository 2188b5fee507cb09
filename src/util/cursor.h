/*
 * Opaque pagination cursors: the key of the last row of a page, encoded
 * so that clients treat it as a token (base64url of a versioned 9-byte
 * record), and checked strictly when it comes back.
 */
#ifndef TESSERA_UTIL_CURSOR_H
#define TESSERA_UTIL_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

#define CURSOR_MAX 16

/* Writes the cursor for key into out. */
void cursor_encode(int64_t key, char out[CURSOR_MAX]);
/* Reads a cursor; false if s is not one this program wrote. */
bool cursor_decode(const char *s, int64_t *key);

#endif
