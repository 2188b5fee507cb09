/* Orders: quotes read for ordering, orders and lines, status changes, invoices issued. */
#include <string.h>

#include "store/db.h"
#include "store/orders_rows.h"
#include "store/store.h"

/* Binds a date that may be 0 (= none) as NULL. */
static void bind_opt_date(struct db_stmt *st, int i, tdate d)
{
	if (d == 0)
		db_bind_null(st, i);
	else
		db_bind_date(st, i, d);
}

static tdate col_opt_date(struct db_stmt *st, int i)
{
	return db_col_null(st, i) ? 0 : db_col_date(st, i);
}

/* ---- Quotes ---- */

/* Reads ORDER_QUOTE_COLS. */
static enum tess_err row_order_quote(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct order_quote *q = out;
	memset(q, 0, sizeof(*q));
	q->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, q->id, sizeof(q->id));
	q->number = db_col_dup(st, (*pos)++, a);
	q->partner_pk = db_col_i64(st, (*pos)++);
	q->customer_pk = db_col_i64(st, (*pos)++);
	q->billing_account_pk = db_col_i64(st, (*pos)++);
	if (!quote_status_parse(db_col_text(st, (*pos)++), &q->status))
		return TESS_ERR_INTERNAL;
	db_col_copy(st, (*pos)++, q->currency, sizeof(q->currency));
	q->notes = db_col_dup(st, (*pos)++, a);
	q->coterm_end = col_opt_date(st, (*pos)++);
	q->tax_rate_ppm = (int32_t)db_col_i64(st, (*pos)++);
	q->subtotal = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->discount = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->markup = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->net = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->tax = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->total = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->expires_on = db_col_date(st, (*pos)++);
	return TESS_OK;
}

enum tess_err store_order_quote_get(struct store_conn *c, struct tenancy t, const char *id,
				    struct arena *a, struct order_quote *out)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_QUOTE_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_order_quote, out);
}

/* Reads ORDER_QUOTE_LINE_COLS. */
static enum tess_err row_order_quote_line(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct order_quote_line *l = out;
	(void)a;
	l->line_no = (int32_t)db_col_i64(st, (*pos)++);
	if (!order_line_action_parse(db_col_text(st, (*pos)++), &l->action))
		return TESS_ERR_INTERNAL;
	l->product_pk = db_col_i64(st, (*pos)++);
	if (!hosting_parse(db_col_text(st, (*pos)++), &l->hosting) ||
	    !edition_parse(db_col_text(st, (*pos)++), &l->edition))
		return TESS_ERR_INTERNAL;
	l->user_tier = (int32_t)db_col_i64(st, (*pos)++);
	if (!billing_period_parse(db_col_text(st, (*pos)++), &l->period))
		return TESS_ERR_INTERNAL;
	l->quantity = (int32_t)db_col_i64(st, (*pos)++);
	l->subscription_pk = db_col_i64(st, (*pos)++);
	l->license_pk = db_col_i64(st, (*pos)++);
	l->start_date = col_opt_date(st, (*pos)++);
	l->end_date = col_opt_date(st, (*pos)++);
	char currency[4];
	db_col_copy(st, (*pos)++, currency, sizeof(currency));
	l->list = money_make(db_col_i64(st, (*pos)++), currency);
	l->discount = money_make(db_col_i64(st, (*pos)++), currency);
	l->markup = money_make(db_col_i64(st, (*pos)++), currency);
	l->amount = money_make(db_col_i64(st, (*pos)++), currency);
	return TESS_OK;
}

enum tess_err store_order_quote_lines(struct store_conn *c, int64_t quote_pk, struct arena *a,
				      struct order_quote_line **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_QUOTE_LINES);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL) {
		db_bind_i64(st, 1, quote_pk);
	}
	err = db_read_all(st, a, row_order_quote_line, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_order_quote_mark_ordered(struct store_conn *c, int64_t quote_pk)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_QUOTE_MARK_ORDERED);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, quote_pk);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_CONFLICT;
	return err;
}

/* ---- Orders ---- */

/* Reads the columns of ORDER_COLS that come from the order's invoice, if it has one. */
static void row_order_invoice(struct db_stmt *st, int *pos, struct arena *a, struct order *o)
{
	o->invoice_pk = db_col_null(st, *pos) ? 0 : db_col_i64(st, *pos);
	(*pos)++;
	/* Without an invoice every column is NULL: ids copy as "", dates read as 0. */
	db_col_copy(st, (*pos)++, o->invoice_id, sizeof(o->invoice_id));
	o->invoice_number = o->invoice_pk != 0 ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	o->invoice_status = o->invoice_pk != 0 ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	o->invoice_terms = o->invoice_pk != 0 ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	o->invoice_issued_on = db_col_date(st, (*pos)++);
	o->invoice_due_on = db_col_date(st, (*pos)++);
}

