/* Users, memberships, credentials and failed-login records. */
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "store/users_rows.h"
#include "util/xmalloc.h"

/* Reads USER_COLS. */
static enum tess_err row_user(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct user *u = out;
	u->pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, u->id, sizeof(u->id));
	u->email = db_col_dup(st, (*pos)++, a);
	u->name = db_col_dup(st, (*pos)++, a);
	u->password_hash = db_col_dup(st, (*pos)++, a);
	u->disabled = db_col_i64(st, (*pos)++) != 0;
	return TESS_OK;
}

enum tess_err store_user_by_email(struct store_conn *c, const char *email, struct arena *a,
				  struct user *out)
{
	struct db_stmt *st = db_prepared(c, STMT_USER_BY_EMAIL);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, email);
	return db_read_one(st, a, row_user, out);
}

/* Reads MEMBERSHIP_COLS. */
static enum tess_err row_membership(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct membership *m = out;
	m->org_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, m->org_id, sizeof(m->org_id));
	m->org_name = db_col_dup(st, (*pos)++, a);
	if (!org_kind_parse(db_col_text(st, (*pos)++), &m->org_kind) ||
	    !role_parse(db_col_text(st, (*pos)++), &m->role))
		return TESS_ERR_INTERNAL;
	return TESS_OK;
}

enum tess_err store_user_memberships(struct store_conn *c, int64_t user_pk, struct arena *a,
				     struct membership **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_USER_MEMBERSHIPS);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL) {
		db_bind_i64(st, 1, user_pk);
	}
	err = db_read_all(st, a, row_membership, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_user_insert(struct store_conn *c, const char *email, const char *name,
				const char *password_hash, int64_t now, int64_t *pk_out)
{
	struct db_stmt *st = db_prepared(c, STMT_USER_INSERT);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("usr", id);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, email);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, password_hash);
	db_bind_ts(st, 5, now);
	return db_insert(st, pk_out);
}

enum tess_err store_membership_insert(struct store_conn *c, int64_t user_pk, int64_t org_pk,
				      enum role role, int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_MEMBERSHIP_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, user_pk);
	db_bind_i64(st, 2, org_pk);
	db_bind_text(st, 3, role_name(role));
	db_bind_ts(st, 4, now);
	return db_run(st);
}

enum tess_err store_credential_insert(struct store_conn *c, const struct credential_new *cr,
				      char id_out[ID_MAX])
{
	struct db_stmt *st = db_prepared(c, STMT_CREDENTIAL_INSERT);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new(cr->kind == CRED_TOKEN ? "tok" : "ses", id_out);
	db_bind_text(st, 1, id_out);
	db_bind_text(st, 2, credential_kind_name(cr->kind));
	db_bind_blob(st, 3, cr->secret_hash, sizeof(cr->secret_hash));
	db_bind_i64(st, 4, cr->user_pk);
	db_bind_i64(st, 5, cr->org_pk);
	db_bind_text(st, 6, cr->name != NULL ? cr->name : "");
	if (cr->has_csrf)
		db_bind_blob(st, 7, cr->csrf_hash, sizeof(cr->csrf_hash));
	else
		db_bind_null(st, 7);
	db_bind_ts(st, 8, cr->created_at);
	if (cr->expires_at != 0)
		db_bind_ts(st, 9, cr->expires_at);
	else
		db_bind_null(st, 9);
	return db_run(st);
}

/* Reads PRINCIPAL_COLS. */
static enum tess_err row_principal(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct principal *pr = out;
	const void *csrf;
	size_t csrf_len = 0;
	memset(pr, 0, sizeof(*pr));
	db_col_copy(st, (*pos)++, pr->credential_id, sizeof(pr->credential_id));
	if (!credential_kind_parse(db_col_text(st, (*pos)++), &pr->credential_kind) ||
	    !role_parse(db_col_text(st, (*pos)++), &pr->role))
		return TESS_ERR_INTERNAL;
	csrf = db_col_blob(st, (*pos)++, &csrf_len);
	pr->has_csrf = csrf != NULL && csrf_len == sizeof(pr->csrf_hash);
	if (pr->has_csrf)
		memcpy(pr->csrf_hash, csrf, sizeof(pr->csrf_hash));
	pr->user_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, pr->user_id, sizeof(pr->user_id));
	pr->email = db_col_dup(st, (*pos)++, a);
	pr->name = db_col_dup(st, (*pos)++, a);
	pr->org_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, pr->org_id, sizeof(pr->org_id));
	if (!org_kind_parse(db_col_text(st, (*pos)++), &pr->org_kind))
		return TESS_ERR_INTERNAL;
	pr->org_name = db_col_dup(st, (*pos)++, a);
	return TESS_OK;
}

