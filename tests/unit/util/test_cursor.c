#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "util/cursor.h"

static void keys_round_trip(void **state)
{
	const int64_t keys[] = {0, 1, 255, 1234567890123, INT64_MAX};
	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char c[CURSOR_MAX];
		int64_t back = -1;
		cursor_encode(keys[i], c);
		assert_int_equal(strlen(c), 12);
		assert_true(cursor_decode(c, &back));
		assert_int_equal(back, keys[i]);
	}
}

static void foreign_texts_are_refused(void **state)
{
	int64_t k;
	(void)state;
	assert_false(cursor_decode(NULL, &k));
	assert_false(cursor_decode("", &k));
	assert_false(cursor_decode("AQAAAAAAAAA", &k));    /* 11 characters */
	assert_false(cursor_decode("AQAAAAAAAAAB=", &k));  /* padded */
	assert_false(cursor_decode("AgAAAAAAAAAB", &k));   /* a newest-first cursor */
	assert_false(cursor_decode("AQAAAAAAAA+/", &k));   /* the standard alphabet */
	assert_false(cursor_decode("AYAAAAAAAAAA", &k));   /* above INT64_MAX */
}

/* One key, one text: bytes with the high bit set, which libsodium decodes, are refused. */
static void only_the_text_this_program_wrote_decodes(void **state)
{
	int64_t k = -1;
	(void)state;
	assert_true(cursor_decode("AX_____A___g", &k));
	assert_false(cursor_decode("AX_____A__\xdfg", &k));
	assert_false(cursor_decode("AQAAAAAAAAA\xc2", &k));
}

/* A newest-first cursor names its order; lists without an order refuse it. */
static void the_order_travels_with_the_key(void **state)
{
	const int64_t keys[] = {0, 1, 4242, INT64_MAX};
	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char asc[CURSOR_MAX], desc[CURSOR_MAX];
		enum cursor_order ord = CURSOR_OLDEST;
		int64_t back = -1;
		cursor_encode(keys[i], asc);
		cursor_encode_in(keys[i], CURSOR_NEWEST, desc);
		assert_string_not_equal(asc, desc);
		assert_true(cursor_decode_in(desc, &back, &ord));
		assert_int_equal(back, keys[i]);
		assert_int_equal(ord, CURSOR_NEWEST);
		assert_true(cursor_decode_in(asc, &back, &ord));
		assert_int_equal(ord, CURSOR_OLDEST);
		assert_false(cursor_decode(desc, &back));
	}
	{
		enum cursor_order ord;
		int64_t k;
		assert_false(cursor_decode_in("AwAAAAAAAAAB", &k, &ord)); /* kind 3 */
		assert_false(cursor_decode_in("AAAAAAAAAAAB", &k, &ord)); /* kind 0 */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_round_trip),
		cmocka_unit_test(foreign_texts_are_refused),
		cmocka_unit_test(only_the_text_this_program_wrote_decodes),
		cmocka_unit_test(the_order_travels_with_the_key),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
