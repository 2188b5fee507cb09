/* Parts of db.h that every backend shares. */
#include "store/db.h"

#include <assert.h>
#include <string.h>

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
