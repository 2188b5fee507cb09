/*
 * Orders as operations: placing one (from a quote, or from a quick action
 * through orders_place), and the decisions on one (a partner's approval
 * of a storefront order, the vendor's review). Status changes go through
 * order_transition only; an order that goes to in_progress has its
 * invoice issued in the same unit, and one with nothing to pay is carried
 * out at once (execute_order).
 */
#include "ops/orders.h"

#include <stdlib.h>
#include <string.h>

#include "domain/orders.h"
#include "domain/payment_terms.h"
#include "domain/price_visibility.h"
#include "ops/execute.h"
#include "ops/record.h"
#include "util/json_fmt.h"
#include "util/json_mem.h"

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

/* A purchase-history event on every subscription the order's lines act on. */
static enum tess_err history_order(struct store_conn *c, const struct actor *who,
				   struct arena *a, const struct order *o,
				   const struct order_line *lines, size_t n, const char *kind)
{
	const char *note = arena_printf(a, "Order %s", o->number);
	enum tess_err err = TESS_OK;
	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		struct purchase_event ev;
		if (lines[i].subscription_pk == 0)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.subscription_pk = lines[i].subscription_pk;
		ev.at = who->now;
		ev.kind = kind;
		ev.actor_user_pk = who->user_pk;
		ev.quantity = lines[i].quantity;
		/* SPEC rule 16: history is read by customers too; amounts stay on the order. */
		ev.note = note;
		err = store_purchase_event_add(c, &ev);
	}
	return err;
}

/* Issues the invoice of an order entering in_progress, with its audit event. */
static enum tess_err issue_invoice(struct store_conn *c, const struct actor *who, const struct order *o)
{
	struct order_invoice_new inv;
	char *after;
	enum tess_err err;

	memset(&inv, 0, sizeof(inv));
	inv.order_pk = o->pk;
	inv.partner_pk = o->partner_pk;
	inv.customer_pk = o->customer_pk;
	inv.billing_account_pk = o->billing_account_pk;
	inv.net = o->net;
	inv.tax = o->tax;
	inv.total = o->total;
	inv.net30 = o->has_payment_method && o->payment_method == PAY_NET30;
	inv.issued_on = who->today;
	inv.due_on = payterms_due_on(inv.net30, who->today);
	err = store_order_invoice_insert(c, &inv, who->now);
	if (err != TESS_OK)
		return err;
	after = ops_json_text(json_pack("{s:s, s:s, s:s, s:o}", "number", inv.number, "order",
					o->number, "terms", inv.net30 ? "net30" : "due_on_receipt",
					"due_on", json_date(inv.due_on)));
	if (after == NULL)
		return TESS_ERR_INTERNAL;
	err = ops_audit(c, who, "invoice.issue", "invoice", inv.id, NULL, after);
	free(after);
	return err;
}

/*
 * Where an order whose status is to goes now. in_progress issues the
 * invoice; executed (nothing to pay) is reached through in_progress within
 * this same unit, because execute_order carries out in_progress orders.
 */
static enum tess_err carry_on(struct store_conn *c, const struct actor *who,
				   struct arena *a, const struct order *o,
			      enum order_status from, enum order_status to, struct problem *p)
{
	if (order_issues_invoice(from, to))
		return issue_invoice(c, who, o);
	if (to == ORDER_EXECUTED)
		return execute_order(c, who, a, o->pk, who->today, p);
	return TESS_OK;
}

/*
 * SPEC rule 19: "order placed" to the customer's contacts (no amounts:
 * rule 16 hides a partner's prices from them) and the order confirmation,
 * with a link to its status, to whoever placed it. Rule 12: an order held
 * for review says when it will be processed.
 */
static enum tess_err mail_placed(struct store_conn *c, const struct actor *who,
				   struct arena *a, const struct order *o,
				 enum order_status status)
{
	const char *link = arena_printf(a, "/api/v1/orders/%s", o->id);
	const char *message = order_customer_message(status);
	const char **to = NULL;
	size_t n = 0;
	enum tess_err err = store_order_customer_recipients(c, o->customer_pk, a, &to, &n);

	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		if (strcmp(to[i], who->email) == 0)
			continue; /* the confirmation below tells the one who placed it */
		err = ops_mail(c, who, to[i], "order_placed",
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s*}", "order_id", o->id,
					"order_number", o->number, "customer", o->customer_name,
					"partner", o->partner_name, "status",
					order_status_name(status), "status_url", link, "message",
					message));
	}
	if (err == TESS_OK) {
		/* SPEC rule 16: a customer's confirmation shows what the rule lets it see. */
		char total[PRICE_TEXT_MAX];
		price_visibility_text(price_visibility_for(who->role, o->origin, o->all_published),
		                      o->total, total);
		err = ops_mail(c, who, who->email, "order_confirmation",
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s*}", "name",
					who->name, "order_id", o->id,
					"order_number", o->number, "customer", o->customer_name,
					"status", order_status_name(status), "status_url", link,
					"total", total,
					"message", message));
	}
	return err;
}

