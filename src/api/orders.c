/*
 * Orders: placing an order from a quote, the list and detail views, and
 * the decisions on an order (partner approval of storefront orders, the
 * vendor's review queue). Status changes go through order_transition
 * only; an order that goes to in_progress has its invoice issued in the
 * same unit, and one with nothing to pay is carried out at once
 * (execute_order).
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/execute.h"
#include "api/orders_int.h"
#include "api/render.h"
#include "domain/orders.h"
#include "domain/payment_terms.h"
#include "domain/price_visibility.h"
#include "http/validate.h"
#include "util/cursor.h"
#include "util/json_mem.h"

static const struct field_spec list_query[] = {
	{"status", FIELD_ENUM, false, 0, 0, order_status_choices, NULL},
};

static const struct field_spec quote_order_body[] = {
	{"payment_method", FIELD_ENUM, true, 0, 0, payment_method_choices, NULL},
};

static const struct field_spec decision_body[] = {
	{"note", FIELD_STRING, false, 0, 1000, NULL, NULL},
};

/* ---- Shared with api/order_actions.c ---- */

enum tess_err orders_check_payment(const struct payterms_order *po, bool has_method,
				   enum payment_method method, struct problem *p)
{
	if (po->total.minor == 0)
		return TESS_OK;
	if (!has_method)
		return problem_set(p, TESS_ERR_INVALID, "payment_method_required", "payment_method",
				   "Choose a payment method: this order has an amount to pay.");
	/* SPEC rules 1-4. */
	return payterms_method_check(po, method, payterms_default_fx(), p);
}

