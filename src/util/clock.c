#include "util/clock.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

static _Atomic bool fixed;
static _Atomic int64_t fixed_at;
static _Atomic int64_t offset;

int64_t clock_now(void)
{
	struct timespec ts;
	if (atomic_load(&fixed))
		return atomic_load(&fixed_at);
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec + atomic_load(&offset);
}

int64_t clock_now_ms(void)
{
	struct timespec ts;
	if (atomic_load(&fixed))
		return atomic_load(&fixed_at) * 1000;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return ((int64_t)ts.tv_sec + atomic_load(&offset)) * 1000 + ts.tv_nsec / 1000000;
}

tdate clock_today(void)
{
	return date_of_ts(clock_now());
}

void clock_set_fixed(int64_t ts)
{
	atomic_store(&fixed_at, ts);
	atomic_store(&fixed, true);
}

void clock_set_offset(int64_t off)
{
	atomic_store(&offset, off);
	atomic_store(&fixed, false);
}

void clock_reset(void)
{
	clock_set_offset(0);
}

int64_t clock_mono_us(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
