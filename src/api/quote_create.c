/*
 * Saving a quote is one unit of work: it reads the partner, billing
 * account, customer, catalog prices and subscriptions, asks domain/ for
 * the channel (rule 6), the partner line rule (rule 5), discounts (rule
 * 7), tax (rule 8), co-term prices (rule 11) and payment terms (rules
 * 1-4), then writes the customer (when new), the quote, its lines, the
 * email (rule 19) and the audit event together, and answers with the
 * quote as api/quotes.c shapes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "ops/record.h"
#include "domain/licensing.h"
#include "domain/lifecycle.h"
#include "domain/orders.h"
#include "domain/payment_terms.h"
#include "domain/pricing.h"
#include "domain/tax.h"
#include "http/validate.h"
#include "util/json_mem.h"

#define QUOTE_VALID_DAYS 30
#define QUOTE_LINES_MAX 50
#define QUOTE_QUANTITY_MAX 1000
#define QUOTE_NOTES_MAX 2000
#define USER_TIER_MAX 1000000

/* The order line actions a quote line may take (the names of enum order_line_action). */
static const char *const action_choices[] = {"new", "renew", "upgrade", NULL};

static const struct field_spec create_body[] = {
    {"customer", FIELD_ID, false, 0, 0, NULL, "org"},
    {"site", FIELD_STRING, false, 1, 253, NULL, NULL},
    {"sen", FIELD_STRING, false, 1, 64, NULL, NULL},
    {"new_customer", FIELD_OBJECT, false, 0, 0, NULL, NULL},
    {"billing_account", FIELD_ID, true, 0, 0, NULL, "ba"},
    {"currency", FIELD_STRING, false, 3, 3, NULL, NULL},
    {"lines", FIELD_ARRAY, true, 1, QUOTE_LINES_MAX, NULL, NULL},
    {"notes", FIELD_STRING, false, 0, QUOTE_NOTES_MAX, NULL, NULL},
    {"coterm_end", FIELD_DATE, false, 0, 0, NULL, NULL},
    {"technical_contact", FIELD_OBJECT, false, 0, 0, NULL, NULL},
};

static const struct field_spec new_customer_body[] = {
    {"name", FIELD_STRING, true, 1, 200, NULL, NULL},
    {"contact_name", FIELD_STRING, true, 1, 200, NULL, NULL},
    {"email", FIELD_EMAIL, true, 0, 0, NULL, NULL},
    {"address_line", FIELD_STRING, true, 1, 200, NULL, NULL},
    {"city", FIELD_STRING, true, 1, 100, NULL, NULL},
    {"postal_code", FIELD_STRING, true, 1, 20, NULL, NULL},
    {"country", FIELD_STRING, true, 2, 2, NULL, NULL},
    {"state", FIELD_STRING, false, 0, 3, NULL, NULL},
};

static const struct field_spec line_body[] = {
    {"product", FIELD_STRING, true, 1, ID_MAX - 1, NULL, NULL},
    {"edition", FIELD_ENUM, true, 0, 0, edition_choices, NULL},
    {"user_tier", FIELD_INT, true, 1, USER_TIER_MAX, NULL, NULL},
    {"billing_period", FIELD_ENUM, true, 0, 0, billing_period_choices, NULL},
    {"quantity", FIELD_INT, false, 1, QUOTE_QUANTITY_MAX, NULL, NULL},
    {"action", FIELD_ENUM, false, 0, 0, action_choices, NULL},
    {"subscription", FIELD_ID, false, 0, 0, NULL, "sub"},
};

static const struct field_spec contact_body[] = {
    {"name", FIELD_STRING, true, 1, 200, NULL, NULL},
    {"email", FIELD_EMAIL, true, 0, 0, NULL, NULL},
};

#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))


struct line_req {
	const char *product_id;
	enum edition edition;
	int32_t user_tier;
	enum billing_period period;
	int32_t quantity;
	enum order_line_action action; /* ORDER_LINE_NEW, _RENEW or _UPGRADE */
	const char *subscription_id; /* NULL for new */
};

