/* Quotes: inserts of a priced quote and its lines, tenant-scoped reads, status moves. */
#include <string.h>

#include "store/db.h"
#include "store/quotes_rows.h"
#include "store/store.h"

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

enum tess_err store_quote_insert(struct store_conn *c, struct quote *q)
{
	struct db_stmt *st = db_prepared(c, STMT_QUOTE_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("quo", q->id);
	db_bind_text(st, 1, q->id);
	db_bind_text(st, 2, q->number);
	db_bind_i64(st, 3, q->partner_pk);
	db_bind_i64(st, 4, q->customer_pk);
	db_bind_i64(st, 5, q->billing_account_pk);
	db_bind_opt_pk(st, 6, q->site_pk);
	db_bind_i64(st, 7, q->created_by_user_pk);
	db_bind_text(st, 8, quote_status_name(q->status));
	db_bind_text(st, 9, q->currency);
	db_bind_text(st, 10, or_empty(q->notes));
	if (q->coterm_end != 0)
		db_bind_date(st, 11, q->coterm_end);
	else
		db_bind_null(st, 11);
	db_bind_text(st, 12, or_empty(q->technical_contact_name));
	db_bind_text(st, 13, or_empty(q->technical_contact_email));
	db_bind_text(st, 14, or_empty(q->tax_country));
	db_bind_text(st, 15, or_empty(q->tax_state));
	db_bind_i64(st, 16, q->tax_rate_ppm);
	db_bind_text(st, 17, or_empty(q->tax_label));
	db_bind_i64(st, 18, q->subtotal.minor);
	db_bind_i64(st, 19, q->discount.minor);
	db_bind_i64(st, 20, q->markup.minor);
	db_bind_i64(st, 21, q->net.minor);
	db_bind_i64(st, 22, q->tax.minor);
	db_bind_i64(st, 23, q->total.minor);
	db_bind_date(st, 24, q->expires_on);
	db_bind_ts(st, 25, q->created_at);
	return db_insert(st, &q->pk);
}

enum tess_err store_quote_line_insert(struct store_conn *c, int64_t quote_pk, struct quote_line *l)
{
	struct db_stmt *st = db_prepared(c, STMT_QUOTE_LINE_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, quote_pk);
	db_bind_i64(st, 2, l->line_no);
	db_bind_text(st, 3, order_line_action_name(l->action));
	db_bind_i64(st, 4, l->product_pk);
	db_bind_text(st, 5, edition_name(l->edition));
	db_bind_i64(st, 6, l->user_tier);
	db_bind_text(st, 7, billing_period_name(l->period));
	db_bind_i64(st, 8, l->quantity);
	db_bind_opt_pk(st, 9, l->subscription_pk);
	db_bind_date(st, 10, l->start_date);
	db_bind_date(st, 11, l->end_date);
	db_bind_i64(st, 12, l->list.minor);
	db_bind_text(st, 13, or_empty(l->eligibility_kind));
	db_bind_i64(st, 14, l->eligibility_bp);
	db_bind_i64(st, 15, l->eligibility_discount.minor);
	db_bind_i64(st, 16, l->tier_bp);
	db_bind_i64(st, 17, l->tier_discount.minor);
	db_bind_i64(st, 18, l->markup.minor);
	db_bind_i64(st, 19, l->amount.minor);
	return db_insert(st, &l->pk);
}

/* Reads QUOTE_COLS. */
static enum tess_err row_quote(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct quote *q = out;
	memset(q, 0, sizeof(*q));
	q->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, q->id, sizeof(q->id));
	q->number = db_col_dup(st, (*pos)++, a);
	q->partner_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, q->partner_id, sizeof(q->partner_id));
	q->partner_name = db_col_dup(st, (*pos)++, a);
	q->customer_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, q->customer_id, sizeof(q->customer_id));
	q->customer_name = db_col_dup(st, (*pos)++, a);
	q->billing_account_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, q->billing_account_id, sizeof(q->billing_account_id));
	q->billing_account_name = db_col_dup(st, (*pos)++, a);
	q->site_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, q->site_id, sizeof(q->site_id));
	q->site_url = q->site_pk != 0 ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	q->created_by_user_pk = db_col_i64(st, (*pos)++);
	q->created_by_name = db_col_dup(st, (*pos)++, a);
	q->created_by_email = db_col_dup(st, (*pos)++, a);
	if (!quote_status_parse(db_col_text(st, (*pos)++), &q->status))
		return TESS_ERR_INTERNAL;
	db_col_copy(st, (*pos)++, q->currency, sizeof(q->currency));
	q->notes = db_col_dup(st, (*pos)++, a);
	q->coterm_end = db_col_null(st, *pos) ? 0 : db_col_date(st, *pos);
	(*pos)++;
	q->technical_contact_name = db_col_dup(st, (*pos)++, a);
	q->technical_contact_email = db_col_dup(st, (*pos)++, a);
	q->tax_country = db_col_dup(st, (*pos)++, a);
	q->tax_state = db_col_dup(st, (*pos)++, a);
	q->tax_rate_ppm = (int32_t)db_col_i64(st, (*pos)++);
	q->tax_label = db_col_dup(st, (*pos)++, a);
	q->subtotal = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->discount = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->markup = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->net = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->tax = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->total = money_make(db_col_i64(st, (*pos)++), q->currency);
	q->expires_on = db_col_date(st, (*pos)++);
	q->created_at = db_col_ts(st, (*pos)++);
	return TESS_OK;
}

