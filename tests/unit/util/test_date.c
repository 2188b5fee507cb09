#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/date.h"

static void epoch_and_round_trip(void **state)
{
	char s[11];
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	for (tdate d = -800; d < 40000; d += 37) {
		int y, m, day;
		date_to_ymd(d, &y, &m, &day);
		assert_int_equal(date_from_ymd(y, m, day), d);
	}
	date_format(date_from_ymd(2024, 2, 29), s);
	assert_string_equal(s, "2024-02-29");
}

static void parse_refuses_impossible_dates(void **state)
{
	tdate d;
	(void)state;
	assert_int_equal(date_parse("2023-02-29", 10, &d), TESS_ERR_INVALID);
	assert_int_equal(date_parse("2024-13-01", 10, &d), TESS_ERR_INVALID);
	assert_int_equal(date_parse("2024-1-01", 9, &d), TESS_ERR_INVALID);
	assert_int_equal(date_parse("2024-01-0a", 10, &d), TESS_ERR_INVALID);
	assert_int_equal(date_parse("2024-02-29", 10, &d), TESS_OK);
}

static void add_months_clamps_to_month_end(void **state)
{
	char s[11];
	(void)state;
	date_format(date_add_months(date_from_ymd(2025, 1, 31), 1), s);
	assert_string_equal(s, "2025-02-28");
	date_format(date_add_months(date_from_ymd(2024, 1, 31), 1), s);
	assert_string_equal(s, "2024-02-29");
	date_format(date_add_months(date_from_ymd(2024, 2, 29), 12), s);
	assert_string_equal(s, "2025-02-28");
	date_format(date_add_months(date_from_ymd(2025, 3, 15), -3), s);
	assert_string_equal(s, "2024-12-15");
}

static void timestamps_format_and_parse(void **state)
{
	char s[21];
	int64_t ts;
	(void)state;
	ts_format(0, s);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	assert_int_equal(ts_parse("2026-11-23T09:05:07Z", 20, &ts), TESS_OK);
	ts_format(ts, s);
	assert_string_equal(s, "2026-11-23T09:05:07Z");
	assert_int_equal(ts_parse("2026-11-23T09:05:07+00:00", 25, &ts), TESS_OK);
	assert_int_equal(ts_parse("2026-11-23T24:00:00Z", 20, &ts), TESS_ERR_INVALID);
	assert_int_equal(ts_parse("2026-11-23", 10, &ts), TESS_OK);
	assert_int_equal(date_of_ts(ts), date_from_ymd(2026, 11, 23));
	assert_int_equal(date_of_ts(-1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoch_and_round_trip),
		cmocka_unit_test(parse_refuses_impossible_dates),
		cmocka_unit_test(add_months_clamps_to_month_end),
		cmocka_unit_test(timestamps_format_and_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
