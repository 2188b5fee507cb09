/*
 * Quotes: a partner prices products for a customer (an existing customer,
 * site or SEN, or a new customer created with the quote), saves it with a
 * number and an expiry, and gets a copy by email (SPEC rule 19) and as a
 * PDF. Partners see their own quotes, vendor staff all of them; customer
 * contacts none (the route table keeps them out).
 *
 * This file shapes quotes, lists and reads them, makes the PDF and
 * cancels them (ops_quote_cancel); api/quote_create.c saves them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/quotes_int.h"
#include "api/render.h"
#include "ops/quotes.h"
#include "domain/orders.h"
#include "domain/payment_terms.h"
#include "http/validate.h"
#include "pdf/quote_pdf.h"

static const struct field_spec list_query[] = {
    {"status", FIELD_ENUM, false, 0, 0, quote_status_choices, NULL},
};

#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

/* ---- Rendering ---- */

/* "7.25%", "14.975%", "0%": a ppm rate as a percentage without trailing zeros. */
static void tax_rate_text(int32_t ppm, char out[16])
{
	int32_t whole = ppm / 10000, frac = ppm % 10000, digits = 4;
	int n;
	while (frac != 0 && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	if (frac == 0)
		n = snprintf(out, 16, "%d%%", (int)whole);
	else
		n = snprintf(out, 16, "%d.%0*d%%", (int)whole, (int)digits, (int)frac);
	if (n < 0 || n >= 16)
		out[0] = '\0';
}

/* The status a reader sees: an open quote past its expiry date is "expired". */
static const char *quote_status_shown(const struct quote *q, tdate today)
{
	return quote_status_name(quote_status_at(q->status, q->expires_on, today));
}

/* SPEC rules 1-4: what the quote can be paid with. A mask of 0 when the rules leave nothing. */
static uint32_t quote_methods(const struct quote *q, const struct quote_line *lines, size_t n)
{
	struct payterms_order o;
	struct problem p;
	uint32_t mask = 0;

	memset(&p, 0, sizeof(p));
	o = payterms_order_of(q->total);
	for (size_t i = 0; i < n; i++)
		payterms_order_add_line(&o, lines[i].hosting, lines[i].period);
	if (payterms_accepted_methods(&o, payterms_default_fx(), &mask, &p) != TESS_OK)
		return 0;
	return mask;
}

static bool quote_needs_review(const struct quote *q)
{
	return order_needs_review(q->coterm_end != 0, q->notes, strlen(q->notes));
}

/* A line is stored as its index in the request and shown from 1, like order and invoice lines. */
static json_t *json_quote_line(const struct quote_line *l)
{
	json_t *discounts = json_array();
	if (discounts == NULL)
		return NULL;
	if (l->eligibility_bp > 0)
		json_array_append_new(discounts,
		                      json_pack("{s:s, s:i, s:o}", "kind", l->eligibility_kind,
		                                "bp", (int)l->eligibility_bp, "amount",
		                                json_money(l->eligibility_discount)));
	if (l->tier_bp > 0)
		json_array_append_new(discounts, json_pack("{s:s, s:i, s:o}", "kind",
		                                           "partner_tier", "bp", (int)l->tier_bp,
		                                           "amount", json_money(l->tier_discount)));
	return json_pack(
	    "{s:i, s:s, s:{s:s, s:s, s:s, s:s, s:s}, s:s, s:i, s:s, s:i, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:o}",
	    "line_no", (int)l->line_no + 1, "action", order_line_action_name(l->action), "product",
	    "id", l->product_id, "code", l->product_code, "name", l->product_name, "kind",
	    product_kind_name(l->kind), "hosting", hosting_name(l->hosting), "edition",
	    edition_name(l->edition), "user_tier", (int)l->user_tier, "billing_period",
	    billing_period_name(l->period), "quantity", (int)l->quantity, "subscription",
	    l->subscription_pk != 0 ? json_string(l->subscription_id) : json_null(), "start_date",
	    json_date(l->start_date), "end_date", json_date(l->end_date), "list_price",
	    json_money(l->list), "discounts", discounts, "markup", json_money(l->markup), "amount",
	    json_money(l->amount));
}

/* A quote as the list shows it: no lines, no payment terms. */
static json_t *json_quote_summary(const struct quote *q, tdate today)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "id", q->id,
	                 "number", q->number, "status", quote_status_shown(q, today), "partner",
	                 json_ref(q->partner_id, q->partner_name), "customer",
	                 json_ref(q->customer_id, q->customer_name), "billing_account",
	                 json_ref(q->billing_account_id, q->billing_account_name), "total",
	                 json_money(q->total), "currency", q->currency, "expires_on",
	                 json_date(q->expires_on), "created_at", json_ts(q->created_at),
	                 "needs_review", json_boolean(quote_needs_review(q)));
}