/* Reads QUOTE_LINE_COLS. */
static enum tess_err row_quote_line(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct quote_line *l = out;
	memset(l, 0, sizeof(*l));
	l->pk = db_col_i64(st, (*pos)++);
	l->line_no = (int32_t)db_col_i64(st, (*pos)++);
	if (!order_line_action_parse(db_col_text(st, (*pos)++), &l->action))
		return TESS_ERR_INTERNAL;
	l->product_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->product_id, sizeof(l->product_id));
	l->product_code = db_col_dup(st, (*pos)++, a);
	l->product_name = db_col_dup(st, (*pos)++, a);
	if (!product_kind_parse(db_col_text(st, (*pos)++), &l->kind) ||
	    !hosting_parse(db_col_text(st, (*pos)++), &l->hosting) ||
	    !edition_parse(db_col_text(st, (*pos)++), &l->edition))
		return TESS_ERR_INTERNAL;
	l->user_tier = (int32_t)db_col_i64(st, (*pos)++);
	if (!billing_period_parse(db_col_text(st, (*pos)++), &l->period))
		return TESS_ERR_INTERNAL;
	l->quantity = (int32_t)db_col_i64(st, (*pos)++);
	l->subscription_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, l->subscription_id, sizeof(l->subscription_id));
	l->start_date = db_col_date(st, (*pos)++);
	l->end_date = db_col_date(st, (*pos)++);
	char currency[4];
	db_col_copy(st, (*pos)++, currency, sizeof(currency));
	l->list = money_make(db_col_i64(st, (*pos)++), currency);
	l->eligibility_kind = db_col_dup(st, (*pos)++, a);
	l->eligibility_bp = (int32_t)db_col_i64(st, (*pos)++);
	l->eligibility_discount = money_make(db_col_i64(st, (*pos)++), currency);
	l->tier_bp = (int32_t)db_col_i64(st, (*pos)++);
	l->tier_discount = money_make(db_col_i64(st, (*pos)++), currency);
	l->markup = money_make(db_col_i64(st, (*pos)++), currency);
	l->amount = money_make(db_col_i64(st, (*pos)++), currency);
	return TESS_OK;
}

enum tess_err store_quote_get(struct store_conn *c, struct tenancy t, const char *id,
                              struct arena *a, struct quote *out)
{
	struct db_stmt *st = db_prepared(c, STMT_QUOTE_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_quote, out);
}

enum tess_err store_quote_lines(struct store_conn *c, int64_t quote_pk, struct arena *a,
                                struct quote_line **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_QUOTE_LINES);
	void *items = NULL;
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, quote_pk);
	err = db_read_all(st, a, row_quote_line, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_quote_list(struct store_conn *c, struct tenancy t, const struct quote_filter *f,
                               struct arena *a, struct quote **out, size_t *n, bool *more)
{
	/* [leading column][newest]: the index each statement walks. */
	static const enum stmt_id lists[3][2] = {
	    {STMT_QUOTE_LIST, STMT_QUOTE_LIST_NEWEST},
	    {STMT_QUOTE_LIST_PARTNER, STMT_QUOTE_LIST_PARTNER_NEWEST},
	    {STMT_QUOTE_LIST_CUSTOMER, STMT_QUOTE_LIST_CUSTOMER_NEWEST},
	};
	int64_t customer = t.customer_pk != 0 ? t.customer_pk : f->customer_pk;
	struct db_stmt *st;
	void *items = NULL;
	enum tess_err err;

	*out = NULL;
	*n = 0;
	*more = false;
	/* A customer filter inside a customer's tenancy narrows it, never widens it. */
	if (t.customer_pk != 0 && f->customer_pk != 0 && f->customer_pk != t.customer_pk)
		return TESS_OK;
	st = db_prepared(c, lists[customer != 0 ? 2 : t.partner_pk != 0 ? 1 : 0][f->newest ? 1 : 0]);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, (struct tenancy){t.partner_pk, customer});
	db_bind_i64(st, 3, db_page_from(f->after_pk, f->newest));
	db_bind_text(st, 4, f->by_status ? quote_status_name(f->status) : "");
	db_bind_date(st, 5, f->today);
	/* One row more than asked tells whether another page follows. */
	db_bind_i64(st, 6, (int64_t)f->limit + 1);
	err = db_read_all(st, a, row_quote, sizeof(**out), &items, n);
	*out = items;
	db_page_trim(n, f->limit, more);
	return err;
}

enum tess_err store_quote_set_status(struct store_conn *c, int64_t pk, enum quote_status from,
                                     enum quote_status to)
{
	struct db_stmt *st = db_prepared(c, STMT_QUOTE_SET_STATUS);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	db_bind_text(st, 2, quote_status_name(from));
	db_bind_text(st, 3, quote_status_name(to));
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_CONFLICT;
	return err;
}

enum tess_err store_vendor_name(struct store_conn *c, struct arena *a, const char **out)
{
	struct db_stmt *st = db_prepared(c, STMT_QUOTE_VENDOR_NAME);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	err = db_one_row(db_step(st));
	if (err == TESS_OK)
		*out = db_col_dup(st, 0, a);
	db_done(st);
	return err;
}
