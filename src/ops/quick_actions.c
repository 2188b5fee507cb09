/*
 * Quick actions: what a subscription offers (quick_actions_assess) and
 * ordering one (ops_quick_action). An action becomes one order line
 * (build_line), priced like a quote's line for the rest of the term when
 * it is paid, taxed at the customer's address, and placed as an order
 * (orders_place).
 */
#include "ops/quick_actions.h"

#include <string.h>

#include "domain/pricing.h"
#include "domain/tax.h"
#include "ops/orders.h"
#include "ops/subscriptions.h"

/* ---- What a subscription offers ---- */

static bool is_upgrade(const struct subscription *s, enum edition ed, int32_t users)
{
	return plan_is_upgrade(s->edition, s->user_tier, ed, users);
}

static bool upgrade_priced(const struct subscription *s, const struct price_row *pr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pr[i].period == s->period &&
		    strcmp(pr[i].amount.currency, s->unit_price.currency) == 0 &&
		    is_upgrade(s, pr[i].edition, pr[i].users))
			return true;
	return false;
}

/* The reason a client is given for an action not offered; NULL when it is. */
static const char *bar_reason(struct arena *a, const struct subscription *s,
			      enum quick_action_bar bar)
{
	switch (bar) {
	case QA_OFFERED:
		return NULL;
	case QA_BAR_INACTIVE:
		return "The subscription is inactive: nothing can be changed on it.";
	case QA_BAR_NOT_PUBLISHED:
		return arena_printf(a, "%s is not published on the storefront of %s.",
				    s->product_name, s->partner_name);
	case QA_BAR_NO_HIGHER_PLAN:
		return arena_printf(
			a, "No higher edition or user tier of %s is priced for %s billing in %s.",
			s->product_name, billing_period_name(s->period), s->unit_price.currency);
	case QA_BAR_NO_ADDONS:
		return arena_printf(a, "%s has no add-ons.", s->product_name);
	case QA_BAR_SINGLE_LICENSE:
		return "Every add-on has a single license: cancel the add-on instead.";
	case QA_BAR__MAX:
		break;
	}
	return "The action is not available.";
}

enum tess_err quick_actions_assess(struct store_conn *c, struct arena *a,
				   const struct subscription *s, tdate today,
				   struct quick_action_offer *out)
{
	struct subscription *apps = NULL;
	size_t napps = 0, cap = 0;
	bool found = false, multi = false;
	struct quick_action_facts facts;
	enum quick_action_bar bar[QA__MAX];
	enum tess_err err;

	memset(out, 0, sizeof(*out));
	err = store_storefront_item_get(c, s->partner_pk, s->product_pk, &found, &out->markup_bp,
					&out->published);
	if (err != TESS_OK)
		return err;
	out->listed = found;
	out->published = found && out->published;
	if (s->kind == PRODUCT_PRODUCT)
		err = store_subscription_apps(c, s->pk, a, &apps, &napps);
	if (err == TESS_OK)
		err = store_prices_for_product(c, s->product_pk, a, &out->prices, &out->nprices);
	if (err != TESS_OK)
		return err;
	for (size_t i = 0; i < napps; i++) {
		/* A cancelled app is no add-on to cancel or decrease. */
		if (!quick_action_addon_counts(&apps[i], today))
			continue;
		*ARENA_PUSH(a, out->addons, out->naddons, cap) = apps[i];
		multi |= apps[i].quantity > 1;
	}

	facts.status = sub_status_on(s, today);
	facts.published = out->published;
	facts.higher_plan_priced = upgrade_priced(s, out->prices, out->nprices);
	facts.addons = out->naddons;
	facts.addon_with_several_licenses = multi;
	quick_actions_offered(&facts, bar);
	for (int k = 0; k < QA__MAX; k++) {
		out->available[k] = bar[k] == QA_OFFERED;
		out->reason[k] = bar_reason(a, s, bar[k]);
	}
	return TESS_OK;
}

/* ---- The order line of an action ---- */