static json_t *json_quote(const struct quote *q, const struct quote_line *lines, size_t n,
                          tdate today)
{
	char rate[16], path[96];
	uint32_t mask = quote_methods(q, lines, n);
	bool review = quote_needs_review(q);
	json_t *o = json_quote_summary(q, today), *arr = json_array(), *methods = json_array();
	json_t *extra;
	int len = snprintf(path, sizeof(path), "/api/v1/quotes/%s/pdf", q->id);

	if (o == NULL || arr == NULL || methods == NULL || len < 0 || (size_t)len >= sizeof(path))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, json_quote_line(&lines[i])) != 0)
			goto fail;
	for (int m = 0; m < PAY__MAX; m++)
		if ((mask & PAYTERMS_BIT(m)) != 0 &&
		    json_array_append_new(
		        methods, json_string(payment_method_name((enum payment_method)m))) != 0)
			goto fail;
	tax_rate_text(q->tax_rate_ppm, rate);
	extra = json_pack(
	    "{s:b, s:{s:s, s:s}, s:o, s:o, s:o, s:o, "
	    "s:{s:o, s:o, s:o, s:o, s:{s:s, s:s, s:s, s:s, s:o}, s:o}, "
	    "s:s, s:o, s:b, s:o, s:o, s:s}",
	    "reseller", true, "partner_contact", "name", q->created_by_name, "email",
	    q->created_by_email, "technical_contact",
	    q->technical_contact_email[0] != '\0'
	        ? json_pack("{s:s, s:s}", "name", q->technical_contact_name, "email",
	                    q->technical_contact_email)
	        : json_null(),
	    "site",
	    q->site_pk != 0 ? json_pack("{s:s, s:s}", "id", q->site_id, "url",
	                                q->site_url != NULL ? q->site_url : "")
	                    : json_null(),
	    "lines", arr, "payment_methods", methods, "totals", "subtotal", json_money(q->subtotal),
	    "discount", json_money(q->discount), "markup", json_money(q->markup), "net",
	    json_money(q->net), "tax", "rate", rate, "label", q->tax_label, "country",
	    q->tax_country, "state", q->tax_state, "amount", json_money(q->tax), "total",
	    json_money(q->total), "notes", q->notes, "coterm_end",
	    q->coterm_end != 0 ? json_date(q->coterm_end) : json_null(), "needs_review", review,
	    "review_message", review ? json_string(ORDER_REVIEW_MESSAGE) : json_null(),
	    "net30_eligible",
	    mask != 0 ? json_boolean((mask & PAYTERMS_BIT(PAY_NET30)) != 0) : json_false(), "pdf",
	    path);
	/* json_pack took arr and methods. */
	if (extra == NULL || json_object_update_new(o, extra) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	json_decref(o);
	json_decref(arr);
	json_decref(methods);
	return NULL;
}

