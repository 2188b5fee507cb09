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

/* money_format_display of minor in currency. */
static const char *shown(int64_t minor, const char *currency, char out[MONEY_DISPLAY_MAX])
{
	money_format_display(money_make(minor, currency), out);
	return out;
}

static void display_groups_thousands_with_the_intl_symbol(void **state)
{
	char out[MONEY_DISPLAY_MAX];
	(void)state;
	assert_string_equal(shown(1234500, "USD", out), "$12,345.00");
	assert_string_equal(shown(1234500, "AUD", out), "A$12,345.00");
	assert_string_equal(shown(1234500, "EUR", out), "\xe2\x82\xac" "12,345.00");
	assert_string_equal(shown(1234500, "GBP", out), "\xc2\xa3" "12,345.00");
	assert_string_equal(shown(1234500, "CAD", out), "CA$12,345.00");
	assert_string_equal(shown(1234500, "NZD", out), "NZ$12,345.00");
	assert_string_equal(shown(1234500, "BRL", out), "R$12,345.00");
	assert_string_equal(shown(1234500, "CHF", out), "CHF 12,345.00");
	assert_string_equal(shown(1234500, "SGD", out), "SGD 12,345.00");
	/* Intl's rupee sign is not in WinAnsi: the code instead. */
	assert_string_equal(shown(1234500, "INR", out), "INR 12,345.00");
	/* No minor digits in yen. */
	assert_string_equal(shown(1234567, "JPY", out), "\xc2\xa5" "1,234,567");
	assert_string_equal(shown(100, "JPY", out), "\xc2\xa5" "100");
}

static void display_small_negative_and_extreme_amounts(void **state)
{
	char out[MONEY_DISPLAY_MAX];
	(void)state;
	assert_string_equal(shown(0, "USD", out), "$0.00");
	assert_string_equal(shown(5, "USD", out), "$0.05");
	assert_string_equal(shown(99999, "USD", out), "$999.99");
	assert_string_equal(shown(100000, "USD", out), "$1,000.00");
	assert_string_equal(shown(-123400, "USD", out), "-$1,234.00");
	assert_string_equal(shown(-1, "GBP", out), "-\xc2\xa3" "0.01");
	assert_string_equal(shown(-123456789, "SEK", out), "-SEK 1,234,567.89");
	assert_string_equal(shown(123456789012345, "USD", out), "$1,234,567,890,123.45");
	assert_string_equal(shown(INT64_MAX, "USD", out), "$92,233,720,368,547,758.07");
	assert_string_equal(shown(INT64_MIN, "EUR", out),
			    "-\xe2\x82\xac" "92,233,720,368,547,758.08");
	assert_true(strlen(shown(INT64_MIN, "SEK", out)) < MONEY_DISPLAY_MAX);
	/* A currency Tessera does not know: its code and two digits. */
	assert_string_equal(shown(123456, "XYZ", out), "XYZ 1,234.56");
	assert_string_equal(shown(123456, "", out), "1,234.56");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(half_even_rounds_ties_to_even),
		cmocka_unit_test(display_groups_thousands_with_the_intl_symbol),
		cmocka_unit_test(display_small_negative_and_extreme_amounts),
		cmocka_unit_test(percent_of_odd_cent_rounds_half_even),
		cmocka_unit_test(add_refuses_mixed_currencies),
		cmocka_unit_test(add_and_mul_refuse_overflow),
		cmocka_unit_test(parse_and_format_round_trip),
		cmocka_unit_test(parse_refuses_bad_amounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
