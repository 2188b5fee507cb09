#include "util/cursor.h"

#include <sodium.h>
#include <string.h>

#define CURSOR_VERSION 1

void cursor_encode(int64_t key, char out[CURSOR_MAX])
{
	unsigned char raw[9];
	uint64_t k = (uint64_t)key;
	raw[0] = CURSOR_VERSION;
	for (int i = 0; i < 8; i++)
		raw[1 + i] = (unsigned char)(k >> (56 - 8 * i));
	sodium_bin2base64(out, CURSOR_MAX, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool cursor_decode(const char *s, int64_t *key)
{
	unsigned char raw[9];
	char again[CURSOR_MAX];
	size_t len = 0;
	uint64_t k = 0;
	if (s == NULL || strlen(s) != 12 ||
	    sodium_base642bin(raw, sizeof(raw), s, 12, NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(raw) || raw[0] != CURSOR_VERSION)
		return false;
	for (int i = 0; i < 8; i++)
		k = (k << 8) | raw[1 + i];
	if (k > (uint64_t)INT64_MAX)
		return false;
	/*
	 * libsodium's decoder also takes some bytes outside the alphabet (with
	 * the high bit set, read as some letter's value): only the text this
	 * program writes for the key is that key's cursor.
	 */
	cursor_encode((int64_t)k, again);
	if (strcmp(again, s) != 0)
		return false;
	*key = (int64_t)k;
	return true;
}
