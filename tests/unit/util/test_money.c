#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/money.h"

static void half_even_rounds_ties_to_even(void **state)
{
	(void)state;
	assert_int_equal(div_round_half_even(5, 2), 2);   /* 2.5 -> 2 */
	assert_int_equal(div_round_half_even(7, 2), 4);   /* 3.5 -> 4 */
	assert_int_equal(div_round_half_even(-5, 2), -2); /* -2.5 -> -2 */
	assert_int_equal(div_round_half_even(-7, 2), -4);
	assert_int_equal(div_round_half_even(26, 10), 3);  /* 2.6 -> 3 */
	assert_int_equal(div_round_half_even(24, 10), 2);  /* 2.4 -> 2 */
	assert_int_equal(div_round_half_even(-26, 10), -3);
}

static void percent_of_odd_cent_rounds_half_even(void **state)
{
	struct money out;
	(void)state;
	/* 15% of 0.10 = 0.015 -> 0.02 (tie, 1 is odd so up to 2) */
	assert_int_equal(money_percent(money_make(10, "USD"), 1500, &out), TESS_OK);
	assert_int_equal(out.minor, 2);
	/* 25% of 0.10 = 0.025 -> 0.02 (tie, 2 is even) */
	assert_int_equal(money_percent(money_make(10, "USD"), 2500, &out), TESS_OK);
	assert_int_equal(out.minor, 2);
}

static void add_refuses_mixed_currencies(void **state)
{
	struct money out;
	(void)state;
	assert_int_equal(money_add(money_make(1, "USD"), money_make(1, "EUR"), &out),
			 TESS_ERR_INVALID);
	assert_int_equal(money_add(money_make(1, "USD"), money_make(2, "USD"), &out), TESS_OK);
	assert_int_equal(out.minor, 3);
	assert_string_equal(out.currency, "USD");
}

static void add_and_mul_refuse_overflow(void **state)
{
	struct money out;
	(void)state;
	assert_int_equal(money_add(money_make(INT64_MAX, "USD"), money_make(1, "USD"), &out),
			 TESS_ERR_INVALID);
	assert_int_equal(money_mul(money_make(INT64_MAX / 2 + 1, "USD"), 2, &out), TESS_ERR_INVALID);
	assert_int_equal(money_scale(money_make(INT64_MAX, "USD"), 3, 1, &out), TESS_ERR_INVALID);
	/* The intermediate product may pass int64 as long as the result fits. */
	assert_int_equal(money_scale(money_make(INT64_MAX, "USD"), 3, 3, &out), TESS_OK);
	assert_true(out.minor == INT64_MAX);
}

static void parse_and_format_round_trip(void **state)
{
	struct money m;
	char s[32];
	(void)state;
	assert_int_equal(money_parse("10000.00", 8, "USD", &m), TESS_OK);
	assert_int_equal(m.minor, 1000000);
	money_format(m, s);
	assert_string_equal(s, "10000.00");
	assert_int_equal(money_parse("12.5", 4, "USD", &m), TESS_OK);
	assert_int_equal(m.minor, 1250);
	assert_int_equal(money_parse("1500", 4, "JPY", &m), TESS_OK);
	assert_int_equal(m.minor, 1500);
	money_format(money_make(-5, "USD"), s);
	assert_string_equal(s, "-0.05");
}

static void parse_refuses_bad_amounts(void **state)
{
	struct money m;
	(void)state;
	assert_int_equal(money_parse("1.234", 5, "USD", &m), TESS_ERR_INVALID);
	assert_int_equal(money_parse("1.5", 3, "JPY", &m), TESS_ERR_INVALID);
	assert_int_equal(money_parse("abc", 3, "USD", &m), TESS_ERR_INVALID);
	assert_int_equal(money_parse("1.", 2, "USD", &m), TESS_ERR_INVALID);
	assert_int_equal(money_parse("", 0, "USD", &m), TESS_ERR_INVALID);
	assert_int_equal(money_parse("1", 1, "XXX", &m), TESS_ERR_INVALID);
	assert_int_equal(money_parse("99999999999999999999", 20, "USD", &m), TESS_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(half_even_rounds_ties_to_even),
		cmocka_unit_test(percent_of_odd_cent_rounds_half_even),
		cmocka_unit_test(add_refuses_mixed_currencies),
		cmocka_unit_test(add_and_mul_refuse_overflow),
		cmocka_unit_test(parse_and_format_round_trip),
		cmocka_unit_test(parse_refuses_bad_amounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
