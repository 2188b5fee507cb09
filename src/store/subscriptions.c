/* Subscriptions: tenant-scoped reads, state changes, contacts, installs. */
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "store/subscriptions_rows.h"

enum tess_err row_subscription(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct subscription *s = out;
	int64_t price_minor;
	memset(s, 0, sizeof(*s));
	s->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, s->id, sizeof(s->id));
	if (!product_kind_parse(db_col_text(st, (*pos)++), &s->kind))
		return TESS_ERR_INTERNAL;
	s->parent_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, s->parent_id, sizeof(s->parent_id));
	s->customer_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, s->customer_id, sizeof(s->customer_id));
	s->customer_name = db_col_dup(st, (*pos)++, a);
	s->partner_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, s->partner_id, sizeof(s->partner_id));
	s->partner_name = db_col_dup(st, (*pos)++, a);
	s->billing_account_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, s->billing_account_id, sizeof(s->billing_account_id));
	s->site_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, s->site_id, sizeof(s->site_id));
	s->site_url = s->site_pk != 0 ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	s->product_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, s->product_id, sizeof(s->product_id));
	s->product_name = db_col_dup(st, (*pos)++, a);
	if (!hosting_parse(db_col_text(st, (*pos)++), &s->hosting) ||
	    !edition_parse(db_col_text(st, (*pos)++), &s->edition))
		return TESS_ERR_INTERNAL;
	s->user_tier = (int32_t)db_col_i64(st, (*pos)++);
	s->quantity = (int32_t)db_col_i64(st, (*pos)++);
	s->active_users = (int32_t)db_col_i64(st, (*pos)++);
	s->entitlement_number = db_col_dup(st, (*pos)++, a);
	s->sen = db_col_dup(st, (*pos)++, a);
	s->start_date = db_col_date(st, (*pos)++);
	s->period_end = db_col_date(st, (*pos)++);
	if (!billing_period_parse(db_col_text(st, (*pos)++), &s->period) ||
	    !sub_state_parse(db_col_text(st, (*pos)++), &s->state))
		return TESS_ERR_INTERNAL;
	s->ended_on = db_col_null(st, *pos) ? 0 : db_col_date(st, *pos);
	(*pos)++;
	s->cancel_at_period_end = db_col_i64(st, (*pos)++) != 0;
	price_minor = db_col_i64(st, (*pos)++);
	s->unit_price = money_make(price_minor, db_col_text(st, (*pos)++));
	s->discount_bp = (int32_t)db_col_i64(st, (*pos)++);
	s->product_code = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

/* Reads every row of st into a new arena array. */
static enum tess_err read_subs(struct db_stmt *st, struct arena *a, struct subscription **out,
			       size_t *n)
{
	void *items = NULL;
	enum tess_err err = db_read_all(st, a, row_subscription, sizeof(**out), &items, n);
	*out = items;
	return err;
}

/* The status filter codes of SUB_LIST_FILTERS. */
static int64_t status_code(const struct sub_filter *f)
{
	if (!f->by_status)
		return 0;
	switch (f->status) {
	case SUB_UPCOMING:
		return 1;
	case SUB_ACTIVE:
		return 2;
	case SUB_INACTIVE:
		return 3;
	case SUB_STATUS__MAX:
		break;
	}
	return 0;
}

enum tess_err store_subscription_list(struct store_conn *c, struct tenancy t,
				      const struct sub_filter *f, struct arena *a,
				      struct subscription **out, size_t *n, bool *more)
{
	struct db_stmt *st;
	int64_t customer = t.customer_pk != 0 ? t.customer_pk : f->customer_pk;
	enum stmt_id id;
	enum tess_err err;

	/* A customer filter inside a partner's tenancy narrows it further. */
	if (t.customer_pk != 0 && f->customer_pk != 0 && f->customer_pk != t.customer_pk) {
		*out = NULL;
		*n = 0;
		*more = false;
		return TESS_OK;
	}
	/* Pick the statement whose index fits the narrowest known column. */
	if (customer != 0)
		id = STMT_SUB_LIST_CUSTOMER;
	else if (t.partner_pk != 0)
		id = STMT_SUB_LIST_PARTNER;
	else
		id = STMT_SUB_LIST_ALL;
	st = db_prepared(c, id);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, (struct tenancy){t.partner_pk, customer});
	db_bind_i64(st, 3, f->after_pk);
	db_bind_i64(st, 4, status_code(f));
	db_bind_date(st, 5, f->today);
	db_bind_text(st, 6, f->by_kind ? product_kind_name(f->kind) : "");
	db_bind_i64(st, 7, f->parent_pk);
	/* One row more than asked tells whether another page follows. */
	db_bind_i64(st, 8, f->limit + 1);
	err = read_subs(st, a, out, n);
	db_page_trim(n, f->limit, more);
	return err;
}

