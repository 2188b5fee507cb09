/*
 * Carrying out an order: what each line changes once the order is paid
 * (or approved, when there is nothing to pay). Runs inside the caller's
 * unit of work, so an order is executed entirely or not at all.
 *
 * Per line action:
 *   new          cloud: a subscription whose term starts on the payment
 *                date (SPEC rule 13); server/datacenter: one license per
 *                unit of quantity, with a signed key and 12 months of
 *                maintenance from the purchase (rule 10).
 *   renew        an annual cloud term restarts on the payment date (rule
 *                13); another subscription's term grows by one period from
 *                its end (from the payment date if it had lapsed); a
 *                license's maintenance by 12 months (license_renewal_end).
 *   upgrade      edition and user tier change now; an annual cloud term
 *                restarts on the payment date (rule 13); a license gets a
 *                new key.
 *   add_licenses quantity grows; decrease: quantity shrinks, never below 1.
 *   cancel, cancel_addon: lifecycle_cancel, apps with their product (rule 14).
 *
 * License keys are delivered (rule 19) by an email to each technical
 * contact that names the license and links to it; the key itself is not
 * in the email. Whoever may see it (license_key_visible, rule 13) reads
 * it signed in, from GET /api/v1/licenses/{id}.
 */
#include "ops/execute.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/licensing.h"
#include "domain/lifecycle.h"
#include "domain/orders.h"
#include "ops/license_keys.h"
#include "ops/record.h"
#include "util/json_fmt.h"
#include "util/json_mem.h"

/* More licenses than this on one line is a mistake, not an order. */
#define EXECUTE_MAX_LICENSES_PER_LINE 100

struct exec {
	struct store_conn *c;
	const struct actor *who;
	struct arena *a;
	struct billing_order o;
	tdate on;
	struct problem *p;
	const char *note; /* on each purchase event */
	bool techs_loaded;
	struct contact *techs; /* technical contacts for new licenses: primary first */
	size_t ntech;
	bool have_key;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	int64_t first_product_sub_pk; /* created by this order, for its new apps */
	int64_t line_pk;              /* the line being carried out, named by its events */
};

/* A JSON text (malloc'd) of the fields an order changes on a subscription. */
static char *sub_state_text(const struct subscription *s)
{
	return ops_json_text(
	    json_pack("{s:s, s:i, s:i, s:o, s:o, s:s, s:o, s:b}", "edition",
	              edition_name(s->edition), "user_tier", (json_int_t)s->user_tier, "quantity",
	              (json_int_t)s->quantity, "start_date", json_date(s->start_date), "period_end",
	              json_date(s->period_end), "state", sub_state_name(s->state), "ended_on",
	              s->state != SUB_STATE_LIVE ? json_date(s->ended_on) : json_null(),
	              "cancel_at_period_end", s->cancel_at_period_end));
}

static char *license_state_text(const struct license *l)
{
	return ops_json_text(
	    json_pack("{s:s, s:s, s:i, s:o, s:o, s:s}", "sen", l->sen, "edition",
	              edition_name(l->edition), "user_tier", (json_int_t)l->user_tier,
	              "maintenance_start", json_date(l->maintenance_start), "maintenance_end",
	              json_date(l->maintenance_end), "state", license_state_name(l->state)));
}

static enum tess_err audit(struct exec *x, const char *action, const char *type, const char *id,
                           const char *before, const char *after)
{
	return ops_audit(x->c, x->who, action, type, id, before, after);
}

/* Purchase history (kind, quantity, amount) and an audit event for one subscription. */
static enum tess_err record_sub(struct exec *x, const struct subscription *s, const char *kind,
                                int32_t quantity, const struct money *amount, const char *action,
                                const char *before)
{
	struct purchase_event ev;
	char *after = sub_state_text(s);
	enum tess_err err;

	if (after == NULL)
		return TESS_ERR_INTERNAL;
	memset(&ev, 0, sizeof(ev));
	ev.subscription_pk = s->pk;
	ev.at = x->who->now;
	ev.kind = kind;
	ev.actor_user_pk = x->who->user_pk;
	ev.quantity = quantity;
	if (amount != NULL) {
		ev.has_amount = true;
		ev.amount = *amount;
	}
	ev.note = x->note;
	/* SPEC rule 16: the line decides who may see the amount. */
	ev.order_line_pk = x->line_pk;
	err = store_purchase_event_add(x->c, &ev);
	if (err == TESS_OK)
		err = audit(x, action, "subscription", s->id, before, after);
	free(after);
	return err;
}

