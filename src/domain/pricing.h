/*
 * Pricing of quote and order lines: list price, discounts, storefront
 * markup, proration and totals (SPEC rule 7 and the money side of rule 11).
 *
 * Everything here is pure arithmetic over struct money. The catalog lookup
 * (which price a user tier, edition, billing period and currency has) is
 * the store's job: these functions receive that price as input.
 *
 * How discounts combine (SPEC rule 7 says it must be documented):
 *   1. list       = tier price x quantity
 *   2. the customer's best single eligibility discount (non-profit,
 *      academic, government, or cloud migration on cloud lines) comes off
 *      the list price; eligibility discounts never stack with each other;
 *   3. the partner tier discount (none for unaffiliated partners) comes
 *      off what remains, so the two multiply rather than add;
 *   4. net        = list - both discounts: the partner's cost;
 *   5. on a storefront line the partner's markup is added over its cost.
 * Each discount and the markup is rounded once (half-even, money_percent),
 * and nothing ever goes below zero.
 */
#ifndef TESSERA_DOMAIN_PRICING_H
#define TESSERA_DOMAIN_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/err.h"
#include "util/money.h"

/* The special discounts of SPEC rule 7; at most one applies to a line. */
enum pricing_discount_kind {
	DISCOUNT_NONE,
	DISCOUNT_NONPROFIT,
	DISCOUNT_ACADEMIC,
	DISCOUNT_GOVERNMENT,
	DISCOUNT_CLOUD_MIGRATION,
	DISCOUNT__MAX
};

/* Largest storefront markup accepted: 1000% (the schema's bound). */
#define PRICING_MARKUP_MAX_BP 100000

/* What the store and the caller know about one line. */
struct pricing_line_in {
	struct money tier_price; /* catalog price of the user tier for the period */
	int32_t quantity;        /* >= 1 */
	enum hosting hosting;
	enum eligibility eligibility; /* the customer's */
	bool cloud_migration;         /* the customer migrates from self-managed */
	enum partner_tier tier;       /* the buying partner's */
	int32_t tier_discount_bp;     /* the partner's tier discount, 0..10000 */
	bool storefront;              /* priced for a customer on the partner's storefront */
	int32_t markup_bp;            /* storefront markup over the partner's cost */
};

/* A priced line; all amounts share the tier price's currency. */
struct pricing_line {
	struct money list;                 /* tier price x quantity */
	enum pricing_discount_kind eligibility_kind;
	int32_t eligibility_bp;
	struct money eligibility_discount; /* off the list price */
	int32_t tier_bp;
	struct money tier_discount;        /* off what the eligibility discount left */
	struct money discount_total;       /* both discounts */
	struct money net;                  /* list - discounts: the partner's cost */
	struct money markup;               /* storefront lines only, else zero */
	struct money amount;               /* net + markup: what the buyer pays */
};

/* Totals of a quote or order: total = subtotal - discount_total + markup_total + tax. */
struct pricing_totals {
	struct money subtotal;       /* sum of list prices */
	struct money discount_total; /* sum of discounts */
	struct money markup_total;   /* sum of storefront markups */
	struct money net;            /* taxable amount */
	struct money tax;
	struct money total;
};

/* "nonprofit", "academic", "government", "cloud_migration" or "none". */
const char *pricing_discount_kind_name(enum pricing_discount_kind k);

/*
 * The documented discount of one eligibility kind, in basis points
 * (non-profit and academic 50%, government 10%, cloud migration 25%).
 */
int32_t pricing_discount_bp(enum pricing_discount_kind k);

/*
 * The best single eligibility discount for a customer buying a line of the
 * given hosting: the larger of its eligibility's discount and, on cloud
 * lines only, the cloud-migration discount. Ties go to the eligibility.
 * Writes the kind (DISCOUNT_NONE if nothing applies) and returns its bp.
 */
int32_t pricing_best_eligibility(enum eligibility e, bool cloud_migration, enum hosting h,
				 enum pricing_discount_kind *kind);

/*
 * The tier discount a partner receives (SPEC rule 7): 0 for unaffiliated
 * partners whatever is stored, the stored bp for corporate and partner
 * tiers. TESS_ERR_INVALID (tier_discount_invalid) if bp is outside 0..10000
 * or the tier is unknown.
 */
