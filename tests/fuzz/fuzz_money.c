/*
 * Money amounts as clients send them (util/money.c): the first byte picks
 * a currency (supported ones and not), the rest is the amount text. What
 * parses formats to the canonical text of the same amount, which parses
 * back to it; arithmetic on it refuses overflow rather than wrapping.
 */
#include "fuzz.h"
#include "util/money.h"

static const char *const currencies[] = {"EUR", "USD", "GBP", "JPY", "CHF", "XXX", "eur", "", "EURO"};
#define NCURRENCIES (sizeof(currencies) / sizeof(currencies[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *cur;
	char *s;
	size_t len;
	struct money m;

	if (size < 1)
		return 0;
	cur = currencies[data[0] % NCURRENCIES];
	len = size - 1;
	s = fuzz_exact(data + 1, len);
	if (money_parse(s, len, cur, &m) == TESS_OK) {
		char out[32];
		struct money back, sum, prod, pct;
		FUZZ_CHECK(currency_valid(cur), "parsed in currency '%s'", cur);
		money_format(m, out);
		FUZZ_CHECK(money_parse(out, strlen(out), cur, &back) == TESS_OK && back.minor == m.minor,
		           "'%.*s' %s is %lld, formatted '%s'", (int)len, s, cur, (long long)m.minor,
		           out);
		FUZZ_CHECK(strcmp(m.currency, cur) == 0, "currency '%s' for '%s'", m.currency, cur);
		/* The usual arithmetic on a parsed amount: correct or refused, never wrapped. */
		if (money_add(m, m, &sum) == TESS_OK)
			FUZZ_CHECK(sum.minor / 2 == m.minor, "%s + %s", out, out);
		if (money_mul(m, 1000, &prod) == TESS_OK)
			FUZZ_CHECK(prod.minor / 1000 == m.minor, "%s * 1000", out);
		if (money_percent(m, 2000, &pct) == TESS_OK)
			FUZZ_CHECK(pct.minor - m.minor / 5 >= -1 && pct.minor - m.minor / 5 <= 1,
			           "20%% of %s is %lld", out, (long long)pct.minor);
	}
	free(s);
	return 0;
}