static enum tess_err line_conflict(struct exec *x, const struct billing_line *l, const char *code,
                                   const char *why)
{
	return problem_set(x->p, TESS_ERR_CONFLICT, code, NULL, "Order line %d (%s): %s",
	                   (int)l->line_no, l->action, why);
}

/*
 * The technical contacts new licenses get: the quote's technical contact
 * (made a contact of the customer if it is not one yet), else the
 * customer's technical contacts.
 */
static enum tess_err load_techs(struct exec *x)
{
	struct arena *a = x->a;
	enum tess_err err;

	if (x->techs_loaded)
		return TESS_OK;
	x->techs_loaded = true;
	if (x->o.quote_tech_email != NULL && x->o.quote_tech_email[0] != '\0') {
		struct contact *ct = arena_alloc(a, sizeof(*ct));
		err = store_customer_contact_by_email(x->c, x->o.customer_pk, x->o.quote_tech_email,
		                                      a, ct);
		if (err == TESS_ERR_NOT_FOUND) {
			memset(ct, 0, sizeof(*ct));
			ct->customer_pk = x->o.customer_pk;
			ct->name = x->o.quote_tech_name[0] != '\0' ? x->o.quote_tech_name
			                                           : x->o.quote_tech_email;
			ct->email = x->o.quote_tech_email;
			ct->phone = ct->address_line = ct->city = ct->postal_code = "";
			ct->country = ct->state = "";
			err = store_contact_insert(x->c, ct, 0, x->who->now, &ct->pk);
		}
		if (err != TESS_OK)
			return err;
		x->techs = ct;
		x->ntech = 1;
		return TESS_OK;
	}
	return store_billing_customer_tech_contacts(x->c, x->o.customer_pk, a, &x->techs,
	                                            &x->ntech);
}

/* One primary technical contact, the others secondary. */
static enum contact_role tech_role(size_t i)
{
	return i == 0 ? CONTACT_TECHNICAL_PRIMARY : CONTACT_TECHNICAL_SECONDARY;
}

static enum tess_err sign_key(struct exec *x, struct license *l, struct problem *p)
{
	struct license_payload pl;
	char *key = arena_alloc(x->a, LICENSE_KEY_MAX);
	size_t n;
	enum tess_err err;

	if (!x->have_key) {
		err = license_signing_keys(x->c, true, x->a, x->pk, x->sk);
		if (err != TESS_OK)
			return err;
		x->have_key = true;
	}
	memset(&pl, 0, sizeof(pl));
	if (strlen(l->sen) >= sizeof(pl.sen) || strlen(l->product_code) >= sizeof(pl.product))
		return TESS_ERR_INTERNAL;
	memcpy(pl.sen, l->sen, strlen(l->sen));
	memcpy(pl.product, l->product_code, strlen(l->product_code));
	pl.edition = l->edition;
	pl.user_tier = l->user_tier;
	pl.maintenance_end = l->maintenance_end;
	/* The licensee is the customer's name, cut to what a key holds. */
	n = strlen(x->o.customer_name);
	if (n >= sizeof(pl.licensee))
		n = sizeof(pl.licensee) - 1;
	memcpy(pl.licensee, x->o.customer_name, n);
	err = license_key_sign(&pl, x->sk, key, LICENSE_KEY_MAX, p);
	if (err == TESS_OK)
		l->license_key = key;
	return err;
}

/* SPEC rule 19: the license key delivery email, to each technical contact of l. */
static enum tess_err mail_license(struct exec *x, const struct license *l)
{
	struct license_contact *cts = NULL;
	size_t n = 0;
	const char *url = arena_printf(x->a, "/api/v1/licenses/%s", l->id);
	enum tess_err err = store_license_contacts(x->c, l->pk, x->a, &cts, &n);

	for (size_t i = 0; err == TESS_OK && i < n; i++)
		err = ops_mail(
		    x->c, x->who, cts[i].contact.email, "license_key",
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:s, s:s}", "name",
		              cts[i].contact.name, "license_id", l->id, "sen", l->sen, "product",
		              l->product_name, "edition", edition_name(l->edition), "user_tier",
		              (json_int_t)l->user_tier, "maintenance_end",
		              json_date(l->maintenance_end), "licensee", x->o.customer_name,
		              "order_number", x->o.number, "license_url", url));
	return err;
}