struct create_ctx {
	struct req *r;
	const char *customer_field; /* the request field naming the customer */
	const char *customer_id;
	const char *site;
	const char *sen;
	bool new_customer;
	struct org_new nc_org;
	struct contact nc_contact;
	const char *billing_account_id;
	const char *currency; /* NULL: the billing account's */
	struct line_req *lines;
	size_t nlines;
	const char *notes;
	tdate coterm_end;
	const char *tech_name; /* NULL: none given */
	const char *tech_email;
};

/* The customer a quote is for, and the address that decides its tax. */
struct quote_customer {
	struct org org; /* pk 0 until a new customer is inserted */
	int64_t site_pk;
	const char *country;
	const char *state;
	const char *contact_name; /* fallback technical contact */
	const char *contact_email;
};

static const char *str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads and checks the body into x; every shape error is a 400 before any write. */
static enum tess_err parse_create(struct req *r, struct create_ctx *x, struct problem *p)
{
	struct arena *a = r->arena;
	json_t *lines, *v;
	size_t i;
	int named = 0;
	enum tess_err err = validate_body(r->body, create_body, NFIELDS(create_body), p);

	if (err != TESS_OK)
		return err;
	x->customer_id = str_of(r->body, "customer");
	x->site = str_of(r->body, "site");
	x->sen = str_of(r->body, "sen");
	v = json_object_get(r->body, "new_customer");
	x->new_customer = json_is_object(v);
	named = (x->customer_id != NULL) + (x->site != NULL) + (x->sen != NULL) + x->new_customer;
	if (named != 1)
		return problem_set(p, TESS_ERR_INVALID,
		                   named == 0 ? "customer_required" : "customer_ambiguous",
		                   "customer",
		                   "Name the customer with exactly one of customer, site, sen or "
		                   "new_customer.");
	x->customer_field = x->customer_id != NULL ? "customer"
	                    : x->site != NULL      ? "site"
	                    : x->sen != NULL       ? "sen"
	                                           : "new_customer";
	if (x->new_customer) {
		err = validate_nested(a, v, new_customer_body, NFIELDS(new_customer_body),
		                      "new_customer", p);
		if (err != TESS_OK)
			return err;
		x->nc_org.kind = ORG_CUSTOMER;
		x->nc_org.name = str_of(v, "name");
		x->nc_org.country = arena_strdup(a, str_of(v, "country"));
		x->nc_org.state =
		    arena_strdup(a, str_of(v, "state") != NULL ? str_of(v, "state") : "");
		for (char *c = (char *)x->nc_org.country; *c != '\0'; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		for (char *c = (char *)x->nc_org.state; *c != '\0'; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		x->nc_org.contact_name = str_of(v, "contact_name");
		x->nc_org.contact_email = str_of(v, "email");
		x->nc_contact.name = x->nc_org.contact_name;
		x->nc_contact.email = x->nc_org.contact_email;
		x->nc_contact.address_line = str_of(v, "address_line");
		x->nc_contact.city = str_of(v, "city");
		x->nc_contact.postal_code = str_of(v, "postal_code");
		x->nc_contact.country = x->nc_org.country;
		x->nc_contact.state = x->nc_org.state;
	}
	v = json_object_get(r->body, "technical_contact");
	if (json_is_object(v)) {
		err = validate_nested(a, v, contact_body, NFIELDS(contact_body),
		                      "technical_contact", p);
		if (err != TESS_OK)
			return err;
		x->tech_name = str_of(v, "name");
		x->tech_email = str_of(v, "email");
	}
	x->billing_account_id = str_of(r->body, "billing_account");
	x->currency = str_of(r->body, "currency");
	if (x->currency != NULL && !currency_valid(x->currency))
		return problem_set(p, TESS_ERR_INVALID, "currency_invalid", "currency",
		                   "currency must be a supported ISO 4217 code such as USD.");
	x->notes = str_of(r->body, "notes");
	if (x->notes == NULL)
		x->notes = "";
	if ((v = json_object_get(r->body, "coterm_end")) != NULL && json_is_string(v)) {
		if (date_parse(json_string_value(v), json_string_length(v), &x->coterm_end) !=
		    TESS_OK)
			return problem_set(p, TESS_ERR_INVALID, "invalid_value", "coterm_end",
			                   "coterm_end must be a date as YYYY-MM-DD.");
		if (x->coterm_end <= r->today)
			return problem_set(p, TESS_ERR_INVALID, "coterm_target_invalid",
			                   "coterm_end", "coterm_end must be after today.");
	}

	lines = json_object_get(r->body, "lines");
	x->nlines = json_array_size(lines);
	x->lines = ARENA_ARRAY(a, struct line_req, x->nlines);
	json_array_foreach(lines, i, v)
	{
		struct line_req *l = &x->lines[i];
		const char *prefix = arena_printf(a, "lines[%zu]", i);
		json_t *q;
		err = validate_nested(a, v, line_body, NFIELDS(line_body), prefix, p);
		if (err != TESS_OK)
			return err;
		l->product_id = str_of(v, "product");
		if (!id_valid("prd", l->product_id, strlen(l->product_id)) &&
		    !id_valid("app", l->product_id, strlen(l->product_id)))
			return problem_set(p, TESS_ERR_INVALID, "invalid_value",
			                   arena_printf(a, "%s.product", prefix),
			                   "%s.product is not a valid product or app id.", prefix);
		(void)edition_parse(str_of(v, "edition"), &l->edition);
		(void)billing_period_parse(str_of(v, "billing_period"), &l->period);
		l->user_tier = (int32_t)json_integer_value(json_object_get(v, "user_tier"));
		q = json_object_get(v, "quantity");
		l->quantity = json_is_integer(q) ? (int32_t)json_integer_value(q) : 1;
		/* Validated against action_choices above; absent is a new purchase. */
		if (!order_line_action_parse(str_of(v, "action"), &l->action))
			l->action = ORDER_LINE_NEW;
		l->subscription_id = str_of(v, "subscription");
		if (l->action != ORDER_LINE_NEW && l->subscription_id == NULL)
			return problem_set(p, TESS_ERR_INVALID, "required",
			                   arena_printf(a, "%s.subscription", prefix),
			                   "%s.subscription is required to %s a subscription.",
			                   prefix, order_line_action_name(l->action));
		if (l->action == ORDER_LINE_NEW && l->subscription_id != NULL)
			return problem_set(p, TESS_ERR_INVALID, "invalid_value",
			                   arena_printf(a, "%s.subscription", prefix),
			                   "%s.subscription is only for renew and upgrade lines.",
			                   prefix);
	}
	return TESS_OK;
}

/* Names the line field that no catalog price matches, narrowest first. */
static const char *missing_price_field(struct store_conn *c, struct arena *a, int64_t product_pk,
                                       const struct line_req *l, const char *currency,
                                       const char *prefix)
{
	struct price_row *rows = NULL;
	size_t n = 0;
	bool ed = false, per = false, cur = false;
	if (store_prices_for_product(c, product_pk, a, &rows, &n) == TESS_OK) {
		for (size_t i = 0; i < n; i++) {
			if (rows[i].edition != l->edition)
				continue;
			ed = true;
			if (rows[i].period != l->period)
				continue;
			per = true;
			if (strcmp(rows[i].amount.currency, currency) == 0)
				cur = true;
		}
	}
	if (!ed)
		return arena_printf(a, "%s.edition", prefix);
	if (!per)
		return arena_printf(a, "%s.billing_period", prefix);
	if (!cur)
		return "currency";
	return arena_printf(a, "%s.user_tier", prefix);
}

/* Resolves the subscription a renew or upgrade line acts on. */
static enum tess_err line_subscription(struct store_conn *c, struct create_ctx *x,
                                       const struct line_req *l, const struct quote_customer *cu,
                                       int64_t product_pk, const char *prefix,
                                       struct subscription *s, struct problem *p)
{
	struct req *r = x->r;
	const char *field = arena_printf(r->arena, "%s.subscription", prefix);
	enum tess_err err = store_subscription_get(c, r->tenancy, l->subscription_id, r->arena, s);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", field, "No such subscription.");
	if (err != TESS_OK)
		return err;
	if (cu->org.pk == 0 || s->customer_pk != cu->org.pk)
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
 * Prices line i: catalog price, term dates, the upgrade difference or the
 * co-term proration, then discounts (pricing_line_price).
 */
static enum tess_err price_line(struct store_conn *c, struct create_ctx *x, size_t i,
                                const struct org *partner, const struct quote_customer *cu,
                                const char *currency, struct quote_line *ql,
                                struct pricing_line *pl, struct problem *p)
{
	struct req *r = x->r;
	struct arena *a = r->arena;
	const struct line_req *l = &x->lines[i];
	const char *prefix = arena_printf(a, "lines[%zu]", i);
	struct product pd;
	struct subscription s;
	struct money tier_price, unit;
	struct pricing_line_in in;
	int months = billing_period_months(l->period);
	bool upgrade = l->action == ORDER_LINE_UPGRADE;
	enum tess_err err = store_product_get(c, l->product_id, a, &pd);

	memset(&s, 0, sizeof(s));
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", arena_printf(a, "%s.product", prefix),
		                   "No such product or app.");
	if (err != TESS_OK)
		return err;
	/* SPEC rule 5: partners buy annual cloud subscriptions only. */
	err = order_check_partner_line(ORDER_BY_PARTNER, pd.hosting, l->period, p);
	if (err != TESS_OK) {
		p->field = arena_printf(a, "%s.billing_period", prefix);
		return err;
	}
	err = store_price_get(c, pd.pk, l->edition, l->user_tier, l->period, currency, &tier_price);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, TESS_ERR_REFUSED, "price_not_found",
		                   missing_price_field(c, a, pd.pk, l, currency, prefix),
		                   "The catalog has no %s %s price for %s %s with %d users in %s.",
		                   billing_period_name(l->period), edition_name(l->edition),
		                   pd.name, prefix, (int)l->user_tier, currency);
	if (err != TESS_OK)
		return err;

	memset(ql, 0, sizeof(*ql));
	ql->line_no = (int32_t)i;
	ql->action = order_line_action_name(l->action);
	ql->product_pk = pd.pk;
	ql->edition = l->edition;
	ql->user_tier = l->user_tier;
	ql->period = l->period;
	ql->quantity = l->quantity;
	ql->hosting = pd.hosting;
	ql->start_date = r->today;
	ql->end_date = date_add_months(r->today, months);
	unit = tier_price;
	if (l->subscription_id != NULL) {
		err = line_subscription(c, x, l, cu, pd.pk, prefix, &s, p);
		if (err != TESS_OK)
			return err;
		ql->subscription_pk = s.pk;
		if (!upgrade) {
			/* SPEC rule 13: an annual cloud renewal starts a new term on payment. */
			bool restarts =
			    lifecycle_term_restarts(pd.hosting, l->period) && x->coterm_end == 0;
			err = pricing_renewal_price(s.unit_price, tier_price, s.period_end, l->period,
			                            r->today, restarts, &unit, p);
			if (err == TESS_OK)
				err = lifecycle_renewal_term(restarts, l->period, s.period_end,
				                             r->today, &ql->start_date, &ql->end_date);
			if (err != TESS_OK) {
				p->field = arena_printf(a, "%s.subscription", prefix);
				return err;
			}
		} else {
			/* The difference over what a license costs now, for the days left. */
			struct pricing_upgrade up;
			/* SPEC rule 13: an annual cloud upgrade starts a new term on payment. */
			bool restarts =
			    lifecycle_term_restarts(pd.hosting, l->period) && x->coterm_end == 0;
			err = pricing_upgrade_price(s.unit_price, tier_price, s.period_end, l->period,
			                            r->today, restarts, &up, p);
			if (err != TESS_OK) {
				p->field = arena_printf(a, "%s.%s", prefix,
				                        p->code != NULL &&
				                                strcmp(p->code, "upgrade_not_higher") == 0
				                            ? "user_tier"
				                            : "subscription");
				return err;
			}
			if (!restarts)
				ql->end_date = s.period_end;
			/* A co-term prorates the whole difference to its own end date. */
			unit = x->coterm_end == 0 ? up.price : up.difference;
		}
	}
	/* SPEC rule 11: every line ends on the co-term date, at a prorated price. */
	if (x->coterm_end != 0) {
		struct license_coterm ct;
		if (l->period != PERIOD_ANNUAL)
			return problem_set(p, TESS_ERR_REFUSED, "coterm_requires_annual",
			                   arena_printf(a, "%s.billing_period", prefix),
			                   "Only annual terms can be co-termed.");
		err = license_coterm_price(unit, ql->start_date, x->coterm_end, &ct, p);
		if (err != TESS_OK) {
			p->field = "coterm_end";
			return err;
		}
		unit = ct.price;
		ql->end_date = x->coterm_end;
	}

	memset(&in, 0, sizeof(in));
	in.tier_price = unit;
	in.quantity = l->quantity;
	in.hosting = pd.hosting;
	in.eligibility = cu->org.eligibility;
	in.cloud_migration = cu->org.cloud_migration;
	in.tier = partner->tier;
	in.tier_discount_bp = partner->tier_discount_bp;
	err = pricing_line_price(&in, pl, p);
	if (err != TESS_OK)
		return err;
	ql->list_minor = pl->list.minor;
	ql->eligibility_kind = pricing_discount_kind_name(pl->eligibility_kind);
	ql->eligibility_bp = pl->eligibility_bp;
	ql->eligibility_discount_minor = pl->eligibility_discount.minor;
	ql->tier_bp = pl->tier_bp;
	ql->tier_discount_minor = pl->tier_discount.minor;
	ql->markup_minor = pl->markup.minor;
	ql->amount_minor = pl->amount.minor;
	return TESS_OK;
}

/* Finds the customer the request names and the address its tax follows (SPEC rule 8). */
static enum tess_err resolve_customer(struct store_conn *c, struct create_ctx *x,
                                      struct quote_customer *cu, struct problem *p)
{
	struct req *r = x->r;
	struct contact billing;
	struct tax_address own, bill, at;
	int64_t customer_pk = 0;
	enum tess_err err = TESS_OK;

