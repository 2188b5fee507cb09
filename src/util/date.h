/*
 * Calendar dates in UTC as days since 1970-01-01 (tdate), and timestamps
 * as seconds since the epoch. ISO 8601 / RFC 3339 text only at the edges.
 */
#ifndef TESSERA_UTIL_DATE_H
#define TESSERA_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef int32_t tdate;

/* Days since the epoch of a valid proleptic Gregorian date. */
tdate date_from_ymd(int year, int month, int day);
void date_to_ymd(tdate d, int *year, int *month, int *day);
bool date_valid_ymd(int year, int month, int day);
int date_days_in_month(int year, int month);

/* Parses exactly "YYYY-MM-DD"; TESS_ERR_INVALID otherwise. */
enum tess_err date_parse(const char *s, size_t len, tdate *out);
/* Writes "YYYY-MM-DD" and a NUL into out. */
void date_format(tdate d, char out[11]);

/*
 * The same day n months later (or earlier for negative n); a day past the
 * end of the target month is clamped to its last day (Jan 31 + 1 = Feb 28/29).
 */
tdate date_add_months(tdate d, int n);

/* The calendar date of a timestamp (UTC). */
tdate date_of_ts(int64_t ts);
/* Midnight UTC at the start of d. */
int64_t ts_of_date(tdate d);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" and a NUL. */
void ts_format(int64_t ts, char out[21]);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" (or with +00:00), or a bare date as its midnight. */
enum tess_err ts_parse(const char *s, size_t len, int64_t *out);

#endif