/* An entitlement number: "E-" and four groups of 3 random Crockford base32 characters. */
static void entitlement_new(char out[18])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	int k = 0;
	out[k++] = 'E';
	for (int g = 0; g < 4; g++) {
		out[k++] = '-';
		for (int i = 0; i < 3; i++)
			out[k++] = alphabet[randombytes_uniform(32)];
	}
	out[k] = '\0';
}

static enum tess_err new_subscription(struct exec *x, const struct billing_line *l)
{
	struct subscription s;
	char ent[18];
	char *sen = arena_alloc(x->a, 32);
	enum tess_err err;

	memset(&s, 0, sizeof(s));
	s.kind = l->product_kind;
	if (s.kind == PRODUCT_APP) {
		s.parent_pk =
		    l->subscription_pk != 0 ? l->subscription_pk : x->first_product_sub_pk;
		if (s.parent_pk == 0)
			return line_conflict(
			    x, l, "app_parent_required",
			    "an app needs the product subscription it installs on.");
	}
	/* SPEC rule 13: the term starts on the payment date. */
	err = license_cloud_term_from_payment(x->on, l->period, &s.start_date, &s.period_end);
	if (err != TESS_OK)
		return err;
	entitlement_new(ent);
	err = store_next_number(x->c, SERIES_SEN, sen);
	if (err != TESS_OK)
		return err;
	s.customer_pk = x->o.customer_pk;
	s.partner_pk = x->o.partner_pk;
	s.billing_account_pk = x->o.billing_account_pk;
	/* No site on the quote: the subscription shows "Site setup required". */
	s.site_pk = x->o.quote_site_pk;
	s.product_pk = l->product_pk;
	s.edition = l->edition;
	s.user_tier = l->user_tier;
	s.quantity = l->quantity;
	s.entitlement_number = ent;
	s.sen = sen;
	s.period = l->period;
	s.state = SUB_STATE_LIVE;
	s.unit_price = l->unit;
	err = store_subscription_insert(x->c, &s, x->who->now);
	if (err == TESS_OK && s.kind == PRODUCT_APP)
		err = store_subscription_install_add(x->c, s.pk, s.parent_pk);
	if (err == TESS_OK)
		err = load_techs(x);
	for (size_t i = 0; err == TESS_OK && i < x->ntech; i++)
		err = store_subscription_contact_add(x->c, s.pk, x->techs[i].pk, tech_role(i));
	if (err == TESS_OK)
		err = store_billing_line_set_result(x->c, l->pk, s.pk, 0);
	if (err == TESS_OK && s.kind == PRODUCT_PRODUCT && x->first_product_sub_pk == 0)
		x->first_product_sub_pk = s.pk;
	if (err == TESS_OK)
		err = record_sub(x, &s, "created", s.quantity, &l->amount, "subscription.create",
		                 NULL);
	return err;
}

static enum tess_err new_licenses(struct exec *x, const struct billing_line *l)
{
	enum tess_err err = TESS_OK;
	char *after;

	if (l->quantity > EXECUTE_MAX_LICENSES_PER_LINE)
		return line_conflict(x, l, "too_many_licenses",
		                     "at most 100 licenses are issued per order line.");
	err = load_techs(x);
	for (int32_t q = 0; err == TESS_OK && q < l->quantity; q++) {
		struct license lic;
		char *sen = arena_alloc(x->a, 32);
		memset(&lic, 0, sizeof(lic));
		err = store_next_number(x->c, SERIES_SEN, sen);
		if (err != TESS_OK)
			break;
		lic.sen = sen;
		lic.customer_pk = x->o.customer_pk;
		lic.purchaser_partner_pk = x->o.partner_pk;
		lic.order_pk = x->o.pk;
		lic.product_pk = l->product_pk;
		lic.product_code = l->product_code;
		lic.product_name = l->product_name;
		lic.hosting = l->hosting;
		lic.edition = l->edition;
		lic.user_tier = l->user_tier;
		/* SPEC rule 10: perpetual, with 12 months of maintenance from the purchase. */
		lic.maintenance_start = x->on;
		lic.maintenance_end = license_maintenance_end(x->on);
		lic.state = LICENSE_ACTIVE;
		err = sign_key(x, &lic, x->p);
		if (err == TESS_OK)
			err = store_license_insert(x->c, &lic, x->who->now);
		for (size_t i = 0; err == TESS_OK && i < x->ntech; i++)
			err = store_license_contact_add(x->c, lic.pk, x->techs[i].pk, tech_role(i));
		if (err == TESS_OK && q == 0)
			err = store_billing_line_set_result(x->c, l->pk, 0, lic.pk);
		if (err != TESS_OK)
			break;
		after = license_state_text(&lic);
		if (after == NULL)
			return TESS_ERR_INTERNAL;
		err = audit(x, "license.issue", "license", lic.id, NULL, after);
		free(after);
		if (err == TESS_OK)
			err = mail_license(x, &lic);
	}
	return err;
}

