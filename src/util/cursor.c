#include "util/cursor.h"

#include <sodium.h>
#include <string.h>

void cursor_encode_in(int64_t key, enum cursor_order ord, char out[CURSOR_MAX])
{
	unsigned char raw[9];
	uint64_t k = (uint64_t)key;
	raw[0] = (unsigned char)ord;
	for (int i = 0; i < 8; i++)
		raw[1 + i] = (unsigned char)(k >> (56 - 8 * i));
	sodium_bin2base64(out, CURSOR_MAX, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void cursor_encode(int64_t key, char out[CURSOR_MAX])
{
	cursor_encode_in(key, CURSOR_OLDEST, out);
}

bool cursor_decode_in(const char *s, int64_t *key, enum cursor_order *ord)
{
	unsigned char raw[9];
	char again[CURSOR_MAX];
	size_t len = 0;
	uint64_t k = 0;
	if (s == NULL || strlen(s) != 12 ||
	    sodium_base642bin(raw, sizeof(raw), s, 12, NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(raw) || (raw[0] != CURSOR_OLDEST && raw[0] != CURSOR_NEWEST))
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
	cursor_encode_in((int64_t)k, (enum cursor_order)raw[0], again);
	if (strcmp(again, s) != 0)
		return false;
	*key = (int64_t)k;
	*ord = (enum cursor_order)raw[0];
	return true;
}

bool cursor_decode(const char *s, int64_t *key)
{
	enum cursor_order ord;
	int64_t k;
	if (!cursor_decode_in(s, &k, &ord) || ord != CURSOR_OLDEST)
		return false;
	*key = k;
	return true;
}
