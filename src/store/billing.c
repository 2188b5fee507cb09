/*
 * The billing slice of the commerce store: orders as execution reads
 * them, invoices, payments, refunds with their credit notes, and
 * self-managed licenses with their technical contacts.
 */
#include <string.h>

#include "store/billing_rows.h"
#include "store/db.h"
#include "store/store.h"

static const char *const license_state_names[LICENSE_STATE__MAX] = {
    [LICENSE_ACTIVE] = "active",
    [LICENSE_REFUNDED] = "refunded",
};

const char *license_state_name(enum license_state v)
{
	return (int)v >= 0 && v < LICENSE_STATE__MAX ? license_state_names[v] : "";
}

bool license_state_parse(const char *s, enum license_state *out)
{
	for (int i = 0; i < LICENSE_STATE__MAX; i++)
		if (strcmp(s, license_state_names[i]) == 0) {
			*out = (enum license_state)i;
			return true;
		}
	return false;
}

/* ---- Orders ---- */

/* Reads BILLING_ORDER_COLS. */
static enum tess_err row_billing_order(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct billing_order *o = out;
	char currency[4];
	int64_t total_minor;
	memset(o, 0, sizeof(*o));
	o->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->id, sizeof(o->id));
	o->number = db_col_dup(st, (*pos)++, a);
	if (!order_status_parse(db_col_text(st, (*pos)++), &o->status))
		return TESS_ERR_INTERNAL;
	o->by_customer = strcmp(db_col_text(st, (*pos)++), "customer") == 0;
	o->partner_pk = db_col_i64(st, (*pos)++);
	o->customer_pk = db_col_i64(st, (*pos)++);
	o->customer_name = db_col_dup(st, (*pos)++, a);
	o->billing_account_pk = db_col_i64(st, (*pos)++);
	o->placed_by_user_pk = db_col_i64(st, (*pos)++);
	o->placed_by_email = db_col_dup(st, (*pos)++, a);
	o->placed_by_name = db_col_dup(st, (*pos)++, a);
	db_col_copy(st, (*pos)++, currency, sizeof(currency));
	total_minor = db_col_i64(st, (*pos)++);
	o->total = money_make(total_minor, currency);
	o->quote_site_pk = db_col_i64(st, (*pos)++);
	o->quote_tech_name = db_col_dup(st, (*pos)++, a);
	o->quote_tech_email = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

enum tess_err store_billing_order_get(struct store_conn *c, int64_t pk, struct arena *a,
                                      struct billing_order *out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_ORDER_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	return db_read_one(st, a, row_billing_order, out);
}

/* Reads BILLING_LINE_COLS. */
static enum tess_err row_billing_line(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct billing_line *l = out;
	int64_t unit_minor, amount_minor;
	char cur[4];
	l->pk = db_col_i64(st, (*pos)++);
	l->line_no = (int32_t)db_col_i64(st, (*pos)++);
	l->action = db_col_dup(st, (*pos)++, a);
	l->product_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->product_id, sizeof(l->product_id));
	l->product_code = db_col_dup(st, (*pos)++, a);
	l->product_name = db_col_dup(st, (*pos)++, a);
	if (!product_kind_parse(db_col_text(st, (*pos)++), &l->product_kind) ||
	    !hosting_parse(db_col_text(st, (*pos)++), &l->hosting) ||
	    !edition_parse(db_col_text(st, (*pos)++), &l->edition))
		return TESS_ERR_INTERNAL;
	l->user_tier = (int32_t)db_col_i64(st, (*pos)++);
	if (!billing_period_parse(db_col_text(st, (*pos)++), &l->period))
		return TESS_ERR_INTERNAL;
	l->quantity = (int32_t)db_col_i64(st, (*pos)++);
	l->subscription_pk = db_col_i64(st, (*pos)++);
	l->license_pk = db_col_i64(st, (*pos)++);
	unit_minor = db_col_i64(st, (*pos)++);
	amount_minor = db_col_i64(st, (*pos)++);
	l->at_term_end = strcmp(db_col_text(st, (*pos)++), "term_end") == 0;
	l->instructions = db_col_dup(st, (*pos)++, a);
	db_col_copy(st, (*pos)++, cur, sizeof(cur));
	l->unit = money_make(unit_minor, cur);
	l->amount = money_make(amount_minor, cur);
	return TESS_OK;
}

