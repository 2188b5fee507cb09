/*
 * Saving a quote: the body is read and checked into a struct
 * quote_save_in (every shape error is a 400 before any write), and the
 * operation ops_quote_save (ops/quotes.h) prices and writes it; the reply
 * is the quote as api/quotes.c shapes it. Previewing one reads the same
 * body and prices it with ops_quote_price, writing nothing.
 */
#include <string.h>

#include "api/api.h"
#include "api/quotes_int.h"
#include "api/render.h"
#include "domain/orders.h"
#include "http/validate.h"
#include "ops/quotes.h"

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

static const char *str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Which one of customer, site, sen or new_customer names the customer. */
static enum tess_err parse_customer(json_t *body, struct quote_save_in *in, struct problem *p)
{
	bool new_customer = json_is_object(json_object_get(body, "new_customer"));
	int named;

	in->customer_id = str_of(body, "customer");
	in->site = str_of(body, "site");
	in->sen = str_of(body, "sen");
	named = (in->customer_id != NULL) + (in->site != NULL) + (in->sen != NULL) + new_customer;
	if (named != 1)
		return problem_set(p, TESS_ERR_INVALID,
		                   named == 0 ? "customer_required" : "customer_ambiguous",
		                   "customer",
		                   "Name the customer with exactly one of customer, site, sen or "
		                   "new_customer.");
	in->customer_by = in->customer_id != NULL ? QUOTE_FOR_CUSTOMER
	                  : in->site != NULL      ? QUOTE_FOR_SITE
	                  : in->sen != NULL       ? QUOTE_FOR_SEN
	                                          : QUOTE_FOR_NEW_CUSTOMER;
	return TESS_OK;
}

/* The new_customer object, when the quote creates its customer. */
static enum tess_err parse_new_customer(struct arena *a, json_t *v, struct quote_new_customer *nc,
                                        struct problem *p)
{
	enum tess_err err = validate_nested(a, v, new_customer_body, NFIELDS(new_customer_body),
	                                    "new_customer", p);
	if (err != TESS_OK)
		return err;
	nc->name = str_of(v, "name");
	nc->contact_name = str_of(v, "contact_name");
	nc->email = str_of(v, "email");
	nc->address_line = str_of(v, "address_line");
	nc->city = str_of(v, "city");
	nc->postal_code = str_of(v, "postal_code");
	nc->country = str_of(v, "country");
	nc->state = str_of(v, "state");
	return TESS_OK;
}

/* The optional fields: technical contact, currency, notes and co-term date. */
static enum tess_err parse_options(struct req *r, struct quote_save_in *in, struct problem *p)
{
	json_t *v = json_object_get(r->body, "technical_contact");
	enum tess_err err;

	if (json_is_object(v)) {
		err = validate_nested(r->arena, v, contact_body, NFIELDS(contact_body),
		                      "technical_contact", p);
		if (err != TESS_OK)
			return err;
		in->tech_name = str_of(v, "name");
		in->tech_email = str_of(v, "email");
	}
	in->currency = str_of(r->body, "currency");
	if (in->currency != NULL && !currency_valid(in->currency))
		return problem_set(p, TESS_ERR_INVALID, "currency_invalid", "currency",
		                   "currency must be a supported ISO 4217 code such as USD.");
	in->notes = str_of(r->body, "notes");
	if (in->notes == NULL)
		in->notes = "";
	if ((v = json_object_get(r->body, "coterm_end")) != NULL && json_is_string(v)) {
		if (date_parse(json_string_value(v), json_string_length(v), &in->coterm_end) !=
		    TESS_OK)
			return problem_set(p, TESS_ERR_INVALID, "invalid_value", "coterm_end",
			                   "coterm_end must be a date as YYYY-MM-DD.");
		if (in->coterm_end <= r->today)
			return problem_set(p, TESS_ERR_INVALID, "coterm_target_invalid",
			                   "coterm_end", "coterm_end must be after today.");
	}
	return TESS_OK;
}

/* Line i of the body, v, into l. */
static enum tess_err parse_line(struct arena *a, json_t *v, size_t i, struct quote_line_in *l,
                                struct problem *p)
{
	const char *prefix = arena_printf(a, "lines[%zu]", i);
	json_t *q;
	enum tess_err err = validate_nested(a, v, line_body, NFIELDS(line_body), prefix, p);

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
		                   "%s.subscription is required to %s a subscription.", prefix,
		                   order_line_action_name(l->action));
	if (l->action == ORDER_LINE_NEW && l->subscription_id != NULL)
		return problem_set(p, TESS_ERR_INVALID, "invalid_value",
		                   arena_printf(a, "%s.subscription", prefix),
		                   "%s.subscription is only for renew and upgrade lines.", prefix);
	return TESS_OK;
}

enum tess_err quote_body_read(struct req *r, struct quote_save_in *in, struct problem *p)
{
	json_t *lines, *v;
	struct quote_line_in *out;
	size_t i;
	enum tess_err err = validate_body(r->body, create_body, NFIELDS(create_body), p);

	if (err == TESS_OK)
		err = parse_customer(r->body, in, p);
	if (err == TESS_OK && in->customer_by == QUOTE_FOR_NEW_CUSTOMER)
		err = parse_new_customer(r->arena, json_object_get(r->body, "new_customer"),
		                         &in->new_customer, p);
	if (err == TESS_OK)
		err = parse_options(r, in, p);
	if (err != TESS_OK)
		return err;
	in->billing_account_id = str_of(r->body, "billing_account");
	lines = json_object_get(r->body, "lines");
	in->nlines = json_array_size(lines);
	out = ARENA_ARRAY(r->arena, struct quote_line_in, in->nlines);
	in->lines = out;
	json_array_foreach(lines, i, v)
	{
		err = parse_line(r->arena, v, i, &out[i], p);
		if (err != TESS_OK)
			return err;
	}
	return TESS_OK;
}

API_OP_UNIT(create_unit, ops_quote_save, struct quote_save_in, 201, "quote")

enum tess_err api_quote_create(struct req *r, struct problem *p)
{
	struct create_unit_call x;
	enum tess_err err;

	memset(&x, 0, sizeof(x));
	x.who = req_actor(r);
	err = quote_body_read(r, &x.in, p);
	if (err != TESS_OK)
		return err;
	return req_run_unit(r, create_unit, &x, sizeof(x), p);
}

enum tess_err api_quote_preview(struct req *r, struct problem *p)
{
	struct quote_save_in in;
	struct quote_priced priced;
	struct actor who = req_actor(r);
	json_t *o;
	enum tess_err err;

	memset(&in, 0, sizeof(in));
	err = quote_body_read(r, &in, p);
	if (err != TESS_OK)
		return err;
	/* A POST runs outside a read snapshot: the pricing reads take one of their own. */
	if (store_read_begin(r->conn) != TESS_OK)
		return problem_set(p, TESS_ERR_UNAVAILABLE, NULL, NULL,
		                   "Could not open a read snapshot.");
	err = ops_quote_price(r->conn, &who, &in, r->arena, &priced, p);
	store_read_end(r->conn);
	if (err != TESS_OK)
		return err;
	o = quotes_preview_json(&priced.q, priced.lines, priced.nlines, r->today);
	if (o == NULL)
		return TESS_ERR_INTERNAL;
	req_reply(r, 200, o);
	return TESS_OK;
}