enum tess_err store_principal_by_secret(struct store_conn *c, const unsigned char hash[32],
					int64_t now, struct arena *a, struct principal *out)
{
	struct db_stmt *st = db_prepared(c, STMT_PRINCIPAL_BY_SECRET);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_blob(st, 1, hash, 32);
	db_bind_ts(st, 2, now);
	return db_read_one(st, a, row_principal, out);
}

enum tess_err store_credential_revoke(struct store_conn *c, int64_t user_pk, const char *id,
				      int64_t now)
{
	struct db_stmt *st = db_prepared(c, STMT_CREDENTIAL_REVOKE);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, user_pk);
	db_bind_text(st, 2, id);
	db_bind_ts(st, 3, now);
	err = db_run(st);
	if (err == TESS_OK && db_changes(c) == 0)
		err = TESS_ERR_NOT_FOUND;
	return err;
}

/* Reads CREDENTIAL_INFO_COLS. */
static enum tess_err row_credential_info(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct credential_info *ci = out;
	db_col_copy(st, (*pos)++, ci->id, sizeof(ci->id));
	if (!credential_kind_parse(db_col_text(st, (*pos)++), &ci->kind))
		return TESS_ERR_INTERNAL;
	ci->name = db_col_dup(st, (*pos)++, a);
	if (!role_parse(db_col_text(st, (*pos)++), &ci->role))
		return TESS_ERR_INTERNAL;
	db_col_copy(st, (*pos)++, ci->org_id, sizeof(ci->org_id));
	ci->created_at = db_col_ts(st, (*pos)++);
	ci->expires_at = db_col_null(st, *pos) ? 0 : db_col_ts(st, *pos);
	(*pos)++;
	return TESS_OK;
}

enum tess_err store_tokens_list(struct store_conn *c, int64_t user_pk, int64_t now,
				struct arena *a, struct credential_info **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_TOKENS_LIST);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL) {
		db_bind_i64(st, 1, user_pk);
		db_bind_ts(st, 2, now);
	}
	err = db_read_all(st, a, row_credential_info, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_login_failure_get(struct store_conn *c, const unsigned char key[32],
				      struct login_failure *out)
{
	struct db_stmt *st = db_prepared(c, STMT_LOGIN_FAILURE_GET);
	enum tess_err err;
	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_blob(st, 1, key, 32);
	err = db_one_row(db_step(st));
	if (err == TESS_OK) {
		out->failures = db_col_i64(st, 0);
		out->last_failure = db_col_i64(st, 1);
	}
	db_done(st);
	return err == TESS_ERR_NOT_FOUND ? TESS_OK : err;
}

enum tess_err store_login_failure_add(struct store_conn *c, const unsigned char key[32],
				      int64_t now, int64_t forget_before, int64_t *failures)
{
	struct db_stmt *st = db_prepared(c, STMT_LOGIN_FAILURE_ADD);
	struct login_failure f;
	enum tess_err err;
	*failures = 0;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_blob(st, 1, key, 32);
	db_bind_i64(st, 2, now);
	db_bind_i64(st, 3, forget_before);
	err = db_run(st);
	if (err == TESS_OK)
		err = store_login_failure_get(c, key, &f);
	if (err == TESS_OK)
		*failures = f.failures;
	return err;
}

enum tess_err store_login_failure_clear(struct store_conn *c, const unsigned char key[32])
{
	struct db_stmt *st = db_prepared(c, STMT_LOGIN_FAILURE_CLEAR);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_blob(st, 1, key, 32);
	return db_run(st);
}

enum tess_err store_login_failures_prune(struct store_conn *c, int64_t forget_before,
					 int64_t limit)
{
	enum tess_err err = TESS_OK;
	for (int64_t i = 0; i < limit && err == TESS_OK; i++) {
		struct db_stmt *st = db_prepared(c, STMT_LOGIN_FAILURE_PRUNE);
		if (st == NULL)
			return TESS_ERR_INTERNAL;
		db_bind_i64(st, 1, forget_before);
		err = db_run(st);
		if (err == TESS_OK && db_changes(c) == 0)
			break;
	}
	return err;
}
