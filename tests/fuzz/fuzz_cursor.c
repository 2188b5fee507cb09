/*
 * Pagination cursors (util/cursor.c) as clients send them back in
 * ?cursor=: any text is refused or decodes to a key whose cursor is that
 * very text (one text per key, so a cursor cannot be forged twice).
 */
#include <sodium.h>

#include "fuzz.h"
#include "util/cursor.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	int64_t key = -1;

	if (cursor_decode(s, &key)) {
		char again[CURSOR_MAX];
		FUZZ_CHECK(key >= 0, "decoded a negative key %lld", (long long)key);
		cursor_encode(key, again);
		FUZZ_CHECK(strcmp(again, s) == 0, "'%s' decodes to %lld, which encodes as '%s'", s,
		           (long long)key, again);
	}
	/* Any key, such as the last row's, encodes to a cursor that decodes to it. */
	if (size >= 8) {
		char out[CURSOR_MAX];
		int64_t k;
		int64_t back = -1;
		memcpy(&k, data, sizeof(k));
		if (k < 0)
			k = -(k + 1);
		cursor_encode(k, out);
		FUZZ_CHECK(strlen(out) == 12 && cursor_decode(out, &back) && back == k,
		           "key %lld: cursor '%s' decodes to %lld", (long long)k, out, (long long)back);
	}
	free(s);
	return 0;
}
