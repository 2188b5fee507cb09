/* Organizations, the catalog, sites, contacts, billing accounts, settings. */
#include <string.h>

#include "store/db.h"
#include "store/orgs_rows.h"
#include "store/store.h"

/* Reads ORG_COLS. */
static enum tess_err row_org(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct org *o = out;
	memset(o, 0, sizeof(*o));
	o->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, o->id, sizeof(o->id));
	if (!org_kind_parse(db_col_text(st, (*pos)++), &o->kind))
		return TESS_ERR_INTERNAL;
	o->name = db_col_dup(st, (*pos)++, a);
	o->tier = TIER_UNAFFILIATED;
	if (!db_col_null(st, *pos) && !partner_tier_parse(db_col_text(st, *pos), &o->tier))
		return TESS_ERR_INTERNAL;
	(*pos)++;
	o->tier_discount_bp = (int32_t)db_col_i64(st, (*pos)++);
	o->partner_pk = db_col_i64(st, (*pos)++);
	o->distributor_pk = db_col_i64(st, (*pos)++);
	if (!eligibility_parse(db_col_text(st, (*pos)++), &o->eligibility))
		return TESS_ERR_INTERNAL;
	o->cloud_migration = db_col_i64(st, (*pos)++) != 0;
	o->country = db_col_dup(st, (*pos)++, a);
	o->state = db_col_dup(st, (*pos)++, a);
	o->contact_name = db_col_dup(st, (*pos)++, a);
	o->contact_email = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

enum tess_err store_org_get(struct store_conn *c, struct tenancy t, const char *id,
			    struct arena *a, struct org *out)
{
	struct db_stmt *st = db_prepared(c, STMT_ORG_GET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_tenancy(st, t);
	db_bind_text(st, 3, id);
	return db_read_one(st, a, row_org, out);
}

enum tess_err store_org_get_pk(struct store_conn *c, int64_t pk, struct arena *a, struct org *out)
{
	struct db_stmt *st = db_prepared(c, STMT_ORG_GET_PK);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, pk);
	return db_read_one(st, a, row_org, out);
}

enum tess_err store_org_insert(struct store_conn *c, const struct org_new *o, int64_t now,
			       int64_t *pk_out)
{
	struct db_stmt *st = db_prepared(c, STMT_ORG_INSERT);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("org", id);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, org_kind_name(o->kind));
	db_bind_text(st, 3, o->name);
	db_bind_text(st, 4, o->kind == ORG_PARTNER ? partner_tier_name(o->tier) : NULL);
	db_bind_i64(st, 5, o->tier_discount_bp);
	db_bind_opt_pk(st, 6, o->partner_pk);
	db_bind_opt_pk(st, 7, o->distributor_pk);
	db_bind_text(st, 8, eligibility_name(o->eligibility));
	db_bind_i64(st, 9, o->cloud_migration ? 1 : 0);
	db_bind_text(st, 10, o->country != NULL ? o->country : "");
	db_bind_text(st, 11, o->state != NULL ? o->state : "");
	db_bind_text(st, 12, o->contact_name != NULL ? o->contact_name : "");
	db_bind_text(st, 13, o->contact_email != NULL ? o->contact_email : "");
	db_bind_ts(st, 14, now);
	return db_insert(st, pk_out);
}

enum tess_err store_billing_account_insert(struct store_conn *c, int64_t partner_pk,
					   const char *name, const char *currency, int64_t now,
					   int64_t *pk_out)
{
	struct db_stmt *st = db_prepared(c, STMT_BILLING_ACCOUNT_INSERT);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("ba", id);
	db_bind_text(st, 1, id);
	db_bind_i64(st, 2, partner_pk);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, currency);
	db_bind_ts(st, 5, now);
	return db_insert(st, pk_out);
}

enum tess_err store_product_insert(struct store_conn *c, enum product_kind kind,
				   const char *code, const char *name, enum hosting hosting,
				   const char *description, int64_t now, int64_t *pk_out)
{
	struct db_stmt *st = db_prepared(c, STMT_PRODUCT_INSERT);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new(kind == PRODUCT_APP ? "app" : "prd", id);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, product_kind_name(kind));
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, name);
	db_bind_text(st, 5, hosting_name(hosting));
	db_bind_text(st, 6, description != NULL ? description : "");
	db_bind_ts(st, 7, now);
	return db_insert(st, pk_out);
}

