#include "util/id.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "util/clock.h"

/* The id characters in byte order, so that ids sort as their digits do. */
static const char alphabet[] = "23456789abcdefghijkmnpqrstuvwxyz";

#define ID_TAIL 20
#define ID_TIME 9 /* base-32 digits of the millisecond of creation (45 bits) */

/*
 * Random bytes for ids, drawn from the system a pool at a time: one
 * getrandom call serves some twenty ids instead of one each.
 */
#define POOL_BYTES 256
static _Thread_local unsigned char pool[POOL_BYTES];
static _Thread_local size_t pool_left;

static void random_take(unsigned char *out, size_t n)
{
	if (pool_left < n) {
		randombytes_buf(pool, sizeof(pool));
		pool_left = sizeof(pool);
	}
	memcpy(out, pool + sizeof(pool) - pool_left, n);
	/* Used bytes are wiped: nothing left behind predicts an id made earlier. */
	sodium_memzero(pool + sizeof(pool) - pool_left, n);
	pool_left -= n;
}

void id_new(const char *prefix, char out[ID_MAX])
{
	unsigned char rnd[ID_TAIL - ID_TIME];
	uint64_t t = (uint64_t)clock_now_ms();
	size_t n = strlen(prefix);

	if (n > ID_MAX - ID_TAIL - 2)
		n = ID_MAX - ID_TAIL - 2;
	random_take(rnd, sizeof(rnd));
	memcpy(out, prefix, n);
	out[n++] = '_';
	for (int i = ID_TIME - 1; i >= 0; i--)
		out[n++] = alphabet[(t >> (5 * i)) & 31];
	for (size_t i = 0; i < sizeof(rnd); i++)
		out[n++] = alphabet[rnd[i] & 31];
	out[n] = '\0';
}

bool id_valid(const char *prefix, const char *s, size_t len)
{
	size_t n = strlen(prefix);
	if (len != n + 1 + ID_TAIL || memcmp(s, prefix, n) != 0 || s[n] != '_')
		return false;
	for (size_t i = n + 1; i < len; i++)
		if (s[i] == '\0' || strchr(alphabet, s[i]) == NULL)
			return false;
	return true;
}

/* nbytes (at most 64) random bytes, from the pool or straight from the system, as hex. */
static void random_hex(size_t nbytes, char *out, bool pooled)
{
	unsigned char rnd[64];
	if (nbytes > sizeof(rnd))
		nbytes = sizeof(rnd);
	if (pooled)
		random_take(rnd, nbytes);
	else
		randombytes_buf(rnd, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, rnd, nbytes);
	sodium_memzero(rnd, sizeof(rnd));
}

void id_hex(size_t nbytes, char *out)
{
	random_hex(nbytes, out, true);
}

void token_new(size_t nbytes, char *out)
{
	random_hex(nbytes, out, false);
}

void secret_hash(const char *secret, size_t len, unsigned char out[32])
{
	/* Unkeyed BLAKE2b cannot fail for these sizes. */
	(void)crypto_generichash(out, 32, (const unsigned char *)secret, len, NULL, 0);
}
