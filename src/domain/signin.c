#include "domain/signin.h"

int64_t auth_pair_wait(int64_t failures, int64_t last, int64_t now)
{
	int64_t delay = AUTH_PAIR_DELAY_BASE;

	if (failures < AUTH_PAIR_FREE || now - last >= AUTH_THROTTLE_FORGET)
		return 0;
	for (int64_t i = AUTH_PAIR_FREE; i < failures && delay < AUTH_PAIR_DELAY_MAX; i++)
		delay *= 2;
	if (delay > AUTH_PAIR_DELAY_MAX)
		delay = AUTH_PAIR_DELAY_MAX;
	return last + delay > now ? last + delay - now : 0;
}

int64_t auth_addr_hold_ms(int64_t failures)
{
	int64_t hold = AUTH_ADDR_HOLD_BASE_MS;

	if (failures <= AUTH_ADDR_FREE)
		return 0;
	for (int64_t i = AUTH_ADDR_FREE + 1; i < failures && hold < AUTH_ADDR_HOLD_MAX_MS; i++)
		hold *= 2;
	return hold > AUTH_ADDR_HOLD_MAX_MS ? AUTH_ADDR_HOLD_MAX_MS : hold;
}