/* SPEC rule 8: the tax rate of the customer's billing contact's address. */
static enum tess_err customer_tax_ppm(struct store_conn *c, struct arena *a,
				      const struct org *customer, int32_t *ppm, struct problem *p)
{
	struct contact bc;
	struct tax_rate rate;
	struct tax_address own = {customer->country, customer->state}, billing, at;
	enum tess_err err;

	memset(&bc, 0, sizeof(bc));
	err = store_customer_billing_contact(c, customer->pk, a, &bc);
	if (err != TESS_OK && err != TESS_ERR_NOT_FOUND)
		return err;
	billing.country = bc.country;
	billing.state = bc.state;
	at = tax_address_for(own, err == TESS_OK ? &billing : NULL);
	err = tax_rate_lookup(tax_default_table(), at.country, at.state, &rate, p);
	if (err == TESS_OK)
		*ppm = rate.rate_ppm;
	return err;
}

/* Prices one paid line (unit and quantity) from a per-unit price for the rest of the term. */
static enum tess_err price_line_from_unit(const struct pricing_line_in *base,
					  struct money unit_price, int32_t quantity,
					  struct order_line *l, struct problem *p)
{
	struct pricing_line_in in = *base;
	struct pricing_line one, all;
	enum tess_err err;

	in.tier_price = unit_price;
	in.quantity = 1;
	err = pricing_line_price(&in, &one, p);
	if (err != TESS_OK)
		return err;
	in.quantity = quantity;
	err = pricing_line_price(&in, &all, p);
	if (err != TESS_OK)
		return err;
	l->unit = one.amount;
	l->list = all.list;
	l->discount = all.discount_total;
	l->markup = all.markup;
	l->amount = all.amount;
	return TESS_OK;
}

/* What a paid action costs: a license's price, and whether it starts a new term. */
struct line_price {
	bool paid;
	bool restarts; /* SPEC rule 13: the line's term starts today */
	struct money unit;
};

/*
 * The subscription the line acts on: s, or for the add-on actions the
 * live add-on in->addon names; the line starts as that subscription is.
 */
static enum tess_err line_target(const struct quick_action_in *in, const struct subscription *s,
				 const struct quick_action_offer *as, struct order_line *l,
				 const struct subscription **target, struct problem *p)
{
	const struct subscription *t = s;

	if (in->action == QA_CANCEL_ADDON || in->action == QA_DECREASE_ADDON) {
		t = NULL;
		for (size_t i = 0; t == NULL && i < as->naddons; i++)
			if (strcmp(as->addons[i].id, in->addon) == 0)
				t = &as->addons[i];
		if (t == NULL)
			return problem_set(p, TESS_ERR_REFUSED, "addon_not_found", "addon",
					   "%s is not a live add-on of this subscription.",
					   in->addon);
	}
	memset(l, 0, sizeof(*l));
	l->product_pk = t->product_pk;
	l->edition = t->edition;
	l->user_tier = t->user_tier;
	l->period = t->period;
	l->quantity = t->quantity;
	l->subscription_pk = t->pk;
	l->published = as->published;
	l->instructions = in->instructions;
	*target = t;
	return TESS_OK;
}

/* More licenses on the plan s has, at its catalog price (or its own when the catalog has none). */
static enum tess_err line_buy_licenses(struct store_conn *c, const struct quick_action_in *in,
				       const struct subscription *s, struct order_line *l,
				       struct line_price *price)
{
	enum tess_err err;

	l->action = ORDER_LINE_ADD_LICENSES;
	l->quantity = in->quantity;
	err = store_price_get(c, s->product_pk, s->edition, s->user_tier, s->period,
			      s->unit_price.currency, &price->unit);
	if (err == TESS_ERR_NOT_FOUND)
		price->unit = s->unit_price;
	else if (err != TESS_OK)
		return err;
	price->paid = true;
	return TESS_OK;
}

/* A higher edition or user tier for all or part of s's licenses, at the difference for the days left. */
static enum tess_err line_upgrade(struct store_conn *c, const struct quick_action_in *in,
				  const struct subscription *s, tdate today, struct order_line *l,
				  struct line_price *price, struct problem *p)
{
	struct pricing_upgrade up;
	struct money unit;
	enum tess_err err;

