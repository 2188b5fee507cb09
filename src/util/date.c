#include "util/date.h"

#include <string.h>

#include "util/util_int.h"

/*
 * Howard Hinnant's days-from-civil algorithm: exact for the proleptic
 * Gregorian calendar over the whole int32 range we use.
 */
tdate date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (tdate)(era * 146097 + doe - 719468);
}

void date_to_ymd(tdate days, int *year, int *month, int *day)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp + (mp < 10 ? 3 : -9);
	*year = y + (m <= 2);
	*month = m;
	*day = d;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && leap(year))
		return 29;
	return days[month - 1];
}

bool date_valid_ymd(int year, int month, int day)
{
	return year >= 1900 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= date_days_in_month(year, month);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

enum tess_err date_parse(const char *s, size_t len, tdate *out)
{
	int y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) || !date_valid_ymd(y, m, d))
		return TESS_ERR_INVALID;
	*out = date_from_ymd(y, m, d);
	return TESS_OK;
}

void date_format(tdate d, char out[11])
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	util_snprintf(out, 11, "%04d-%02d-%02d", y, m, day);
}

tdate date_add_months(tdate d, int n)
{
	int y, m, day, total, dim;
	date_to_ymd(d, &y, &m, &day);
	total = y * 12 + (m - 1) + n;
	y = total / 12;
	m = total % 12 + 1;
	dim = date_days_in_month(y, m);
	if (day > dim)
		day = dim;
	return date_from_ymd(y, m, day);
}

tdate date_of_ts(int64_t ts)
{
	int64_t days = ts / 86400;
	if (ts % 86400 < 0)
		days--;
	return (tdate)days;
}

int64_t ts_of_date(tdate d)
{
	return (int64_t)d * 86400;
}

void ts_format(int64_t ts, char out[21])
{
	tdate d = date_of_ts(ts);
	int64_t secs = ts - ts_of_date(d);
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	util_snprintf(out, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, day, (int)(secs / 3600),
		      (int)(secs / 60 % 60), (int)(secs % 60));
}

enum tess_err ts_parse(const char *s, size_t len, int64_t *out)
{
	tdate d;
	int hh, mm, ss;
	if (len == 10) {
		if (date_parse(s, len, &d) != TESS_OK)
			return TESS_ERR_INVALID;
		*out = ts_of_date(d);
		return TESS_OK;
	}
	if (len < 20 || date_parse(s, 10, &d) != TESS_OK || (s[10] != 'T' && s[10] != 't') ||
	    s[13] != ':' || s[16] != ':' || !digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mm) ||
	    !digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59)
		return TESS_ERR_INVALID;
	if (!((len == 20 && (s[19] == 'Z' || s[19] == 'z')) ||
	      (len == 25 && memcmp(s + 19, "+00:00", 6) == 0)))
		return TESS_ERR_INVALID;
	*out = ts_of_date(d) + hh * 3600 + mm * 60 + ss;
	return TESS_OK;
}