enum tess_err orders_place(struct store_conn *c, const struct actor *who, struct arena *a,
			   struct order *o,
			   const struct order_line *lines, size_t n, struct problem *p)
{
	struct order_flags flags = order_flags_of(o->needs_review, o->total);
	enum order_status status = order_initial_status(o->origin, &flags);
	char number[32];
	struct org names;
	enum tess_err err = store_next_number(c, SERIES_ORDER, number);

	if (err != TESS_OK)
		return err;
	o->number = arena_strdup(a, number);
	o->needs_review = flags.needs_review;
	/* Executed is reached through in_progress: see carry_on. */
	o->status = status == ORDER_EXECUTED ? ORDER_IN_PROGRESS : status;
	if (!o->has_payment_method || o->total.minor == 0)
		o->has_payment_method = false;
	o->all_published = true;
	for (size_t i = 0; i < n; i++)
		o->all_published &= lines[i].published;
	err = store_order_insert(c, o, lines, n, who->now);
	if (err == TESS_OK)
		err = store_org_get_pk(c, o->customer_pk, a, &names);
	if (err == TESS_OK) {
		o->customer_name = names.name;
		err = store_org_get_pk(c, o->partner_pk, a, &names);
	}
	if (err == TESS_OK) {
		o->partner_name = names.name;
		err = orders_audit_status(c, who, o->id, "order.place", ORDER_STATUS__MAX, o->status);
	}
	if (err == TESS_OK)
		err = history_order(c, who, a, o, lines, n, "order_placed");
	if (err == TESS_OK)
		err = mail_placed(c, who, a, o, status);
	if (err == TESS_OK)
		err = carry_on(c, who, a, o, ORDER_STATUS__MAX, status, p);
	return err;
}


/* ---- Placing an order from a quote ---- */

/* The order line a quote line becomes. */
static struct order_line order_line_of_quote(const struct order_quote_line *ql)
{
	struct order_line l;

	memset(&l, 0, sizeof(l));
	l.action = ql->action;
	l.product_pk = ql->product_pk;
	l.edition = ql->edition;
	l.user_tier = ql->user_tier;
	l.period = ql->period;
	l.quantity = ql->quantity;
	l.subscription_pk = ql->subscription_pk;
	l.license_pk = ql->license_pk;
	l.start_date = ql->start_date;
	l.end_date = ql->end_date;
	l.unit =
	    money_make(ql->quantity > 0 ? ql->list.minor / ql->quantity : 0, ql->list.currency);
	l.list = ql->list;
	l.discount = ql->discount;
	l.markup = ql->markup;
	l.amount = ql->amount;
	l.instructions = "";
	return l;
}

/* The order quote q becomes, placed by who and paid by method. */
static struct order order_of_quote(const struct order_quote *q, const struct actor *who,
				   enum payment_method method)
{
	struct order o;

	memset(&o, 0, sizeof(o));
	o.quote_pk = q->pk;
	o.origin = ORDER_BY_PARTNER;
	o.partner_pk = q->partner_pk;
	o.customer_pk = q->customer_pk;
	o.billing_account_pk = q->billing_account_pk;
	o.placed_by_user_pk = who->user_pk;
	o.has_payment_method = true;
	o.payment_method = method;
	memcpy(o.currency, q->currency, sizeof(o.currency));
	o.notes = q->notes;
	o.coterm_end = q->coterm_end;
	/* SPEC rules 11, 12: co-terms and notes are reviewed by a person. */
	o.needs_review = order_needs_review(q->coterm_end != 0, q->notes, strlen(q->notes));
	o.tax_rate_ppm = q->tax_rate_ppm;
	o.subtotal = q->subtotal;
	o.discount = q->discount;
	o.markup = q->markup;
	o.net = q->net;
	o.tax = q->tax;
	o.total = q->total;
	return o;
}