enum tess_err store_subscription_get(struct store_conn *c, struct tenancy t, const char *id,
				     struct arena *a, struct subscription *out)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_subscription, out);
}

enum tess_err store_subscription_apps(struct store_conn *c, int64_t product_pk, struct arena *a,
				      struct subscription **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_APPS);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, product_pk);
	return read_subs(st, a, out, n);
}

enum tess_err store_subscription_installed_on(struct store_conn *c, int64_t app_pk,
					      struct arena *a, struct subscription **out,
					      size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_INSTALLED_ON);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, app_pk);
	return read_subs(st, a, out, n);
}

enum tess_err store_subscription_contacts(struct store_conn *c, int64_t sub_pk, struct arena *a,
					  struct contact **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_CONTACTS);
	void *items = NULL;
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, sub_pk);
	err = db_read_all(st, a, row_contact, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err row_contact(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct contact *ct = out;
	memset(ct, 0, sizeof(*ct));
	ct->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, ct->id, sizeof(ct->id));
	ct->customer_pk = db_col_i64(st, (*pos)++);
	ct->name = db_col_dup(st, (*pos)++, a);
	ct->email = db_col_dup(st, (*pos)++, a);
	ct->phone = db_col_dup(st, (*pos)++, a);
	ct->address_line = db_col_dup(st, (*pos)++, a);
	ct->city = db_col_dup(st, (*pos)++, a);
	ct->postal_code = db_col_dup(st, (*pos)++, a);
	ct->country = db_col_dup(st, (*pos)++, a);
	ct->state = db_col_dup(st, (*pos)++, a);
	if (!contact_role_parse(db_col_text(st, (*pos)++), &ct->role))
		return TESS_ERR_INTERNAL;
	return TESS_OK;
}

enum tess_err store_subscription_set_state(struct store_conn *c, int64_t pk, enum sub_state state,
					   tdate ended_on, bool cancel_at_period_end,
					   int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_SET_STATE);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	db_bind_text(st, 2, sub_state_name(state));
	if (state == SUB_STATE_LIVE)
		db_bind_null(st, 3);
	else
		db_bind_date(st, 3, ended_on);
	db_bind_i64(st, 4, cancel_at_period_end ? 1 : 0);
	db_bind_ts(st, 5, now);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_NOT_FOUND;
	return err;
}

enum tess_err store_subscription_insert(struct store_conn *c, struct subscription *s,
					int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("sub", s->id);
	db_bind_text(st, 1, s->id);
	db_bind_text(st, 2, product_kind_name(s->kind));
	db_bind_opt_pk(st, 3, s->parent_pk);
	db_bind_i64(st, 4, s->customer_pk);
	db_bind_i64(st, 5, s->partner_pk);
	db_bind_i64(st, 6, s->billing_account_pk);
	db_bind_opt_pk(st, 7, s->site_pk);
	db_bind_i64(st, 8, s->product_pk);
	db_bind_text(st, 9, edition_name(s->edition));
	db_bind_i64(st, 10, s->user_tier);
	db_bind_i64(st, 11, s->quantity);
	db_bind_i64(st, 12, s->active_users);
	db_bind_text(st, 13, s->entitlement_number);
	db_bind_text(st, 14, s->sen);
	db_bind_date(st, 15, s->start_date);
	db_bind_date(st, 16, s->period_end);
	db_bind_text(st, 17, billing_period_name(s->period));
	db_bind_text(st, 18, sub_state_name(s->state));
	if (s->state == SUB_STATE_LIVE)
		db_bind_null(st, 19);
	else
		db_bind_date(st, 19, s->ended_on);
	db_bind_i64(st, 20, s->cancel_at_period_end ? 1 : 0);
	db_bind_i64(st, 21, s->unit_price.minor);
	db_bind_text(st, 22, s->unit_price.currency);
	db_bind_i64(st, 23, s->discount_bp);
	db_bind_ts(st, 24, now);
	return db_insert(st, &s->pk);
}

enum tess_err store_subscription_contact_add(struct store_conn *c, int64_t sub_pk,
					     int64_t contact_pk, enum contact_role role)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_CONTACT_ADD);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, sub_pk);
	db_bind_i64(st, 2, contact_pk);
	db_bind_text(st, 3, contact_role_name(role));
	return db_run(st);
}

enum tess_err store_subscription_install_add(struct store_conn *c, int64_t app_sub_pk,
					     int64_t product_sub_pk)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_INSTALL_ADD);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, app_sub_pk);
	db_bind_i64(st, 2, product_sub_pk);
	return db_run(st);
}