/* Renewal or upgrade of a license: a new maintenance end or plan, and a new key. */
static enum tess_err change_license(struct exec *x, const struct billing_line *l, bool renew)
{
	struct license lic;
	char *before = NULL, *after = NULL;
	enum tess_err err = store_license_get_pk(x->c, l->license_pk, x->a, &lic);

	if (err == TESS_ERR_NOT_FOUND || (err == TESS_OK && lic.customer_pk != x->o.customer_pk))
		return line_conflict(x, l, "license_not_found",
		                     "the license is not the customer's.");
	if (err != TESS_OK)
		return err;
	if (lic.state != LICENSE_ACTIVE)
		return line_conflict(x, l, "license_refunded", "the license was refunded.");
	before = license_state_text(&lic);
	if (renew) {
		/* SPEC rule 10: a renewal adds 12 months. */
		lic.maintenance_end = license_renewal_end(lic.maintenance_end, x->on);
	} else {
		lic.edition = l->edition;
		lic.user_tier = l->user_tier;
	}
	err = sign_key(x, &lic, x->p);
	if (err == TESS_OK)
		err = store_license_update(x->c, &lic, x->who->now);
	if (err == TESS_OK)
		after = license_state_text(&lic);
	if (err == TESS_OK && (before == NULL || after == NULL))
		err = TESS_ERR_INTERNAL;
	if (err == TESS_OK)
		err = audit(x, renew ? "license.renew" : "license.upgrade", "license", lic.id,
		            before, after);
	if (err == TESS_OK)
		err = mail_license(x, &lic);
	free(before);
	free(after);
	return err;
}

/* The subscription a line changes, which must be the order's customer's and live. */
static enum tess_err line_sub(struct exec *x, const struct billing_line *l, struct subscription *s)
{
	enum tess_err err;
	if (l->subscription_pk == 0)
		return line_conflict(x, l, "subscription_required",
		                     "the line names no subscription.");
	err = store_billing_sub_get_pk(x->c, l->subscription_pk, x->a, s);
	if (err == TESS_ERR_NOT_FOUND || (err == TESS_OK && s->customer_pk != x->o.customer_pk))
		return line_conflict(x, l, "subscription_not_found",
		                     "the subscription is not the customer's.");
	if (err == TESS_OK && s->state != SUB_STATE_LIVE)
		return line_conflict(x, l, "subscription_inactive",
		                     "the subscription is no longer active.");
	return err;
}

/*
 * Sets what a license of s costs from now on, the base of its next renewal
 * credit and upgrade: the catalog price of its plan, not the line's unit
 * (a prorated difference, or a price less a credit); fallback when the
 * catalog no longer prices the plan.
 */
static enum tess_err set_plan_price(struct exec *x, struct subscription *s, struct money fallback)
{
	struct money tier_price;
	enum tess_err err = store_price_get(x->c, s->product_pk, s->edition, s->user_tier, s->period,
	                                    s->unit_price.currency, &tier_price);
	if (err == TESS_ERR_NOT_FOUND) {
		s->unit_price = fallback;
		return TESS_OK;
	}
	if (err == TESS_OK)
		s->unit_price = tier_price;
	return err;
}

static enum tess_err change_subscription(struct exec *x, const struct billing_line *l,
                                         enum order_line_action act)
{
	struct subscription s;
	char *before = NULL;
	const char *kind, *action;
	int32_t qty = l->quantity;
	int64_t q;
	enum tess_err err = line_sub(x, l, &s);

