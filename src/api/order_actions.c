/*
 * Quick actions on a subscription (SPEC rule 17, the storefront's "I want
 * to..." menu): buy licenses, upgrade (all or part of the quantity),
 * cancel an add-on or decrease its licenses, cancel the subscription.
 * Each action becomes a one-line order. A customer contact's order waits
 * for its partner's approval; a partner's proceeds like a quote's order.
 *
 * Which actions a subscription offers, and why not, is decided once
 * (assess) for the list and for the order, so that both always agree.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/orders_int.h"
#include "api/render.h"
#include "ops/orders.h"
#include "domain/lifecycle.h"
#include "domain/orders.h"
#include "domain/pricing.h"
#include "domain/tax.h"
#include "http/validate.h"

static const char *const action_names[QA__MAX + 1] = {
	[QA_BUY_LICENSES] = "buy_licenses", [QA_UPGRADE] = "upgrade",
	[QA_CANCEL_ADDON] = "cancel_addon", [QA_DECREASE_ADDON] = "decrease_addon",
	[QA_CANCEL] = "cancel",             [QA__MAX] = NULL,
};

static const char *const effective_choices[] = {"now", "term_end", NULL};

#define QA_QUANTITY_MAX 100000
#define QA_USER_TIER_MAX 1000000
#define QA_INSTRUCTIONS_MAX 2000

static const struct field_spec action_body[] = {
	{"action", FIELD_ENUM, true, 0, 0, action_names, NULL},
	{"quantity", FIELD_INT, false, 1, QA_QUANTITY_MAX, NULL, NULL},
	{"edition", FIELD_ENUM, false, 0, 0, edition_choices, NULL},
	{"user_tier", FIELD_INT, false, 1, QA_USER_TIER_MAX, NULL, NULL},
	{"addon", FIELD_ID, false, 0, 0, NULL, "sub"},
	{"effective", FIELD_ENUM, false, 0, 0, effective_choices, NULL},
	{"instructions", FIELD_STRING, false, 0, QA_INSTRUCTIONS_MAX, NULL, NULL},
	{"payment_method", FIELD_ENUM, false, 0, 0, payment_method_choices, NULL},
};

/* The fields each action takes ("action" always) and those it needs. */
static const struct {
	const char *takes[6];
	const char *needs[2];
} action_fields[QA__MAX] = {
	[QA_BUY_LICENSES] = {{"quantity", "instructions", "payment_method"}, {"quantity"}},
	[QA_UPGRADE] = {{"quantity", "edition", "user_tier", "instructions", "payment_method"},
			{NULL}},
	[QA_CANCEL_ADDON] = {{"addon", "effective", "instructions"}, {"addon"}},
	[QA_DECREASE_ADDON] = {{"addon", "quantity", "effective", "instructions"},
			       {"addon", "quantity"}},
	[QA_CANCEL] = {{"quantity", "effective", "instructions"}, {NULL}},
};

/* What a subscription offers, and the facts the decision used. */
struct assessment {
	bool available[QA__MAX];
	const char *reason[QA__MAX];
	struct subscription *addons; /* its live app subscriptions */
	size_t naddons;
	bool listed;     /* the product is on the partner's storefront */
	bool published;  /* ... and published there */
	int32_t markup_bp;
	struct price_row *prices; /* the product's catalog prices */
	size_t nprices;
};

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

static enum tess_err assess(struct store_conn *c, struct arena *a, const struct subscription *s,
			    tdate today, struct assessment *out)
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

static enum tess_err load_sub(struct req *r, struct store_conn *c, struct subscription *s,
			      struct problem *p)
{
	const char *id = r->params[0];
	enum tess_err err;
	if (!id_valid("sub", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL,
				   "No such subscription.");
	err = store_subscription_get(c, r->tenancy, id, r->arena, s);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such subscription.");
	return err;
}

enum tess_err api_subscription_actions(struct req *r, struct problem *p)
{
	struct subscription s;
	struct assessment as;
	json_t *items;
	enum tess_err err = req_query_allow(r, (const char *const[]){NULL}, p);