	l->action = ORDER_LINE_UPGRADE;
	l->edition = in->has_edition ? in->edition : s->edition;
	l->user_tier = in->user_tier != 0 ? in->user_tier : s->user_tier;
	l->quantity = in->quantity != 0 ? in->quantity : s->quantity;
	if (!is_upgrade(s, l->edition, l->user_tier))
		return problem_set(p, TESS_ERR_REFUSED, "not_an_upgrade", "edition",
				   "An upgrade goes to a higher edition or user tier than "
				   "%s with %d users.",
				   edition_name(s->edition), (int)s->user_tier);
	/* SPEC rule 17: a partial upgrade takes part of the quantity. */
	if (l->quantity > s->quantity)
		return problem_set(p, TESS_ERR_REFUSED, "quantity_too_large", "quantity",
				   "The subscription has %d licenses to upgrade.",
				   (int)s->quantity);
	err = store_price_get(c, s->product_pk, l->edition, l->user_tier, s->period,
			      s->unit_price.currency, &unit);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, TESS_ERR_REFUSED, "upgrade_not_priced", "user_tier",
				   "The catalog has no %s price for %s with %d users.",
				   billing_period_name(s->period), edition_name(l->edition),
				   (int)l->user_tier);
	if (err != TESS_OK)
		return err;
	/* The difference over what a license costs now, for the days left. */
	/* SPEC rule 13: an annual cloud upgrade starts a new term on payment. */
	price->restarts = lifecycle_term_restarts(s->hosting, s->period);
	err = pricing_upgrade_price(s->unit_price, unit, s->period_end, s->period, today,
				    price->restarts, &up, p);
	if (err != TESS_OK)
		return err;
	price->unit = up.price;
	price->paid = true;
	return TESS_OK;
}

/* Cancelling all of s's licenses, or part of them (a decrease). */
static enum tess_err line_cancel(const struct quick_action_in *in, const struct subscription *s,
				 struct order_line *l, struct problem *p)
{
	l->quantity = in->quantity != 0 ? in->quantity : s->quantity;
	if (l->quantity > s->quantity)
		return problem_set(p, TESS_ERR_REFUSED, "quantity_too_large", "quantity",
				   "The subscription has %d licenses.", (int)s->quantity);
	/* Cancelling part of the licenses is a decrease. */
	l->action = l->quantity < s->quantity ? ORDER_LINE_DECREASE : ORDER_LINE_CANCEL;
	return TESS_OK;
}

/* Fewer licenses on an add-on; all of them is a cancel of the add-on. */
static enum tess_err line_decrease_addon(const struct quick_action_in *in,
					 const struct subscription *addon, struct order_line *l,
					 struct problem *p)
{
	l->action = ORDER_LINE_DECREASE;
	l->quantity = in->quantity;
	if (in->quantity >= addon->quantity)
		return problem_set(p, TESS_ERR_REFUSED, "quantity_too_large", "quantity",
				   "The add-on has %d licenses: to remove them all, cancel "
				   "the add-on.",
				   (int)addon->quantity);
	return TESS_OK;
}

/* When an unpaid line takes effect; a cancellation must be one lifecycle_cancel allows. */
static enum tess_err line_effective(const struct quick_action_in *in,
				    const struct subscription *target, tdate today,
				    struct order_line *l, struct problem *p)
{
	struct cancel_change change;

	l->has_effective = true;
	l->effective = in->has_effective ? in->effective : CANCEL_NOW;
	if (l->action == ORDER_LINE_CANCEL || l->action == ORDER_LINE_CANCEL_ADDON)
		return lifecycle_cancel(target, l->effective, today, &change, p);
	return TESS_OK;
}

/*
 * The term and the amounts of a paid line on s: bought for the rest of
 * the current term, which it ends with, or for a new term from today
 * when it restarts.
 */
static enum tess_err line_price_paid(const struct quick_action_in *in,
				     const struct subscription *s, tdate today,
				     const struct pricing_line_in *base,
				     const struct line_price *price, struct order_line *l,
				     struct problem *p)
{
	struct money unit = price->unit;
	enum tess_err err;

	if (in->action == QA_BUY_LICENSES) {
		struct pricing_term_left left;
		err = pricing_term_left(s->period_end, s->period, today, &left);
		if (err == TESS_OK)
			err = pricing_prorate(unit, left.days, left.period_days, &unit, p);
		if (err != TESS_OK)
			return err;
	}
	l->start_date = today > s->start_date ? today : s->start_date;
	l->end_date = price->restarts
			      ? date_add_months(today, billing_period_months(s->period))
			      : s->period_end;
	return price_line_from_unit(base, unit, l->quantity, l, p);
}