	if (err != TESS_OK)
		return err;
	before = sub_state_text(&s);
	if (before == NULL)
		return TESS_ERR_INTERNAL;
	if (act == ORDER_LINE_RENEW) {
		/*
		 * SPEC rule 13: an annual cloud renewal takes effect from the
		 * payment date (its price credited the days left). Others add one
		 * more term to the current end, or run from the payment if lapsed.
		 */
		bool restarts = lifecycle_term_restarts(s.hosting, s.period);
		tdate start;
		err = lifecycle_renewal_term(restarts, s.period, s.period_end, x->on, &start,
		                             &s.period_end);
		if (err == TESS_OK && restarts)
			s.start_date = start;
		if (err == TESS_OK)
			err = set_plan_price(x, &s, money_make(l->unit.minor, s.unit_price.currency));
		kind = "renewed";
		action = "subscription.renew";
		qty = s.quantity;
	} else if (act == ORDER_LINE_UPGRADE) {
		s.edition = l->edition;
		s.user_tier = l->user_tier;
		/* Kept as it was if the catalog no longer prices the new plan. */
		err = set_plan_price(x, &s, s.unit_price);
		/* SPEC rule 13: an annual cloud upgrade takes effect from the payment date. */
		if (err == TESS_OK && lifecycle_term_restarts(s.hosting, s.period))
			err = license_cloud_term_from_payment(x->on, s.period, &s.start_date,
			                                      &s.period_end);
		kind = "upgraded";
		action = "subscription.upgrade";
	} else if (act == ORDER_LINE_ADD_LICENSES) {
		q = (int64_t)s.quantity + l->quantity;
		if (q > INT32_MAX)
			err =
			    line_conflict(x, l, "quantity_too_large", "the quantity is too large.");
		s.quantity = (int32_t)q;
		kind = "licenses_added";
		action = "subscription.add_licenses";
	} else {
		q = (int64_t)s.quantity - l->quantity;
		if (q < 1)
			err = line_conflict(x, l, "quantity_below_one",
			                    "a subscription keeps at least one license; cancel "
			                    "it instead.");
		s.quantity = (int32_t)q;
		kind = "decreased";
		action = "subscription.decrease";
	}
	if (err == TESS_OK)
		err = store_billing_sub_update(x->c, &s, x->who->now);
	if (err == TESS_OK)
		err = record_sub(x, &s, kind, qty, &l->amount, action, before);
	free(before);
	return err;
}

/* Applies one cancellation decision to a subscription and records it. */
static enum tess_err apply_cancel(struct exec *x, struct subscription *s,
                                  const struct cancel_change *ch)
{
	char *before = sub_state_text(s);
	enum tess_err err;
	if (before == NULL)
		return TESS_ERR_INTERNAL;
	err = store_subscription_set_state(x->c, s->pk, ch->state, ch->ended_on,
	                                   ch->cancel_at_period_end, x->who->now);
	if (err == TESS_OK) {
		s->state = ch->state;
		s->ended_on = ch->ended_on;
		s->cancel_at_period_end = ch->cancel_at_period_end;
		err = record_sub(x, s,
		                 ch->cancel_at_period_end ? "cancellation_scheduled" : "cancelled",
		                 s->quantity, NULL, "subscription.cancel", before);
	}
	free(before);
	return err;
}

static enum tess_err cancel_subscription(struct exec *x, const struct billing_line *l)
{
	struct subscription s, *apps = NULL;
	struct cancel_change ch, app_ch;
	size_t n = 0;
	enum tess_err err = line_sub(x, l, &s);

	if (err == TESS_OK)
		err = lifecycle_cancel(&s, l->at_term_end ? CANCEL_AT_TERM_END : CANCEL_NOW,
		                       x->who->today, &ch, x->p);
	if (err == TESS_OK)
		err = apply_cancel(x, &s, &ch);
	/* SPEC rule 14: a product's apps are cancelled with it. */
	if (err == TESS_OK && s.kind == PRODUCT_PRODUCT)
		err = store_subscription_apps(x->c, s.pk, x->a, &apps, &n);
	for (size_t i = 0; err == TESS_OK && i < n; i++)
		if (lifecycle_cascade_to_app(&apps[i], &ch, &app_ch))
			err = apply_cancel(x, &apps[i], &app_ch);
	return err;
}