enum tess_err store_billing_order_lines(struct store_conn *c, int64_t order_pk, struct arena *a,
                                        struct billing_line **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_ORDER_LINES);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL)
		db_bind_i64(st, 1, order_pk);
	err = db_read_all(st, a, row_billing_line, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_billing_order_set_status(struct store_conn *c, int64_t pk,
                                             enum order_status status, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_ORDER_SET_STATUS);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	db_bind_text(st, 2, order_status_name(status));
	db_bind_ts(st, 3, now);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_NOT_FOUND;
	return err;
}

enum tess_err store_billing_line_set_result(struct store_conn *c, int64_t line_pk,
                                            int64_t subscription_pk, int64_t license_pk)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LINE_SET_RESULT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, line_pk);
	db_bind_i64(st, 2, subscription_pk);
	db_bind_i64(st, 3, license_pk);
	return db_run(st);
}

/* ---- Subscriptions ---- */

enum tess_err store_billing_sub_get_pk(struct store_conn *c, int64_t pk, struct arena *a,
                                       struct subscription *out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_SUB_GET_PK);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	return db_read_one(st, a, row_subscription, out);
}

enum tess_err store_billing_sub_update(struct store_conn *c, const struct subscription *s,
                                       int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_SUB_UPDATE);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, s->pk);
	db_bind_text(st, 2, edition_name(s->edition));
	db_bind_i64(st, 3, s->user_tier);
	db_bind_i64(st, 4, s->quantity);
	db_bind_date(st, 5, s->start_date);
	db_bind_date(st, 6, s->period_end);
	db_bind_i64(st, 7, s->unit_price.minor);
	db_bind_ts(st, 8, now);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_NOT_FOUND;
	return err;
}

enum tess_err store_billing_sub_first_payment(struct store_conn *c, int64_t sub_pk, tdate *out,
                                              bool *found)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_SUB_FIRST_PAYMENT);
	enum tess_err err;
	*found = false;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, sub_pk);
	err = db_one_row(db_step(st));
	if (err == TESS_OK && !db_col_null(st, 0)) {
		*out = db_col_date(st, 0);
		*found = true;
	}
	db_done(st);
	return err == TESS_ERR_NOT_FOUND ? TESS_OK : err;
}

/* Reads every row of a statement selecting CONTACT_COLS. */
static enum tess_err read_contacts(struct db_stmt *st, struct arena *a, struct contact **out,
                                   size_t *n)
{
	void *items = NULL;
	enum tess_err err = db_read_all(st, a, row_contact, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_billing_customer_tech_contacts(struct store_conn *c, int64_t customer_pk,
                                                   struct arena *a, struct contact **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_CUSTOMER_TECH_CONTACTS);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, customer_pk);
	return read_contacts(st, a, out, n);
}

/* ---- Invoices ---- */

/* Reads INVOICE_COLS. */
static enum tess_err row_invoice(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct invoice *v = out;
	int64_t net_minor, tax_minor, total_minor;
	char cur[4];
	memset(v, 0, sizeof(*v));
	v->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, v->id, sizeof(v->id));
	v->number = db_col_dup(st, (*pos)++, a);
	v->order_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, v->order_id, sizeof(v->order_id));
	v->order_number = db_col_dup(st, (*pos)++, a);
	if (!order_status_parse(db_col_text(st, (*pos)++), &v->order_status))
		return TESS_ERR_INTERNAL;
	v->partner_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, v->partner_id, sizeof(v->partner_id));
	v->partner_name = db_col_dup(st, (*pos)++, a);
	v->customer_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, v->customer_id, sizeof(v->customer_id));
	v->customer_name = db_col_dup(st, (*pos)++, a);
	db_col_copy(st, (*pos)++, v->billing_account_id, sizeof(v->billing_account_id));
	db_col_copy(st, (*pos)++, cur, sizeof(cur));
	net_minor = db_col_i64(st, (*pos)++);
	tax_minor = db_col_i64(st, (*pos)++);
	total_minor = db_col_i64(st, (*pos)++);
	v->net = money_make(net_minor, cur);
	v->tax = money_make(tax_minor, cur);
	v->total = money_make(total_minor, cur);
	v->tax_rate_ppm = db_col_i64(st, (*pos)++);
	v->net30 = strcmp(db_col_text(st, (*pos)++), "net30") == 0;
	v->issued_on = db_col_date(st, (*pos)++);
	v->due_on = db_col_date(st, (*pos)++);
	if (!invoice_status_parse(db_col_text(st, (*pos)++), &v->status))
		return TESS_ERR_INTERNAL;
	v->paid_on = db_col_null(st, *pos) ? 0 : db_col_date(st, *pos);
	(*pos)++;
	v->created_at = db_col_ts(st, (*pos)++);
	return TESS_OK;
}