/* Reads ORDER_COLS. */
static enum tess_err row_order(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct order *o = out;
	memset(o, 0, sizeof(*o));
	o->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->id, sizeof(o->id));
	o->number = db_col_dup(st, (*pos)++, a);
	o->quote_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->quote_id, sizeof(o->quote_id));
	if (!order_origin_parse(db_col_text(st, (*pos)++), &o->origin))
		return TESS_ERR_INTERNAL;
	o->partner_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->partner_id, sizeof(o->partner_id));
	o->partner_name = db_col_dup(st, (*pos)++, a);
	o->customer_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->customer_id, sizeof(o->customer_id));
	o->customer_name = db_col_dup(st, (*pos)++, a);
	o->billing_account_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->billing_account_id, sizeof(o->billing_account_id));
	o->placed_by_user_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->placed_by_user_id, sizeof(o->placed_by_user_id));
	o->placed_by_name = db_col_dup(st, (*pos)++, a);
	o->placed_by_email = db_col_dup(st, (*pos)++, a);
	if (!order_status_parse(db_col_text(st, (*pos)++), &o->status))
		return TESS_ERR_INTERNAL;
	o->has_payment_method = !db_col_null(st, *pos);
	if (o->has_payment_method &&
	    !payment_method_parse(db_col_text(st, *pos), &o->payment_method))
		return TESS_ERR_INTERNAL;
	(*pos)++;
	db_col_copy(st, (*pos)++, o->currency, sizeof(o->currency));
	o->notes = db_col_dup(st, (*pos)++, a);
	o->coterm_end = col_opt_date(st, (*pos)++);
	o->needs_review = db_col_i64(st, (*pos)++) != 0;
	o->tax_rate_ppm = (int32_t)db_col_i64(st, (*pos)++);
	o->subtotal = money_make(db_col_i64(st, (*pos)++), o->currency);
	o->discount = money_make(db_col_i64(st, (*pos)++), o->currency);
	o->markup = money_make(db_col_i64(st, (*pos)++), o->currency);
	o->net = money_make(db_col_i64(st, (*pos)++), o->currency);
	o->tax = money_make(db_col_i64(st, (*pos)++), o->currency);
	o->total = money_make(db_col_i64(st, (*pos)++), o->currency);
	o->decision_note = db_col_dup(st, (*pos)++, a);
	o->created_at = db_col_ts(st, (*pos)++);
	o->updated_at = db_col_ts(st, (*pos)++);
	row_order_invoice(st, pos, a, o);
	o->all_published = db_col_i64(st, (*pos)++) != 0;
	return TESS_OK;
}

enum tess_err store_order_insert(struct store_conn *c, struct order *o,
				 const struct order_line *lines, size_t n, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_INSERT);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("ord", o->id);
	o->created_at = now;
	o->updated_at = now;
	db_bind_text(st, 1, o->id);
	db_bind_text(st, 2, o->number);
	db_bind_opt_pk(st, 3, o->quote_pk);
	db_bind_text(st, 4, order_origin_name(o->origin));
	db_bind_i64(st, 5, o->partner_pk);
	db_bind_i64(st, 6, o->customer_pk);
	db_bind_i64(st, 7, o->billing_account_pk);
	db_bind_i64(st, 8, o->placed_by_user_pk);
	db_bind_text(st, 9, order_status_name(o->status));
	db_bind_text(st, 10, o->has_payment_method ? payment_method_name(o->payment_method) : NULL);
	db_bind_text(st, 11, o->currency);
	db_bind_text(st, 12, o->notes != NULL ? o->notes : "");
	bind_opt_date(st, 13, o->coterm_end);
	db_bind_i64(st, 14, o->needs_review ? 1 : 0);
	db_bind_i64(st, 15, o->tax_rate_ppm);
	db_bind_i64(st, 16, o->subtotal.minor);
	db_bind_i64(st, 17, o->discount.minor);
	db_bind_i64(st, 18, o->markup.minor);
	db_bind_i64(st, 19, o->net.minor);
	db_bind_i64(st, 20, o->tax.minor);
	db_bind_i64(st, 21, o->total.minor);
	db_bind_ts(st, 22, now);
	err = db_insert(st, &o->pk);
	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		const struct order_line *l = &lines[i];
		st = db_prepared(c, STMT_ORDER_LINE_INSERT);
		if (st == NULL)
			return TESS_ERR_INTERNAL;
		db_bind_i64(st, 1, o->pk);
		db_bind_i64(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, order_line_action_name(l->action));
		db_bind_i64(st, 4, l->product_pk);
		db_bind_text(st, 5, edition_name(l->edition));
		db_bind_i64(st, 6, l->user_tier);
		db_bind_text(st, 7, billing_period_name(l->period));
		db_bind_i64(st, 8, l->quantity);
		db_bind_opt_pk(st, 9, l->subscription_pk);
		db_bind_opt_pk(st, 10, l->license_pk);
		bind_opt_date(st, 11, l->start_date);
		bind_opt_date(st, 12, l->end_date);
		db_bind_i64(st, 13, l->published ? 1 : 0);
		db_bind_i64(st, 14, l->unit.minor);
		db_bind_i64(st, 15, l->list.minor);
		db_bind_i64(st, 16, l->discount.minor);
		db_bind_i64(st, 17, l->markup.minor);
		db_bind_i64(st, 18, l->amount.minor);
		db_bind_text(st, 19, !l->has_effective ? NULL
				     : l->effective == CANCEL_AT_TERM_END ? "term_end"
									  : "now");
		db_bind_text(st, 20, l->instructions != NULL ? l->instructions : "");
		err = db_run(st);
	}
	return err;
}