json_t *quotes_preview_json(const struct quote *q, const struct quote_line *lines, size_t n,
                            tdate today)
{
	static const char *const unsaved[] = {"id", "number", "status", "created_at", "pdf"};
	json_t *o = json_quote(q, lines, n, today);

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(unsaved) / sizeof(unsaved[0]); i++)
		(void)json_object_del(o, unsaved[i]);
	if (q->customer_pk == 0 &&
	    json_object_set_new(o, "customer",
	                        json_pack("{s:n, s:s}", "id", "name", q->customer_name)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The quote named by the route's :id within the caller's tenancy, with its lines. */
static enum tess_err load_param_quote(struct req *r, struct store_conn *c, struct quote *q,
                                      struct quote_line **lines, size_t *n, struct problem *p)
{
	const char *id = r->params[0];
	enum tess_err err;
	if (!id_valid("quo", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such quote.");
	err = store_quote_get(c, r->tenancy, id, r->arena, q);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such quote.");
	if (err == TESS_OK && lines != NULL)
		err = store_quote_lines(c, q->pk, r->arena, lines, n);
	return err;
}

/* ---- Reads ---- */

static json_t *quote_row(const void *row, const struct req *r)
{
	return json_quote_summary(row, r->today);
}

enum tess_err api_quote_list(struct req *r, struct problem *p)
{
	struct quote_filter f;
	struct quote *rows = NULL;
	size_t n = 0;
	bool more = false;
	struct page_params pg;
	enum tess_err err = page_params_read(r, list_query, NFIELDS(list_query), &pg, p);

	if (err != TESS_OK)
		return err;
	memset(&f, 0, sizeof(f));
	f.today = r->today;
	f.limit = pg.limit;
	f.after_pk = pg.after;
	/* Validated against quote_status_choices above. */
	f.by_status = quote_status_parse(req_query(r, "status"), &f.status);
	err = store_quote_list(r->conn, r->tenancy, &f, r->arena, &rows, &n, &more);
	if (err != TESS_OK)
		return err;
	return req_reply_page(r, rows, n, sizeof(*rows), quote_row, more,
	                      n > 0 ? rows[n - 1].pk : 0);
}

enum tess_err api_quote_get(struct req *r, struct problem *p)
{
	return req_reply_one(r, "quo", api_render_quote, "No such quote.", p);
}

/*
 * The billing address a quote's document prints: the customer's billing
 * contact's when it is still the address the quote was taxed at, else the
 * quote's tax country and state alone.
 */
static enum tess_err quote_billing_address(struct req *r, const struct quote *q,
                                           struct pdf_address *out)
{
	struct contact c;
	enum tess_err err = store_customer_billing_contact(r->conn, q->customer_pk, r->arena, &c);

	memset(out, 0, sizeof(*out));
	out->country = q->tax_country;
	out->state = q->tax_state;
	if (err == TESS_ERR_NOT_FOUND)
		return TESS_OK;
	if (err != TESS_OK)
		return err;
	if (c.country != NULL && c.state != NULL && strcasecmp(c.country, q->tax_country) == 0 &&
	    strcasecmp(c.state, q->tax_state) == 0) {
		out->line = c.address_line;
		out->city = c.city;
		out->postal_code = c.postal_code;
	}
	return TESS_OK;
}

enum tess_err api_quote_pdf(struct req *r, struct problem *p)
{
	struct quote q;
	struct quote_line *lines = NULL;
	struct quote_pdf doc;
	size_t n = 0, len = 0;
	unsigned char *bytes = NULL;
	char rate[16];
	enum tess_err err = req_query_allow(r, NULL, p);

	if (err == TESS_OK)
		err = load_param_quote(r, r->conn, &q, &lines, &n, p);
	memset(&doc, 0, sizeof(doc));
	if (err == TESS_OK)
		err = store_vendor_name(r->conn, r->arena, &doc.vendor_name);
	if (err == TESS_ERR_NOT_FOUND && p->code == NULL)
		err = TESS_ERR_INTERNAL;
	if (err == TESS_OK)
		err = quote_billing_address(r, &q, &doc.billing_address);
	if (err != TESS_OK)
		return err;
	tax_rate_text(q.tax_rate_ppm, rate);
	doc.q = &q;
	doc.lines = lines;
	doc.nlines = n;
	doc.status = quote_status_shown(&q, r->today);
	doc.tax_rate_text = rate;
	doc.methods = quote_methods(&q, lines, n);
	doc.review_message = quote_needs_review(&q) ? ORDER_REVIEW_MESSAGE : NULL;
	err = quote_pdf_render(&doc, &bytes, &len, p);
	if (err != TESS_OK)
		return err;
	req_reply_bytes(r, 200, "application/pdf", arena_printf(r->arena, "%s.pdf", q.number),
	                bytes, len);
	return TESS_OK;
}

enum tess_err api_render_quote(struct req *r, const char *id, json_t **out)
{
	struct quote q;
	struct quote_line *lines = NULL;
	size_t n = 0;
	enum tess_err err = store_quote_get(r->conn, r->tenancy, id, r->arena, &q);
	if (err == TESS_OK)
		err = store_quote_lines(r->conn, q.pk, r->arena, &lines, &n);
	if (err != TESS_OK)
		return err;
	*out = json_quote(&q, lines, n, r->today);
	return *out != NULL ? TESS_OK : TESS_ERR_INTERNAL;
}

/* ---- Cancelling ---- */

API_OP_UNIT(cancel_unit, ops_quote_cancel, struct quote_cancel_in, 200, "quote")

enum tess_err api_quote_cancel(struct req *r, struct problem *p)
{
	struct cancel_unit_call x = {req_actor(r), {r->params[0]}};
	enum tess_err err = validate_body(r->body, NULL, 0, p);
	if (err != TESS_OK)
		return err;
	return req_run_unit(r, cancel_unit, &x, sizeof(x), p);
}