static char *status_text(enum order_status st)
{
	json_t *o = json_pack("{s:s}", "status", order_status_name(st));
	char *text = o != NULL ? json_text(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

enum tess_err orders_audit_status(struct store_conn *c, struct req *r, const char *order_id,
				  const char *action, enum order_status from, enum order_status to)
{
	char *before = from != ORDER_STATUS__MAX ? status_text(from) : NULL;
	char *after = status_text(to);
	enum tess_err err = TESS_ERR_INTERNAL;

	if (after != NULL && (before != NULL || from == ORDER_STATUS__MAX))
		err = req_audit(c, r, action, "order", order_id, before, after);
	free(before);
	free(after);
	return err;
}

/* A purchase-history event on every subscription the order's lines act on. */
static enum tess_err history_order(struct store_conn *c, struct req *r, const struct order *o,
				   const struct order_line *lines, size_t n, const char *kind)
{
	const char *note = arena_printf(r->arena, "Order %s", o->number);
	enum tess_err err = TESS_OK;
	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		struct purchase_event ev;
		if (lines[i].subscription_pk == 0)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.subscription_pk = lines[i].subscription_pk;
		ev.at = r->now;
		ev.kind = kind;
		ev.actor_user_pk = r->who->user_pk;
		ev.quantity = lines[i].quantity;
		/* SPEC rule 16: history is read by customers too; amounts stay on the order. */
		ev.note = note;
		err = store_purchase_event_add(c, &ev);
	}
	return err;
}

/* Issues the invoice of an order entering in_progress, with its audit event. */
static enum tess_err issue_invoice(struct store_conn *c, struct req *r, const struct order *o)
{
	struct order_invoice_new inv;
	char *after;
	enum tess_err err;

	memset(&inv, 0, sizeof(inv));
	inv.order_pk = o->pk;
	inv.partner_pk = o->partner_pk;
	inv.customer_pk = o->customer_pk;
	inv.billing_account_pk = o->billing_account_pk;
	memcpy(inv.currency, o->currency, sizeof(inv.currency));
	inv.net_minor = o->net_minor;
	inv.tax_minor = o->tax_minor;
	inv.total_minor = o->total_minor;
	inv.net30 = o->has_payment_method && o->payment_method == PAY_NET30;
	inv.issued_on = r->today;
	inv.due_on = payterms_due_on(inv.net30, r->today);
	err = store_order_invoice_insert(c, &inv, r->now);
	if (err != TESS_OK)
		return err;
	{
		json_t *j = json_pack("{s:s, s:s, s:s, s:o}", "number", inv.number, "order",
				      o->number, "terms", inv.net30 ? "net30" : "due_on_receipt",
				      "due_on", json_date(inv.due_on));
		after = j != NULL ? json_text(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(j);
	}
	if (after == NULL)
		return TESS_ERR_INTERNAL;
	err = req_audit(c, r, "invoice.issue", "invoice", inv.id, NULL, after);
	free(after);
	return err;
}

/*
 * Where an order whose status is to goes now. in_progress issues the
 * invoice; executed (nothing to pay) is reached through in_progress within
 * this same unit, because execute_order carries out in_progress orders.
 */
static enum tess_err carry_on(struct store_conn *c, struct req *r, const struct order *o,
			      enum order_status from, enum order_status to, struct problem *p)
{
	if (order_issues_invoice(from, to))
		return issue_invoice(c, r, o);
	if (to == ORDER_EXECUTED)
		return execute_order(c, r, o->pk, r->today, p);
	return TESS_OK;
}

static enum tess_err enqueue(struct store_conn *c, struct req *r, const char *to,
			     const char *template_name, json_t *data)
{
	char *text = data != NULL ? json_text(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	enum tess_err err = TESS_ERR_INTERNAL;
	json_decref(data);
	if (text != NULL)
		err = store_outbox_enqueue(c, to, template_name, text, r->now);
	free(text);
	return err;
}

/*
 * SPEC rule 19: "order placed" to the customer's contacts (no amounts:
 * rule 16 hides a partner's prices from them) and the order confirmation,
 * with a link to its status, to whoever placed it. Rule 12: an order held
 * for review says when it will be processed.
 */
static enum tess_err mail_placed(struct store_conn *c, struct req *r, const struct order *o,
				 enum order_status status)
{
	const char *link = arena_printf(r->arena, "/api/v1/orders/%s", o->id);
	const char *message = order_customer_message(status);
	const char **to = NULL;
	size_t n = 0;
	enum tess_err err = store_order_customer_recipients(c, o->customer_pk, r->arena, &to, &n);

	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		if (strcmp(to[i], r->who->email) == 0)
			continue; /* the confirmation below tells the one who placed it */
		err = enqueue(c, r, to[i], "order_placed",
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s*}", "order_id", o->id,
					"order_number", o->number, "customer", o->customer_name,
					"partner", o->partner_name, "status",
					order_status_name(status), "status_url", link, "message",
					message));
	}
	if (err == TESS_OK) {
		/* SPEC rule 16: a customer's confirmation shows what the rule lets it see. */
		char total[PRICE_TEXT_MAX];
		price_visibility_text(
			price_visibility_for(r->who->role, o->origin, o->all_published),
			money_make(o->total_minor, o->currency), total);
		err = enqueue(c, r, r->who->email, "order_confirmation",
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s*}", "name",
					r->who->name != NULL ? r->who->name : "", "order_id", o->id,
					"order_number", o->number, "customer", o->customer_name,
					"status", order_status_name(status), "status_url", link,
					"total", total,
					"message", message));
	}
	return err;
}

enum tess_err orders_place(struct store_conn *c, struct req *r, struct order *o,
			   const struct order_line *lines, size_t n, struct problem *p)
{
	struct order_flags flags =
		order_flags_of(o->needs_review, money_make(o->total_minor, o->currency));
	enum order_status status = order_initial_status(o->origin, &flags);
	char number[32];
	struct org names;
	enum tess_err err = store_next_number(c, SERIES_ORDER, number);

	if (err != TESS_OK)
		return err;
	o->number = arena_strdup(r->arena, number);
	o->needs_review = flags.needs_review;
	/* Executed is reached through in_progress: see carry_on. */
	o->status = status == ORDER_EXECUTED ? ORDER_IN_PROGRESS : status;
	if (!o->has_payment_method || o->total_minor == 0)
		o->has_payment_method = false;
	o->all_published = true;
	for (size_t i = 0; i < n; i++)
		o->all_published &= lines[i].published;
	err = store_order_insert(c, o, lines, n, r->now);
	if (err == TESS_OK)
		err = store_org_get_pk(c, o->customer_pk, r->arena, &names);
	if (err == TESS_OK) {
		o->customer_name = names.name;
		err = store_org_get_pk(c, o->partner_pk, r->arena, &names);
	}
	if (err == TESS_OK) {
		o->partner_name = names.name;
		err = orders_audit_status(c, r, o->id, "order.place", ORDER_STATUS__MAX, o->status);
	}
	if (err == TESS_OK)
		err = history_order(c, r, o, lines, n, "order_placed");
	if (err == TESS_OK)
		err = mail_placed(c, r, o, status);
	if (err == TESS_OK)
		err = carry_on(c, r, o, ORDER_STATUS__MAX, status, p);
	return err;
}

