/*
 * Opaque public identifiers: a short type prefix and 20 random base32
 * characters ("sub_k3j9..."). They carry no order and no count, so they
 * leak nothing about other tenants. Needs sodium_init() to have run.
 */
#ifndef TESSERA_UTIL_ID_H
#define TESSERA_UTIL_ID_H

#include <stdbool.h>
#include <stddef.h>

#define ID_MAX 32

/* Writes prefix + "_" + 20 random characters into out (ID_MAX bytes). */
void id_new(const char *prefix, char out[ID_MAX]);
/* True if s (len bytes) has the shape of an id with this prefix. */
bool id_valid(const char *prefix, const char *s, size_t len);
/* Random URL-safe token of nbytes of entropy, hex-encoded into out (2*nbytes+1). */
void token_new(size_t nbytes, char *out);

#endif
