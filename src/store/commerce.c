/*
 * Document numbers, the outbox, catalog reads, and the customers, sites and
 * billing accounts a quote names, shared by the commerce slices.
 */
#include <stdio.h>
#include <string.h>

#include "store/commerce_rows.h"
#include "store/db.h"
#include "store/store.h"
#include "store/subscriptions_rows.h"

/* Counter row, number prefix and zero-padded width of each series. */
static const struct {
	const char *counter;
	const char *prefix;
	int width;
} series_formats[SERIES__MAX] = {
	[SERIES_QUOTE] = {"quote", "Q-", 6},
	[SERIES_ORDER] = {"order", "O-", 6},
	[SERIES_INVOICE] = {"invoice", "INV-", 6},
	[SERIES_CREDIT_NOTE] = {"credit_note", "CN-", 6},
	[SERIES_SEN] = {"sen", "SEN-", 1},
};

enum tess_err store_next_number(struct store_conn *c, enum number_series series, char out[32])
{
	struct db_stmt *st;
	enum tess_err err;
	int n;
	if ((int)series < 0 || series >= SERIES__MAX)
		return TESS_ERR_INTERNAL;
	/* Two plain statements: an UPDATE ... RETURNING costs SQLite a temporary table. */
	st = db_prepared(c, STMT_NEXT_NUMBER);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, series_formats[series].counter);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) != 1)
		err = TESS_ERR_INTERNAL;
	if (err != TESS_OK)
		return err;
	st = db_prepared(c, STMT_NUMBER_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, series_formats[series].counter);
	err = db_one_row(db_step(st));
	if (err == TESS_OK) {
		n = snprintf(out, 32, "%s%0*lld", series_formats[series].prefix,
			     series_formats[series].width, (long long)db_col_i64(st, 0));
		if (n < 0 || n >= 32)
			err = TESS_ERR_INTERNAL;
	} else if (err == TESS_ERR_NOT_FOUND) {
		err = TESS_ERR_INTERNAL;
	}
	db_done(st);
	return err;
}

enum tess_err store_outbox_enqueue(struct store_conn *c, const char *recipient,
				   const char *template_name, const char *data_json, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_OUTBOX_ENQUEUE);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("msg", id);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, recipient);
	db_bind_text(st, 3, template_name);
	db_bind_text(st, 4, data_json);
	db_bind_ts(st, 5, now);
	return db_run(st);
}

/* Reads PRODUCT_COLS. */
static enum tess_err row_product(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct product *p = out;
	memset(p, 0, sizeof(*p));
	p->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, p->id, sizeof(p->id));
	if (!product_kind_parse(db_col_text(st, (*pos)++), &p->kind))
		return TESS_ERR_INTERNAL;
	p->code = db_col_dup(st, (*pos)++, a);
	p->name = db_col_dup(st, (*pos)++, a);
	if (!hosting_parse(db_col_text(st, (*pos)++), &p->hosting))
		return TESS_ERR_INTERNAL;
	p->description = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

enum tess_err store_product_get(struct store_conn *c, const char *id, struct arena *a,
				struct product *out)
{
	struct db_stmt *st = db_prepared(c, STMT_PRODUCT_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, id);
	return db_read_one(st, a, row_product, out);
}

