/*
 * Saving a quote is one unit of work: it reads the partner, billing
 * account, customer, catalog prices and subscriptions, asks domain/ for
 * the channel (rule 6), the partner line rule (rule 5), discounts (rule
 * 7), tax (rule 8), co-term prices (rule 11) and payment terms (rules
 * 1-4), then writes the customer (when new), the quote, its lines, the
 * email (rule 19) and the audit event together. Cancelling moves an open
 * quote to cancelled.
 */
#include "ops/quotes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/licensing.h"
#include "domain/lifecycle.h"
#include "domain/payment_terms.h"
#include "domain/pricing.h"
#include "domain/tax.h"
#include "ops/record.h"

/* The customer a quote is for, and the address that decides its tax. */
struct quote_customer {
	struct org org; /* pk 0 until a new customer is inserted */
	int64_t site_pk;
	const char *site_id; /* the site's id and URL when site_pk is set */
	const char *site_url;
	const char *country;
	const char *state;
	const char *contact_name; /* fallback technical contact */
	const char *contact_email;
};

/* What saving a quote has read and decided so far, step by step. */
struct quote_work {
	struct store_conn *c;
	const struct actor *who;
	const struct quote_save_in *in;
	struct arena *a;
	struct org partner;
	struct billing_account ba;
	const char *currency;
	struct quote_customer cu;
	struct tax_rate rate;
	struct quote_line *ql;   /* in->nlines */
	struct pricing_line *pl; /* in->nlines */
	struct pricing_totals tot;
};

/* The field of quote_save_in that names the customer, as the API spells it. */
static const char *customer_field(enum quote_customer_by by)
{
	switch (by) {
	case QUOTE_FOR_CUSTOMER:
		return "customer";
	case QUOTE_FOR_SITE:
		return "site";
	case QUOTE_FOR_SEN:
		return "sen";
	case QUOTE_FOR_NEW_CUSTOMER:
		break;
	}
	return "new_customer";
}

/* An arena copy of s (NULL: "") in upper case: country and state codes. */
static const char *upper_code(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s != NULL ? s : "");
	for (char *ch = out; *ch != '\0'; ch++)
		if (*ch >= 'a' && *ch <= 'z')
			*ch = (char)(*ch - 'a' + 'A');
	return out;
}

/* ---- The customer ---- */

/* The existing customer in names (by id, site or SEN), into w->cu.org. */
static enum tess_err find_customer(struct quote_work *w, struct problem *p)
{
	const struct quote_save_in *in = w->in;
	struct quote_customer *cu = &w->cu;
	struct tenancy t = w->who->tenancy;
	int64_t customer_pk = 0;
	enum tess_err err;

	if (in->customer_by == QUOTE_FOR_CUSTOMER) {
		err = store_org_get(w->c, t, in->customer_id, w->a, &cu->org);
		if (err == TESS_OK && cu->org.kind != ORG_CUSTOMER)
			err = TESS_ERR_NOT_FOUND;
		if (err == TESS_ERR_NOT_FOUND)
			return problem_set(p, err, "not_found", "customer", "No such customer.");
		return err;
	}
	if (in->customer_by == QUOTE_FOR_SITE) {
		struct site_ref site;
		err = store_site_by_url(w->c, t, in->site, w->a, &site);
		if (err == TESS_ERR_NOT_FOUND)
			return problem_set(p, err, "not_found", "site", "No such site.");
		cu->site_pk = site.pk;
		cu->site_id = arena_strdup(w->a, site.id);
		cu->site_url = site.url;
		customer_pk = site.customer_pk;
	} else {
		struct subscription s;
		err = store_subscription_by_sen(w->c, t, in->sen, w->a, &s);
		if (err == TESS_ERR_NOT_FOUND)
			return problem_set(p, err, "not_found", "sen",
					   "No subscription has this SEN.");
		cu->site_pk = s.site_pk;
		cu->site_id = arena_strdup(w->a, s.site_id);
		cu->site_url = s.site_url;
		customer_pk = s.customer_pk;
	}
	if (err == TESS_OK)
		err = store_org_get_pk(w->c, customer_pk, w->a, &cu->org);
	return err;
}

/* Finds the customer in names and the address its tax follows (SPEC rule 8). */
static enum tess_err resolve_customer(struct quote_work *w, struct problem *p)
{
	const struct quote_new_customer *nc = &w->in->new_customer;
	struct quote_customer *cu = &w->cu;
	struct contact billing;
	struct tax_address own, bill, at;
	enum tess_err err;