enum tess_err pricing_tier_discount(enum partner_tier tier, int32_t tier_discount_bp,
				    int32_t *out_bp, struct problem *p);

/*
 * Prices one line as described at the top of this file.
 * TESS_ERR_INVALID for a quantity below 1, a negative or currency-less
 * price, an out-of-range discount or markup, or overflow.
 */
enum tess_err pricing_line_price(const struct pricing_line_in *in, struct pricing_line *out,
				 struct problem *p);

/*
 * amount x days / period_days, rounded half-even once: the price of part
 * of a billing period (co-terming, mid-term upgrades). 0 <= days <=
 * period_days, else TESS_ERR_INVALID (proration_invalid).
 */
enum tess_err pricing_prorate(struct money amount, int32_t days, int32_t period_days,
			      struct money *out, struct problem *p);

/*
 * The days of the billing period that starts on start: one month or one
 * year of calendar days (28..31 or 365/366). TESS_ERR_INVALID on an
 * unknown period.
 */
enum tess_err pricing_period_days(tdate start, enum billing_period period, int32_t *out);

/* The rest of a billing term: days left of the days the term has. */
struct pricing_term_left {
	int32_t days;        /* 0..period_days */
	int32_t period_days; /* calendar days of the current term */
};

/*
 * The share of the term ending on period_end (one billing period long)
 * still to run on today: from today, or from the term's start if it has
 * not begun, to period_end; 0 once it has ended. TESS_ERR_INVALID on an
 * unknown period.
 */
enum tess_err pricing_term_left(tdate period_end, enum billing_period period, tdate today,
				struct pricing_term_left *out);

/* The price of a mid-term upgrade of one license (see docs/PRICING.md). */
struct pricing_upgrade {
	struct money difference; /* target - current for a whole term, > 0 */
	struct money price;      /* what the upgrade of one license costs */
	struct pricing_term_left left;
};

/*
 * Prices the upgrade of one license from current (what the customer pays
 * now for a term: the subscription's own unit price) to target (the
 * catalog price of the new edition and tier for the same period and
 * currency), on today, of a term ending on period_end. Quotes and the
 * storefront upgrade quick action both price through here.
 *   restarts_term false: the term keeps its end; price = the difference
 *                        prorated over the days left.
 *   restarts_term true:  SPEC rule 13, annual cloud: a new term starts on
 *                        the payment date; price = target less a credit of
 *                        current prorated over the days left.
 * Refuses, writing nothing to out:
 *   TESS_ERR_REFUSED subscription_term_ended  the term has ended (renew it);
 *   TESS_ERR_REFUSED currency_mismatch        the prices differ in currency;
 *   TESS_ERR_REFUSED upgrade_not_higher       target costs no more than
 *                                             current: not an upgrade.
 * TESS_ERR_INVALID on an unknown period or a negative price.
 */
enum tess_err pricing_upgrade_price(struct money current, struct money target, tdate period_end,
				    enum billing_period period, tdate today, bool restarts_term,
				    struct pricing_upgrade *out, struct problem *p);

/*
 * The price of renewing one license at target (the catalog price of its
 * tier for a term) on today, of a term ending on period_end whose license
 * costs current.
 *   restarts_term false: the new term follows the current one; price =
 *                        target.
 *   restarts_term true:  SPEC rule 13, annual cloud: the new term starts on
 *                        the payment date; price = target less a credit of
 *                        current prorated over the days left (none once the
 *                        term has ended), the credit at most target.
 * TESS_ERR_REFUSED currency_mismatch when the prices differ in currency;
 * TESS_ERR_INVALID on an unknown period or a negative price.
 */
enum tess_err pricing_renewal_price(struct money current, struct money target, tdate period_end,
				    enum billing_period period, tdate today, bool restarts_term,
				    struct money *out, struct problem *p);

/*
 * Sums priced lines in currency and adds tax at tax_rate_ppm (parts per
 * million, see tax.h) on the net, rounded once. TESS_ERR_INVALID
 * (quote_empty) when n is 0 or the currency is unknown; TESS_ERR_REFUSED
 * (currency_mismatch) when a line is in another currency.
 */
enum tess_err pricing_quote_total(const struct pricing_line *lines, size_t n,
				  const char *currency, int32_t tax_rate_ppm,
				  struct pricing_totals *out, struct problem *p);

#endif