enum tess_err store_invoice_list(struct store_conn *c, struct tenancy t, const char *status,
                                 int64_t after_pk, int limit, struct arena *a,
                                 struct invoice **out, size_t *n, bool *more)
{
	const struct invoice_filter f = {status, 0, false, after_pk, limit};
	return store_invoice_page(c, t, &f, a, out, n, more);
}

enum tess_err store_invoice_page(struct store_conn *c, struct tenancy t,
                                 const struct invoice_filter *f, struct arena *a,
                                 struct invoice **out, size_t *n, bool *more)
{
	/* [leading column][newest]: the index each statement walks. */
	static const enum stmt_id lists[4][2] = {
	    {STMT_BILLING_INVOICE_LIST, STMT_BILLING_INVOICE_LIST_NEWEST},
	    {STMT_BILLING_INVOICE_LIST_PARTNER, STMT_BILLING_INVOICE_LIST_PARTNER_NEWEST},
	    {STMT_BILLING_INVOICE_LIST_CUSTOMER, STMT_BILLING_INVOICE_LIST_CUSTOMER_NEWEST},
	    {STMT_BILLING_INVOICE_LIST_PARTNER_STATUS,
	     STMT_BILLING_INVOICE_LIST_PARTNER_STATUS_NEWEST},
	};
	int shape = f->customer_pk != 0 ? 2
	            : t.partner_pk != 0 ? (f->status != NULL ? 3 : 1)
	                                : 0;
	struct db_stmt *st = db_prepared(c, lists[shape][f->newest ? 1 : 0]);
	void *items = NULL;
	enum tess_err err;

	if (st != NULL) {
		db_bind_text(st, 5, f->status != NULL ? f->status : "");
		db_bind_i64(st, 6, f->customer_pk);
	}
	err = db_read_tenancy_page(st, t, db_page_from(f->after_pk, f->newest), f->limit, a,
	                           row_invoice, sizeof(**out), &items, n, more);
	*out = items;
	return err;
}

enum tess_err store_invoice_get(struct store_conn *c, struct tenancy t, const char *id,
                                struct arena *a, struct invoice *out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_INVOICE_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_invoice, out);
}

enum tess_err store_invoice_set_status(struct store_conn *c, int64_t pk, enum invoice_status status,
                                       tdate paid_on)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_INVOICE_SET_STATUS);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	db_bind_text(st, 2, invoice_status_name(status));
	if (paid_on == 0)
		db_bind_null(st, 3);
	else
		db_bind_date(st, 3, paid_on);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_NOT_FOUND;
	return err;
}

/* ---- Payments, refunds, credit notes ---- */

enum tess_err store_payment_insert(struct store_conn *c, struct payment *p)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_PAYMENT_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("pay", p->id);
	db_bind_text(st, 1, p->id);
	db_bind_i64(st, 2, p->invoice_pk);
	db_bind_text(st, 3, payment_method_name(p->method));
	db_bind_i64(st, 4, p->amount.minor);
	db_bind_text(st, 5, p->amount.currency);
	db_bind_date(st, 6, p->paid_on);
	db_bind_text(st, 7, p->reference != NULL ? p->reference : "");
	db_bind_i64(st, 8, p->recorded_by_user_pk);
	db_bind_ts(st, 9, p->created_at);
	return db_insert(st, &p->pk);
}

/* Reads PAYMENT_COLS. */
static enum tess_err row_payment(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct payment *pm = out;
	int64_t amount_minor;
	memset(pm, 0, sizeof(*pm));
	pm->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, pm->id, sizeof(pm->id));
	pm->invoice_pk = db_col_i64(st, (*pos)++);
	if (!payment_method_parse(db_col_text(st, (*pos)++), &pm->method))
		return TESS_ERR_INTERNAL;
	amount_minor = db_col_i64(st, (*pos)++);
	pm->amount = money_make(amount_minor, db_col_text(st, (*pos)++));
	pm->paid_on = db_col_date(st, (*pos)++);
	pm->reference = db_col_dup(st, (*pos)++, a);
	pm->recorded_by_user_pk = db_col_i64(st, (*pos)++);
	pm->created_at = db_col_ts(st, (*pos)++);
	return TESS_OK;
}

enum tess_err store_payment_for_invoice(struct store_conn *c, int64_t invoice_pk, struct arena *a,
                                        struct payment *out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_PAYMENT_FOR_INVOICE);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, invoice_pk);
	return db_read_one(st, a, row_payment, out);
}