	if (err == TESS_OK)
		err = load_sub(r, r->conn, &s, p);
	if (err == TESS_OK)
		err = assess(r->conn, r->arena, &s, r->today, &as);
	if (err != TESS_OK)
		return err;
	items = json_array();
	for (int k = 0; items != NULL && k < QA__MAX; k++)
		json_array_append_new(items,
				      json_pack("{s:s, s:b, s:o}", "action", action_names[k],
						"available", as.available[k], "reason",
						as.available[k] ? json_null() : json_string(as.reason[k])));
	if (items == NULL)
		return TESS_ERR_INTERNAL;
	req_reply(r, 200, json_pack("{s:o}", "data", items));
	return TESS_OK;
}

/* ---- Placing a quick action ---- */

struct action_ctx {
	struct req *r;
	enum quick_action action;
	int32_t quantity; /* 0: not given */
	bool has_edition;
	enum edition edition;
	int32_t user_tier; /* 0: not given */
	const char *addon;  /* NULL: not given */
	bool has_effective;
	enum cancel_when effective;
	const char *instructions;
	bool has_method;
	enum payment_method method;
};

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
	l->unit_minor = one.amount.minor;
	l->list_minor = all.list.minor;
	l->discount_minor = all.discount_total.minor;
	l->markup_minor = all.markup.minor;
	l->amount_minor = all.amount.minor;
	return TESS_OK;
}

static const struct subscription *find_addon(const struct assessment *as, const char *id)
{
	for (size_t i = 0; i < as->naddons; i++)
		if (strcmp(as->addons[i].id, id) == 0)
			return &as->addons[i];
	return NULL;
}

/*
 * Builds the order line of action x on s (the add-on it names for the
 * add-on actions), priced for origin; refuses what the action does not
 * allow with the reason.
 */
static enum tess_err build_line(struct store_conn *c, struct action_ctx *x,
				const struct subscription *s, const struct assessment *as,
				const struct pricing_line_in *base, struct order_line *l,
				bool *paid, struct problem *p)
{
	struct req *r = x->r;
	const struct subscription *target = s;
	struct money unit;
	bool restarts = false;
	enum tess_err err;

	memset(l, 0, sizeof(*l));
	*paid = false;
	if (x->action == QA_CANCEL_ADDON || x->action == QA_DECREASE_ADDON) {
		target = find_addon(as, x->addon);
		if (target == NULL)
			return problem_set(p, TESS_ERR_REFUSED, "addon_not_found", "addon",
					   "%s is not a live add-on of this subscription.",
					   x->addon);
	}
	l->product_pk = target->product_pk;
	l->edition = target->edition;
	l->user_tier = target->user_tier;
	l->period = target->period;
	l->quantity = target->quantity;
	l->subscription_pk = target->pk;
	l->published = as->published;
	l->instructions = x->instructions;

	switch (x->action) {
	case QA_BUY_LICENSES:
		l->action = ORDER_LINE_ADD_LICENSES;
		l->quantity = x->quantity;
		err = store_price_get(c, s->product_pk, s->edition, s->user_tier, s->period,
				      s->unit_price.currency, &unit);
		if (err == TESS_ERR_NOT_FOUND)
			unit = s->unit_price;
		else if (err != TESS_OK)
			return err;
		*paid = true;
		break;
	case QA_UPGRADE: {
		struct pricing_upgrade up;
		l->action = ORDER_LINE_UPGRADE;
		l->edition = x->has_edition ? x->edition : s->edition;
		l->user_tier = x->user_tier != 0 ? x->user_tier : s->user_tier;
		l->quantity = x->quantity != 0 ? x->quantity : s->quantity;
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
		restarts = lifecycle_term_restarts(s->hosting, s->period);
		err = pricing_upgrade_price(s->unit_price, unit, s->period_end, s->period, r->today,
					    restarts, &up, p);
		if (err != TESS_OK)
			return err;
		unit = up.price;
		*paid = true;
		break;
	}
	case QA_CANCEL:
		l->quantity = x->quantity != 0 ? x->quantity : s->quantity;
		if (l->quantity > s->quantity)
			return problem_set(p, TESS_ERR_REFUSED, "quantity_too_large", "quantity",
					   "The subscription has %d licenses.", (int)s->quantity);
		/* Cancelling part of the licenses is a decrease. */
		l->action = l->quantity < s->quantity ? ORDER_LINE_DECREASE : ORDER_LINE_CANCEL;
		break;
	case QA_CANCEL_ADDON:
		l->action = ORDER_LINE_CANCEL_ADDON;
		break;
	case QA_DECREASE_ADDON:
		l->action = ORDER_LINE_DECREASE;
		l->quantity = x->quantity;
		if (x->quantity >= target->quantity)
			return problem_set(p, TESS_ERR_REFUSED, "quantity_too_large", "quantity",
					   "The add-on has %d licenses: to remove them all, cancel "
					   "the add-on.",
					   (int)target->quantity);
		break;
	case QA__MAX:
		return TESS_ERR_INTERNAL;
	}
	if (!*paid) {
		struct cancel_change change;
		l->has_effective = true;
		l->effective = x->has_effective ? x->effective : CANCEL_NOW;
		if (l->action == ORDER_LINE_CANCEL || l->action == ORDER_LINE_CANCEL_ADDON)
			return lifecycle_cancel(target, l->effective, r->today, &change, p);
		return TESS_OK;
	}
	/* Bought for the rest of the current term, which it ends with. */
	if (x->action == QA_BUY_LICENSES) {
		struct pricing_term_left left;
		err = pricing_term_left(s->period_end, s->period, r->today, &left);
		if (err == TESS_OK)
			err = pricing_prorate(unit, left.days, left.period_days, &unit, p);
		if (err != TESS_OK)
			return err;
	}
	l->start_date = r->today > s->start_date ? r->today : s->start_date;
	l->end_date = restarts ? date_add_months(r->today, billing_period_months(s->period))
			       : s->period_end;
	return price_line_from_unit(base, unit, l->quantity, l, p);
}

