#include "domain/pricing.h"

#include <string.h>

#include "domain/tax.h"

/*
 * SPEC rule 7: the special discounts, one row per kind. Non-profits and
 * academic institutions get half off; government agencies a modest 10%;
 * customers moving from self-managed to cloud 25% on cloud lines.
 */
static const struct {
	const char *name;
	int32_t bp;
} discounts[DISCOUNT__MAX] = {
	[DISCOUNT_NONE] = {"none", 0},
	[DISCOUNT_NONPROFIT] = {"nonprofit", 5000},
	[DISCOUNT_ACADEMIC] = {"academic", 5000},
	[DISCOUNT_GOVERNMENT] = {"government", 1000},
	[DISCOUNT_CLOUD_MIGRATION] = {"cloud_migration", 2500},
};

const char *pricing_discount_kind_name(enum pricing_discount_kind k)
{
	if ((int)k < 0 || k >= DISCOUNT__MAX)
		return "";
	return discounts[k].name;
}

int32_t pricing_discount_bp(enum pricing_discount_kind k)
{
	if ((int)k < 0 || k >= DISCOUNT__MAX)
		return 0;
	return discounts[k].bp;
}

static enum pricing_discount_kind kind_of_eligibility(enum eligibility e)
{
	switch (e) {
	case ELIG_NONE: return DISCOUNT_NONE;
	case ELIG_NONPROFIT: return DISCOUNT_NONPROFIT;
	case ELIG_ACADEMIC: return DISCOUNT_ACADEMIC;
	case ELIG_GOVERNMENT: return DISCOUNT_GOVERNMENT;
	case ELIG__MAX: break;
	}
	return DISCOUNT_NONE;
}

int32_t pricing_best_eligibility(enum eligibility e, bool cloud_migration, enum hosting h,
				 enum pricing_discount_kind *kind)
{
	enum pricing_discount_kind best = kind_of_eligibility(e);

	/* Cloud migration only makes sense for what is bought in the cloud. */
	if (cloud_migration && h == HOSTING_CLOUD &&
	    pricing_discount_bp(DISCOUNT_CLOUD_MIGRATION) > pricing_discount_bp(best))
		best = DISCOUNT_CLOUD_MIGRATION;
	if (kind != NULL)
		*kind = best;
	return pricing_discount_bp(best);
}

enum tess_err pricing_tier_discount(enum partner_tier tier, int32_t tier_discount_bp,
				    int32_t *out_bp, struct problem *p)
{
	if (tier_discount_bp < 0 || tier_discount_bp > BP_WHOLE)
		return problem_set(p, TESS_ERR_INVALID, "tier_discount_invalid", "tier_discount_bp",
				   "A tier discount must be between 0 and 10000 basis points");
	switch (tier) {
	case TIER_UNAFFILIATED:
		/* SPEC rule 7: unaffiliated resellers get no discount. */
		*out_bp = 0;
		return TESS_OK;
	case TIER_CORPORATE:
	case TIER_PARTNER:
		*out_bp = tier_discount_bp;
		return TESS_OK;
	case TIER__MAX: break;
	}
	return problem_set(p, TESS_ERR_INVALID, "tier_discount_invalid", "tier",
			   "Unknown partner tier");
}

static enum tess_err overflow(struct problem *p)
{
	return problem_set(p, TESS_ERR_INVALID, "amount_too_large", NULL,
			   "The amount is too large to price");
}

enum tess_err pricing_line_price(const struct pricing_line_in *in, struct pricing_line *out,
				 struct problem *p)
{
	struct pricing_line l;
	struct money left;
	enum tess_err err;

	memset(&l, 0, sizeof(l));
	if (!currency_valid(in->tier_price.currency))
		return problem_set(p, TESS_ERR_INVALID, "currency_invalid", "currency",
				   "Unknown currency");
	if (in->tier_price.minor < 0)
		return problem_set(p, TESS_ERR_INVALID, "price_invalid", "price",
				   "A price cannot be negative");
	if (in->quantity < 1)
		return problem_set(p, TESS_ERR_INVALID, "quantity_invalid", "quantity",
				   "Quantity must be at least 1");
	if (in->markup_bp < 0 || in->markup_bp > PRICING_MARKUP_MAX_BP)
		return problem_set(p, TESS_ERR_INVALID, "markup_invalid", "markup_bp",
				   "A markup must be between 0 and %d basis points",
				   PRICING_MARKUP_MAX_BP);
	err = pricing_tier_discount(in->tier, in->tier_discount_bp, &l.tier_bp, p);
	if (err != TESS_OK)
		return err;

