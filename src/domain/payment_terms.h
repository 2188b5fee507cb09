/*
 * Which payment methods an order accepts: SPEC rules 1-4.
 *
 *   1. Net-30 terms only for orders that contain datacenter or cloud items
 *      and total 10,000.00 USD or more, or the equivalent in the order's
 *      currency (converted with a currency-to-USD rate table; exactly
 *      10,000.00 USD qualifies, 9,999.99 does not).
 *   2. An order with monthly cloud subscriptions is paid by card only.
 *   3. An order in AUD accepts neither card nor check.
 *   4. Otherwise: card, PayPal, bank transfer, check and ACH (plus net-30
 *      where rule 1 allows it).
 *
 * Collisions: the rules only ever take methods away, so they all apply.
 * A monthly cloud order in AUD is card-only (rule 2) and card-less (rule
 * 3): no method is left, and both functions below refuse it with
 * no_payment_method_available, telling the buyer to price it in another
 * currency or buy annual subscriptions. Net-30 on a monthly cloud order of
 * any size is refused by rule 2 (card only).
 */
#ifndef TESSERA_DOMAIN_PAYMENT_TERMS_H
#define TESSERA_DOMAIN_PAYMENT_TERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/err.h"
#include "util/money.h"

/* Net-30 threshold of SPEC rule 1, in USD cents. */
#define PAYTERMS_NET30_MIN_USD_MINOR 1000000

/* Rates are USD per one whole unit of a currency, in millionths: 1.08 = 1080000. */
#define PAYTERMS_RATE_ONE 1000000

struct payterms_fx_row {
	const char *currency;
	int64_t usd_micros; /* USD value of one whole unit, x 1000000 */
};

struct payterms_fx_table {
	const struct payterms_fx_row *rows;
	size_t n;
};

/* What the rules need to know about an order. */
struct payterms_order {
	struct money total;           /* the order's total, in its currency */
	bool has_datacenter_or_cloud; /* at least one datacenter or cloud line */
	bool has_monthly_cloud;       /* at least one monthly cloud subscription */
};

/* The facts of an order of total before any line is added. */
struct payterms_order payterms_order_of(struct money total);

/*
 * Adds one line of hosting h billed per period to o: a datacenter or cloud
 * line opens net-30 (rule 1), a monthly cloud one asks for a card (rule 2).
 * Every caller derives the facts from its lines through here.
 */
void payterms_order_add_line(struct payterms_order *o, enum hosting h, enum billing_period period);

/* Days an invoice on net-30 terms has to be paid. */
#define PAYTERMS_NET30_DAYS 30

/*
 * The day an invoice issued on issued_on is due: 30 days later on net-30
 * terms, else on receipt (the day it is issued).
 */
tdate payterms_due_on(bool net30, tdate issued_on);

/* Bit of a method in an accepted-methods mask. */
#define PAYTERMS_BIT(m) (1u << (m))

/*
 * Built-in, illustrative rates for every currency money.h supports.
 * Static storage, never NULL; a store-backed table can replace it.
 */
const struct payterms_fx_table *payterms_default_fx(void);

/*
 * The total converted to USD, rounded half-even once (money_scale).
 * TESS_ERR_REFUSED (currency_not_supported) if the table has no rate for
 * the currency; TESS_ERR_INVALID on overflow or an unknown currency.
 */
enum tess_err payterms_to_usd(struct money amount, const struct payterms_fx_table *fx,
			      struct money *usd, struct problem *p);

/*
 * True in *out when net-30 terms are open to the order by SPEC rule 1
 * alone (contents and size; rule 2 may still take it away). Errors as
 * payterms_to_usd.
 */
enum tess_err payterms_net30_eligible(const struct payterms_order *o,
				      const struct payterms_fx_table *fx, bool *out,
				      struct problem *p);

/*
 * The mask of methods the order accepts (PAYTERMS_BIT(PAY_CARD) | ...).
 * TESS_ERR_REFUSED (no_payment_method_available) when the rules leave
 * none; TESS_ERR_INVALID for a negative total; errors of payterms_to_usd.
 */
enum tess_err payterms_accepted_methods(const struct payterms_order *o,
					const struct payterms_fx_table *fx, uint32_t *mask,
					struct problem *p);

/*
 * TESS_OK if the order may be paid with method. Otherwise TESS_ERR_REFUSED
 * with code net30_not_allowed (rule 1) or payment_method_not_allowed
 * (rules 2, 3), or no_payment_method_available (collision), and a message
 * naming the rule; TESS_ERR_INVALID for an unknown method.
 */
enum tess_err payterms_method_check(const struct payterms_order *o, enum payment_method method,
				    const struct payterms_fx_table *fx, struct problem *p);

#endif