enum tess_err store_order_get(struct store_conn *c, struct tenancy t, const char *id,
			      struct arena *a, struct order *out)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_order, out);
}

/* Reads ORDER_LINE_COLS. */
static enum tess_err row_order_line(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct order_line *l = out;
	memset(l, 0, sizeof(*l));
	l->pk = db_col_i64(st, (*pos)++);
	l->line_no = (int32_t)db_col_i64(st, (*pos)++);
	if (!order_line_action_parse(db_col_text(st, (*pos)++), &l->action))
		return TESS_ERR_INTERNAL;
	l->product_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->product_id, sizeof(l->product_id));
	l->product_name = db_col_dup(st, (*pos)++, a);
	if (!hosting_parse(db_col_text(st, (*pos)++), &l->hosting) ||
	    !product_kind_parse(db_col_text(st, (*pos)++), &l->product_kind) ||
	    !edition_parse(db_col_text(st, (*pos)++), &l->edition))
		return TESS_ERR_INTERNAL;
	l->user_tier = (int32_t)db_col_i64(st, (*pos)++);
	if (!billing_period_parse(db_col_text(st, (*pos)++), &l->period))
		return TESS_ERR_INTERNAL;
	l->quantity = (int32_t)db_col_i64(st, (*pos)++);
	l->subscription_pk = db_col_null(st, *pos) ? 0 : db_col_i64(st, *pos);
	(*pos)++;
	db_col_copy(st, (*pos)++, l->subscription_id, sizeof(l->subscription_id));
	l->license_pk = db_col_null(st, *pos) ? 0 : db_col_i64(st, *pos);
	(*pos)++;
	l->start_date = col_opt_date(st, (*pos)++);
	l->end_date = col_opt_date(st, (*pos)++);
	l->published = db_col_i64(st, (*pos)++) != 0;
	char currency[4];
	db_col_copy(st, (*pos)++, currency, sizeof(currency));
	l->unit = money_make(db_col_i64(st, (*pos)++), currency);
	l->list = money_make(db_col_i64(st, (*pos)++), currency);
	l->discount = money_make(db_col_i64(st, (*pos)++), currency);
	l->markup = money_make(db_col_i64(st, (*pos)++), currency);
	l->amount = money_make(db_col_i64(st, (*pos)++), currency);
	l->has_effective = !db_col_null(st, *pos);
	l->effective =
	    strcmp(db_col_text(st, (*pos)++), "term_end") == 0 ? CANCEL_AT_TERM_END : CANCEL_NOW;
	l->instructions = db_col_dup(st, (*pos)++, a);
	l->product_code = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