	memset(cu, 0, sizeof(*cu));
	if (w->in->customer_by == QUOTE_FOR_NEW_CUSTOMER) {
		cu->org.kind = ORG_CUSTOMER;
		cu->org.name = nc->name;
		cu->org.eligibility = ELIG_NONE;
		cu->country = upper_code(w->a, nc->country);
		cu->state = upper_code(w->a, nc->state);
		cu->contact_name = nc->contact_name;
		cu->contact_email = nc->email;
		return TESS_OK;
	}
	err = find_customer(w, p);
	if (err != TESS_OK)
		return err;
	cu->contact_name = cu->org.contact_name;
	cu->contact_email = cu->org.contact_email;
	err = store_customer_billing_contact(w->c, cu->org.pk, w->a, &billing);
	if (err != TESS_OK && err != TESS_ERR_NOT_FOUND)
		return err;
	own.country = cu->org.country;
	own.state = cu->org.state;
	bill.country = err == TESS_OK ? billing.country : NULL;
	bill.state = err == TESS_OK ? billing.state : NULL;
	at = tax_address_for(own, &bill);
	cu->country = at.country;
	cu->state = at.state != NULL ? at.state : "";
	if (at.country == bill.country && bill.country != NULL) {
		cu->contact_name = billing.name;
		cu->contact_email = billing.email;
	}
	if (cu->country == NULL || cu->country[0] == '\0')
		return problem_set(
			p, TESS_ERR_REFUSED, "billing_address_missing",
			customer_field(w->in->customer_by),
			"The customer has no billing contact address to decide its tax.");
	return TESS_OK;
}

/* Inserts the customer created with the quote and its contact; fills w->cu.org.pk. */
static enum tess_err insert_new_customer(struct quote_work *w)
{
	const struct quote_new_customer *nc = &w->in->new_customer;
	struct org_new o;
	struct contact ct;
	enum tess_err err;

	memset(&o, 0, sizeof(o));
	o.kind = ORG_CUSTOMER;
	o.name = nc->name;
	o.partner_pk = w->partner.pk;
	o.country = w->cu.country;
	o.state = w->cu.state;
	o.contact_name = nc->contact_name;
	o.contact_email = nc->email;
	err = store_org_insert(w->c, &o, w->who->now, &w->cu.org.pk);
	if (err != TESS_OK)
		return err;
	memset(&ct, 0, sizeof(ct));
	ct.customer_pk = w->cu.org.pk;
	ct.name = nc->contact_name;
	ct.email = nc->email;
	ct.address_line = nc->address_line;
	ct.city = nc->city;
	ct.postal_code = nc->postal_code;
	ct.country = w->cu.country;
	ct.state = w->cu.state;
	return store_contact_insert(w->c, &ct, 0, w->who->now, NULL);
}

/* ---- Pricing one line ---- */

/* Names the line field that no catalog price matches, narrowest first. */
static const char *missing_price_field(struct quote_work *w, int64_t product_pk,
				       const struct quote_line_in *l, const char *prefix)
{
	struct price_row *rows = NULL;
	size_t n = 0;
	bool ed = false, per = false, cur = false;
	if (store_prices_for_product(w->c, product_pk, w->a, &rows, &n) == TESS_OK) {
		for (size_t i = 0; i < n; i++) {
			if (rows[i].edition != l->edition)
				continue;
			ed = true;
			if (rows[i].period != l->period)
				continue;
			per = true;
			if (strcmp(rows[i].amount.currency, w->currency) == 0)
				cur = true;
		}
	}
	if (!ed)
		return arena_printf(w->a, "%s.edition", prefix);
	if (!per)
		return arena_printf(w->a, "%s.billing_period", prefix);
	if (!cur)
		return "currency";
	return arena_printf(w->a, "%s.user_tier", prefix);
}