static enum tess_err execute_line(struct exec *x, const struct billing_line *l)
{
	bool self_managed = l->hosting != HOSTING_CLOUD;
	enum order_line_action act;

	if (!order_line_action_parse(l->action, &act))
		return line_conflict(x, l, "order_line_invalid", "unknown action.");
	switch (act) {
	case ORDER_LINE_NEW:
		return self_managed ? new_licenses(x, l) : new_subscription(x, l);
	case ORDER_LINE_RENEW:
	case ORDER_LINE_UPGRADE:
		if (l->license_pk != 0)
			return change_license(x, l, act == ORDER_LINE_RENEW);
		return change_subscription(x, l, act);
	case ORDER_LINE_ADD_LICENSES:
	case ORDER_LINE_DECREASE:
		return change_subscription(x, l, act);
	case ORDER_LINE_CANCEL:
	case ORDER_LINE_CANCEL_ADDON:
		return cancel_subscription(x, l);
	case ORDER_LINE_ACTION__MAX:
		break;
	}
	return line_conflict(x, l, "order_line_invalid", "unknown action.");
}

/* The order confirmation (SPEC rule 19) to the user who placed it. */
static enum tess_err mail_confirmation(struct exec *x)
{
	const char *url = arena_printf(x->a, "/api/v1/orders/%s", x->o.id);

	return ops_mail(x->c, x->who, x->o.placed_by_email, "order_executed",
	                json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "name", x->o.placed_by_name,
	                          "order_id", x->o.id, "order_number", x->o.number, "customer",
	                          x->o.customer_name, "status_url", url, "executed_on",
	                          json_date(x->on)));
}

enum tess_err execute_cancel_now(struct store_conn *c, const struct actor *who,
                                 struct arena *a, int64_t sub_pk,
                                 const char *note, struct problem *p)
{
	struct exec x;
	struct subscription s, *apps = NULL;
	struct cancel_change ch, app_ch;
	size_t n = 0;
	enum tess_err err;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.who = who;
	x.a = a;
	x.p = p;
	x.note = note;
	err = store_billing_sub_get_pk(c, sub_pk, a, &s);
	if (err != TESS_OK || s.state != SUB_STATE_LIVE)
		return err;
	err = lifecycle_cancel(&s, CANCEL_NOW, who->today, &ch, p);
	if (err == TESS_OK)
		err = apply_cancel(&x, &s, &ch);
	/* SPEC rule 14: a product's apps are cancelled with it. */
	if (err == TESS_OK && s.kind == PRODUCT_PRODUCT)
		err = store_subscription_apps(c, s.pk, a, &apps, &n);
	for (size_t i = 0; err == TESS_OK && i < n; i++)
		if (lifecycle_cascade_to_app(&apps[i], &ch, &app_ch))
			err = apply_cancel(&x, &apps[i], &app_ch);
	return err;
}

enum tess_err execute_order(struct store_conn *c, const struct actor *who,
                            struct arena *a, int64_t order_pk,
                            tdate effective_on, struct problem *p)
{
	struct exec *x = arena_alloc(a, sizeof(*x));
	struct billing_line *lines = NULL;
	struct order_flags flags = {false, true};
	enum order_status to;
	size_t n = 0;
	enum tess_err err;

	memset(x, 0, sizeof(*x));
	x->c = c;
	x->who = who;
	x->a = a;
	x->on = effective_on;
	x->p = p;
	err = store_billing_order_get(c, order_pk, a, &x->o);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such order.");
	if (err != TESS_OK)
		return err;
	x->note = arena_printf(a, "Order %s", x->o.number);
	/* Orders waiting for an approval or a review are not executable yet. */
	err = order_transition(x->o.status, ORDER_EV_EXECUTE, &flags, &to, p);
	if (err != TESS_OK)
		return err;
	err = store_billing_order_lines(c, order_pk, a, &lines, &n);
	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		x->line_pk = lines[i].pk;
		err = execute_line(x, &lines[i]);
	}
	if (err == TESS_OK)
		err = store_billing_order_set_status(c, order_pk, to, who->now);
	if (err == TESS_OK)
		err = orders_audit_status(c, who, x->o.id, "order.execute", x->o.status, to);
	if (err == TESS_OK)
		err = mail_confirmation(x);
	sodium_memzero(x->sk, sizeof(x->sk));
	return err;
}