enum tess_err store_refund_insert(struct store_conn *c, struct refund *r, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_REFUND_INSERT);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("ref", r->id);
	db_bind_text(st, 1, r->id);
	db_bind_i64(st, 2, r->invoice_pk);
	db_bind_i64(st, 3, r->payment_pk);
	db_bind_i64(st, 4, r->amount.minor);
	db_bind_text(st, 5, r->amount.currency);
	db_bind_text(st, 6, r->reason != NULL ? r->reason : "");
	db_bind_date(st, 7, r->refunded_on);
	db_bind_i64(st, 8, r->requested_by_user_pk);
	db_bind_ts(st, 9, now);
	err = db_insert(st, &r->pk);
	if (err == TESS_OK)
		err = store_next_number(c, SERIES_CREDIT_NOTE, r->credit_note_number);
	if (err != TESS_OK)
		return err;
	st = db_prepared(c, STMT_BILLING_CREDIT_NOTE_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("cn", r->credit_note_id);
	db_bind_text(st, 1, r->credit_note_id);
	db_bind_text(st, 2, r->credit_note_number);
	db_bind_i64(st, 3, r->invoice_pk);
	db_bind_i64(st, 4, r->pk);
	db_bind_i64(st, 5, r->amount.minor);
	db_bind_text(st, 6, r->amount.currency);
	db_bind_date(st, 7, r->refunded_on);
	db_bind_ts(st, 8, now);
	r->created_at = now;
	return db_run(st);
}

/* Reads REFUND_COLS. */
static enum tess_err row_refund(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct refund *r = out;
	int64_t amount_minor;
	r->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, r->id, sizeof(r->id));
	r->invoice_pk = db_col_i64(st, (*pos)++);
	r->payment_pk = db_col_i64(st, (*pos)++);
	amount_minor = db_col_i64(st, (*pos)++);
	r->amount = money_make(amount_minor, db_col_text(st, (*pos)++));
	r->reason = db_col_dup(st, (*pos)++, a);
	r->refunded_on = db_col_date(st, (*pos)++);
	r->requested_by_user_pk = db_col_i64(st, (*pos)++);
	r->created_at = db_col_ts(st, (*pos)++);
	db_col_copy(st, (*pos)++, r->credit_note_id, sizeof(r->credit_note_id));
	db_col_copy(st, (*pos)++, r->credit_note_number, sizeof(r->credit_note_number));
	return TESS_OK;
}

enum tess_err store_refunds_for_invoice(struct store_conn *c, int64_t invoice_pk, struct arena *a,
                                        struct refund **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_REFUNDS_FOR_INVOICE);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL)
		db_bind_i64(st, 1, invoice_pk);
	err = db_read_all(st, a, row_refund, sizeof(**out), &items, n);
	*out = items;
	return err;
}

/* ---- Licenses ---- */

/* Reads LICENSE_COLS. */
static enum tess_err row_license(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct license *l = out;
	memset(l, 0, sizeof(*l));
	l->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->id, sizeof(l->id));
	l->sen = db_col_dup(st, (*pos)++, a);
	l->customer_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->customer_id, sizeof(l->customer_id));
	l->customer_name = db_col_dup(st, (*pos)++, a);
	l->partner_pk = db_col_i64(st, (*pos)++);
	l->purchaser_partner_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->purchaser_partner_id, sizeof(l->purchaser_partner_id));
	l->purchaser_partner_name = l->purchaser_partner_pk != 0 ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	l->order_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->order_id, sizeof(l->order_id));
	l->product_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->product_id, sizeof(l->product_id));
	l->product_code = db_col_dup(st, (*pos)++, a);
	l->product_name = db_col_dup(st, (*pos)++, a);
	if (!hosting_parse(db_col_text(st, (*pos)++), &l->hosting) ||
	    !edition_parse(db_col_text(st, (*pos)++), &l->edition))
		return TESS_ERR_INTERNAL;
	l->user_tier = (int32_t)db_col_i64(st, (*pos)++);
	l->license_key = db_col_dup(st, (*pos)++, a);
	l->maintenance_start = db_col_date(st, (*pos)++);
	l->maintenance_end = db_col_date(st, (*pos)++);
	if (!license_state_parse(db_col_text(st, (*pos)++), &l->state))
		return TESS_ERR_INTERNAL;
	l->created_at = db_col_ts(st, (*pos)++);
	l->updated_at = db_col_ts(st, (*pos)++);
	if (!product_kind_parse(db_col_text(st, (*pos)++), &l->product_kind))
		return TESS_ERR_INTERNAL;
	return TESS_OK;
}