/* The line's product, the partner line rule (SPEC rule 5) and its catalog price. */
static enum tess_err line_catalog(struct quote_work *w, const struct quote_line_in *l,
				  const char *prefix, struct product *pd, struct money *price,
				  struct problem *p)
{
	enum tess_err err = store_product_get(w->c, l->product_id, w->a, pd);

	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", arena_printf(w->a, "%s.product", prefix),
				   "No such product or app.");
	if (err != TESS_OK)
		return err;
	/* SPEC rule 5: partners buy annual cloud subscriptions only. */
	err = order_check_partner_line(ORDER_BY_PARTNER, pd->hosting, l->period, p);
	if (err != TESS_OK) {
		p->field = arena_printf(w->a, "%s.billing_period", prefix);
		return err;
	}
	err = store_price_get(w->c, pd->pk, l->edition, l->user_tier, l->period, w->currency,
			      price);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, TESS_ERR_REFUSED, "price_not_found",
				   missing_price_field(w, pd->pk, l, prefix),
				   "The catalog has no %s %s price for %s %s with %d users in %s.",
				   billing_period_name(l->period), edition_name(l->edition),
				   pd->name, prefix, (int)l->user_tier, w->currency);
	return err;
}

/* Resolves the subscription a renew or upgrade line acts on. */
static enum tess_err line_subscription(struct quote_work *w, const struct quote_line_in *l,
				       int64_t product_pk, const char *prefix,
				       struct subscription *s, struct problem *p)
{
	const char *field = arena_printf(w->a, "%s.subscription", prefix);
	enum tess_err err =
		store_subscription_get(w->c, w->who->tenancy, l->subscription_id, w->a, s);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", field, "No such subscription.");
	if (err != TESS_OK)
		return err;
	if (w->cu.org.pk == 0 || s->customer_pk != w->cu.org.pk)
		return problem_set(p, TESS_ERR_REFUSED, "subscription_mismatch", field,
				   "The subscription belongs to another customer than the quote.");
	if (s->product_pk != product_pk)
		return problem_set(p, TESS_ERR_REFUSED, "subscription_mismatch", field,
				   "The subscription is for another product than the line.");
	if (s->state != SUB_STATE_LIVE)
		return problem_set(p, TESS_ERR_REFUSED, "subscription_inactive", field,
				   "The subscription is no longer active; only the vendor can "
				   "reactivate it.");
	return TESS_OK;
}

/*
 * The unit price and term of a renew or upgrade line on subscription s
 * (SPEC rule 13: an annual cloud renewal or upgrade starts a new term on
 * payment, unless co-termed). A co-termed upgrade prorates the whole
 * difference to its own end date (see line_coterm).
 */
static enum tess_err line_existing(struct quote_work *w, const struct quote_line_in *l,
				   const struct product *pd, const struct subscription *s,
				   const char *prefix, struct money tier_price,
				   struct quote_line *ql, struct money *unit, struct problem *p)
{
	bool restarts = lifecycle_term_restarts(pd->hosting, l->period) && w->in->coterm_end == 0;
	struct pricing_upgrade up;
	enum tess_err err;

	if (l->action != ORDER_LINE_UPGRADE) {
		err = pricing_renewal_price(s->unit_price, tier_price, s->period_end, l->period,
					    w->who->today, restarts, unit, p);
		if (err == TESS_OK)
			err = lifecycle_renewal_term(restarts, l->period, s->period_end,
						     w->who->today, &ql->start_date, &ql->end_date);
		if (err != TESS_OK)
			p->field = arena_printf(w->a, "%s.subscription", prefix);
		return err;
	}
	/* The difference over what a license costs now, for the days left. */
	err = pricing_upgrade_price(s->unit_price, tier_price, s->period_end, l->period,
				    w->who->today, restarts, &up, p);
	if (err != TESS_OK) {
		bool tier = p->code != NULL && strcmp(p->code, "upgrade_not_higher") == 0;
		p->field = arena_printf(w->a, "%s.%s", prefix, tier ? "user_tier" : "subscription");
		return err;
	}
	if (!restarts)
		ql->end_date = s->period_end;
	*unit = w->in->coterm_end == 0 ? up.price : up.difference;
	return TESS_OK;
}

/* SPEC rule 11: every line ends on the co-term date, at a prorated price. */
static enum tess_err line_coterm(struct quote_work *w, const struct quote_line_in *l,
				 const char *prefix, struct quote_line *ql, struct money *unit,
				 struct problem *p)
{
	struct license_coterm ct;
	enum tess_err err;

	if (l->period != PERIOD_ANNUAL)
		return problem_set(p, TESS_ERR_REFUSED, "coterm_requires_annual",
				   arena_printf(w->a, "%s.billing_period", prefix),
				   "Only annual terms can be co-termed.");
	err = license_coterm_price(*unit, ql->start_date, w->in->coterm_end, &ct, p);
	if (err != TESS_OK) {
		p->field = "coterm_end";
		return err;
	}
	*unit = ct.price;
	ql->end_date = w->in->coterm_end;
	return TESS_OK;
}