	memset(cu, 0, sizeof(*cu));
	if (x->new_customer) {
		cu->org.kind = ORG_CUSTOMER;
		cu->org.name = x->nc_org.name;
		cu->org.eligibility = ELIG_NONE;
		cu->country = x->nc_org.country;
		cu->state = x->nc_org.state;
		cu->contact_name = x->nc_org.contact_name;
		cu->contact_email = x->nc_org.contact_email;
		return TESS_OK;
	}
	if (x->customer_id != NULL) {
		err = store_org_get(c, r->tenancy, x->customer_id, r->arena, &cu->org);
		if (err == TESS_OK && cu->org.kind != ORG_CUSTOMER)
			err = TESS_ERR_NOT_FOUND;
		if (err == TESS_ERR_NOT_FOUND)
			return problem_set(p, err, "not_found", "customer", "No such customer.");
	} else if (x->site != NULL) {
		struct site_ref site;
		err = store_site_by_url(c, r->tenancy, x->site, r->arena, &site);
		if (err == TESS_ERR_NOT_FOUND)
			return problem_set(p, err, "not_found", "site", "No such site.");
		cu->site_pk = site.pk;
		customer_pk = site.customer_pk;
	} else {
		struct subscription s;
		err = store_subscription_by_sen(c, r->tenancy, x->sen, r->arena, &s);
		if (err == TESS_ERR_NOT_FOUND)
			return problem_set(p, err, "not_found", "sen",
			                   "No subscription has this SEN.");
		cu->site_pk = s.site_pk;
		customer_pk = s.customer_pk;
	}
	if (err == TESS_OK && customer_pk != 0)
		err = store_org_get_pk(c, customer_pk, r->arena, &cu->org);
	if (err != TESS_OK)
		return err;
	cu->contact_name = cu->org.contact_name;
	cu->contact_email = cu->org.contact_email;
	err = store_customer_billing_contact(c, cu->org.pk, r->arena, &billing);
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
		    p, TESS_ERR_REFUSED, "billing_address_missing", x->customer_field,
		    "The customer has no billing contact address to decide its tax.");
	return TESS_OK;
}