	if (money_mul(in->tier_price, in->quantity, &l.list) != TESS_OK)
		return overflow(p);

	/* SPEC rule 7: the best single eligibility discount, off the list price. */
	l.eligibility_bp = pricing_best_eligibility(in->eligibility, in->cloud_migration,
						    in->hosting, &l.eligibility_kind);
	if (money_percent(l.list, l.eligibility_bp, &l.eligibility_discount) != TESS_OK ||
	    money_sub(l.list, l.eligibility_discount, &left) != TESS_OK)
		return overflow(p);

	/* Then the partner tier discount on what remains: the two multiply. */
	if (money_percent(left, l.tier_bp, &l.tier_discount) != TESS_OK ||
	    money_sub(left, l.tier_discount, &l.net) != TESS_OK ||
	    money_add(l.eligibility_discount, l.tier_discount, &l.discount_total) != TESS_OK)
		return overflow(p);
	/* Both rates are at most 100% of a non-negative amount, so net >= 0. */

	l.markup = money_make(0, in->tier_price.currency);
	if (in->storefront &&
	    money_percent(l.net, in->markup_bp, &l.markup) != TESS_OK)
		return overflow(p);
	if (money_add(l.net, l.markup, &l.amount) != TESS_OK)
		return overflow(p);
	*out = l;
	return TESS_OK;
}

enum tess_err pricing_prorate(struct money amount, int32_t days, int32_t period_days,
			      struct money *out, struct problem *p)
{
	if (period_days <= 0 || days < 0 || days > period_days)
		return problem_set(p, TESS_ERR_INVALID, "proration_invalid", NULL,
				   "Cannot prorate %d days of a %d-day period", days, period_days);
	if (money_scale(amount, days, period_days, out) != TESS_OK)
		return overflow(p);
	return TESS_OK;
}

enum tess_err pricing_period_days(tdate start, enum billing_period period, int32_t *out)
{
	int months = billing_period_months(period);
	if (months == 0)
		return TESS_ERR_INVALID;
	*out = date_add_months(start, months) - start;
	return TESS_OK;
}

enum tess_err pricing_term_left(tdate period_end, enum billing_period period, tdate today,
				struct pricing_term_left *out)
{
	int months = billing_period_months(period);
	tdate start, from;

	if (months == 0)
		return TESS_ERR_INVALID;
	start = date_add_months(period_end, -months);
	from = today > start ? today : start;
	out->period_days = period_end - start;
	out->days = from < period_end ? period_end - from : 0;
	return TESS_OK;
}

/* What a subscription pays now and what it moves to: one currency, neither negative. */
static enum tess_err check_price_pair(struct money current, struct money target, struct problem *p)
{
	if (strcmp(current.currency, target.currency) != 0)
		return problem_set(p, TESS_ERR_REFUSED, "currency_mismatch", "currency",
				   "The subscription is billed in %.3s, not %.3s.", current.currency,
				   target.currency);
	if (current.minor < 0 || target.minor < 0)
		return problem_set(p, TESS_ERR_INVALID, "price_invalid", NULL,
				   "A price cannot be negative.");
	return TESS_OK;
}

enum tess_err pricing_upgrade_price(struct money current, struct money target, tdate period_end,
				    enum billing_period period, tdate today, bool restarts_term,
				    struct pricing_upgrade *out, struct problem *p)
{
	struct pricing_upgrade u;
	struct money credit;
	enum tess_err err;