/* Discounts and markup on the line's unit price (SPEC rule 7), into ql and pl. */
static enum tess_err line_discounts(struct quote_work *w, const struct quote_line_in *l,
				    enum hosting hosting, struct money unit, struct quote_line *ql,
				    struct pricing_line *pl, struct problem *p)
{
	struct pricing_line_in in;
	enum tess_err err;

	memset(&in, 0, sizeof(in));
	in.tier_price = unit;
	in.quantity = l->quantity;
	in.hosting = hosting;
	in.eligibility = w->cu.org.eligibility;
	in.cloud_migration = w->cu.org.cloud_migration;
	in.tier = w->partner.tier;
	in.tier_discount_bp = w->partner.tier_discount_bp;
	err = pricing_line_price(&in, pl, p);
	if (err != TESS_OK)
		return err;
	ql->list = pl->list;
	ql->eligibility_kind = pricing_discount_kind_name(pl->eligibility_kind);
	ql->eligibility_bp = pl->eligibility_bp;
	ql->eligibility_discount = pl->eligibility_discount;
	ql->tier_bp = pl->tier_bp;
	ql->tier_discount = pl->tier_discount;
	ql->markup = pl->markup;
	ql->amount = pl->amount;
	return TESS_OK;
}

/*
 * Prices line i into w->ql[i] and w->pl[i]: catalog price, term dates,
 * the renewal or upgrade price or the co-term proration, then discounts.
 */
static enum tess_err quote_line_price(struct quote_work *w, size_t i, struct problem *p)
{
	const struct quote_line_in *l = &w->in->lines[i];
	const char *prefix = arena_printf(w->a, "lines[%zu]", i);
	struct quote_line *ql = &w->ql[i];
	struct product pd;
	struct money tier_price, unit;
	enum tess_err err = line_catalog(w, l, prefix, &pd, &tier_price, p);

	if (err != TESS_OK)
		return err;
	memset(ql, 0, sizeof(*ql));
	ql->line_no = (int32_t)i;
	ql->action = l->action;
	ql->product_pk = pd.pk;
	memcpy(ql->product_id, pd.id, sizeof(ql->product_id));
	ql->product_code = pd.code;
	ql->product_name = pd.name;
	ql->kind = pd.kind;
	ql->edition = l->edition;
	ql->user_tier = l->user_tier;
	ql->period = l->period;
	ql->quantity = l->quantity;
	ql->hosting = pd.hosting;
	ql->start_date = w->who->today;
	ql->end_date = date_add_months(w->who->today, billing_period_months(l->period));
	unit = tier_price;
	if (l->subscription_id != NULL) {
		struct subscription s;
		err = line_subscription(w, l, pd.pk, prefix, &s, p);
		if (err == TESS_OK)
			err = line_existing(w, l, &pd, &s, prefix, tier_price, ql, &unit, p);
		if (err != TESS_OK)
			return err;
		ql->subscription_pk = s.pk;
		memcpy(ql->subscription_id, s.id, sizeof(ql->subscription_id));
	}
	if (w->in->coterm_end != 0) {
		err = line_coterm(w, l, prefix, ql, &unit, p);
		if (err != TESS_OK)
			return err;
	}
	return line_discounts(w, l, pd.hosting, unit, ql, &w->pl[i], p);
}

/* ---- Saving ---- */

/* The partner (SPEC rule 6), the billing account and the quote's currency. */
static enum tess_err load_partner_account(struct quote_work *w, struct problem *p)
{
	enum tess_err err = store_org_get_pk(w->c, w->who->org_pk, w->a, &w->partner);

	if (err != TESS_OK)
		return err;
	/* SPEC rule 6: no two-tier reselling. */
	err = order_check_channel(w->partner.kind, w->partner.distributor_pk, p);
	if (err != TESS_OK)
		return err;
	err = store_billing_account_get(w->c, w->who->tenancy, w->in->billing_account_id, w->a,
					&w->ba);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", "billing_account",
				   "No such billing account.");
	if (err != TESS_OK)
		return err;
	w->currency = w->in->currency != NULL ? w->in->currency : w->ba.currency;
	if (strcmp(w->currency, w->ba.currency) != 0)
		return problem_set(p, TESS_ERR_REFUSED, "currency_mismatch", "currency",
				   "Billing account %s is kept in %s: quote in %s or choose "
				   "another billing account.",
				   w->ba.name, w->ba.currency, w->ba.currency);
	return TESS_OK;
}

