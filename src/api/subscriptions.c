/*
 * Subscriptions: the customer's partner-managed subscriptions and the
 * partner's and vendor's views of the same rows (tenancy decides which).
 * Reads answer from the worker's snapshot; cancel and reactivate run
 * their operations (ops/subscriptions.h) as units of work and reply with
 * the row as the unit left it.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/list_filters.h"
#include "api/render.h"
#include "api/routes.h"
#include "ops/subscriptions.h"
#include "domain/lifecycle.h"
#include "domain/price_visibility.h"
#include "http/validate.h"
#include "util/cursor.h"


static const char *const effective_choices[] = {"now", "term_end", NULL};

const struct field_spec subscription_filter_specs[SUBSCRIPTION_FILTER_SPECS] = {
	{"status", FIELD_ENUM, false, 0, 0, sub_status_choices, NULL},
	{"kind", FIELD_ENUM, false, 0, 0, product_kind_choices, NULL},
	{"customer", FIELD_ID, false, 0, 0, NULL, "org"},
};
static const char *const no_params[] = {NULL};

static const struct field_spec cancel_body[] = {
	{"effective", FIELD_ENUM, false, 0, 0, effective_choices, NULL},
	{"note", FIELD_STRING, false, 0, 1000, NULL, NULL},
};

/* True when the route table lets role call handler. */
static bool route_allows(handler_fn handler, enum role role)
{
	for (size_t i = 0; i < api_routes_count; i++) {
		if (api_routes[i].handler == handler)
			return (api_routes[i].roles & ROLE_BIT(role)) != 0;
	}
	return false;
}

/*
 * What cancelling s now would do, for a page that offers it (SPEC rule
 * 14): whether who may (the cancel route's roles and lifecycle_cancel),
 * and the app subscriptions among apps (n of them) it would cancel with a
 * product (lifecycle_cascade_to_app). NULL when out of memory.
 */
static json_t *cancel_now_json(const struct subscription *s, const struct subscription *apps,
			       size_t n, enum role who, tdate today)
{
	struct cancel_change change = {0}, app_change;
	struct problem refused;
	bool allowed = route_allows(api_subscription_cancel, who) &&
		       lifecycle_cancel(s, CANCEL_NOW, today, &change, &refused) == TESS_OK;
	json_t *ids = json_array();

	for (size_t i = 0; allowed && ids != NULL && i < n; i++) {
		if (lifecycle_cascade_to_app(&apps[i], &change, &app_change) &&
		    json_array_append_new(ids, json_string(apps[i].id)) != 0) {
			json_decref(ids);
			ids = NULL;
		}
	}
	return ids == NULL ? NULL : json_pack("{s:b, s:o}", "allowed", allowed, "apps", ids);
}

/*
 * A subscription with its apps (products) or the products it is on
 * (apps), and what cancelling it now would do for who.
 */
static enum tess_err subscription_detail(struct store_conn *c, struct arena *a,
					 const struct subscription *s, enum role who, tdate today,
					 json_t **out)
{
	struct subscription *rel = NULL;
	size_t n = 0;
	enum tess_err err;
	json_t *o = json_subscription(s, today);
	json_t *arr = json_array();

	if (o == NULL || arr == NULL) {
		err = TESS_ERR_INTERNAL;
		goto fail;
	}
	if (s->kind == PRODUCT_PRODUCT)
		err = store_subscription_apps(c, s->pk, a, &rel, &n);
	else
		err = store_subscription_installed_on(c, s->pk, a, &rel, &n);
	if (err != TESS_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		json_t *item;
		if (s->kind == PRODUCT_PRODUCT)
			item = json_subscription(&rel[i], today);
		else
			item = json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "id", rel[i].id,
					 "product", "id", rel[i].product_id, "code",
					 rel[i].product_code, "name", rel[i].product_name, "kind",
					 product_kind_name(rel[i].kind), "hosting",
					 hosting_name(rel[i].hosting));
		if (json_array_append_new(arr, item) != 0) {
			err = TESS_ERR_INTERNAL;
			goto fail;
		}
	}
	if (json_object_set_new(o, s->kind == PRODUCT_PRODUCT ? "apps" : "installed_on", arr) !=
	    0) {
		arr = NULL;
		err = TESS_ERR_INTERNAL;
		goto fail;
	}
	arr = cancel_now_json(s, s->kind == PRODUCT_PRODUCT ? rel : NULL,
			      s->kind == PRODUCT_PRODUCT ? n : 0, who, today);
	if (arr == NULL || json_object_set_new(o, "cancel_now", arr) != 0) {
		arr = NULL;
		err = TESS_ERR_INTERNAL;
		goto fail;
	}
	*out = o;
	return TESS_OK;
