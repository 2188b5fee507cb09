/*
 * Orders: the list and detail views, placing an order from a quote and
 * the decisions on an order (partner approval of storefront orders, the
 * vendor's review queue), which are operations of ops/orders.h.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/list_filters.h"
#include "ops/execute.h"
#include "api/orders_int.h"
#include "api/render.h"
#include "ops/orders.h"
#include "domain/orders.h"
#include "domain/price_visibility.h"
#include "http/validate.h"
#include "util/cursor.h"
#include "util/json_mem.h"

const struct field_spec order_filter_specs[ORDER_FILTER_SPECS] = {
	{"status", FIELD_ENUM, false, 0, 0, order_status_choices, NULL},
};

void order_filter_read(struct req *r, struct order_filter *f)
{
	const char *v = req_query(r, "status");
	if (v != NULL && order_status_parse(v, &f->status))
		f->by_status = true;
}

static const struct field_spec quote_order_body[] = {
	{"payment_method", FIELD_ENUM, true, 0, 0, payment_method_choices, NULL},
};

static const struct field_spec decision_body[] = {
	{"note", FIELD_STRING, false, 0, 1000, NULL, NULL},
};

/* ---- Rendering ---- */

static json_t *money_or_null(bool visible, struct money m)
{
	return visible ? json_money(m) : json_null();
}

static json_t *opt_date(tdate d)
{
	return d != 0 ? json_date(d) : json_null();
}

/* SPEC rule 16: each amount is null (its text "-") where price_visibility_for hides it. */
static json_t *line_json(const struct order *o, const struct order_line *l, enum role viewer)
{
	enum price_visibility vis = price_visibility_for(viewer, o->origin, l->published);
	bool paid = price_paid_visible(vis);
	bool breakdown = price_breakdown_visible(vis);
	char unit[PRICE_TEXT_MAX];
	json_t *j;

	price_visibility_text(vis, l->unit, unit);
	j = json_pack("{s:i, s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:i, s:s, s:i}", "line_no",
		      (json_int_t)l->line_no, "action", order_line_action_name(l->action), "product",
		      "id", l->product_id, "name", l->product_name, "hosting",
		      hosting_name(l->hosting), "kind", product_kind_name(l->product_kind),
		      "edition", edition_name(l->edition), "user_tier", (json_int_t)l->user_tier,
		      "billing_period", billing_period_name(l->period), "quantity",
		      (json_int_t)l->quantity);
	if (j == NULL)
		return NULL;
	json_object_set_new(json_object_get(j, "product"), "code", json_string(l->product_code));
	json_object_set_new(j, "subscription_id",
			    l->subscription_pk != 0 ? json_string(l->subscription_id) : json_null());
	json_object_set_new(j, "start_date", opt_date(l->start_date));
	json_object_set_new(j, "end_date", opt_date(l->end_date));
	json_object_set_new(j, "effective",
			    !l->has_effective ? json_null()
			    : l->effective == CANCEL_AT_TERM_END ? json_string("term_end")
								 : json_string("now"));
	json_object_set_new(j, "instructions", json_string(l->instructions));
	json_object_set_new(j, "unit_price", money_or_null(paid, l->unit));
	json_object_set_new(j, "unit_price_text", json_string(unit));
	json_object_set_new(j, "list_price", money_or_null(breakdown, l->list));
	json_object_set_new(j, "discount", money_or_null(breakdown, l->discount));
	json_object_set_new(j, "markup", money_or_null(breakdown, l->markup));
	json_object_set_new(j, "amount", money_or_null(paid, l->amount));
	return j;
}

