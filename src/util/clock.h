/*
 * The one source of "now" for the whole program. No handler or rule reads
 * the system time itself: it asks this module, which tests (and, later, a
 * tenant's test clock) can set. Domain functions take the date as a
 * parameter; the caller gets it here.
 */
#ifndef TESSERA_UTIL_CLOCK_H
#define TESSERA_UTIL_CLOCK_H

#include <stdint.h>

#include "util/date.h"

/* Seconds since the epoch, as the program's clock says. */
int64_t clock_now(void);
/* The same clock in milliseconds (for ordering, such as the time in ids). */
int64_t clock_now_ms(void);
/* Today's date (UTC) as the program's clock says. */
tdate clock_today(void);

/* Freezes the clock at ts. */
void clock_set_fixed(int64_t ts);
/* Runs the clock from the system time shifted by offset seconds. */
void clock_set_offset(int64_t offset);
/* Back to the plain system time. */
void clock_reset(void);

/* Monotonic microseconds, for measuring durations only (never dates). */
int64_t clock_mono_us(void);

#endif
