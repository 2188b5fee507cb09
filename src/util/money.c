#include "util/money.h"

#include <stdio.h>
#include <string.h>

#include "util/util_int.h"

/* Currencies Tessera prices in, with their minor-unit digits. */
/*
 * The symbol is en-US Intl's where WinAnsi can print it, "" for the code
 * and a space (money_format_display).
 */
static const struct {
	const char code[4];
	int digits;
	const char *symbol;
} currencies[] = {
	{"USD", 2, "$"},  {"EUR", 2, "\xe2\x82\xac"}, {"GBP", 2, "\xc2\xa3"}, {"AUD", 2, "A$"},
	{"CAD", 2, "CA$"}, {"NZD", 2, "NZ$"},        {"JPY", 0, "\xc2\xa5"}, {"CHF", 2, ""},
	{"SEK", 2, ""},    {"NOK", 2, ""},           {"DKK", 2, ""},         {"SGD", 2, ""},
	{"INR", 2, ""},    {"BRL", 2, "R$"},
};

struct money money_make(int64_t minor, const char *currency)
{
	struct money m;
	m.minor = minor;
	memset(m.currency, 0, sizeof(m.currency));
	if (currency != NULL)
		memcpy(m.currency, currency, strnlen(currency, 3));
	return m;
}

int currency_digits(const char *code)
{
	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
		if (strcmp(currencies[i].code, code) == 0)
			return currencies[i].digits;
	return -1;
}

bool currency_valid(const char *code)
{
	return code != NULL && strlen(code) == 3 && currency_digits(code) >= 0;
}

enum tess_err money_add(struct money a, struct money b, struct money *out)
{
	int64_t r;
	if (strcmp(a.currency, b.currency) != 0 || __builtin_add_overflow(a.minor, b.minor, &r))
		return TESS_ERR_INVALID;
	*out = money_make(r, a.currency);
	return TESS_OK;
}

enum tess_err money_sub(struct money a, struct money b, struct money *out)
{
	int64_t r;
	if (strcmp(a.currency, b.currency) != 0 || __builtin_sub_overflow(a.minor, b.minor, &r))
		return TESS_ERR_INVALID;
	*out = money_make(r, a.currency);
	return TESS_OK;
}

enum tess_err money_mul(struct money a, int64_t n, struct money *out)
{
	int64_t r;
	if (__builtin_mul_overflow(a.minor, n, &r))
		return TESS_ERR_INVALID;
	*out = money_make(r, a.currency);
	return TESS_OK;
}

int64_t div_round_half_even(int64_t num, int64_t den)
{
	int64_t q = num / den;
	int64_t r = num % den;
	int64_t twice;
	if (r == 0)
		return q;
	/* |2r| compared with den decides; ties go to the even quotient. */
	twice = r < 0 ? -r * 2 : r * 2;
	if (twice > den || (twice == den && (q % 2 != 0)))
		q += (num < 0) ? -1 : 1;
	return q;
}

enum tess_err money_scale(struct money a, int64_t num, int64_t den, struct money *out)
{
	__int128 p, q, r, twice;
	if (den <= 0)
		return TESS_ERR_INVALID;
	p = (__int128)a.minor * num;
	q = p / den;
	r = p % den;
	if (r != 0) {
		twice = r < 0 ? -r * 2 : r * 2;
		if (twice > den || (twice == den && (q % 2 != 0)))
			q += (p < 0) ? -1 : 1;
	}
	if (q > INT64_MAX || q < INT64_MIN)
		return TESS_ERR_INVALID;
	*out = money_make((int64_t)q, a.currency);
	return TESS_OK;
}

enum tess_err money_percent(struct money a, int64_t bp, struct money *out)
{
	return money_scale(a, bp, BP_WHOLE, out);
}

enum tess_err money_parse(const char *s, size_t len, const char *currency, struct money *out)
{
	int digits = currency_digits(currency);
	int64_t whole = 0, frac = 0;
	int nfrac = 0;
	size_t i = 0;
	bool neg = false, seen_digit = false, seen_dot = false;

	if (digits < 0 || len == 0 || len > 24)
		return TESS_ERR_INVALID;
	if (s[0] == '-') {
		neg = true;
		i = 1;
	}
	for (; i < len; i++) {
		char c = s[i];
		if (c == '.' && !seen_dot) {
			seen_dot = true;
			continue;
		}
		if (c < '0' || c > '9')
			return TESS_ERR_INVALID;
		seen_digit = true;
		if (seen_dot) {
			if (++nfrac > digits)
				return TESS_ERR_INVALID;
			frac = frac * 10 + (c - '0');
		} else if (__builtin_mul_overflow(whole, 10, &whole) ||
			   __builtin_add_overflow(whole, c - '0', &whole)) {
			return TESS_ERR_INVALID;
		}
	}
	if (!seen_digit || (seen_dot && nfrac == 0))
		return TESS_ERR_INVALID;
	for (; nfrac < digits; nfrac++)
		frac *= 10;
	{
		int64_t scale = 1, minor;
		for (int d = 0; d < digits; d++)
			scale *= 10;
		if (__builtin_mul_overflow(whole, scale, &minor) ||
		    __builtin_add_overflow(minor, frac, &minor))
			return TESS_ERR_INVALID;
		*out = money_make(neg ? -minor : minor, currency);
	}
	return TESS_OK;
}

void money_format(struct money m, char out[32])
{
	int digits = currency_digits(m.currency);
	uint64_t mag = m.minor < 0 ? (uint64_t)0 - (uint64_t)m.minor : (uint64_t)m.minor;
	uint64_t scale = 1;
	if (digits < 0)
		digits = 2;
	for (int d = 0; d < digits; d++)
		scale *= 10;
	if (digits == 0)
		util_snprintf(out, 32, "%s%llu", m.minor < 0 ? "-" : "", (unsigned long long)mag);
	else
		util_snprintf(out, 32, "%s%llu.%0*llu", m.minor < 0 ? "-" : "",
			      (unsigned long long)(mag / scale), digits,
			      (unsigned long long)(mag % scale));
}

void money_format_display(struct money m, char out[MONEY_DISPLAY_MAX])
{
	const char *symbol = NULL;
	char digits_text[24], grouped[32];
	int digits = 2;
	uint64_t mag = m.minor < 0 ? (uint64_t)0 - (uint64_t)m.minor : (uint64_t)m.minor;
	uint64_t scale = 1;
	size_t n, j = 0;

	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
		if (strcmp(currencies[i].code, m.currency) == 0) {
			symbol = currencies[i].symbol;
			digits = currencies[i].digits;
		}
	for (int d = 0; d < digits; d++)
		scale *= 10;
	/* The whole units with a comma before every group of three digits from the right. */
	util_snprintf(digits_text, sizeof(digits_text), "%llu", (unsigned long long)(mag / scale));
	n = strlen(digits_text);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits_text[i];
	}
	grouped[j] = '\0';
	if (symbol != NULL && symbol[0] != '\0')
		util_snprintf(out, MONEY_DISPLAY_MAX, "%s%s%s", m.minor < 0 ? "-" : "", symbol,
			      grouped);
	else
		util_snprintf(out, MONEY_DISPLAY_MAX, "%s%s%s%s", m.minor < 0 ? "-" : "",
			      m.currency, m.currency[0] != '\0' ? " " : "", grouped);
	if (digits > 0) {
		size_t used = strlen(out);
		util_snprintf(out + used, MONEY_DISPLAY_MAX - used, ".%0*llu", digits,
			      (unsigned long long)(mag % scale));
	}
}
