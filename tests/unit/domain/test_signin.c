/* The sign-in throttle's rules: the pair's wait and the address's hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/signin.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */

static void pair_free_failures_wait_nothing(void **state)
{
	(void)state;
	for (int64_t f = 0; f < AUTH_PAIR_FREE; f++)
		assert_int_equal(auth_pair_wait(f, T0, T0), 0);
}

static void pair_wait_starts_at_base_after_the_free_failures(void **state)
{
	(void)state;
	assert_int_equal(auth_pair_wait(AUTH_PAIR_FREE, T0, T0), AUTH_PAIR_DELAY_BASE);
	assert_int_equal(auth_pair_wait(AUTH_PAIR_FREE, T0, T0 + 1), AUTH_PAIR_DELAY_BASE - 1);
	assert_int_equal(auth_pair_wait(AUTH_PAIR_FREE, T0, T0 + AUTH_PAIR_DELAY_BASE), 0);
}

static void pair_wait_doubles_with_each_failure_up_to_the_cap(void **state)
{
	int64_t prev = 0;
	(void)state;
	for (int64_t f = AUTH_PAIR_FREE; f < AUTH_PAIR_FREE + 20; f++) {
		int64_t w = auth_pair_wait(f, T0, T0);
		assert_true(w >= prev);
		assert_true(w <= AUTH_PAIR_DELAY_MAX);
		if (prev > 0 && prev * 2 <= AUTH_PAIR_DELAY_MAX)
			assert_int_equal(w, prev * 2);
		prev = w;
	}
	assert_int_equal(prev, AUTH_PAIR_DELAY_MAX);
	/* No overflow however many failures there are. */
	assert_int_equal(auth_pair_wait(INT64_MAX / 2, T0, T0), AUTH_PAIR_DELAY_MAX);
}

static void pair_failures_are_forgotten_after_the_window(void **state)
{
	(void)state;
	assert_int_equal(auth_pair_wait(1000, T0, T0 + AUTH_THROTTLE_FORGET), 0);
	assert_true(auth_pair_wait(1000, T0, T0 + AUTH_PAIR_DELAY_MAX - 1) > 0);
}

static void address_failures_are_held_only_past_its_budget(void **state)
{
	int64_t prev = 0;
	(void)state;
	for (int64_t f = 0; f <= AUTH_ADDR_FREE; f++)
		assert_int_equal(auth_addr_hold_ms(f), 0);
	assert_int_equal(auth_addr_hold_ms(AUTH_ADDR_FREE + 1), AUTH_ADDR_HOLD_BASE_MS);
	for (int64_t f = AUTH_ADDR_FREE + 1; f < AUTH_ADDR_FREE + 40; f++) {
		int64_t h = auth_addr_hold_ms(f);
		assert_true(h >= prev && h <= AUTH_ADDR_HOLD_MAX_MS);
		prev = h;
	}
	assert_int_equal(prev, AUTH_ADDR_HOLD_MAX_MS);
	assert_int_equal(auth_addr_hold_ms(INT64_MAX), AUTH_ADDR_HOLD_MAX_MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(pair_free_failures_wait_nothing),
	    cmocka_unit_test(pair_wait_starts_at_base_after_the_free_failures),
	    cmocka_unit_test(pair_wait_doubles_with_each_failure_up_to_the_cap),
	    cmocka_unit_test(pair_failures_are_forgotten_after_the_window),
	    cmocka_unit_test(address_failures_are_held_only_past_its_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
