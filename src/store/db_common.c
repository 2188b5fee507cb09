/*
 * db.h: the calls that go to the statement's backend (store/backend.h),
 * and the parts that every backend shares.
 */
#include "store/db.h"

#include <assert.h>
#include <string.h>

#include "store/backend.h"

struct db_stmt *db_prepared(struct store_conn *c, enum stmt_id id)
{
	return c->backend->prepared(c, id);
}

void db_bind_i64(struct db_stmt *s, int i, int64_t v)
{
	s->conn->backend->bind_i64(s, i, v);
}

void db_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v == NULL)
		s->conn->backend->bind_null(s, i);
	else
		s->conn->backend->bind_text(s, i, v);
}

void db_bind_blob(struct db_stmt *s, int i, const void *v, size_t n)
{
	s->conn->backend->bind_blob(s, i, v, n);
}

void db_bind_null(struct db_stmt *s, int i)
{
	s->conn->backend->bind_null(s, i);
}

void db_bind_date(struct db_stmt *s, int i, tdate d)
{
	char text[11];
	date_format(d, text);
	db_bind_text(s, i, text);
}

void db_bind_ts(struct db_stmt *s, int i, int64_t ts)
{
	char text[21];
	ts_format(ts, text);
	db_bind_text(s, i, text);
}

enum db_rc db_step(struct db_stmt *s)
{
	return s->conn->backend->step(s);
}

int db_col_count(struct db_stmt *s)
{
	return s->conn->backend->col_count(s);
}

int64_t db_col_i64(struct db_stmt *s, int i)
{
	return s->conn->backend->col_i64(s, i);
}

bool db_col_null(struct db_stmt *s, int i)
{
	return s->conn->backend->col_null(s, i);
}

/* Column i as text and its length; NULL (length 0) for NULL. */
static const char *col_text(struct db_stmt *s, int i, size_t *len)
{
	*len = 0;
	return s->conn->backend->col_text(s, i, len);
}

const char *db_col_text(struct db_stmt *s, int i)
{
	size_t len;
	const char *t = col_text(s, i, &len);
	return t != NULL ? t : "";
}

const void *db_col_blob(struct db_stmt *s, int i, size_t *n)
{
	return s->conn->backend->col_blob(s, i, n);
}

char *db_col_dup(struct db_stmt *s, int i, struct arena *a)
{
	size_t len;
	const char *t = col_text(s, i, &len);
	if (t == NULL)
		return arena_strdup(a, "");
	return arena_strndup(a, t, len);
}

tdate db_col_date(struct db_stmt *s, int i)
{
	size_t len;
	const char *t = col_text(s, i, &len);
	tdate d = 0;
	if (t != NULL && date_parse(t, len, &d) != TESS_OK)
		d = 0;
	return d;
}

int64_t db_col_ts(struct db_stmt *s, int i)
{
	size_t len;
	const char *t = col_text(s, i, &len);
	int64_t ts = 0;
	if (t != NULL && ts_parse(t, len, &ts) != TESS_OK)
		ts = 0;
	return ts;
}

void db_col_copy(struct db_stmt *s, int i, char *out, size_t n)
{
	size_t len;
	const char *t = col_text(s, i, &len);
	if (n == 0)
		return;
	if (t == NULL)
		len = 0;
	if (len >= n)
		len = n - 1;
	if (len > 0)
		memcpy(out, t, len);
	out[len] = '\0';
}

void db_done(struct db_stmt *s)
{
	if (s != NULL)
		s->conn->backend->done(s);
}

enum tess_err db_run(struct db_stmt *s)
{
	enum db_rc rc;
	if (s == NULL)
		return TESS_ERR_INTERNAL;
	rc = db_step(s);
	db_done(s);
	switch (rc) {
	case DB_ROW:
	case DB_DONE:
		return TESS_OK;
	case DB_CONSTRAINT:
		return TESS_ERR_CONFLICT;
	case DB_ERROR:
		break;
	}
	return TESS_ERR_INTERNAL;
}

enum tess_err db_insert(struct db_stmt *s, int64_t *pk_out)
{
	if (s == NULL)
		return TESS_ERR_INTERNAL;
	return s->conn->backend->insert(s, pk_out);
}

int64_t db_changes(struct store_conn *c)
{
	return c->backend->changes(c);
}

void db_bind_opt_pk(struct db_stmt *s, int i, int64_t pk)
{
	if (pk != 0)
		db_bind_i64(s, i, pk);
	else
		db_bind_null(s, i);
}

void db_bind_tenancy(struct db_stmt *s, struct tenancy t)
{
	db_bind_i64(s, 1, t.partner_pk);
	db_bind_i64(s, 2, t.customer_pk);
}

/* Reads the current row of s with fn, from its first column to its last. */
static enum tess_err read_row(struct db_stmt *s, struct arena *a, db_row_fn fn, void *out)
{
	int pos = 0;
	enum tess_err err = fn(s, &pos, a, out);
	/* A reader and the statement it reads agree on the column list. */
	assert(err != TESS_OK || pos == db_col_count(s));
	return err;
}

enum tess_err db_read_one(struct db_stmt *s, struct arena *a, db_row_fn fn, void *out)
{
	enum tess_err err;
	if (s == NULL)
		return TESS_ERR_INTERNAL;
	err = db_one_row(db_step(s));
	if (err == TESS_OK)
		err = read_row(s, a, fn, out);
	db_done(s);
	return err;
}

enum tess_err db_read_all(struct db_stmt *s, struct arena *a, db_row_fn fn, size_t size,
			  void **items, size_t *n)
{
	size_t cap = 0;
	enum db_rc rc = DB_DONE;
	enum tess_err err = TESS_OK;
	char *arr = NULL;

	*items = NULL;
	*n = 0;
	if (s == NULL)
		return TESS_ERR_INTERNAL;
	while (err == TESS_OK && (rc = db_step(s)) == DB_ROW) {
		arr = arena_grow(a, arr, *n, &cap, size);
		memset(arr + *n * size, 0, size);
		err = read_row(s, a, fn, arr + *n * size);
		(*n)++;
	}
	db_done(s);
	if (err == TESS_OK && rc != DB_DONE)
		err = TESS_ERR_INTERNAL;
	*items = arr;
	return err;
}

enum tess_err db_read_tenancy_page(struct db_stmt *s, struct tenancy t, int64_t after, int limit,
				   struct arena *a, db_row_fn fn, size_t size, void **items,
				   size_t *n, bool *more)
{
	enum tess_err err;

	*more = false;
	if (s == NULL) {
		*items = NULL;
		*n = 0;
		return TESS_ERR_INTERNAL;
	}
	db_bind_tenancy(s, t);
	db_bind_i64(s, 3, after);
	/* One row more than asked tells whether another page follows. */
	db_bind_i64(s, 4, (int64_t)limit + 1);
	err = db_read_all(s, a, fn, size, items, n);
	db_page_trim(n, limit, more);
	return err;
}

void db_page_trim(size_t *n, int limit, bool *more)
{
	*more = false;
	if (limit >= 0 && *n > (size_t)limit) {
		*n = (size_t)limit;
		*more = true;
	}
}
