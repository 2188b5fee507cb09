/*
 * Invoices, payments and refunds. Partners see their own invoices and
 * vendor staff all of them; customers none (the route table keeps them
 * out). Paying an invoice records the payment, marks the invoice paid
 * and executes its order in one unit of work: all or nothing, and with
 * an Idempotency-Key a retried payment replays instead of paying twice.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/list_filters.h"
#include "api/render.h"
#include "ops/billing.h"
#include "http/validate.h"
#include "pdf/invoice_pdf.h"
#include "util/cursor.h"


static const struct field_spec payment_body[] = {
    {"method", FIELD_ENUM, true, 0, 0, payment_method_choices, NULL},
    {"reference", FIELD_STRING, false, 0, 200, NULL, NULL},
};

static const struct field_spec refund_body[] = {
    {"reason", FIELD_STRING, true, 1, 1000, NULL, NULL},
};

const struct field_spec invoice_filter_specs[INVOICE_FILTER_SPECS] = {
    {"status", FIELD_ENUM, false, 0, 0, invoice_status_choices, NULL},
};

static enum tess_err load_invoice(struct req *r, struct store_conn *c, struct invoice *v,
                                  struct problem *p)
{
	const char *id = r->params[0];
	enum tess_err err;
	if (!id_valid("inv", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such invoice.");
	err = store_invoice_get(c, r->tenancy, id, r->arena, v);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such invoice.");
	return err;
}

static json_t *invoice_summary(const void *row, const struct req *r)
{
	(void)r;
	const struct invoice *v = row;
	return json_pack(
	    "{s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:o, s:s, s:s, s:o, s:o, s:o, "
	    "s:s, s:o, s:o, s:o, s:o}",
	    "id", v->id, "number", v->number, "status", invoice_status_name(v->status), "order",
	    "id", v->order_id, "number", v->order_number, "status",
	    order_status_name(v->order_status), "partner", json_ref(v->partner_id, v->partner_name),
	    "customer", json_ref(v->customer_id, v->customer_name), "billing_account_id",
	    v->billing_account_id, "currency", v->total.currency, "net", json_money(v->net), "tax",
	    json_money(v->tax), "total", json_money(v->total), "terms",
	    v->net30 ? "net30" : "due_on_receipt", "issued_on", json_date(v->issued_on), "due_on",
	    json_date(v->due_on), "paid_on", v->paid_on != 0 ? json_date(v->paid_on) : json_null(),
	    "created_at", json_ts(v->created_at));
}

static json_t *json_methods(uint32_t mask)
{
	json_t *a = json_array();
	/* Net-30 is the invoice's terms, not a way to pay it. */
	for (int m = 0; m < PAY__MAX; m++)
		if (payment_method_pays((enum payment_method)m) && (mask & PAYTERMS_BIT(m)))
			json_array_append_new(
			    a, json_string(payment_method_name((enum payment_method)m)));
	return a;
}

static json_t *json_payment(const struct payment *pay)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:s}", "id", pay->id, "method",
	                 payment_method_name(pay->method), "amount", json_money(pay->amount),
	                 "paid_on", json_date(pay->paid_on), "reference", pay->reference);
}

static json_t *json_refund(const struct refund *rf)
{
	return json_pack("{s:s, s:o, s:s, s:o, s:{s:s, s:s}}", "id", rf->id, "amount",
	                 json_money(rf->amount), "reason", rf->reason, "refunded_on",
	                 json_date(rf->refunded_on), "credit_note", "id", rf->credit_note_id,
	                 "number", rf->credit_note_number);
}

/*
 * The whole invoice: its lines, tax, terms, accepted methods, payment and
 * refunds. Its order's lines are also handed back when lines_out is not NULL.
 */
