/*
 * Money: an integer number of minor units and an ISO 4217 currency.
 * Arithmetic refuses mixed currencies and overflow. All rounding goes
 * through money_div_round (half-even on minor units).
 */
#ifndef TESSERA_UTIL_MONEY_H
#define TESSERA_UTIL_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct money {
	int64_t minor;
	char currency[4];
};

/* Basis points: 10000 = 100%. */
#define BP_WHOLE 10000

/* A money value; currency is copied (3 upper-case letters expected). */
struct money money_make(int64_t minor, const char *currency);
/* True if code is a supported ISO 4217 currency. */
bool currency_valid(const char *code);
/* Digits after the decimal point for a supported currency (2, or 0 for JPY). */
int currency_digits(const char *code);

/* out = a + b; TESS_ERR_INVALID on mixed currencies or overflow. */
enum tess_err money_add(struct money a, struct money b, struct money *out);
/* out = a - b; same errors. */
enum tess_err money_sub(struct money a, struct money b, struct money *out);
/* out = a * n; TESS_ERR_INVALID on overflow. */
enum tess_err money_mul(struct money a, int64_t n, struct money *out);
/*
 * out = a * num / den rounded half-even (the one rounding rule).
 * TESS_ERR_INVALID on den <= 0 or overflow.
 */
enum tess_err money_scale(struct money a, int64_t num, int64_t den, struct money *out);
/* out = a * bp / 10000, rounded half-even. */
enum tess_err money_percent(struct money a, int64_t bp, struct money *out);

/* num / den rounded half-even; den > 0. The only rounding in Tessera. */
int64_t div_round_half_even(int64_t num, int64_t den);

/*
 * Parses a decimal amount ("10000.00", "12.5", "7") in the currency's
 * minor units. Refuses more fraction digits than the currency has.
 */
enum tess_err money_parse(const char *s, size_t len, const char *currency, struct money *out);
/* "10000.00" (no currency, no grouping). out must hold 32 bytes. */
void money_format(struct money m, char out[32]);

/* Room for any money_format_display text, its NUL included. */
#define MONEY_DISPLAY_MAX 48
/*
 * The amount for a reader, as en-US Intl.NumberFormat (style currency)
 * prints it and the pages show it: thousands separators, the currency's
 * digits, a leading minus: "$12,345.00", "-A$1,234.00", "€12,345.00",
 * "£12,345.00", "CA$", "NZ$", "R$", "¥1,235" (JPY), "CHF 12,345.00".
 * UTF-8, and only characters the WinAnsi text of the PDFs has: where
 * Intl's symbol has none (INR), the code as a prefix ("INR 12,345.00"),
 * as for currencies without a symbol. An unknown currency prints its
 * code and two digits.
 */
void money_format_display(struct money m, char out[MONEY_DISPLAY_MAX]);

#endif