/* Queues the copy of the saved quote to the partner user (SPEC rule 19). */
static enum tess_err queue_quote_email(struct store_conn *c, struct req *r, const struct quote *q)
{
	char total[32], expires[11], *text;
	enum tess_err err = TESS_OK;
	json_t *data;

	money_format(money_make(q->total_minor, q->currency), total);
	date_format(q->expires_on, expires);
	data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "quote_number", q->number,
	                 "quote_id", q->id, "total", total, "currency", q->currency, "expires_on",
	                 expires, "customer", q->customer_name, "partner", q->partner_name, "link",
	                 arena_printf(r->arena, "/api/v1/quotes/%s/pdf", q->id));
	text = data != NULL ? json_text(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(data);
	if (text == NULL)
		return TESS_ERR_INTERNAL;
	err = store_outbox_enqueue(c, r->who->email, "quote_saved", text, r->now);
	free(text);
	return err;
}

static enum tess_err create_unit(struct store_conn *c, struct store_unit *u)
{
	struct create_ctx *x = u->ctx;
	struct req *r = x->r;
	struct problem *p = &u->problem;
	struct org partner;
	struct billing_account ba;
	struct quote_customer cu;
	struct tax_rate rate;
	struct pricing_totals tot;
	struct pricing_line *pl = ARENA_ARRAY(r->arena, struct pricing_line, x->nlines);
	struct quote_line *ql = ARENA_ARRAY(r->arena, struct quote_line, x->nlines);
	struct payterms_order po;
	struct quote q;
	const char *currency;
	char number[32], after[128];
	uint32_t mask = 0;
	int n;
	enum tess_err err = store_org_get_pk(c, r->who->org_pk, r->arena, &partner);