static enum tess_err invoice_detail(struct store_conn *c, struct arena *a, const struct invoice *v,
                                    json_t **out, struct billing_line **lines_out, size_t *n_out)
{
	struct billing_line *lines = NULL;
	struct refund *refunds = NULL;
	struct payment pay;
	struct payterms_order po;
	struct problem ignored;
	size_t n = 0, nref = 0;
	uint32_t mask = 0;
	json_t *o, *jl, *jr, *jpay;
	enum tess_err err = store_billing_order_lines(c, v->order_pk, a, &lines, &n);

	if (err == TESS_OK)
		err = store_refunds_for_invoice(c, v->pk, a, &refunds, &nref);
	if (err != TESS_OK)
		return err;
	err = store_payment_for_invoice(c, v->pk, a, &pay);
	if (err != TESS_OK && err != TESS_ERR_NOT_FOUND)
		return err;
	jpay = err == TESS_OK ? json_payment(&pay) : json_null();
	po = invoice_payterms(v, lines, n);
	/* SPEC rules 1-4; none left (an AUD monthly cloud order) shows an empty list. */
	if (payterms_accepted_methods(&po, payterms_default_fx(), &mask, &ignored) != TESS_OK)
		mask = 0;
	jl = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    jl,
		    json_pack(
		        "{s:i, s:s, s:{s:s, s:s, s:s, s:s, s:s}, s:s, s:i, s:s, s:i, s:o, s:o}",
		        "line_no", (json_int_t)lines[i].line_no, "action", lines[i].action,
		        "product", "id", lines[i].product_id, "code", lines[i].product_code, "name",
		        lines[i].product_name, "kind", product_kind_name(lines[i].product_kind),
		        "hosting", hosting_name(lines[i].hosting), "edition",
		        edition_name(lines[i].edition), "user_tier", (json_int_t)lines[i].user_tier,
		        "billing_period", billing_period_name(lines[i].period), "quantity",
		        (json_int_t)lines[i].quantity, "unit_price", json_money(lines[i].unit),
		        "amount", json_money(lines[i].amount)));
	jr = json_array();
	for (size_t i = 0; i < nref; i++)
		json_array_append_new(jr, json_refund(&refunds[i]));
	o = invoice_summary(v, NULL);
	if (o == NULL) {
		json_decref(jl);
		json_decref(jr);
		json_decref(jpay);
		return TESS_ERR_INTERNAL;
	}
	json_object_set_new(o, "tax_rate_ppm", json_integer(v->tax_rate_ppm));
	json_object_set_new(o, "lines", jl);
	json_object_set_new(o, "accepted_payment_methods", json_methods(mask));
	json_object_set_new(o, "payment", jpay);
	json_object_set_new(o, "refunds", jr);
	*out = o;
	if (lines_out != NULL) {
		*lines_out = lines;
		*n_out = n;
	}
	return TESS_OK;
}

enum tess_err api_invoice_list(struct req *r, struct problem *p)
{
	struct invoice *rows = NULL;
	size_t n = 0;
	bool more = false;
	struct page_params pg;
	enum tess_err err = page_params_read(r, invoice_filter_specs, INVOICE_FILTER_SPECS, &pg, p);

	/* The query is validated against the status names: it is one of them or absent. */
	if (err == TESS_OK)
		err = store_invoice_list(r->conn, r->tenancy, req_query(r, "status"), pg.after,
		                         pg.limit, r->arena, &rows, &n, &more);
	if (err != TESS_OK)
		return err;
	return req_reply_page(r, rows, n, sizeof(*rows), invoice_summary, more,
	                      n > 0 ? rows[n - 1].pk : 0);
}

enum tess_err api_invoice_get(struct req *r, struct problem *p)
{
	struct invoice v;
	json_t *o = NULL;
	enum tess_err err = req_query_allow(r, NULL, p);
	if (err == TESS_OK)
		err = load_invoice(r, r->conn, &v, p);
	if (err == TESS_OK)
		err = invoice_detail(r->conn, r->arena, &v, &o, NULL, NULL);
	if (err == TESS_OK)
		req_reply(r, 200, o);
	return err;
}

/*
 * The billing address an invoice's document prints (SPEC rule 8): the
 * customer's billing contact's when it has a country, else the customer's
 * own country and state.
 */