/* ---- Rendering ---- */

static json_t *money_or_null(bool visible, int64_t minor, const char *currency)
{
	return visible ? json_money(money_make(minor, currency)) : json_null();
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

	price_visibility_text(vis, money_make(l->unit_minor, o->currency), unit);
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
	json_object_set_new(j, "unit_price", money_or_null(paid, l->unit_minor, o->currency));
	json_object_set_new(j, "unit_price_text", json_string(unit));
	json_object_set_new(j, "list_price", money_or_null(breakdown, l->list_minor, o->currency));
	json_object_set_new(j, "discount", money_or_null(breakdown, l->discount_minor, o->currency));
	json_object_set_new(j, "markup", money_or_null(breakdown, l->markup_minor, o->currency));
	json_object_set_new(j, "amount", money_or_null(paid, l->amount_minor, o->currency));
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

	price_visibility_text(vis, money_make(o->total_minor, o->currency), total);
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
	json_object_set_new(j, "subtotal", money_or_null(breakdown, o->subtotal_minor, o->currency));
	json_object_set_new(j, "discount", money_or_null(breakdown, o->discount_minor, o->currency));
	json_object_set_new(j, "markup", money_or_null(breakdown, o->markup_minor, o->currency));
	json_object_set_new(j, "net", money_or_null(amounts, o->net_minor, o->currency));
	json_object_set_new(j, "tax", money_or_null(amounts, o->tax_minor, o->currency));
	json_object_set_new(j, "total", money_or_null(amounts, o->total_minor, o->currency));
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

static enum tess_err load_param_order(struct req *r, struct store_conn *c, struct order *o,
				      struct problem *p)
{
	const char *id = r->params[0];
	enum tess_err err;
	if (!id_valid("ord", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such order.");
	err = store_order_get(c, r->tenancy, id, r->arena, o);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such order.");
	return err;
}

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
	const char *v;
	struct page_params pg;
	enum tess_err err =
		page_params_read(r, list_query, sizeof(list_query) / sizeof(list_query[0]), &pg, p);

	if (err != TESS_OK)
		return err;
	memset(&f, 0, sizeof(f));
	f.limit = pg.limit;
	f.after_pk = pg.after;
	if ((v = req_query(r, "status")) != NULL && order_status_parse(v, &f.status))
		f.by_status = true;
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

struct quote_order_ctx {
	struct req *r;
	enum payment_method method;
};

static enum tess_err quote_order_unit(struct store_conn *c, struct store_unit *u)
{
	struct quote_order_ctx *x = u->ctx;
	struct req *r = x->r;
	struct problem *p = &u->problem;
	const char *id = r->params[0];
	struct order_quote q;
	struct order_quote_line *ql = NULL;
	struct order_line *lines;
	struct org partner;
	struct order o;
	size_t n = 0;
	struct payterms_order po;
	enum tess_err err;

	if (!id_valid("quo", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such quote.");
	err = store_order_quote_get(c, r->tenancy, id, r->arena, &q);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such quote.");
	if (err != TESS_OK)
		return err;
	if (strcmp(q.status, "ordered") == 0)
		return problem_set(p, TESS_ERR_CONFLICT, "quote_already_ordered", NULL,
				   "Quote %s has already been ordered.", q.number);
	if (strcmp(q.status, "open") != 0)
		return problem_set(p, TESS_ERR_CONFLICT, "quote_not_open", NULL,
				   "Quote %s is %s: only an open quote can be ordered.", q.number,
				   q.status);
	if (q.expires_on < r->today)
		return problem_set(p, TESS_ERR_CONFLICT, "quote_expired", NULL,
				   "Quote %s expired: ask for a new quote.", q.number);
	err = store_org_get_pk(c, q.partner_pk, r->arena, &partner);
	if (err != TESS_OK)
		return err;
	/* SPEC rule 6. */
	err = order_check_channel(ORG_PARTNER, partner.distributor_pk, p);
	if (err != TESS_OK)
		return err;
	err = store_order_quote_lines(c, q.pk, r->arena, &ql, &n);
	if (err != TESS_OK)
		return err;
	if (n == 0)
		return problem_set(p, TESS_ERR_REFUSED, "quote_empty", NULL,
				   "Quote %s has no lines to order.", q.number);
	lines = ARENA_ARRAY(r->arena, struct order_line, n);
	po = payterms_order_of(money_make(q.total_minor, q.currency));
	for (size_t i = 0; i < n; i++) {
		/* SPEC rule 5. */
		err = order_check_partner_line(ORDER_BY_PARTNER, ql[i].hosting, ql[i].period, p);
		if (err != TESS_OK)
			return err;
		payterms_order_add_line(&po, ql[i].hosting, ql[i].period);
		lines[i].action = ql[i].action;
		lines[i].product_pk = ql[i].product_pk;
		lines[i].edition = ql[i].edition;
		lines[i].user_tier = ql[i].user_tier;
		lines[i].period = ql[i].period;
		lines[i].quantity = ql[i].quantity;
		lines[i].subscription_pk = ql[i].subscription_pk;
		lines[i].license_pk = ql[i].license_pk;
		lines[i].start_date = ql[i].start_date;
		lines[i].end_date = ql[i].end_date;
		lines[i].unit_minor = ql[i].quantity > 0 ? ql[i].list_minor / ql[i].quantity : 0;
		lines[i].list_minor = ql[i].list_minor;
		lines[i].discount_minor = ql[i].discount_minor;
		lines[i].markup_minor = ql[i].markup_minor;
		lines[i].amount_minor = ql[i].amount_minor;
		lines[i].instructions = "";
	}
	/* SPEC rules 1-4, on the quote's total in its currency. */
	err = orders_check_payment(&po, true, x->method, p);
	if (err != TESS_OK)
		return err;
	err = store_order_quote_mark_ordered(c, q.pk);
	if (err == TESS_ERR_CONFLICT)
		return problem_set(p, err, "quote_already_ordered", NULL,
				   "Quote %s has already been ordered.", q.number);
	if (err != TESS_OK)
		return err;

	memset(&o, 0, sizeof(o));
	o.quote_pk = q.pk;
	o.origin = ORDER_BY_PARTNER;
	o.partner_pk = q.partner_pk;
	o.customer_pk = q.customer_pk;
	o.billing_account_pk = q.billing_account_pk;
	o.placed_by_user_pk = r->who->user_pk;
	o.has_payment_method = true;
	o.payment_method = x->method;
	memcpy(o.currency, q.currency, sizeof(o.currency));
	o.notes = q.notes;
	o.coterm_end = q.coterm_end;
	/* SPEC rules 11, 12: co-terms and notes are reviewed by a person. */
	o.needs_review = order_needs_review(q.coterm_end != 0, q.notes, strlen(q.notes));
	o.tax_rate_ppm = q.tax_rate_ppm;
	o.subtotal_minor = q.subtotal_minor;
	o.discount_minor = q.discount_minor;
	o.markup_minor = q.markup_minor;
	o.net_minor = q.net_minor;
	o.tax_minor = q.tax_minor;
	o.total_minor = q.total_minor;
	err = orders_place(c, r, &o, lines, n, p);
	if (err == TESS_OK)
		unit_reply_ref(u, 201, "order", o.id);
	return err;
}

enum tess_err api_quote_order(struct req *r, struct problem *p)
{
	struct quote_order_ctx x = {r, PAY_CARD};
	enum tess_err err = validate_body(r->body, quote_order_body,
					  sizeof(quote_order_body) / sizeof(quote_order_body[0]), p);
	if (err != TESS_OK)
		return err;
	if (!payment_method_parse(json_string_value(json_object_get(r->body, "payment_method")),
				  &x.method))
		return problem_set(p, TESS_ERR_INVALID, "invalid", "payment_method",
				   "Unknown payment method.");
	return req_run_unit(r, quote_order_unit, &x, sizeof(x), p);
}

/* ---- Decisions: approve, reject ---- */

struct decision_ctx {
	struct req *r;
	bool approve;
	const char *note; /* NULL: none given */
};

/* The event a caller's decision is: partners decide their customers' orders, the vendor reviews. */
static enum order_event decision_event(enum role role, bool approve)
{
	if (role == ROLE_PARTNER_USER)
		return approve ? ORDER_EV_PARTNER_APPROVE : ORDER_EV_PARTNER_REJECT;
	return approve ? ORDER_EV_VENDOR_APPROVE : ORDER_EV_VENDOR_REJECT;
}

static enum tess_err decision_unit(struct store_conn *c, struct store_unit *u)
{
	struct decision_ctx *x = u->ctx;
	struct req *r = x->r;
	struct problem *p = &u->problem;
	enum order_event ev = decision_event(r->who->role, x->approve);
	struct order o;
	struct order_line *lines = NULL;
	struct order_flags flags;
	enum order_status to, stored;
	size_t n = 0;
	enum tess_err err = load_param_order(r, c, &o, p);

	if (err != TESS_OK)
		return err;
	if ((order_event_roles(ev) & ROLE_BIT(r->who->role)) == 0)
		return problem_set(p, TESS_ERR_FORBIDDEN, "forbidden", NULL,
				   "You may not decide on this order.");
	flags = order_flags_of(o.needs_review, money_make(o.total_minor, o.currency));
	err = order_transition(o.status, ev, &flags, &to, p);
	if (err != TESS_OK) {
		p->field = NULL; /* the state is at fault, not an input */
		return err;
	}
	if (ev == ORDER_EV_PARTNER_APPROVE) {
		struct org partner;
		err = store_org_get_pk(c, o.partner_pk, r->arena, &partner);
		/* SPEC rule 6: approving buys from the vendor, never through a distributor. */
		if (err == TESS_OK)
			err = order_check_channel(ORG_PARTNER, partner.distributor_pk, p);
		if (err != TESS_OK)
			return err;
	}
	stored = to == ORDER_EXECUTED ? ORDER_IN_PROGRESS : to;
	err = store_order_set_status(c, o.pk, o.status, stored, r->who->user_pk,
				     x->note != NULL ? x->note : "", r->now);
	if (err == TESS_ERR_CONFLICT)
		return problem_set(p, err, "order_transition_invalid", NULL,
				   "The order changed meanwhile: reload it and decide again.");
	if (err == TESS_OK)
		err = orders_audit_status(c, r, o.id, x->approve ? "order.approve" : "order.reject", o.status,
				  to);
	if (err == TESS_OK)
		err = store_order_lines(c, o.pk, r->arena, &lines, &n);
	if (err == TESS_OK)
		err = history_order(c, r, &o, lines, n,
				    x->approve ? "order_approved" : "order_rejected");
	if (err == TESS_OK) {
		enum order_status from = o.status;
		o.status = stored;
		err = carry_on(c, r, &o, from, to, p);
	}
	if (err == TESS_OK)
		unit_reply_ref(u, 200, "order", o.id);
	return err;
}

static enum tess_err decide(struct req *r, bool approve, struct problem *p)
{
	struct decision_ctx x = {r, approve, NULL};
	json_t *v;
	enum tess_err err = validate_body(r->body, decision_body,
					  sizeof(decision_body) / sizeof(decision_body[0]), p);
	if (err != TESS_OK)
		return err;
	if (r->body != NULL && (v = json_object_get(r->body, "note")) != NULL)
		x.note = json_string_value(v);
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
