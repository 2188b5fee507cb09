/*
 * The small statement API the backend-neutral store functions use. Each
 * call goes to the backend of its connection (store/backend.h), which
 * implements it over its client library. Statements are prepared once per
 * connection and reused; bind errors are remembered and reported by
 * db_step, so callers check one result.
 */
#ifndef TESSERA_STORE_DB_H
#define TESSERA_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "store/stmts.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/err.h"

struct store_conn;
struct db_stmt;

enum db_rc { DB_ROW, DB_DONE, DB_CONSTRAINT, DB_ERROR };

/* The prepared statement id on c, reset and with no bindings; NULL on failure. */
struct db_stmt *db_prepared(struct store_conn *c, enum stmt_id id);
/* Parameters are numbered from 1. */
void db_bind_i64(struct db_stmt *s, int i, int64_t v);
void db_bind_text(struct db_stmt *s, int i, const char *v); /* NULL binds NULL */
void db_bind_blob(struct db_stmt *s, int i, const void *v, size_t n);
void db_bind_null(struct db_stmt *s, int i);
void db_bind_date(struct db_stmt *s, int i, tdate d);
void db_bind_ts(struct db_stmt *s, int i, int64_t ts);
/* Next row; DB_CONSTRAINT on a uniqueness/foreign-key/check violation. */
enum db_rc db_step(struct db_stmt *s);
/* Columns are numbered from 0, valid until the next step or reset. */
int db_col_count(struct db_stmt *s);
int64_t db_col_i64(struct db_stmt *s, int i);
bool db_col_null(struct db_stmt *s, int i);
const char *db_col_text(struct db_stmt *s, int i); /* "" for NULL */
const void *db_col_blob(struct db_stmt *s, int i, size_t *n);
char *db_col_dup(struct db_stmt *s, int i, struct arena *a);
tdate db_col_date(struct db_stmt *s, int i); /* 0 for NULL or malformed */
int64_t db_col_ts(struct db_stmt *s, int i);
/* Copies a text column into a fixed buffer (ids). */
void db_col_copy(struct db_stmt *s, int i, char *out, size_t n);
/* Ends use of the statement (reset; bindings cleared on next db_prepared). */
void db_done(struct db_stmt *s);

/* Runs a statement that returns no rows; maps the result to tess_err. */
enum tess_err db_run(struct db_stmt *s);
/* Maps the step of a statement that should produce exactly one row. */
static inline enum tess_err db_one_row(enum db_rc rc)
{
	switch (rc) {
	case DB_ROW:
		return TESS_OK;
	case DB_DONE:
		return TESS_ERR_NOT_FOUND;
	case DB_CONSTRAINT:
		return TESS_ERR_CONFLICT;
	case DB_ERROR:
		break;
	}
	return TESS_ERR_INTERNAL;
}

/* Binds a pk that may be 0 (= none) as NULL. */
void db_bind_opt_pk(struct db_stmt *s, int i, int64_t pk);
/*
 * Runs an INSERT of one row and ends the statement; *pk_out (pk_out may be
 * NULL) gets the new row's pk. Each backend finds it its own way (the
 * SQLite one asks for the last rowid).
 */
enum tess_err db_insert(struct db_stmt *s, int64_t *pk_out);

/*
 * A row reader: fills out (a struct the reader knows) from the current
 * row of st, strings copied into a. It reads the columns of its column
 * list, which stands beside it (store/NAME_rows.h), in that list's order
 * from column *pos on, each with (*pos)++, and leaves *pos after the last
 * one; so a column is added in one place, and readers follow each other
 * on one row. db_read_one and db_read_all start at 0 and check that a
 * reader read every column its statement selects.
 */
typedef enum tess_err (*db_row_fn)(struct db_stmt *st, int *pos, struct arena *a, void *out);

/* Binds a tenancy to ?1 (partner pk) and ?2 (customer pk), as every tenant statement expects. */
void db_bind_tenancy(struct db_stmt *s, struct tenancy t);
/* Steps s for exactly one row read by fn, then ends s; TESS_ERR_NOT_FOUND if there is none. */
enum tess_err db_read_one(struct db_stmt *s, struct arena *a, db_row_fn fn, void *out);
/*
 * Reads every row of s with fn into a new arena array of elements of size
 * bytes (*items, *n), then ends s.
 */
enum tess_err db_read_all(struct db_stmt *s, struct arena *a, db_row_fn fn, size_t size,
			  void **items, size_t *n);
/*
 * The key a keyset page continues from: after itself, or on a first page
 * (after 0) of a newest-first list the key above every row.
 */
static inline int64_t db_page_from(int64_t after, bool newest)
{
	return newest && after == 0 ? INT64_MAX : after;
}
/*
 * Keyset pages select one row more than asked: cuts *n back to limit and
 * tells through *more whether another page follows.
 */
void db_page_trim(size_t *n, int limit, bool *more);
/*
 * One page of a plain tenancy list: s binds the tenancy at 1 and 2, the
 * last key of the previous page at 3 and the number of rows at 4. Reads
 * up to limit rows with fn (as db_read_all) and sets *more when another
 * page follows.
 */
enum tess_err db_read_tenancy_page(struct db_stmt *s, struct tenancy t, int64_t after, int limit,
				   struct arena *a, db_row_fn fn, size_t size, void **items,
				   size_t *n, bool *more);

/* Rows changed by the last statement on c. */
int64_t db_changes(struct store_conn *c);

#endif
