#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/auth.h"

static void throttle_keys_separate_pairs_and_ignore_email_case(void **state)
{
	unsigned char a[32], b[32], c[32], d[32], e[32];
	(void)state;
	auth_throttle_key_pair("Pat@Acme.example", "192.0.2.1", a);
	auth_throttle_key_pair("pat@acme.example", "192.0.2.1", b);
	auth_throttle_key_pair("pat@acme.example", "192.0.2.2", c);
	auth_throttle_key_addr("192.0.2.1", d);
	/* The parts are delimited: moving bytes between email and address changes the key. */
	auth_throttle_key_pair("pat@acme.example1", "92.0.2.1", e);
	assert_memory_equal(a, b, 32);
	assert_memory_not_equal(b, c, 32);
	assert_memory_not_equal(b, d, 32);
	assert_memory_not_equal(b, e, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(throttle_keys_separate_pairs_and_ignore_email_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