fail:
	json_decref(arr);
	json_decref(o);
	return err;
}

/* Loads the subscription named by the route's :id within the caller's tenancy. */
static enum tess_err load_param_sub(struct req *r, struct subscription *s, struct problem *p)
{
	enum tess_err err = req_query_allow(r, no_params, p);
	if (err != TESS_OK)
		return err;
	return subscriptions_load(r->conn, r->tenancy, r->params[0], r->arena, s, p);
}

static json_t *subscription_row(const void *row, const struct req *r)
{
	return json_subscription(row, r->today);
}

enum tess_err subscription_filter_read(struct req *r, struct sub_filter *f, struct problem *p)
{
	const char *v;

	f->today = r->today;
	if ((v = req_query(r, "status")) != NULL && sub_status_parse(v, &f->status))
		f->by_status = true;
	if ((v = req_query(r, "kind")) != NULL && product_kind_parse(v, &f->kind))
		f->by_kind = true;
	if ((v = req_query(r, "customer")) != NULL) {
		struct org customer;
		enum tess_err err = store_org_get(r->conn, r->tenancy, v, r->arena, &customer);
		if (err == TESS_OK && customer.kind != ORG_CUSTOMER)
			err = TESS_ERR_NOT_FOUND;
		if (err == TESS_ERR_NOT_FOUND)
			return problem_set(p, err, "not_found", "customer", "No such customer.");
		if (err != TESS_OK)
			return err;
		f->customer_pk = customer.pk;
	}
	return TESS_OK;
}

enum tess_err api_subscription_list(struct req *r, struct problem *p)
{
	struct sub_filter f;
	struct page_params pg;
	struct subscription *rows = NULL;
	size_t n = 0;
	bool more = false;
	enum tess_err err;

	memset(&f, 0, sizeof(f));
	err = page_params_read(r, subscription_filter_specs, SUBSCRIPTION_FILTER_SPECS, &pg, p);
	if (err == TESS_OK)
		err = subscription_filter_read(r, &f, p);
	if (err != TESS_OK)
		return err;
	f.limit = pg.limit;
	f.after_pk = pg.after;
	err = store_subscription_list(r->conn, r->tenancy, &f, r->arena, &rows, &n, &more);
	if (err != TESS_OK)
		return err;
	return req_reply_page(r, rows, n, sizeof(*rows), subscription_row, more,
			      n > 0 ? rows[n - 1].pk : 0);
}

enum tess_err api_subscription_get(struct req *r, struct problem *p)
{
	struct subscription s;
	json_t *o = NULL;
	enum tess_err err = load_param_sub(r, &s, p);
	if (err == TESS_OK)
		err = subscription_detail(r->conn, r->arena, &s, r->who->role, r->today, &o);
	if (err == TESS_OK)
		req_reply(r, 200, o);
	return err;
}

static json_t *json_contact(const struct contact *ct)
{
	return json_pack("{s:s, s:s, s:s}", "id", ct->id, "name", ct->name, "email", ct->email);
}

enum tess_err api_subscription_contacts(struct req *r, struct problem *p)
{
	struct subscription s;
	struct org partner;
	struct contact *cts = NULL;
	size_t n = 0;
	json_t *customer, *technical, *billing, *o;
	enum tess_err err = load_param_sub(r, &s, p);

	if (err != TESS_OK)
		return err;
	err = store_org_get_pk(r->conn, s.partner_pk, r->arena, &partner);
	if (err == TESS_OK)
		err = store_subscription_contacts(r->conn, s.pk, r->arena, &cts, &n);
	if (err != TESS_OK)
		return err;
	customer = json_array();
	technical = json_array();
	billing = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_contact(&cts[i]);
		json_t *list = billing;
		switch (cts[i].role) {
		case CONTACT_CUSTOMER:
			list = customer;
			break;
		case CONTACT_TECHNICAL_PRIMARY:
		case CONTACT_TECHNICAL_SECONDARY:
			list = technical;
			json_object_set_new(c, "primary",
					    json_boolean(cts[i].role == CONTACT_TECHNICAL_PRIMARY));
			break;
		case CONTACT_BILLING:
		case CONTACT_ROLE__MAX:
			break;
		}
		json_array_append_new(list, c);
	}
	o = json_pack("{s:{s:s, s:s, s:s, s:s}, s:o, s:o, s:o}", "partner", "id", partner.id,
		      "name", partner.name, "contact_name", partner.contact_name, "contact_email",
		      partner.contact_email, "customer_contacts", customer, "technical_contacts",
		      technical, "billing_contacts", billing);
	if (o == NULL)
		return TESS_ERR_INTERNAL;
	req_reply(r, 200, o);
	return TESS_OK;
}

