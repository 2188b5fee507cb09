/*
 * Invoices as operations: paying one records the payment, marks the
 * invoice paid and executes its order in one unit of work; refunding one
 * records the refund with its credit note, marks the invoice refunded and
 * ends what it paid for. Either all of it happens or none.
 */
#include "ops/billing.h"

#include <string.h>

#include "domain/refunds.h"
#include "ops/execute.h"
#include "ops/record.h"

struct payterms_order invoice_payterms(const struct invoice *v, const struct billing_line *lines,
                                       size_t n)
{
	struct payterms_order o = payterms_order_of(v->total);
	for (size_t i = 0; i < n; i++)
		payterms_order_add_line(&o, lines[i].hosting, lines[i].period);
	return o;
}

/* Invoice id of who's tenancy into v; one who may not see is not_found. */
static enum tess_err load_invoice(struct store_conn *c, const struct actor *who, const char *id,
                                  struct arena *a, struct invoice *v, struct problem *p)
{
	enum tess_err err;
	if (id == NULL || !id_valid("inv", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such invoice.");
	err = store_invoice_get(c, who->tenancy, id, a, v);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such invoice.");
	return err;
}

/* ---- Payments ---- */

enum tess_err ops_invoice_pay(struct store_conn *c, const struct actor *who,
                              const struct invoice_pay_in *in, struct arena *a, struct op_ref *out,
                              struct problem *p)
{
	struct invoice v;
	struct billing_line *lines = NULL;
	struct payterms_order po;
	struct payment pay;
	size_t n = 0;
	enum tess_err err;

	/* Net-30 is terms, not a way to pay: a payment is recorded with another method. */
	if (!payment_method_pays(in->method))
		return problem_set(p, TESS_ERR_INVALID, "invalid_value", "method",
		                   "method is not one of the accepted values.");
	err = load_invoice(c, who, in->invoice_id, a, &v, p);
	if (err != TESS_OK)
		return err;
	if (v.status != INVOICE_OPEN)
		return problem_set(p, TESS_ERR_CONFLICT, "invoice_not_open", NULL,
		                   "Invoice %s is %s; only an open invoice can be paid.", v.number,
		                   invoice_status_name(v.status));
	err = store_billing_order_lines(c, v.order_pk, a, &lines, &n);
	if (err != TESS_OK)
		return err;
	/* SPEC rules 2-4: monthly cloud by card only; AUD neither card nor check. */
	po = invoice_payterms(&v, lines, n);
	err = payterms_method_check(&po, in->method, payterms_default_fx(), p);
	if (err != TESS_OK) {
		/* The rules name the order's field; a payment calls it method. */
		p->field = "method";
		return err;
	}
	memset(&pay, 0, sizeof(pay));
	pay.invoice_pk = v.pk;
	pay.method = in->method;
	pay.amount = v.total;
	pay.paid_on = who->today;
	pay.reference = in->reference != NULL ? in->reference : "";
	pay.recorded_by_user_pk = who->user_pk;
	pay.created_at = who->now;
	err = store_payment_insert(c, &pay);
	if (err == TESS_ERR_CONFLICT)
		return problem_set(p, err, "invoice_not_open", NULL, "Invoice %s is already paid.",
		                   v.number);
	if (err == TESS_OK)
		err = store_invoice_set_status(c, v.pk, INVOICE_PAID, who->today);
	if (err == TESS_OK)
		err = ops_audit(c, who, "invoice.pay", "invoice", v.id, "{\"status\":\"open\"}",
		                "{\"status\":\"paid\"}");
	/* SPEC rule 13: what was paid for takes effect from the payment date. */
	if (err == TESS_OK)
		err = execute_order(c, who, a, v.order_pk, who->today, p);
	if (err == TESS_OK)
		memcpy(out->id, v.id, sizeof(out->id));
	return err;
}

/* ---- Refunds ---- */

/*
 * SPEC rule 9 for one line: the window's anchor is the payment date
 * (purchase of a self-managed license, payment of an annual cloud term),
 * or for monthly cloud the first payment of the subscription.
 */
static enum tess_err refund_line_check(struct store_conn *c, const struct billing_line *l,
                                       tdate paid_on, tdate today, struct problem *p)
{
	enum refund_kind kind;
	tdate first = 0;
	bool found = false;
	enum tess_err err = refund_kind_of(l->hosting, l->period, &kind);

	if (err == TESS_OK && kind == REFUND_CLOUD_MONTHLY && l->subscription_pk != 0) {
		err = store_billing_sub_first_payment(c, l->subscription_pk, &first, &found);
		if (!found)
			first = 0;
	}
	if (err == TESS_OK)
		err = refund_check(kind, refund_anchor(kind, paid_on, first), today, p);
	return err;
}

/* Whether refunding line l ends its subscription: it bought or added to one. */
static bool line_ends_subscription(const struct billing_line *l)
{
	return l->subscription_pk != 0 && strcmp(l->action, "cancel") != 0 &&
	       strcmp(l->action, "cancel_addon") != 0 && strcmp(l->action, "decrease") != 0;
}

/*
 * What refunded invoice v paid for ends: the subscriptions of its n lines
 * now (with their apps), its order's licenses refunded.
 */
static enum tess_err refund_end_purchases(struct store_conn *c, const struct actor *who,
                                          struct arena *a, const struct invoice *v,
                                          const struct billing_line *lines, size_t n,
                                          const struct refund *rf, struct problem *p)
{
	struct license *lics = NULL;
	size_t nl = 0;
	const char *note = arena_printf(a, "Refund of invoice %s (credit note %s)", v->number,
	                                rf->credit_note_number);
	enum tess_err err = TESS_OK;

	for (size_t i = 0; err == TESS_OK && i < n; i++)
		if (line_ends_subscription(&lines[i]))
			err = execute_cancel_now(c, who, a, lines[i].subscription_pk, note, p);
	if (err == TESS_OK)
		err = store_licenses_for_order(c, v->order_pk, a, &lics, &nl);
	for (size_t i = 0; err == TESS_OK && i < nl; i++) {
		if (lics[i].state == LICENSE_REFUNDED)
			continue;
		lics[i].state = LICENSE_REFUNDED;
		err = store_license_update(c, &lics[i], who->now);
		if (err == TESS_OK)
			err = ops_audit(c, who, "license.refund", "license", lics[i].id,
			                "{\"state\":\"active\"}", "{\"state\":\"refunded\"}");
	}
	return err;
}

enum tess_err ops_invoice_refund(struct store_conn *c, const struct actor *who,
                                 const struct invoice_refund_in *in, struct arena *a,
                                 struct invoice_refund_out *out, struct problem *p)
{
	struct invoice v;
	struct payment pay;
	struct billing_line *lines = NULL;
	struct refund rf;
	size_t n = 0;
	enum tess_err err = load_invoice(c, who, in->invoice_id, a, &v, p);

	if (err != TESS_OK)
		return err;
	if (v.status != INVOICE_PAID)
		return problem_set(p, TESS_ERR_CONFLICT, "invoice_not_paid", NULL,
		                   "Invoice %s is %s; only a paid invoice can be refunded.",
		                   v.number, invoice_status_name(v.status));
	err = store_payment_for_invoice(c, v.pk, a, &pay);
	if (err == TESS_OK)
		err = store_billing_order_lines(c, v.order_pk, a, &lines, &n);
	for (size_t i = 0; err == TESS_OK && i < n; i++)
		err = refund_line_check(c, &lines[i], pay.paid_on, who->today, p);
	if (err != TESS_OK)
		return err;
	if (pay.amount.minor <= 0)
		return problem_set(p, TESS_ERR_CONFLICT, "nothing_to_refund", NULL,
		                   "Invoice %s was paid with nothing to refund.", v.number);
	memset(&rf, 0, sizeof(rf));
	rf.invoice_pk = v.pk;
	rf.payment_pk = pay.pk;
	rf.amount = pay.amount;
	rf.reason = in->reason;
	rf.refunded_on = who->today;
	rf.requested_by_user_pk = who->user_pk;
	err = store_refund_insert(c, &rf, who->now);
	if (err == TESS_OK)
		err = store_invoice_set_status(c, v.pk, INVOICE_REFUNDED, 0);
	if (err == TESS_OK)
		err = refund_end_purchases(c, who, a, &v, lines, n, &rf, p);
	if (err == TESS_OK)
		err = ops_audit(c, who, "invoice.refund", "invoice", v.id, "{\"status\":\"paid\"}",
		                "{\"status\":\"refunded\"}");
	if (err != TESS_OK)
		return err;
	memcpy(out->invoice_id, v.id, sizeof(out->invoice_id));
	out->refund = rf;
	return TESS_OK;
}