enum tess_err store_price_insert(struct store_conn *c, int64_t product_pk, enum edition ed,
				 int32_t users, enum billing_period period, struct money amount)
{
	struct db_stmt *st = db_prepared(c, STMT_PRICE_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, product_pk);
	db_bind_text(st, 2, edition_name(ed));
	db_bind_i64(st, 3, users);
	db_bind_text(st, 4, billing_period_name(period));
	db_bind_text(st, 5, amount.currency);
	db_bind_i64(st, 6, amount.minor);
	return db_run(st);
}

enum tess_err store_app_compat_insert(struct store_conn *c, int64_t app_pk, int64_t product_pk)
{
	struct db_stmt *st = db_prepared(c, STMT_APP_COMPAT_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, app_pk);
	db_bind_i64(st, 2, product_pk);
	return db_run(st);
}

enum tess_err store_storefront_item_insert(struct store_conn *c, int64_t partner_pk,
					   int64_t product_pk, int32_t markup_bp, bool published)
{
	struct db_stmt *st = db_prepared(c, STMT_STOREFRONT_ITEM_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, partner_pk);
	db_bind_i64(st, 2, product_pk);
	db_bind_i64(st, 3, markup_bp);
	db_bind_i64(st, 4, published ? 1 : 0);
	return db_run(st);
}

enum tess_err store_site_insert(struct store_conn *c, int64_t customer_pk, const char *name,
				const char *url, int64_t now, int64_t *pk_out)
{
	struct db_stmt *st = db_prepared(c, STMT_SITE_INSERT);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("site", id);
	db_bind_text(st, 1, id);
	db_bind_i64(st, 2, customer_pk);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, url);
	db_bind_ts(st, 5, now);
	return db_insert(st, pk_out);
}

enum tess_err store_contact_insert(struct store_conn *c, const struct contact *ct,
				   int64_t user_pk, int64_t now, int64_t *pk_out)
{
	struct db_stmt *st = db_prepared(c, STMT_CONTACT_INSERT);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("con", id);
	db_bind_text(st, 1, id);
	db_bind_i64(st, 2, ct->customer_pk);
	db_bind_opt_pk(st, 3, user_pk);
	db_bind_text(st, 4, ct->name);
	db_bind_text(st, 5, ct->email);
	db_bind_text(st, 6, ct->phone != NULL ? ct->phone : "");
	db_bind_text(st, 7, ct->address_line != NULL ? ct->address_line : "");
	db_bind_text(st, 8, ct->city != NULL ? ct->city : "");
	db_bind_text(st, 9, ct->postal_code != NULL ? ct->postal_code : "");
	db_bind_text(st, 10, ct->country != NULL ? ct->country : "");
	db_bind_text(st, 11, ct->state != NULL ? ct->state : "");
	db_bind_ts(st, 12, now);
	return db_insert(st, pk_out);
}

enum tess_err store_count(struct store_conn *c, const char *table, int64_t *out)
{
	enum stmt_id id;
	struct db_stmt *st;
	enum tess_err err;
	if (strcmp(table, "subscriptions") == 0)
		id = STMT_COUNT_SUBSCRIPTIONS;
	else if (strcmp(table, "orgs") == 0)
		id = STMT_COUNT_ORGS;
	else if (strcmp(table, "users") == 0)
		id = STMT_COUNT_USERS;
	else
		return TESS_ERR_INVALID;
	st = db_prepared(c, id);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	err = db_one_row(db_step(st));
	if (err == TESS_OK)
		*out = db_col_i64(st, 0);
	db_done(st);
	return err;
}

enum tess_err store_setting_get(struct store_conn *c, const char *name, struct arena *a,
				const char **value)
{
	struct db_stmt *st = db_prepared(c, STMT_SETTING_GET);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, name);
	err = db_one_row(db_step(st));
	if (err == TESS_OK)
		*value = db_col_dup(st, 0, a);
	db_done(st);
	return err;
}

enum tess_err store_setting_put(struct store_conn *c, const char *name, const char *value)
{
	struct db_stmt *st = db_prepared(c, STMT_SETTING_PUT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, value);
	return db_run(st);
}