enum tess_err ops_order_from_quote(struct store_conn *c, const struct actor *who,
				   const struct order_from_quote_in *in, struct arena *a,
				   struct op_ref *out, struct problem *p)
{
	const char *id = in->quote_id;
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
	err = store_order_quote_get(c, who->tenancy, id, a, &q);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such quote.");
	if (err != TESS_OK)
		return err;
	if (q.status == QUOTE_ORDERED)
		return problem_set(p, TESS_ERR_CONFLICT, "quote_already_ordered", NULL,
				   "Quote %s has already been ordered.", q.number);
	if (q.status != QUOTE_OPEN)
		return problem_set(p, TESS_ERR_CONFLICT, "quote_not_open", NULL,
				   "Quote %s is %s: only an open quote can be ordered.", q.number,
				   quote_status_name(q.status));
	if (q.expires_on < who->today)
		return problem_set(p, TESS_ERR_CONFLICT, "quote_expired", NULL,
				   "Quote %s expired: ask for a new quote.", q.number);
	err = store_org_get_pk(c, q.partner_pk, a, &partner);
	if (err != TESS_OK)
		return err;
	/* SPEC rule 6. */
	err = order_check_channel(ORG_PARTNER, partner.distributor_pk, p);
	if (err != TESS_OK)
		return err;
	err = store_order_quote_lines(c, q.pk, a, &ql, &n);
	if (err != TESS_OK)
		return err;
	if (n == 0)
		return problem_set(p, TESS_ERR_REFUSED, "quote_empty", NULL,
				   "Quote %s has no lines to order.", q.number);
	lines = ARENA_ARRAY(a, struct order_line, n);
	po = payterms_order_of(q.total);
	for (size_t i = 0; i < n; i++) {
		/* SPEC rule 5. */
		err = order_check_partner_line(ORDER_BY_PARTNER, ql[i].hosting, ql[i].period, p);
		if (err != TESS_OK)
			return err;
		payterms_order_add_line(&po, ql[i].hosting, ql[i].period);
		lines[i] = order_line_of_quote(&ql[i]);
	}
	/* SPEC rules 1-4, on the quote's total in its currency. */
	err = orders_check_payment(&po, true, in->method, p);
	if (err != TESS_OK)
		return err;
	err = store_order_quote_mark_ordered(c, q.pk);
	if (err == TESS_ERR_CONFLICT)
		return problem_set(p, err, "quote_already_ordered", NULL,
				   "Quote %s has already been ordered.", q.number);
	if (err != TESS_OK)
		return err;

	o = order_of_quote(&q, who, in->method);
	err = orders_place(c, who, a, &o, lines, n, p);
	if (err == TESS_OK)
		memcpy(out->id, o.id, sizeof(out->id));
	return err;
}

/* ---- Decisions: approve, reject ---- */

/* The event a caller's decision is: partners decide their customers' orders, the vendor reviews. */
static enum order_event decision_event(enum role role, bool approve)
{
	if (role == ROLE_PARTNER_USER)
		return approve ? ORDER_EV_PARTNER_APPROVE : ORDER_EV_PARTNER_REJECT;
	return approve ? ORDER_EV_VENDOR_APPROVE : ORDER_EV_VENDOR_REJECT;
}

enum tess_err ops_order_decide(struct store_conn *c, const struct actor *who,
			       const struct order_decision_in *in, struct arena *a, struct op_ref *out,
			       struct problem *p)
{
	enum order_event ev = decision_event(who->role, in->approve);
	struct order o;
	struct order_line *lines = NULL;
	struct order_flags flags;
	enum order_status to, stored;
	size_t n = 0;
	enum tess_err err;

	if (!id_valid("ord", in->order_id, strlen(in->order_id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such order.");
	err = store_order_get(c, who->tenancy, in->order_id, a, &o);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such order.");
	if (err != TESS_OK)
		return err;
	if ((order_event_roles(ev) & ROLE_BIT(who->role)) == 0)
		return problem_set(p, TESS_ERR_FORBIDDEN, "forbidden", NULL,
				   "You may not decide on this order.");
	flags = order_flags_of(o.needs_review, o.total);
	err = order_transition(o.status, ev, &flags, &to, p);
	if (err != TESS_OK) {
		p->field = NULL; /* the state is at fault, not an input */
		return err;
	}
	if (ev == ORDER_EV_PARTNER_APPROVE) {
		struct org partner;
		err = store_org_get_pk(c, o.partner_pk, a, &partner);
		/* SPEC rule 6: approving buys from the vendor, never through a distributor. */
		if (err == TESS_OK)
			err = order_check_channel(ORG_PARTNER, partner.distributor_pk, p);
		if (err != TESS_OK)
			return err;
	}
	stored = to == ORDER_EXECUTED ? ORDER_IN_PROGRESS : to;
	err = store_order_set_status(c, o.pk, o.status, stored, who->user_pk,
				     in->note != NULL ? in->note : "", who->now);
	if (err == TESS_ERR_CONFLICT)
		return problem_set(p, err, "order_transition_invalid", NULL,
				   "The order changed meanwhile: reload it and decide again.");
	if (err == TESS_OK)
		err = orders_audit_status(c, who, o.id, in->approve ? "order.approve" : "order.reject", o.status,
				  to);
	if (err == TESS_OK)
		err = store_order_lines(c, o.pk, a, &lines, &n);
	if (err == TESS_OK)
		err = history_order(c, who, a, &o, lines, n,
				    in->approve ? "order_approved" : "order_rejected");
	if (err == TESS_OK) {
		enum order_status from = o.status;
		o.status = stored;
		err = carry_on(c, who, a, &o, from, to, p);
	}
	if (err == TESS_OK)
		memcpy(out->id, o.id, sizeof(out->id));
	return err;
}