json_t *orders_json(const struct order *o, const struct order_line *lines, size_t n,
		    bool with_lines, enum role viewer)
{
	/* SPEC rule 16: the totals sum every line, so they show only if every line's amount does. */
	enum price_visibility vis = price_visibility_for(viewer, o->origin, o->all_published);
	bool amounts = price_paid_visible(vis);
	bool breakdown = price_breakdown_visible(vis);
	const char *message = order_customer_message(o->status);
	char total[PRICE_TEXT_MAX];
	json_t *j, *arr;

	price_visibility_text(vis, o->total, total);
	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:b}",
		      "id", o->id, "number", o->number, "status", order_status_name(o->status),
		      "origin", order_origin_name(o->origin), "partner",
		      json_ref(o->partner_id, o->partner_name), "customer_id", o->customer_id,
		      "customer_name", o->customer_name, "billing_account_id",
		      o->billing_account_id, "currency", o->currency, "placed_by", "id",
		      o->placed_by_user_id, "name", o->placed_by_name, "notes", o->notes,
		      "needs_review", o->needs_review);
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "customer", json_ref(o->customer_id, o->customer_name));
	json_object_del(j, "customer_id");
	json_object_del(j, "customer_name");
	json_object_set_new(j, "quote_id", o->quote_pk != 0 ? json_string(o->quote_id) : json_null());
	json_object_set_new(j, "payment_method",
			    o->has_payment_method ? json_string(payment_method_name(o->payment_method))
						  : json_null());
	json_object_set_new(j, "coterm_end", opt_date(o->coterm_end));
	json_object_set_new(j, "subtotal", money_or_null(breakdown, o->subtotal));
	json_object_set_new(j, "discount", money_or_null(breakdown, o->discount));
	json_object_set_new(j, "markup", money_or_null(breakdown, o->markup));
	json_object_set_new(j, "net", money_or_null(amounts, o->net));
	json_object_set_new(j, "tax", money_or_null(amounts, o->tax));
	json_object_set_new(j, "total", money_or_null(amounts, o->total));
	json_object_set_new(j, "amount_text", json_string(total));
	/* SPEC rule 12. */
	json_object_set_new(j, "customer_message",
			    message != NULL ? json_string(message) : json_null());
	json_object_set_new(j, "decision_note", json_string(o->decision_note));
	json_object_set_new(
		j, "invoice",
		o->invoice_pk != 0 && amounts
			? json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", o->invoice_id, "number",
				    o->invoice_number, "status", o->invoice_status, "terms",
				    o->invoice_terms, "issued_on", json_date(o->invoice_issued_on),
				    "due_on", json_date(o->invoice_due_on))
			: json_null());
	json_object_set_new(j, "created_at", json_ts(o->created_at));
	json_object_set_new(j, "updated_at", json_ts(o->updated_at));
	if (with_lines) {
		arr = json_array();
		for (size_t i = 0; arr != NULL && i < n; i++)
			json_array_append_new(arr, line_json(o, &lines[i], viewer));
		json_object_set_new(j, "lines", arr);
	}
	return j;
}

enum tess_err api_render_order(struct req *r, const char *id, json_t **out)
{
	struct order o;
	struct order_line *lines = NULL;
	size_t n = 0;
	enum tess_err err = store_order_get(r->conn, r->tenancy, id, r->arena, &o);
	if (err == TESS_OK)
		err = store_order_lines(r->conn, o.pk, r->arena, &lines, &n);
	if (err != TESS_OK)
		return err;
	*out = orders_json(&o, lines, n, true, r->who->role);
	return *out != NULL ? TESS_OK : TESS_ERR_INTERNAL;
}

/* ---- Reads ---- */

/* An order as the list shows it: without its lines. */
static json_t *order_summary(const void *row, const struct req *r)
{
	return orders_json(row, NULL, 0, false, r->who->role);
}

enum tess_err api_order_list(struct req *r, struct problem *p)
{
	struct order_filter f;
	struct order *rows = NULL;
	size_t n = 0;
	bool more = false;
	struct page_params pg;
	enum tess_err err = page_params_read(r, order_filter_specs, ORDER_FILTER_SPECS, &pg, p);

	if (err != TESS_OK)
		return err;
	memset(&f, 0, sizeof(f));
	f.limit = pg.limit;
	f.after_pk = pg.after;
	order_filter_read(r, &f);
	err = store_order_list(r->conn, r->tenancy, &f, r->arena, &rows, &n, &more);
	if (err != TESS_OK)
		return err;
	return req_reply_page(r, rows, n, sizeof(*rows), order_summary, more,
			      n > 0 ? rows[n - 1].pk : 0);
}

enum tess_err api_order_get(struct req *r, struct problem *p)
{
	return req_reply_one(r, "ord", api_render_order, "No such order.", p);
}

/* ---- Placing an order from a quote ---- */

API_OP_UNIT(quote_order_unit, ops_order_from_quote, struct order_from_quote_in, 201, "order")

enum tess_err api_quote_order(struct req *r, struct problem *p)
{
	struct quote_order_unit_call x = {req_actor(r), {r->params[0], PAY_CARD}};
	enum tess_err err = validate_body(r->body, quote_order_body,
					  sizeof(quote_order_body) / sizeof(quote_order_body[0]), p);
	if (err != TESS_OK)
		return err;
	if (!payment_method_parse(json_string_value(json_object_get(r->body, "payment_method")),
				  &x.in.method))
		return problem_set(p, TESS_ERR_INVALID, "invalid", "payment_method",
				   "Unknown payment method.");
	return req_run_unit(r, quote_order_unit, &x, sizeof(x), p);
}

/* ---- Decisions: approve, reject ---- */

API_OP_UNIT(decision_unit, ops_order_decide, struct order_decision_in, 200, "order")

static enum tess_err decide(struct req *r, bool approve, struct problem *p)
{
	struct decision_unit_call x = {req_actor(r), {r->params[0], approve, NULL}};
	json_t *v;
	enum tess_err err = validate_body(r->body, decision_body,
					  sizeof(decision_body) / sizeof(decision_body[0]), p);
	if (err != TESS_OK)
		return err;
	if (r->body != NULL && (v = json_object_get(r->body, "note")) != NULL)
		x.in.note = json_string_value(v);
	return req_run_unit(r, decision_unit, &x, sizeof(x), p);
}

enum tess_err api_order_approve(struct req *r, struct problem *p)
{
	return decide(r, true, p);
}

enum tess_err api_order_reject(struct req *r, struct problem *p)
{
	return decide(r, false, p);
}
