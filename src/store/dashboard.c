/*
 * The billing dashboard's reads. Each tenancy shape has its own statement
 * (store/sqlite/stmts_dashboard.inc), chosen as the subscription list
 * chooses its own, so that vendor staff's counts over a million
 * subscriptions read index ranges and never a table.
 */
#include "store/db.h"
#include "store/store.h"

/* The statement of t's shape among three: all rows, a partner's, a customer's. */
static enum stmt_id by_shape(struct tenancy t, enum stmt_id all, enum stmt_id partner,
                             enum stmt_id customer)
{
	if (t.customer_pk != 0)
		return customer;
	if (t.partner_pk != 0)
		return partner;
	return all;
}

enum tess_err store_dashboard_counts(struct store_conn *c, struct tenancy t, tdate today,
                                     struct dashboard_counts *out)
{
	struct db_stmt *st =
	    db_prepared(c, by_shape(t, STMT_DASHBOARD_COUNTS_ALL, STMT_DASHBOARD_COUNTS_PARTNER,
	                            STMT_DASHBOARD_COUNTS_CUSTOMER));
	enum tess_err err;

	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_date(st, 3, today);
	err = db_one_row(db_step(st));
	if (err == TESS_OK) {
		out->subscriptions = db_col_i64(st, 0);
		out->upcoming = db_col_i64(st, 1);
		out->inactive = db_col_i64(st, 2);
		out->active = out->subscriptions - out->upcoming - out->inactive;
		out->orders = db_col_i64(st, 3);
		out->licenses = db_col_i64(st, 4);
	}
	db_done(st);
	return err;
}

enum tess_err store_dashboard_recent_orders(struct store_conn *c, struct tenancy t, int limit,
                                            struct arena *a, struct order **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, by_shape(t, STMT_DASHBOARD_RECENT_ORDERS_ALL,
	                                             STMT_DASHBOARD_RECENT_ORDERS_PARTNER,
	                                             STMT_DASHBOARD_RECENT_ORDERS_CUSTOMER));
	char ids[20][ID_MAX];
	size_t k = 0;
	enum db_rc rc = DB_DONE;
	enum tess_err err = TESS_OK;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > 20)
		return TESS_ERR_INVALID;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_i64(st, 3, limit);
	while (k < (size_t)limit && (rc = db_step(st)) == DB_ROW)
		db_col_copy(st, 0, ids[k++], ID_MAX);
	if (k < (size_t)limit && rc != DB_DONE)
		err = TESS_ERR_INTERNAL;
	db_done(st);
	if (err != TESS_OK || k == 0)
		return err;
	/* Each order read as its own page reads it, within the same snapshot. */
	*out = arena_alloc(a, k * sizeof(**out));
	for (size_t i = 0; i < k && err == TESS_OK; i++)
		err = store_order_get(c, t, ids[i], a, &(*out)[i]);
	if (err == TESS_OK)
		*n = k;
	return err;
}