/* SPEC rule 8: the tax rate at the customer's tax address. */
static enum tess_err quote_tax(struct quote_work *w, struct problem *p)
{
	enum tess_err err = tax_rate_lookup(tax_default_table(), w->cu.country, w->cu.state,
					    &w->rate, p);
	if (err != TESS_OK) {
		if (w->in->customer_by == QUOTE_FOR_NEW_CUSTOMER && p->field != NULL)
			p->field = arena_printf(w->a, "new_customer.%s", p->field);
		else
			p->field = customer_field(w->in->customer_by);
	}
	return err;
}

/*
 * Prices every line and totals the quote; a quote nobody could pay (SPEC
 * rules 2-3 colliding) is refused now, not at payment.
 */
static enum tess_err price_quote(struct quote_work *w, struct problem *p)
{
	size_t n = w->in->nlines;
	struct payterms_order po;
	uint32_t mask = 0;
	enum tess_err err = TESS_OK;

	w->ql = ARENA_ARRAY(w->a, struct quote_line, n);
	w->pl = ARENA_ARRAY(w->a, struct pricing_line, n);
	for (size_t i = 0; err == TESS_OK && i < n; i++)
		err = quote_line_price(w, i, p);
	if (err == TESS_OK)
		err = pricing_quote_total(w->pl, n, w->currency, w->rate.rate_ppm, &w->tot, p);
	if (err != TESS_OK)
		return err;
	po = payterms_order_of(w->tot.total);
	for (size_t i = 0; i < n; i++)
		payterms_order_add_line(&po, w->ql[i].hosting, w->ql[i].period);
	return payterms_accepted_methods(&po, payterms_default_fx(), &mask, p);
}

/* The quote as saved, numbered number, from what w has decided. */
static void fill_quote(const struct quote_work *w, const char *number, struct quote *q)
{
	const struct quote_save_in *in = w->in;

	memset(q, 0, sizeof(*q));
	q->number = number;
	q->partner_pk = w->partner.pk;
	memcpy(q->partner_id, w->partner.id, sizeof(q->partner_id));
	q->partner_name = w->partner.name;
	q->customer_pk = w->cu.org.pk;
	memcpy(q->customer_id, w->cu.org.id, sizeof(q->customer_id));
	q->customer_name = w->cu.org.name;
	q->billing_account_pk = w->ba.pk;
	memcpy(q->billing_account_id, w->ba.id, sizeof(q->billing_account_id));
	q->billing_account_name = w->ba.name;
	q->site_pk = w->cu.site_pk;
	if (w->cu.site_id != NULL)
		snprintf(q->site_id, sizeof(q->site_id), "%s", w->cu.site_id);
	q->site_url = w->cu.site_url;
	q->created_by_user_pk = w->who->user_pk;
	q->created_by_name = w->who->name;
	q->created_by_email = w->who->email;
	q->status = QUOTE_OPEN;
	memcpy(q->currency, w->currency, 4);
	q->notes = in->notes != NULL ? in->notes : "";
	q->coterm_end = in->coterm_end;
	/* The customer's technical contact: as given, else the customer's own contact. */
	q->technical_contact_name = in->tech_name != NULL ? in->tech_name : w->cu.contact_name;
	q->technical_contact_email = in->tech_email != NULL ? in->tech_email : w->cu.contact_email;
	q->tax_country = w->cu.country;
	q->tax_state = w->cu.state;
	q->tax_rate_ppm = w->rate.rate_ppm;
	q->tax_label = w->rate.label;
	q->subtotal = w->tot.subtotal;
	q->discount = w->tot.discount_total;
	q->markup = w->tot.markup_total;
	q->net = w->tot.net;
	q->tax = w->tot.tax;
	q->total = w->tot.total;
	q->expires_on = w->who->today + QUOTE_VALID_DAYS;
	q->created_at = w->who->now;
}

/* Queues the copy of the saved quote to the partner user (SPEC rule 19). */
static enum tess_err mail_saved(struct quote_work *w, const struct quote *q)
{
	char total[32], expires[11];

	money_format(q->total, total);
	date_format(q->expires_on, expires);
	return ops_mail(w->c, w->who, w->who->email, "quote_saved",
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "quote_number",
				  q->number, "quote_id", q->id, "total", total, "currency",
				  q->currency, "expires_on", expires, "customer", q->customer_name,
				  "partner", q->partner_name, "link",
				  arena_printf(w->a, "/api/v1/quotes/%s/pdf", q->id)));
}

