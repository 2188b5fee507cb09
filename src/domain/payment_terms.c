#include "domain/payment_terms.h"

#include <string.h>

/* Illustrative mid-market rates; the vendor keeps real ones in the store. */
static const struct payterms_fx_row default_fx_rows[] = {
	{"USD", 1000000}, {"EUR", 1080000}, {"GBP", 1270000}, {"AUD", 660000},
	{"CAD", 730000},  {"NZD", 600000},  {"JPY", 6700},    {"CHF", 1130000},
	{"SEK", 95000},   {"NOK", 93000},   {"DKK", 145000},  {"SGD", 740000},
	{"INR", 12000},   {"BRL", 180000},
};

static const struct payterms_fx_table default_fx = {
	default_fx_rows,
	sizeof(default_fx_rows) / sizeof(default_fx_rows[0]),
};

const struct payterms_fx_table *payterms_default_fx(void)
{
	return &default_fx;
}

/* Card, PayPal, bank transfer, check, ACH: SPEC rule 4. */
#define BASE_METHODS                                                                               \
	(PAYTERMS_BIT(PAY_CARD) | PAYTERMS_BIT(PAY_PAYPAL) | PAYTERMS_BIT(PAY_BANK_TRANSFER) |     \
	 PAYTERMS_BIT(PAY_CHECK) | PAYTERMS_BIT(PAY_ACH))

enum tess_err payterms_to_usd(struct money amount, const struct payterms_fx_table *fx,
			      struct money *usd, struct problem *p)
{
	int digits = currency_digits(amount.currency);
	int64_t den = PAYTERMS_RATE_ONE;
	struct money m = amount;

	if (digits < 0)
		return problem_set(p, TESS_ERR_INVALID, "currency_invalid", "currency",
				   "Unknown currency");
	for (int i = 0; i < digits; i++)
		den *= 10;
	for (size_t i = 0; i < fx->n; i++) {
		if (strcmp(fx->rows[i].currency, amount.currency) != 0)
			continue;
		/*
		 * minor / 10^digits whole units x rate / 10^6 USD, x 100 cents:
		 * one multiplication and one rounded division.
		 */
		if (fx->rows[i].usd_micros <= 0 || fx->rows[i].usd_micros > INT64_MAX / 100 ||
		    money_scale(m, fx->rows[i].usd_micros * 100, den, usd) != TESS_OK)
			return problem_set(p, TESS_ERR_INVALID, "amount_too_large", NULL,
					   "The amount cannot be converted to USD");
		memcpy(usd->currency, "USD", 4);
		return TESS_OK;
	}
	return problem_set(p, TESS_ERR_REFUSED, "currency_not_supported", "currency",
			   "No exchange rate is known for %.3s", amount.currency);
}

enum tess_err payterms_net30_eligible(const struct payterms_order *o,
				      const struct payterms_fx_table *fx, bool *out,
				      struct problem *p)
{
	struct money usd;
	enum tess_err err;

	*out = false;
	/* SPEC rule 1: datacenter or cloud orders only ... */
	if (!o->has_datacenter_or_cloud)
		return TESS_OK;
	err = payterms_to_usd(o->total, fx, &usd, p);
	if (err != TESS_OK)
		return err;
	/* ... of 10,000.00 USD or more, the threshold itself included. */
	*out = usd.minor >= PAYTERMS_NET30_MIN_USD_MINOR;
	return TESS_OK;
}

static bool is_aud(const struct payterms_order *o)
{
	return strcmp(o->total.currency, "AUD") == 0;
}

static enum tess_err refuse_collision(struct problem *p)
{
	return problem_set(p, TESS_ERR_REFUSED, "no_payment_method_available", "currency",
			   "Monthly cloud subscriptions can be paid by card only, and orders in "
			   "AUD cannot be paid by card: price the order in another currency or "
			   "choose annual billing");
}

enum tess_err payterms_accepted_methods(const struct payterms_order *o,
					const struct payterms_fx_table *fx, uint32_t *mask,
					struct problem *p)
{
	uint32_t m = BASE_METHODS;
	bool net30;
	enum tess_err err;

	*mask = 0;
	if (o->total.minor < 0)
		return problem_set(p, TESS_ERR_INVALID, "amount_invalid", "total",
				   "An order total cannot be negative");
	err = payterms_net30_eligible(o, fx, &net30, p);
	if (err != TESS_OK)
		return err;
	if (net30)
		m |= PAYTERMS_BIT(PAY_NET30);
	/* SPEC rule 2: monthly cloud subscriptions are paid by card only. */
	if (o->has_monthly_cloud)
		m &= PAYTERMS_BIT(PAY_CARD);
	/* SPEC rule 3: AUD orders accept neither card nor check. */
	if (is_aud(o))
		m &= ~(PAYTERMS_BIT(PAY_CARD) | PAYTERMS_BIT(PAY_CHECK));
	if (m == 0)
		return refuse_collision(p);
	*mask = m;
	return TESS_OK;
}

enum tess_err payterms_method_check(const struct payterms_order *o, enum payment_method method,
				    const struct payterms_fx_table *fx, struct problem *p)
{
	uint32_t mask;
	enum tess_err err;

	if ((int)method < 0 || method >= PAY__MAX)
		return problem_set(p, TESS_ERR_INVALID, "payment_method_invalid", "payment_method",
				   "Unknown payment method");
	err = payterms_accepted_methods(o, fx, &mask, p);
	if (err != TESS_OK)
		return err;
	if ((mask & PAYTERMS_BIT(method)) != 0)
		return TESS_OK;
	/* The most specific reason first: the rule that took the method away. */
	if (o->has_monthly_cloud)
		return problem_set(p, TESS_ERR_REFUSED, "payment_method_not_allowed",
				   "payment_method",
				   "Monthly cloud subscriptions can be paid by card only");
	if (is_aud(o) && (method == PAY_CARD || method == PAY_CHECK))
		return problem_set(p, TESS_ERR_REFUSED, "payment_method_not_allowed",
				   "payment_method",
				   "Orders in AUD cannot be paid by card or check");
	if (method == PAY_NET30)
		return problem_set(p, TESS_ERR_REFUSED, "net30_not_allowed", "payment_method",
				   "Net-30 terms are available only for datacenter or cloud orders "
				   "of 10,000.00 USD or more (or the equivalent)");
	return problem_set(p, TESS_ERR_REFUSED, "payment_method_not_allowed", "payment_method",
			   "This order cannot be paid by %s", payment_method_name(method));
}

struct payterms_order payterms_order_of(struct money total)
{
	struct payterms_order o;
	memset(&o, 0, sizeof(o));
	o.total = total;
	return o;
}

void payterms_order_add_line(struct payterms_order *o, enum hosting h, enum billing_period period)
{
	if (h == HOSTING_DATACENTER || h == HOSTING_CLOUD)
		o->has_datacenter_or_cloud = true;
	if (h == HOSTING_CLOUD && period == PERIOD_MONTHLY)
		o->has_monthly_cloud = true;
}

tdate payterms_due_on(bool net30, tdate issued_on)
{
	return net30 ? issued_on + PAYTERMS_NET30_DAYS : issued_on;
}