static enum tess_err action_unit(struct store_conn *c, struct store_unit *u)
{
	struct action_ctx *x = u->ctx;
	struct req *r = x->r;
	struct problem *p = &u->problem;
	enum order_origin origin =
		r->who->role == ROLE_CUSTOMER_CONTACT ? ORDER_BY_CUSTOMER : ORDER_BY_PARTNER;
	struct subscription s;
	struct assessment as;
	struct org partner, customer;
	struct pricing_line_in base;
	struct order_line line;
	struct order o;
	struct payterms_order po;
	int32_t tax_ppm = 0;
	bool paid;
	struct money tax;
	enum tess_err err = load_sub(r, c, &s, p);

	if (err == TESS_OK)
		err = assess(c, r->arena, &s, r->today, &as);
	if (err != TESS_OK)
		return err;
	if (!as.available[x->action])
		return problem_set(p, TESS_ERR_CONFLICT, "action_not_available", "action", "%s",
				   as.reason[x->action]);
	err = store_org_get_pk(c, s.partner_pk, r->arena, &partner);
	if (err == TESS_OK)
		err = store_org_get_pk(c, s.customer_pk, r->arena, &customer);
	if (err != TESS_OK)
		return err;
	/* SPEC rule 6: a partner's own order goes to the vendor directly. */
	if (origin == ORDER_BY_PARTNER) {
		err = order_check_channel(ORG_PARTNER, partner.distributor_pk, p);
		if (err != TESS_OK)
			return err;
	}
	memset(&base, 0, sizeof(base));
	base.hosting = s.hosting;
	base.eligibility = customer.eligibility;
	base.cloud_migration = customer.cloud_migration;
	base.tier = partner.tier;
	base.tier_discount_bp = partner.tier_discount_bp;
	/* The storefront's markup is what a customer pays over the partner's cost. */
	base.storefront = origin == ORDER_BY_CUSTOMER && as.listed;
	base.markup_bp = base.storefront ? as.markup_bp : 0;
	err = build_line(c, x, &s, &as, &base, &line, &paid, p);
	if (err != TESS_OK)
		return err;
	if (paid) {
		/* SPEC rule 5. */
		err = order_check_partner_line(origin, s.hosting, s.period, p);
		if (err == TESS_OK)
			err = customer_tax_ppm(c, r->arena, &customer, &tax_ppm, p);
		if (err == TESS_OK &&
		    tax_amount(money_make(line.amount_minor, s.unit_price.currency), tax_ppm,
			       &tax) != TESS_OK)
			err = TESS_ERR_INTERNAL;
		if (err != TESS_OK)
			return err;
	} else {
		tax = money_make(0, s.unit_price.currency);
	}