/* Writes the quote, its lines, its email and its audit event; q->id names it. */
static enum tess_err write_quote(struct quote_work *w, struct quote *q)
{
	char number[32];
	char *after;
	enum tess_err err = store_next_number(w->c, SERIES_QUOTE, number);

	if (err != TESS_OK)
		return err;
	fill_quote(w, number, q);
	err = store_quote_insert(w->c, q);
	for (size_t i = 0; err == TESS_OK && i < w->in->nlines; i++)
		err = store_quote_line_insert(w->c, q->pk, &w->ql[i]);
	if (err == TESS_OK)
		err = mail_saved(w, q);
	if (err != TESS_OK)
		return err;
	after = ops_json_text(json_pack("{s:s, s:s}", "number", q->number, "status",
					quote_status_name(q->status)));
	if (after == NULL)
		return TESS_ERR_INTERNAL;
	err = ops_audit(w->c, w->who, "quote.create", "quote", q->id, NULL, after);
	free(after);
	return err;
}

/*
 * Reads and decides everything a quote is (partner, account, customer,
 * tax, lines, totals, payment methods) into w, writing nothing: the one
 * pricing step of saving a quote and of previewing it.
 */
static enum tess_err quote_work_price(struct quote_work *w, struct store_conn *c,
				      const struct actor *who, const struct quote_save_in *in,
				      struct arena *a, struct problem *p)
{
	enum tess_err err;

	memset(w, 0, sizeof(*w));
	w->c = c;
	w->who = who;
	w->in = in;
	w->a = a;
	err = load_partner_account(w, p);
	if (err == TESS_OK)
		err = resolve_customer(w, p);
	if (err == TESS_OK)
		err = quote_tax(w, p);
	if (err == TESS_OK)
		err = price_quote(w, p);
	return err;
}

enum tess_err ops_quote_price(struct store_conn *c, const struct actor *who,
			      const struct quote_save_in *in, struct arena *a,
			      struct quote_priced *out, struct problem *p)
{
	struct quote_work w;
	enum tess_err err = quote_work_price(&w, c, who, in, a, p);

	memset(out, 0, sizeof(*out));
	if (err != TESS_OK)
		return err;
	fill_quote(&w, "", &out->q);
	out->lines = w.ql;
	out->nlines = in->nlines;
	return TESS_OK;
}

enum tess_err ops_quote_save(struct store_conn *c, const struct actor *who,
			     const struct quote_save_in *in, struct arena *a, struct op_ref *out,
			     struct problem *p)
{
	struct quote_work w;
	struct quote q;
	enum tess_err err = quote_work_price(&w, c, who, in, a, p);

	if (err == TESS_OK && in->customer_by == QUOTE_FOR_NEW_CUSTOMER)
		err = insert_new_customer(&w);
	if (err == TESS_OK)
		err = write_quote(&w, &q);
	if (err == TESS_OK)
		memcpy(out->id, q.id, sizeof(out->id));
	return err;
}

/* ---- Cancelling ---- */

static char *status_text(enum quote_status st)
{
	return ops_json_text(json_pack("{s:s}", "status", quote_status_name(st)));
}

enum tess_err ops_quote_cancel(struct store_conn *c, const struct actor *who,
			       const struct quote_cancel_in *in, struct arena *a,
			       struct op_ref *out, struct problem *p)
{
	const char *id = in->quote_id;
	struct quote q;
	char *before = NULL, *after = NULL;
	enum tess_err err;

	if (!id_valid("quo", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such quote.");
	err = store_quote_get(c, who->tenancy, id, a, &q);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such quote.");
	if (err == TESS_OK)
		err = quote_check_cancel(quote_status_at(q.status, q.expires_on, who->today), p);
	if (err == TESS_OK)
		err = store_quote_set_status(c, q.pk, QUOTE_OPEN, QUOTE_CANCELLED);
	if (err != TESS_OK)
		return err;
	before = status_text(QUOTE_OPEN);
	after = status_text(QUOTE_CANCELLED);
	err = before != NULL && after != NULL
		      ? ops_audit(c, who, "quote.cancel", "quote", q.id, before, after)
		      : TESS_ERR_INTERNAL;
	free(before);
	free(after);
	if (err == TESS_OK)
		memcpy(out->id, q.id, sizeof(out->id));
	return err;
}