enum tess_err store_products_list(struct store_conn *c, struct arena *a, struct product **out,
				  size_t *n)
{
	void *items = NULL;
	enum tess_err err =
		db_read_all(db_prepared(c, STMT_PRODUCTS_LIST), a, row_product, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_price_get(struct store_conn *c, int64_t product_pk, enum edition ed,
			      int32_t users, enum billing_period period, const char *currency,
			      struct money *out)
{
	struct db_stmt *st = db_prepared(c, STMT_PRICE_GET);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, product_pk);
	db_bind_text(st, 2, edition_name(ed));
	db_bind_i64(st, 3, users);
	db_bind_text(st, 4, billing_period_name(period));
	db_bind_text(st, 5, currency);
	err = db_one_row(db_step(st));
	if (err == TESS_OK)
		*out = money_make(db_col_i64(st, 0), currency);
	db_done(st);
	return err;
}

/* Reads PRICE_COLS. */
static enum tess_err row_price(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct price_row *p = out;
	char cur[4];
	int64_t amount_minor;
	(void)a;
	if (!edition_parse(db_col_text(st, (*pos)++), &p->edition))
		return TESS_ERR_INTERNAL;
	p->users = (int32_t)db_col_i64(st, (*pos)++);
	if (!billing_period_parse(db_col_text(st, (*pos)++), &p->period))
		return TESS_ERR_INTERNAL;
	db_col_copy(st, (*pos)++, cur, sizeof(cur));
	amount_minor = db_col_i64(st, (*pos)++);
	p->amount = money_make(amount_minor, cur);
	return TESS_OK;
}

enum tess_err store_prices_for_product(struct store_conn *c, int64_t product_pk, struct arena *a,
				       struct price_row **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_PRICES_FOR_PRODUCT);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL) {
		db_bind_i64(st, 1, product_pk);
	}
	err = db_read_all(st, a, row_price, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_storefront_item_get(struct store_conn *c, int64_t partner_pk,
					int64_t product_pk, bool *found, int32_t *markup_bp,
					bool *published)
{
	struct db_stmt *st = db_prepared(c, STMT_STOREFRONT_ITEM_GET);
	enum tess_err err;
	*found = false;
	*markup_bp = 0;
	*published = false;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, partner_pk);
	db_bind_i64(st, 2, product_pk);
	err = db_one_row(db_step(st));
	if (err == TESS_OK) {
		*found = true;
		*markup_bp = (int32_t)db_col_i64(st, 0);
		*published = db_col_i64(st, 1) != 0;
	}
	db_done(st);
	return err == TESS_ERR_NOT_FOUND ? TESS_OK : err;
}

/* Reads BILLING_ACCOUNT_COLS. */
static enum tess_err row_billing_account(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct billing_account *ba = out;
	memset(ba, 0, sizeof(*ba));
	ba->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, ba->id, sizeof(ba->id));
	ba->partner_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, ba->partner_id, sizeof(ba->partner_id));
	ba->partner_name = db_col_dup(st, (*pos)++, a);
	ba->name = db_col_dup(st, (*pos)++, a);
	db_col_copy(st, (*pos)++, ba->currency, sizeof(ba->currency));
	return TESS_OK;
}

enum tess_err store_billing_account_get(struct store_conn *c, struct tenancy t, const char *id,
					struct arena *a, struct billing_account *out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_ACCOUNT_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_billing_account, out);
}

enum tess_err store_billing_account_list(struct store_conn *c, struct tenancy t, int64_t after_pk,
					 int limit, struct arena *a, struct billing_account **out,
					 size_t *n, bool *more)
{
	void *items = NULL;
	enum tess_err err =
	    db_read_tenancy_page(db_prepared(c, STMT_BILLING_ACCOUNT_LIST), t, after_pk, limit, a,
				 row_billing_account, sizeof(**out), &items, n, more);
	*out = items;
	return err;
}

/* Reads SITE_REF_COLS. */
static enum tess_err row_site_ref(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct site_ref *si = out;
	memset(si, 0, sizeof(*si));
	si->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, si->id, sizeof(si->id));
	si->customer_pk = db_col_i64(st, (*pos)++);
	si->url = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

enum tess_err store_site_by_url(struct store_conn *c, struct tenancy t, const char *url,
				struct arena *a, struct site_ref *out)
{
	struct db_stmt *st = db_prepared(c, STMT_SITE_BY_URL);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, url);
	return db_read_one(st, a, row_site_ref, out);
}

/* Reads CUSTOMER_COLS (no sites yet). */
static enum tess_err row_customer(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct customer *cu = out;
	memset(cu, 0, sizeof(*cu));
	cu->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, cu->id, sizeof(cu->id));
	cu->name = db_col_dup(st, (*pos)++, a);
	cu->partner_pk = db_col_i64(st, (*pos)++);
	if (cu->partner_pk != 0)
		db_col_copy(st, *pos, cu->partner_id, sizeof(cu->partner_id));
	(*pos)++;
	cu->partner_name = cu->partner_pk != 0 ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	cu->country = db_col_dup(st, (*pos)++, a);
	cu->state = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

