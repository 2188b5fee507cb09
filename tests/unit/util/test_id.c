/*
 * Public ids: the shape id_valid accepts, no two alike, and ids made in a
 * later millisecond sorting after earlier ones (so that the indexes on them
 * grow at one end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "util/id.h"

static void ids_have_the_accepted_shape(void **state)
{
	char id[ID_MAX];
	(void)state;
	id_new("sub", id);
	assert_int_equal(strlen(id), 4 + 20);
	assert_true(id_valid("sub", id, strlen(id)));
	assert_false(id_valid("org", id, strlen(id)));
	id[10] = 'l'; /* not in the alphabet */
	assert_false(id_valid("sub", id, strlen(id)));
}

static void ids_of_one_millisecond_differ(void **state)
{
	char a[ID_MAX], b[ID_MAX];
	(void)state;
	clock_set_fixed(1790000000);
	id_new("ord", a);
	id_new("ord", b);
	assert_string_not_equal(a, b);
	/* The same millisecond: the same time digits. */
	assert_memory_equal(a, b, 4 + 9);
	clock_reset();
}

static void later_ids_sort_after_earlier_ones(void **state)
{
	static const int64_t times[] = {1700000000, 1700000001, 1700000031, 1700000032,
					1790000000, 1900000000};
	char prev[ID_MAX], id[ID_MAX];
	(void)state;
	prev[0] = '\0';
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		clock_set_fixed(times[i]);
		id_new("inv", id);
		assert_true(id_valid("inv", id, strlen(id)));
		if (prev[0] != '\0')
			assert_true(strcmp(prev, id) < 0);
		memcpy(prev, id, sizeof(id));
	}
	clock_reset();
}

static void ids_of_later_milliseconds_sort_after(void **state)
{
	struct timespec pause = {0, 3 * 1000 * 1000};
	char a[ID_MAX], b[ID_MAX];
	(void)state;
	clock_reset();
	id_new("lic", a);
	nanosleep(&pause, NULL);
	id_new("lic", b);
	assert_true(strcmp(a, b) < 0);
	assert_memory_not_equal(a, b, 4 + 9);
}

/* Request ids: hex of the asked length, drawn anew each time. */
static void hex_ids_have_their_length_and_differ(void **state)
{
	char a[17], b[17];
	(void)state;
	id_hex(8, a);
	id_hex(8, b);
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ids_have_the_accepted_shape),
	    cmocka_unit_test(ids_of_one_millisecond_differ),
	    cmocka_unit_test(later_ids_sort_after_earlier_ones),
	    cmocka_unit_test(ids_of_later_milliseconds_sort_after),
	    cmocka_unit_test(hex_ids_have_their_length_and_differ),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