	memset(&o, 0, sizeof(o));
	o.origin = origin;
	o.partner_pk = s.partner_pk;
	o.customer_pk = s.customer_pk;
	o.billing_account_pk = s.billing_account_pk;
	o.placed_by_user_pk = r->who->user_pk;
	memcpy(o.currency, s.unit_price.currency, sizeof(o.currency));
	o.notes = x->instructions;
	/* Free-text instructions are for a person to carry out (SPEC rule 12). */
	o.needs_review = order_needs_review(false, x->instructions, strlen(x->instructions));
	o.tax_rate_ppm = tax_ppm;
	o.subtotal_minor = line.list_minor;
	o.discount_minor = line.discount_minor;
	o.markup_minor = line.markup_minor;
	o.net_minor = line.amount_minor;
	o.tax_minor = tax.minor;
	o.total_minor = line.amount_minor + tax.minor;
	o.has_payment_method = x->has_method;
	o.payment_method = x->method;
	/* SPEC rules 1-4. */
	po = payterms_order_of(money_make(o.total_minor, o.currency));
	payterms_order_add_line(&po, s.hosting, s.period);
	err = orders_check_payment(&po, x->has_method, x->method, p);
	if (err == TESS_OK)
		err = orders_place(c, (const struct actor[]){req_actor(r)}, r->arena, &o, &line, 1, p);
	if (err == TESS_OK)
		unit_reply_ref(u, 201, "order", o.id);
	return err;
}

/* Refuses fields the action does not take and missing fields it needs (SPEC: bad input is 400). */
static enum tess_err check_action_fields(json_t *body, enum quick_action a, struct problem *p)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool ok = strcmp(key, "action") == 0;
		for (size_t i = 0; !ok && i < 6 && action_fields[a].takes[i] != NULL; i++)
			ok = strcmp(key, action_fields[a].takes[i]) == 0;
		if (!ok)
			return problem_set(p, TESS_ERR_INVALID, "field_not_allowed", key,
					   "'%s' does not apply to %s.", key, action_names[a]);
	}
	for (size_t i = 0; i < 2 && action_fields[a].needs[i] != NULL; i++)
		if (json_object_get(body, action_fields[a].needs[i]) == NULL)
			return problem_set(p, TESS_ERR_INVALID, "required",
					   action_fields[a].needs[i], "%s needs '%s'.",
					   action_names[a], action_fields[a].needs[i]);
	if (a == QA_UPGRADE && json_object_get(body, "edition") == NULL &&
	    json_object_get(body, "user_tier") == NULL)
		return problem_set(p, TESS_ERR_INVALID, "required", "edition",
				   "An upgrade needs an 'edition', a 'user_tier' or both.");
	return TESS_OK;
}

enum tess_err api_subscription_action(struct req *r, struct problem *p)
{
	struct action_ctx x;
	json_t *v;
	int k;
	enum tess_err err = validate_body(r->body, action_body,
					  sizeof(action_body) / sizeof(action_body[0]), p);
	if (err != TESS_OK)
		return err;
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.instructions = "";
	v = json_object_get(r->body, "action");
	for (k = 0; k < QA__MAX && strcmp(action_names[k], json_string_value(v)) != 0; k++)
		;
	if (k == QA__MAX)
		return problem_set(p, TESS_ERR_INVALID, "invalid", "action", "Unknown action.");
	x.action = (enum quick_action)k;
	err = check_action_fields(r->body, x.action, p);
	if (err != TESS_OK)
		return err;
	if ((v = json_object_get(r->body, "quantity")) != NULL)
		x.quantity = (int32_t)json_integer_value(v);
	if ((v = json_object_get(r->body, "edition")) != NULL)
		x.has_edition = edition_parse(json_string_value(v), &x.edition);
	if ((v = json_object_get(r->body, "user_tier")) != NULL)
		x.user_tier = (int32_t)json_integer_value(v);
	if ((v = json_object_get(r->body, "addon")) != NULL)
		x.addon = json_string_value(v);
	if ((v = json_object_get(r->body, "effective")) != NULL) {
		x.has_effective = true;
		x.effective = strcmp(json_string_value(v), "term_end") == 0 ? CANCEL_AT_TERM_END
									   : CANCEL_NOW;
	}
	if ((v = json_object_get(r->body, "instructions")) != NULL)
		x.instructions = json_string_value(v);
	if ((v = json_object_get(r->body, "payment_method")) != NULL)
		x.has_method = payment_method_parse(json_string_value(v), &x.method);
	return req_run_unit(r, action_unit, &x, sizeof(x), p);
}