	if (period_end <= today)
		return problem_set(p, TESS_ERR_REFUSED, "subscription_term_ended", "subscription",
				   "The subscription's term has ended: renew it instead.");
	err = check_price_pair(current, target, p);
	if (err != TESS_OK)
		return err;
	if (money_sub(target, current, &u.difference) != TESS_OK)
		return overflow(p);
	/* A move to a tier that costs no more is not an upgrade: refused, never free. */
	if (u.difference.minor <= 0) {
		char now[32];
		money_format(current, now);
		return problem_set(p, TESS_ERR_REFUSED, "upgrade_not_higher", "user_tier",
				   "An upgrade must cost more than the %s %.3s a license costs "
				   "now.",
				   now, current.currency);
	}
	err = pricing_term_left(period_end, period, today, &u.left);
	if (err != TESS_OK)
		return problem_set(p, err, "proration_invalid", NULL, "Unknown billing period.");
	if (!restarts_term) {
		err = pricing_prorate(u.difference, u.left.days, u.left.period_days, &u.price, p);
	} else {
		/* The new term is paid whole; the days left of the old one are credited. */
		err = pricing_prorate(current, u.left.days, u.left.period_days, &credit, p);
		if (err == TESS_OK && money_sub(target, credit, &u.price) != TESS_OK)
			err = overflow(p);
	}
	if (err != TESS_OK)
		return err;
	*out = u;
	return TESS_OK;
}

enum tess_err pricing_renewal_price(struct money current, struct money target, tdate period_end,
				    enum billing_period period, tdate today, bool restarts_term,
				    struct money *out, struct problem *p)
{
	struct pricing_term_left left;
	struct money credit;
	enum tess_err err;

	err = check_price_pair(current, target, p);
	if (err != TESS_OK)
		return err;
	if (!restarts_term) {
		*out = target;
		return TESS_OK;
	}
	err = pricing_term_left(period_end, period, today, &left);
	if (err != TESS_OK)
		return problem_set(p, err, "proration_invalid", NULL, "Unknown billing period.");
	/* The days left of the current term are not lost: they come off the new one. */
	err = pricing_prorate(current, left.days, left.period_days, &credit, p);
	if (err != TESS_OK)
		return err;
	if (credit.minor > target.minor)
		credit.minor = target.minor;
	return money_sub(target, credit, out) == TESS_OK ? TESS_OK : overflow(p);
}

enum tess_err pricing_quote_total(const struct pricing_line *lines, size_t n,
				  const char *currency, int32_t tax_rate_ppm,
				  struct pricing_totals *out, struct problem *p)
{
	struct pricing_totals t;

	if (n == 0)
		return problem_set(p, TESS_ERR_INVALID, "quote_empty", "lines",
				   "A quote needs at least one line");
	if (!currency_valid(currency))
		return problem_set(p, TESS_ERR_INVALID, "currency_invalid", "currency",
				   "Unknown currency");
	if (tax_rate_ppm < 0 || tax_rate_ppm > TAX_PPM_WHOLE)
		return problem_set(p, TESS_ERR_INVALID, "tax_rate_invalid", NULL,
				   "A tax rate must be between 0 and 100%%");
	t.subtotal = money_make(0, currency);
	t.discount_total = t.subtotal;
	t.markup_total = t.subtotal;
	for (size_t i = 0; i < n; i++) {
		const struct pricing_line *l = &lines[i];
		if (strcmp(l->list.currency, currency) != 0 ||
		    strcmp(l->discount_total.currency, currency) != 0 ||
		    strcmp(l->markup.currency, currency) != 0)
			return problem_set(p, TESS_ERR_REFUSED, "currency_mismatch", "currency",
					   "Line %zu is in %.3s but the quote is in %.3s: all "
					   "lines of a quote share one currency",
					   i + 1, l->list.currency, currency);
		if (money_add(t.subtotal, l->list, &t.subtotal) != TESS_OK ||
		    money_add(t.discount_total, l->discount_total, &t.discount_total) != TESS_OK ||
		    money_add(t.markup_total, l->markup, &t.markup_total) != TESS_OK)
			return overflow(p);
	}
	if (money_sub(t.subtotal, t.discount_total, &t.net) != TESS_OK ||
	    money_add(t.net, t.markup_total, &t.net) != TESS_OK)
		return overflow(p);
	/* Tax once on the quote's net, so line roundings do not add up. */
	if (tax_amount(t.net, tax_rate_ppm, &t.tax) != TESS_OK ||
	    money_add(t.net, t.tax, &t.total) != TESS_OK)
		return overflow(p);
	*out = t;
	return TESS_OK;
}