/*
 * Gives each customer of a page its sites. The page holds every customer
 * of the tenancy between its first and last pk, so one range read finds
 * all their sites, ordered by customer as the page is.
 */
static enum tess_err attach_sites(struct store_conn *c, struct tenancy t, struct arena *a,
				  struct customer *rows, size_t n)
{
	struct db_stmt *st;
	void *items = NULL;
	struct site_ref *sites;
	size_t n_sites = 0, k = 0;
	enum tess_err err;

	if (n == 0)
		return TESS_OK;
	st = db_prepared(c, STMT_CUSTOMER_SITES);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_i64(st, 3, rows[0].pk);
	db_bind_i64(st, 4, rows[n - 1].pk);
	err = db_read_all(st, a, row_site_ref, sizeof(*sites), &items, &n_sites);
	if (err != TESS_OK)
		return err;
	sites = items;
	for (size_t i = 0; i < n; i++) {
		while (k < n_sites && sites[k].customer_pk < rows[i].pk)
			k++;
		rows[i].sites = k < n_sites ? &sites[k] : NULL;
		while (k < n_sites && sites[k].customer_pk == rows[i].pk) {
			rows[i].n_sites++;
			k++;
		}
	}
	return TESS_OK;
}

enum tess_err store_customer_list(struct store_conn *c, struct tenancy t, const char *name,
				  int64_t after_pk, int limit, struct arena *a,
				  struct customer **out, size_t *n, bool *more)
{
	struct db_stmt *st;
	void *items = NULL;
	enum stmt_id id;
	enum tess_err err;

	/* Pick the statement whose index fits the narrowest known column. */
	if (t.customer_pk != 0)
		id = STMT_CUSTOMER_LIST_CUSTOMER;
	else if (t.partner_pk != 0)
		id = STMT_CUSTOMER_LIST_PARTNER;
	else
		id = STMT_CUSTOMER_LIST_ALL;
	st = db_prepared(c, id);
	if (st != NULL)
		db_bind_text(st, 5, name != NULL ? name : "");
	err = db_read_tenancy_page(st, t, after_pk, limit, a, row_customer, sizeof(**out), &items,
				   n, more);
	*out = items;
	if (err == TESS_OK)
		err = attach_sites(c, t, a, *out, *n);
	return err;
}

enum tess_err store_customer_get(struct store_conn *c, struct tenancy t, const char *id,
				 struct arena *a, struct customer *out)
{
	struct db_stmt *st = db_prepared(c, STMT_CUSTOMER_GET);
	enum tess_err err;

	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	err = db_read_one(st, a, row_customer, out);
	if (err == TESS_OK)
		err = attach_sites(c, t, a, out, 1);
	return err;
}

enum tess_err store_customer_contacts(struct store_conn *c, int64_t customer_pk, struct arena *a,
				      struct contact **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_CUSTOMER_CONTACTS);
	void *items = NULL;
	enum tess_err err;

	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, customer_pk);
	db_bind_i64(st, 2, CUSTOMER_CONTACTS_MAX);
	err = db_read_all(st, a, row_contact, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_subscription_by_sen(struct store_conn *c, struct tenancy t, const char *sen,
					struct arena *a, struct subscription *out)
{
	struct db_stmt *st = db_prepared(c, STMT_SUB_BY_SEN);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, sen);
	return db_read_one(st, a, row_subscription, out);
}

enum tess_err store_customer_billing_contact(struct store_conn *c, int64_t customer_pk,
					     struct arena *a, struct contact *out)
{
	struct db_stmt *st = db_prepared(c, STMT_CUSTOMER_BILLING_CONTACT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, customer_pk);
	return db_read_one(st, a, row_contact, out);
}

enum tess_err store_customer_contact_by_email(struct store_conn *c, int64_t customer_pk,
					      const char *email, struct arena *a,
					      struct contact *out)
{
	struct db_stmt *st = db_prepared(c, STMT_CUSTOMER_CONTACT_BY_EMAIL);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, customer_pk);
	db_bind_text(st, 2, email);
	return db_read_one(st, a, row_contact, out);
}
