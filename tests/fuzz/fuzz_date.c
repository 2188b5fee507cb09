/*
 * Dates and timestamps as clients send them (util/date.c): "YYYY-MM-DD"
 * and RFC 3339 UTC times. What parses formats back to the same text (up
 * to the case of 'T' and 'Z' and a "+00:00" for "Z"), and month
 * arithmetic on it stays on valid dates.
 */
#include <ctype.h>

#include "fuzz.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_exact(data, size);
	tdate d;
	int64_t ts;

	if (date_parse(s, size, &d) == TESS_OK) {
		char out[11];
		int y, m, day;
		date_format(d, out);
		FUZZ_CHECK(size == 10 && memcmp(out, s, 10) == 0, "'%.*s' formats as '%s'",
		           (int)size, s, out);
		date_to_ymd(d, &y, &m, &day);
		FUZZ_CHECK(date_valid_ymd(y, m, day) && date_from_ymd(y, m, day) == d,
		           "%s: day %d is %d-%d-%d", out, (int)d, y, m, day);
		/*
		 * Terms run months ahead or back: always a calendar date, its day
		 * clamped (beyond the years date_parse takes, which callers check).
		 */
		for (int n = -1200; n <= 1200; n += 1 + (int)(data[9] % 97)) {
			tdate e = date_add_months(d, n);
			int y2, m2, d2;
			date_to_ymd(e, &y2, &m2, &d2);
			FUZZ_CHECK(m2 >= 1 && m2 <= 12 && d2 >= 1 && d2 <= date_days_in_month(y2, m2) &&
			               (y2 * 12 + m2) - (y * 12 + m) == n && d2 <= day &&
			               (d2 == day || d2 == date_days_in_month(y2, m2)),
			           "%s + %d months = %d-%d-%d", out, n, y2, m2, d2);
		}
	}
	if (ts_parse(s, size, &ts) == TESS_OK) {
		char out[21];
		char want[21];
		ts_format(ts, out);
		if (size == 10) {
			memcpy(want, s, 10);
			memcpy(want + 10, "T00:00:00Z", 11);
		} else {
			FUZZ_CHECK(size == 20 || size == 25, "'%.*s' parsed", (int)size, s);
			memcpy(want, s, 19);
			want[10] = 'T';
			memcpy(want + 19, "Z", 2);
		}
		FUZZ_CHECK(strcmp(out, want) == 0, "'%.*s' formats as '%s'", (int)size, s, out);
		FUZZ_CHECK(ts_of_date(date_of_ts(ts)) <= ts && ts - ts_of_date(date_of_ts(ts)) < 86400,
		           "%s: its day does not hold it", out);
	}
	free(s);
	return 0;
}
