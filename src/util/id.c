#include "util/id.h"

#include <sodium.h>
#include <string.h>

static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

#define ID_RANDOM 20

void id_new(const char *prefix, char out[ID_MAX])
{
	unsigned char rnd[ID_RANDOM];
	size_t n = strlen(prefix);
	if (n > ID_MAX - ID_RANDOM - 2)
		n = ID_MAX - ID_RANDOM - 2;
	randombytes_buf(rnd, sizeof(rnd));
	memcpy(out, prefix, n);
	out[n++] = '_';
	for (size_t i = 0; i < ID_RANDOM; i++)
		out[n++] = alphabet[rnd[i] & 31];
	out[n] = '\0';
}

bool id_valid(const char *prefix, const char *s, size_t len)
{
	size_t n = strlen(prefix);
	if (len != n + 1 + ID_RANDOM || memcmp(s, prefix, n) != 0 || s[n] != '_')
		return false;
	for (size_t i = n + 1; i < len; i++)
		if (s[i] == '\0' || strchr(alphabet, s[i]) == NULL)
			return false;
	return true;
}

void token_new(size_t nbytes, char *out)
{
	unsigned char rnd[64];
	if (nbytes > sizeof(rnd))
		nbytes = sizeof(rnd);
	randombytes_buf(rnd, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, rnd, nbytes);
}