/*
 * Builds the order line of action in on s (the add-on it names for the
 * add-on actions), priced from base; refuses what the action does not
 * allow with the reason. *paid tells whether the line has a price.
 */
static enum tess_err build_line(struct store_conn *c, const struct quick_action_in *in,
				const struct subscription *s, const struct quick_action_offer *as,
				const struct pricing_line_in *base, tdate today,
				struct order_line *l, bool *paid, struct problem *p)
{
	const struct subscription *target = NULL;
	struct line_price price = {false, false, {0, ""}};
	enum tess_err err = line_target(in, s, as, l, &target, p);

	if (err != TESS_OK)
		return err;
	switch (in->action) {
	case QA_BUY_LICENSES:
		err = line_buy_licenses(c, in, s, l, &price);
		break;
	case QA_UPGRADE:
		err = line_upgrade(c, in, s, today, l, &price, p);
		break;
	case QA_CANCEL:
		err = line_cancel(in, s, l, p);
		break;
	case QA_CANCEL_ADDON:
		l->action = ORDER_LINE_CANCEL_ADDON;
		break;
	case QA_DECREASE_ADDON:
		err = line_decrease_addon(in, target, l, p);
		break;
	case QA__MAX:
		return TESS_ERR_INTERNAL;
	}
	*paid = price.paid;
	if (err != TESS_OK)
		return err;
	if (!price.paid)
		return line_effective(in, target, today, l, p);
	return line_price_paid(in, s, today, base, &price, l, p);
}

/* ---- The order ---- */

/* The subscription in names, within who's tenancy, if it offers in's action. */
static enum tess_err load_offering(struct store_conn *c, const struct actor *who,
				   const struct quick_action_in *in, struct arena *a,
				   struct subscription *s, struct quick_action_offer *as,
				   struct problem *p)
{
	enum tess_err err = subscriptions_load(c, who->tenancy, in->subscription_id, a, s, p);

	if (err == TESS_OK)
		err = quick_actions_assess(c, a, s, who->today, as);
	if (err != TESS_OK)
		return err;
	if (!as->available[in->action])
		return problem_set(p, TESS_ERR_CONFLICT, "action_not_available", "action", "%s",
				   as->reason[in->action]);
	return TESS_OK;
}

/* What prices a line of s for its buyer: the customer's discounts, the partner's, the markup. */
static void pricing_base(enum order_origin origin, const struct subscription *s,
			 const struct quick_action_offer *as, const struct org *partner,
			 const struct org *customer, struct pricing_line_in *base)
{
	memset(base, 0, sizeof(*base));
	base->hosting = s->hosting;
	base->eligibility = customer->eligibility;
	base->cloud_migration = customer->cloud_migration;
	base->tier = partner->tier;
	base->tier_discount_bp = partner->tier_discount_bp;
	/* The storefront's markup is what a customer pays over the partner's cost. */
	base->storefront = origin == ORDER_BY_CUSTOMER && as->listed;
	base->markup_bp = base->storefront ? as->markup_bp : 0;
}

/* The tax rate and amount of a paid line; a partner's paid line must pass SPEC rule 5. */
static enum tess_err line_tax(struct store_conn *c, struct arena *a, enum order_origin origin,
			      const struct subscription *s, const struct org *customer,
			      const struct order_line *line, int32_t *ppm, struct money *tax,
			      struct problem *p)
{
	/* SPEC rule 5. */
	enum tess_err err = order_check_partner_line(origin, s->hosting, s->period, p);

	if (err == TESS_OK)
		err = customer_tax_ppm(c, a, customer, ppm, p);
	if (err == TESS_OK && tax_amount(line->amount, *ppm, tax) != TESS_OK)
		err = TESS_ERR_INTERNAL;
	return err;
}