/*
 * SPEC rule 16: whether viewer may see the amount of a purchase event, as
 * it may see its order line's. An amount that names no order line (the
 * demo's purchases, events of schema versions before 7) was set by the
 * partner or the vendor, and counts as the partner's.
 */
static bool event_amount_visible(const struct purchase_event *ev, enum role viewer)
{
	enum order_origin origin = ev->from_order ? ev->origin : ORDER_BY_PARTNER;
	return ev->has_amount &&
	       price_paid_visible(price_visibility_for(viewer, origin, ev->published));
}

enum tess_err api_subscription_history(struct req *r, struct problem *p)
{
	struct subscription s;
	struct purchase_event *ev = NULL;
	size_t n = 0;
	json_t *items;
	enum tess_err err = load_param_sub(r, &s, p);

	if (err == TESS_OK)
		err = store_purchase_events(r->conn, s.pk, s.kind == PRODUCT_PRODUCT, r->arena,
					    &ev, &n);
	if (err != TESS_OK)
		return err;
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:s}", "id", ev[i].id,
				      "subscription_id", ev[i].subscription_id, "at",
				      json_ts(ev[i].at), "kind", ev[i].kind, "quantity",
				      ev[i].quantity > 0 ? json_integer(ev[i].quantity)
							 : json_null(),
				      "amount",
				      event_amount_visible(&ev[i], r->who->role)
					      ? json_money(ev[i].amount)
					      : json_null(),
				      "note", ev[i].note);
		if (json_array_append_new(items, e) != 0) {
			json_decref(items);
			return TESS_ERR_INTERNAL;
		}
	}
	req_reply(r, 200, json_page(items, false, 0));
	return TESS_OK;
}

/* ---- Writes ---- */

/*
 * The unit behind cancel and reactivate: the operation, then the
 * subscription as it now is, with its apps, read inside the same unit.
 */
struct change_call {
	struct actor who;
	bool reactivate;
	struct subscription_cancel_in cancel;
	struct subscription_reactivate_in reactivate_in;
};

static enum tess_err change_unit(struct store_conn *c, struct store_unit *u)
{
	struct change_call *x = u->ctx;
	struct op_ref ref;
	struct subscription s;
	json_t *reply = NULL;
	enum tess_err err;

	if (x->reactivate)
		err = ops_subscription_reactivate(c, &x->who, &x->reactivate_in, u->arena, &ref,
						  &u->problem);
	else
		err = ops_subscription_cancel(c, &x->who, &x->cancel, u->arena, &ref, &u->problem);
	if (err == TESS_OK)
		err = store_subscription_get(c, x->who.tenancy, ref.id, u->arena, &s);
	if (err == TESS_OK)
		err = subscription_detail(c, u->arena, &s, x->who.role, x->who.today, &reply);
	if (err == TESS_OK)
		unit_reply(u, 200, reply);
	return err;
}

enum tess_err api_subscription_cancel(struct req *r, struct problem *p)
{
	struct change_call x = {req_actor(r), false, {r->params[0], CANCEL_NOW, ""}, {NULL}};
	json_t *v;
	enum tess_err err = validate_body(r->body, cancel_body,
					  sizeof(cancel_body) / sizeof(cancel_body[0]), p);
	if (err == TESS_OK)
		err = req_query_allow(r, no_params, p);
	if (err != TESS_OK)
		return err;
	if (r->body != NULL) {
		v = json_object_get(r->body, "effective");
		if (v != NULL && strcmp(json_string_value(v), "term_end") == 0)
			x.cancel.when = CANCEL_AT_TERM_END;
		v = json_object_get(r->body, "note");
		if (v != NULL)
			x.cancel.note = json_string_value(v);
	}
	return req_run_unit(r, change_unit, &x, sizeof(x), p);
}

enum tess_err api_subscription_reactivate(struct req *r, struct problem *p)
{
	struct change_call x = {req_actor(r), true, {NULL, CANCEL_NOW, ""}, {r->params[0]}};
	enum tess_err err = validate_body(r->body, NULL, 0, p);
	if (err == TESS_OK)
		err = req_query_allow(r, no_params, p);
	if (err != TESS_OK)
		return err;
	return req_run_unit(r, change_unit, &x, sizeof(x), p);
}