enum tess_err store_order_lines(struct store_conn *c, int64_t order_pk, struct arena *a,
				struct order_line **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_LINES);
	void *items = NULL;
	enum tess_err err = TESS_OK;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, order_pk);
	err = db_read_all(st, a, row_order_line, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_order_list(struct store_conn *c, struct tenancy t,
			       const struct order_filter *f, struct arena *a, struct order **out,
			       size_t *n, bool *more)
{
	/* [leading column][newest]: the index each statement walks. */
	static const enum stmt_id lists[7][2] = {
	    {STMT_ORDER_LIST, STMT_ORDER_LIST_NEWEST},
	    {STMT_ORDER_LIST_PARTNER, STMT_ORDER_LIST_PARTNER_NEWEST},
	    {STMT_ORDER_LIST_CUSTOMER, STMT_ORDER_LIST_CUSTOMER_NEWEST},
	    {STMT_ORDER_LIST_STATUS, STMT_ORDER_LIST_STATUS_NEWEST},
	    {STMT_ORDER_LIST_PARTNER_STATUS, STMT_ORDER_LIST_PARTNER_STATUS_NEWEST},
	    {STMT_ORDER_LIST_PARTNER_ORIGIN, STMT_ORDER_LIST_PARTNER_ORIGIN_NEWEST},
	    {STMT_ORDER_LIST_ORIGIN, STMT_ORDER_LIST_ORIGIN_NEWEST},
	};
	int64_t customer = t.customer_pk != 0 ? t.customer_pk : f->customer_pk;
	struct db_stmt *st;
	void *items = NULL;
	enum tess_err err = TESS_OK;
	int shape;

	*out = NULL;
	*n = 0;
	*more = false;
	/* A customer filter inside a customer's tenancy narrows it, never widens it. */
	if (t.customer_pk != 0 && f->customer_pk != 0 && f->customer_pk != t.customer_pk)
		return TESS_OK;
	/*
	 * The narrowest known columns pick the index: a customer's orders are
	 * few; a status (a queue) is narrower than an origin.
	 */
	if (customer != 0)
		shape = 2;
	else if (t.partner_pk != 0)
		shape = f->by_status ? 4 : f->by_origin ? 5 : 1;
	else
		shape = f->by_status ? 3 : f->by_origin ? 6 : 0;
	st = db_prepared(c, lists[shape][f->newest ? 1 : 0]);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, (struct tenancy){t.partner_pk, customer});
	db_bind_i64(st, 3, db_page_from(f->after_pk, f->newest));
	db_bind_text(st, 4, f->by_status ? order_status_name(f->status) : "");
	/* One row more than asked tells whether another page follows. */
	db_bind_i64(st, 5, f->limit + 1);
	db_bind_text(st, 6, f->by_origin ? order_origin_name(f->origin) : "");
	err = db_read_all(st, a, row_order, sizeof(**out), &items, n);
	*out = items;
	db_page_trim(n, f->limit, more);
	return err;
}

enum tess_err store_order_set_status(struct store_conn *c, int64_t pk, enum order_status from,
				     enum order_status to, int64_t decided_by_user_pk,
				     const char *note, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_SET_STATUS);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	db_bind_text(st, 2, order_status_name(from));
	db_bind_text(st, 3, order_status_name(to));
	db_bind_opt_pk(st, 4, decided_by_user_pk);
	db_bind_text(st, 5, note);
	db_bind_ts(st, 6, now);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_CONFLICT;
	return err;
}

enum tess_err store_order_invoice_insert(struct store_conn *c, struct order_invoice_new *inv,
					 int64_t now)
{
	struct db_stmt *st;
	enum tess_err err = store_next_number(c, SERIES_INVOICE, inv->number);
	if (err != TESS_OK)
		return err;
	st = db_prepared(c, STMT_ORDER_INVOICE_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("inv", inv->id);
	db_bind_text(st, 1, inv->id);
	db_bind_text(st, 2, inv->number);
	db_bind_i64(st, 3, inv->order_pk);
	db_bind_i64(st, 4, inv->partner_pk);
	db_bind_i64(st, 5, inv->customer_pk);
	db_bind_i64(st, 6, inv->billing_account_pk);
	db_bind_text(st, 7, inv->total.currency);
	db_bind_i64(st, 8, inv->net.minor);
	db_bind_i64(st, 9, inv->tax.minor);
	db_bind_i64(st, 10, inv->total.minor);
	db_bind_text(st, 11, inv->net30 ? "net30" : "due_on_receipt");
	db_bind_date(st, 12, inv->issued_on);
	db_bind_date(st, 13, inv->due_on);
	db_bind_ts(st, 14, now);
	return db_insert(st, &inv->pk);
}

/* Reads one text column. */
static enum tess_err row_text(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	*(const char **)out = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

enum tess_err store_order_customer_recipients(struct store_conn *c, int64_t customer_pk,
					      struct arena *a, const char ***out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_ORDER_CUSTOMER_RECIPIENTS);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL) {
		db_bind_i64(st, 1, customer_pk);
	}
	err = db_read_all(st, a, row_text, sizeof(**out), &items, n);
	*out = items;
	return err;
}