static enum tess_err read_licenses(struct db_stmt *st, struct arena *a, struct license **out,
                                   size_t *n)
{
	void *items = NULL;
	enum tess_err err = TESS_OK;
	err = db_read_all(st, a, row_license, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_license_insert(struct store_conn *c, struct license *l, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LICENSE_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("lic", l->id);
	db_bind_text(st, 1, l->id);
	db_bind_text(st, 2, l->sen);
	db_bind_i64(st, 3, l->customer_pk);
	db_bind_opt_pk(st, 4, l->purchaser_partner_pk);
	db_bind_opt_pk(st, 5, l->order_pk);
	db_bind_i64(st, 6, l->product_pk);
	db_bind_text(st, 7, edition_name(l->edition));
	db_bind_i64(st, 8, l->user_tier);
	db_bind_text(st, 9, l->license_key);
	db_bind_date(st, 10, l->maintenance_start);
	db_bind_date(st, 11, l->maintenance_end);
	db_bind_text(st, 12, license_state_name(l->state));
	db_bind_ts(st, 13, now);
	l->created_at = now;
	l->updated_at = now;
	return db_insert(st, &l->pk);
}

enum tess_err store_license_get(struct store_conn *c, struct tenancy t, const char *id,
                                struct arena *a, struct license *out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LICENSE_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_license, out);
}

enum tess_err store_license_get_pk(struct store_conn *c, int64_t pk, struct arena *a,
                                   struct license *out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LICENSE_GET_PK);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	return db_read_one(st, a, row_license, out);
}

enum tess_err store_license_list(struct store_conn *c, struct tenancy t, int64_t after_pk,
                                 int limit, struct arena *a, struct license **out, size_t *n,
                                 bool *more)
{
	return store_license_page(c, t, 0, after_pk, limit, a, out, n, more);
}

enum tess_err store_license_page(struct store_conn *c, struct tenancy t, int64_t customer_pk,
                                 int64_t after_pk, int limit, struct arena *a,
                                 struct license **out, size_t *n, bool *more)
{
	struct db_stmt *st = db_prepared(c, customer_pk != 0 ? STMT_BILLING_LICENSE_LIST_CUSTOMER
	                                                     : STMT_BILLING_LICENSE_LIST);
	void *items = NULL;
	enum tess_err err;

	if (st != NULL && customer_pk != 0)
		db_bind_i64(st, 5, customer_pk);
	err = db_read_tenancy_page(st, t, after_pk, limit, a, row_license, sizeof(**out), &items, n,
	                           more);
	*out = items;
	return err;
}

enum tess_err store_licenses_for_order(struct store_conn *c, int64_t order_pk, struct arena *a,
                                       struct license **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LICENSES_FOR_ORDER);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, order_pk);
	return read_licenses(st, a, out, n);
}

enum tess_err store_license_update(struct store_conn *c, const struct license *l, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LICENSE_UPDATE);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, l->pk);
	db_bind_text(st, 2, edition_name(l->edition));
	db_bind_i64(st, 3, l->user_tier);
	db_bind_date(st, 4, l->maintenance_end);
	db_bind_text(st, 5, l->license_key);
	db_bind_text(st, 6, license_state_name(l->state));
	db_bind_ts(st, 7, now);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_NOT_FOUND;
	return err;
}

enum tess_err store_license_contact_add(struct store_conn *c, int64_t license_pk,
                                        int64_t contact_pk, enum contact_role role)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LICENSE_CONTACT_ADD);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, license_pk);
	db_bind_i64(st, 2, contact_pk);
	db_bind_text(st, 3, contact_role_name(role));
	return db_run(st);
}

/* Reads LICENSE_CONTACT_COLS. */
static enum tess_err row_license_contact(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct license_contact *lc = out;
	enum tess_err err = row_contact(st, pos, a, &lc->contact);
	if (err == TESS_OK)
		lc->user_pk = db_col_i64(st, (*pos)++);
	return err;
}

enum tess_err store_license_contacts(struct store_conn *c, int64_t license_pk, struct arena *a,
                                     struct license_contact **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_LICENSE_CONTACTS);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL)
		db_bind_i64(st, 1, license_pk);
	err = db_read_all(st, a, row_license_contact, sizeof(**out), &items, n);
	*out = items;
	return err;
}
