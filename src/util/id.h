/*
 * Opaque public identifiers: a short type prefix and 20 base-32
 * characters ("sub_k3j9..."): 9 for the millisecond of creation, then 11
 * random ones (55 bits). They carry no count, so they leak nothing about
 * other tenants; the time digits make ids made together sort together,
 * so that the indexes on them grow at one end instead of everywhere (the
 * rows of one group commit land on the same few index pages).
 * Needs sodium_init() to have run.
 */
#ifndef TESSERA_UTIL_ID_H
#define TESSERA_UTIL_ID_H

#include <stdbool.h>
#include <stddef.h>

#define ID_MAX 32

/* Writes prefix + "_" + 9 time and 11 random characters into out (ID_MAX bytes). */
void id_new(const char *prefix, char out[ID_MAX]);
/* True if s (len bytes) has the shape of an id with this prefix. */
bool id_valid(const char *prefix, const char *s, size_t len);
/*
 * nbytes random bytes from the ids' pool, hex-encoded into out (2*nbytes+1):
 * for identifiers that are not secrets, such as request ids.
 */
void id_hex(size_t nbytes, char *out);
/* Random URL-safe token of nbytes of entropy, hex-encoded into out (2*nbytes+1). */
void token_new(size_t nbytes, char *out);
/* BLAKE2b-256 of a whole secret (a token's, a session's): what the store keeps and looks up. */
void secret_hash(const char *secret, size_t len, unsigned char out[32]);

#endif