static enum tess_err invoice_billing_address(struct req *r, const struct invoice *v,
                                             struct pdf_address *out)
{
	struct contact c;
	struct org o;
	enum tess_err err = store_customer_billing_contact(r->conn, v->customer_pk, r->arena, &c);

	memset(out, 0, sizeof(*out));
	if (err == TESS_OK && c.country != NULL && c.country[0] != '\0') {
		out->line = c.address_line;
		out->city = c.city;
		out->postal_code = c.postal_code;
		out->state = c.state;
		out->country = c.country;
		return TESS_OK;
	}
	if (err != TESS_OK && err != TESS_ERR_NOT_FOUND)
		return err;
	err = store_org_get_pk(r->conn, v->customer_pk, r->arena, &o);
	if (err == TESS_OK) {
		out->state = o.state;
		out->country = o.country;
	}
	return err == TESS_ERR_NOT_FOUND ? TESS_OK : err;
}

enum tess_err api_invoice_pdf(struct req *r, struct problem *p)
{
	struct invoice v;
	struct invoice_pdf doc;
	struct billing_line *lines = NULL;
	struct refund *refunds = NULL;
	struct payment pay;
	struct payterms_order po;
	struct problem ignored;
	size_t n = 0, nref = 0, len = 0;
	unsigned char *bytes = NULL;
	enum tess_err err = req_query_allow(r, NULL, p);

	memset(&doc, 0, sizeof(doc));
	if (err == TESS_OK)
		err = load_invoice(r, r->conn, &v, p);
	if (err == TESS_OK)
		err = store_billing_order_lines(r->conn, v.order_pk, r->arena, &lines, &n);
	if (err == TESS_OK)
		err = store_refunds_for_invoice(r->conn, v.pk, r->arena, &refunds, &nref);
	if (err == TESS_OK) {
		err = store_payment_for_invoice(r->conn, v.pk, r->arena, &pay);
		if (err == TESS_OK)
			doc.pay = &pay;
		else if (err == TESS_ERR_NOT_FOUND)
			err = TESS_OK;
	}
	if (err == TESS_OK)
		err = store_vendor_name(r->conn, r->arena, &doc.vendor_name);
	if (err != TESS_OK)
		return err == TESS_ERR_NOT_FOUND && p->code == NULL ? TESS_ERR_INTERNAL : err;
	err = invoice_billing_address(r, &v, &doc.billing_address);
	if (err != TESS_OK)
		return err;
	po = invoice_payterms(&v, lines, n);
	if (payterms_accepted_methods(&po, payterms_default_fx(), &doc.methods, &ignored) !=
	    TESS_OK)
		doc.methods = 0;
	doc.inv = &v;
	doc.lines = lines;
	doc.nlines = n;
	doc.refunds = refunds;
	doc.nrefunds = nref;
	err = invoice_pdf_render(&doc, &bytes, &len, p);
	if (err != TESS_OK)
		return err;
	req_reply_bytes(r, 200, "application/pdf", arena_printf(r->arena, "%s.pdf", v.number),
	                bytes, len);
	return TESS_OK;
}

/* ---- Payments ---- */

/* What the order of v (with its n lines) created: its subscriptions and licenses, as references. */
static enum tess_err created_refs(struct store_conn *c, struct req *r, const struct invoice *v,
                                  const struct billing_line *lines, size_t n, json_t *o)
{
	struct license *lics = NULL;
	size_t nl = 0;
	json_t *subs = json_array(), *licenses = json_array();
	enum tess_err err = TESS_OK;

	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		struct subscription s;
		if (strcmp(lines[i].action, "new") != 0 || lines[i].hosting != HOSTING_CLOUD ||
		    lines[i].subscription_pk == 0)
			continue;
		err = store_billing_sub_get_pk(c, lines[i].subscription_pk, r->arena, &s);
		if (err == TESS_OK)
			json_array_append_new(subs,
			                      json_pack("{s:s, s:s, s:s, s:b}", "id", s.id, "sen",
			                                s.sen, "product", s.product_name,
			                                "site_setup_required", s.site_pk == 0));
	}
	if (err == TESS_OK)
		err = store_licenses_for_order(c, v->order_pk, r->arena, &lics, &nl);
	for (size_t i = 0; err == TESS_OK && i < nl; i++)
		json_array_append_new(licenses, json_pack("{s:s, s:s, s:s, s:o}", "id", lics[i].id,
		                                          "sen", lics[i].sen, "product",
		                                          lics[i].product_name, "maintenance_end",
		                                          json_date(lics[i].maintenance_end)));
	json_object_set_new(o, "subscriptions", subs);
	json_object_set_new(o, "licenses", licenses);
	return err;
}