	if (err != TESS_OK)
		return err;
	/* SPEC rule 6: no two-tier reselling. */
	err = order_check_channel(partner.kind, partner.distributor_pk, p);
	if (err != TESS_OK)
		return err;
	err = store_billing_account_get(c, r->tenancy, x->billing_account_id, r->arena, &ba);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", "billing_account",
		                   "No such billing account.");
	if (err != TESS_OK)
		return err;
	currency = x->currency != NULL ? x->currency : ba.currency;
	if (strcmp(currency, ba.currency) != 0)
		return problem_set(
		    p, TESS_ERR_REFUSED, "currency_mismatch", "currency",
		    "Billing account %s is kept in %s: quote in %s or choose another "
		    "billing account.",
		    ba.name, ba.currency, ba.currency);
	err = resolve_customer(c, x, &cu, p);
	if (err != TESS_OK)
		return err;
	/* SPEC rule 8: tax follows the billing contact's address. */
	err = tax_rate_lookup(tax_default_table(), cu.country, cu.state, &rate, p);
	if (err != TESS_OK) {
		p->field = x->new_customer && p->field != NULL
		               ? arena_printf(r->arena, "new_customer.%s", p->field)
		               : x->customer_field;
		return err;
	}
	for (size_t i = 0; i < x->nlines; i++) {
		err = price_line(c, x, i, &partner, &cu, currency, &ql[i], &pl[i], p);
		if (err != TESS_OK)
			return err;
	}
	err = pricing_quote_total(pl, x->nlines, currency, rate.rate_ppm, &tot, p);
	if (err != TESS_OK)
		return err;
	/* A quote nobody could pay (SPEC rules 2-3 colliding) is refused now, not at payment. */
	po = payterms_order_of(tot.total);
	for (size_t i = 0; i < x->nlines; i++)
		payterms_order_add_line(&po, ql[i].hosting, ql[i].period);
	err = payterms_accepted_methods(&po, payterms_default_fx(), &mask, p);
	if (err != TESS_OK)
		return err;

	if (x->new_customer) {
		x->nc_org.partner_pk = partner.pk;
		err = store_org_insert(c, &x->nc_org, r->now, &cu.org.pk);
		if (err == TESS_OK) {
			x->nc_contact.customer_pk = cu.org.pk;
			err = store_contact_insert(c, &x->nc_contact, 0, r->now, NULL);
		}
		if (err != TESS_OK)
			return err;
	}
	err = store_next_number(c, SERIES_QUOTE, number);
	if (err != TESS_OK)
		return err;
	memset(&q, 0, sizeof(q));
	q.number = number;
	q.partner_pk = partner.pk;
	q.partner_name = partner.name;
	q.customer_pk = cu.org.pk;
	q.customer_name = cu.org.name;
	q.billing_account_pk = ba.pk;
	q.site_pk = cu.site_pk;
	q.created_by_user_pk = r->who->user_pk;
	q.status = QUOTE_OPEN;
	memcpy(q.currency, currency, 4);
	q.notes = x->notes;
	q.coterm_end = x->coterm_end;
	/* The customer's technical contact: as given, else the customer's own contact. */
	q.technical_contact_name = x->tech_name != NULL ? x->tech_name : cu.contact_name;
	q.technical_contact_email = x->tech_email != NULL ? x->tech_email : cu.contact_email;
	q.tax_country = cu.country;
	q.tax_state = cu.state;
	q.tax_rate_ppm = rate.rate_ppm;
	q.tax_label = rate.label;
	q.subtotal_minor = tot.subtotal.minor;
	q.discount_minor = tot.discount_total.minor;
	q.markup_minor = tot.markup_total.minor;
	q.net_minor = tot.net.minor;
	q.tax_minor = tot.tax.minor;
	q.total_minor = tot.total.minor;
	q.expires_on = r->today + QUOTE_VALID_DAYS;
	q.created_at = r->now;
	err = store_quote_insert(c, &q);
	for (size_t i = 0; err == TESS_OK && i < x->nlines; i++)
		err = store_quote_line_insert(c, q.pk, &ql[i]);
	if (err == TESS_OK)
		err = queue_quote_email(c, r, &q);
	if (err != TESS_OK)
		return err;
	n = snprintf(after, sizeof(after), "{\"number\":\"%s\",\"status\":\"open\"}", q.number);
	if (n < 0 || (size_t)n >= sizeof(after))
		return TESS_ERR_INTERNAL;
	err = ops_audit(c, (const struct actor[]){req_actor(r)}, "quote.create", "quote", q.id, NULL, after);
	if (err != TESS_OK)
		return err;
	unit_reply_ref(u, 201, "quote", q.id);
	return TESS_OK;
}

enum tess_err api_quote_create(struct req *r, struct problem *p)
{
	struct create_ctx x;
	enum tess_err err;

	memset(&x, 0, sizeof(x));
	x.r = r;
	err = parse_create(r, &x, p);
	if (err != TESS_OK)
		return err;
	return req_run_unit(r, create_unit, &x, sizeof(x), p);
}