/* The one-line order of an action on s, with its tax, to be placed by who. */
static void order_of_action(const struct actor *who, const struct quick_action_in *in,
			    const struct subscription *s, enum order_origin origin,
			    const struct order_line *line, int32_t tax_ppm, struct money tax,
			    struct order *o)
{
	memset(o, 0, sizeof(*o));
	o->origin = origin;
	o->partner_pk = s->partner_pk;
	o->customer_pk = s->customer_pk;
	o->billing_account_pk = s->billing_account_pk;
	o->placed_by_user_pk = who->user_pk;
	memcpy(o->currency, s->unit_price.currency, sizeof(o->currency));
	o->notes = in->instructions;
	/* Free-text instructions are for a person to carry out (SPEC rule 12). */
	o->needs_review = order_needs_review(false, in->instructions, strlen(in->instructions));
	o->tax_rate_ppm = tax_ppm;
	o->subtotal = line->list;
	o->discount = line->discount;
	o->markup = line->markup;
	o->net = line->amount;
	o->tax = tax;
	o->total = money_make(line->amount.minor + tax.minor, o->currency);
	o->has_payment_method = in->has_method;
	o->payment_method = in->method;
}

/*
 * in as the action's steps read it (no instructions is ""), once it names
 * an action and the fields that action cannot go without.
 */
static enum tess_err check_input(const struct quick_action_in *in, struct quick_action_in *x,
				 struct problem *p)
{
	*x = *in;
	if ((unsigned)x->action >= QA__MAX)
		return problem_set(p, TESS_ERR_INVALID, "invalid", "action", "Unknown action.");
	if (x->instructions == NULL)
		x->instructions = "";
	if (x->quantity < 0)
		return problem_set(p, TESS_ERR_INVALID, "invalid", "quantity",
				   "'quantity' must be at least 1.");
	if (x->user_tier < 0)
		return problem_set(p, TESS_ERR_INVALID, "invalid", "user_tier",
				   "'user_tier' must be at least 1.");
	if ((x->action == QA_CANCEL_ADDON || x->action == QA_DECREASE_ADDON) && x->addon == NULL)
		return problem_set(p, TESS_ERR_INVALID, "required", "addon",
				   "The action needs 'addon'.");
	if ((x->action == QA_BUY_LICENSES || x->action == QA_DECREASE_ADDON) && x->quantity < 1)
		return problem_set(p, TESS_ERR_INVALID, "required", "quantity",
				   "The action needs a 'quantity' of at least 1.");
	return TESS_OK;
}

enum tess_err ops_quick_action(struct store_conn *c, const struct actor *who,
			       const struct quick_action_in *in, struct arena *a, struct op_ref *out,
			       struct problem *p)
{
	enum order_origin origin =
		who->role == ROLE_CUSTOMER_CONTACT ? ORDER_BY_CUSTOMER : ORDER_BY_PARTNER;
	struct quick_action_in x;
	struct subscription s;
	struct quick_action_offer as;
	struct org partner, customer;
	struct pricing_line_in base;
	struct order_line line;
	struct order o;
	struct payterms_order po;
	int32_t tax_ppm = 0;
	bool paid = false;
	struct money tax;
	enum tess_err err;

	err = check_input(in, &x, p);
	if (err == TESS_OK)
		err = load_offering(c, who, &x, a, &s, &as, p);
	if (err == TESS_OK)
		err = store_org_get_pk(c, s.partner_pk, a, &partner);
	if (err == TESS_OK)
		err = store_org_get_pk(c, s.customer_pk, a, &customer);
	/* SPEC rule 6: a partner's own order goes to the vendor directly. */
	if (err == TESS_OK && origin == ORDER_BY_PARTNER)
		err = order_check_channel(ORG_PARTNER, partner.distributor_pk, p);
	if (err != TESS_OK)
		return err;
	pricing_base(origin, &s, &as, &partner, &customer, &base);
	err = build_line(c, &x, &s, &as, &base, who->today, &line, &paid, p);
	if (err != TESS_OK)
		return err;
	tax = money_make(0, s.unit_price.currency);
	if (paid)
		err = line_tax(c, a, origin, &s, &customer, &line, &tax_ppm, &tax, p);
	if (err != TESS_OK)
		return err;
	order_of_action(who, &x, &s, origin, &line, tax_ppm, tax, &o);
	/* SPEC rules 1-4. */
	po = payterms_order_of(o.total);
	payterms_order_add_line(&po, s.hosting, s.period);
	err = orders_check_payment(&po, x.has_method, x.method, p);
	if (err == TESS_OK)
		err = orders_place(c, who, a, &o, &line, 1, p);
	if (err == TESS_OK)
		memcpy(out->id, o.id, sizeof(out->id));
	return err;
}