API_OP_UNIT(pay_unit, ops_invoice_pay, struct invoice_pay_in, 201, "invoice_payment")

enum tess_err api_render_invoice_payment(struct req *r, const char *id, json_t **out)
{
	struct invoice v;
	struct billing_line *lines = NULL;
	size_t n = 0;
	json_t *inv = NULL, *reply;
	enum tess_err err = store_invoice_get(r->conn, r->tenancy, id, r->arena, &v);

	if (err == TESS_OK)
		err = invoice_detail(r->conn, r->arena, &v, &inv, &lines, &n);
	if (err != TESS_OK)
		return err;
	/* The payment is the invoice's own, shown again at the top. */
	reply = json_pack("{s:O, s:o, s:{s:s, s:s, s:s}}", "payment", json_object_get(inv, "payment"),
	                  "invoice", inv, "order", "id", v.order_id, "number", v.order_number,
	                  "status", order_status_name(v.order_status));
	if (reply == NULL)
		return TESS_ERR_INTERNAL;
	err = created_refs(r->conn, r, &v, lines, n, reply);
	if (err != TESS_OK) {
		json_decref(reply);
		return err;
	}
	*out = reply;
	return TESS_OK;
}

enum tess_err api_invoice_pay(struct req *r, struct problem *p)
{
	struct pay_unit_call x = {req_actor(r), {r->params[0], PAY_CARD, ""}};
	json_t *v;
	enum tess_err err =
	    validate_body(r->body, payment_body, sizeof(payment_body) / sizeof(payment_body[0]), p);
	if (err != TESS_OK)
		return err;
	if (!payment_method_parse(json_string_value(json_object_get(r->body, "method")), &x.in.method))
		return problem_set(p, TESS_ERR_INVALID, "invalid", "method",
		                   "Unknown payment method.");
	v = json_object_get(r->body, "reference");
	if (v != NULL)
		x.in.reference = json_string_value(v);
	return req_run_unit(r, pay_unit, &x, sizeof(x), p);
}

/* ---- Refunds ---- */

struct refund_call {
	struct actor who;
	struct invoice_refund_in in;
};

/* The refund and the invoice as it now is, read inside the unit that refunded it. */
static enum tess_err refund_unit(struct store_conn *c, struct store_unit *u)
{
	struct refund_call *x = u->ctx;
	struct invoice_refund_out out;
	struct invoice v;
	json_t *inv = NULL;
	enum tess_err err = ops_invoice_refund(c, &x->who, &x->in, u->arena, &out, &u->problem);

	if (err == TESS_OK)
		err = store_invoice_get(c, x->who.tenancy, out.invoice_id, u->arena, &v);
	if (err == TESS_OK)
		err = invoice_detail(c, u->arena, &v, &inv, NULL, NULL);
	if (err != TESS_OK)
		return err;
	unit_reply(u, 201, json_pack("{s:o, s:o}", "refund", json_refund(&out.refund), "invoice", inv));
	return TESS_OK;
}

enum tess_err api_invoice_refund(struct req *r, struct problem *p)
{
	struct refund_call x = {req_actor(r), {r->params[0], ""}};
	enum tess_err err =
	    validate_body(r->body, refund_body, sizeof(refund_body) / sizeof(refund_body[0]), p);
	if (err != TESS_OK)
		return err;
	x.in.reason = json_string_value(json_object_get(r->body, "reason"));
	return req_run_unit(r, refund_unit, &x, sizeof(x), p);
}
