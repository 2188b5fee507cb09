/*
 * A storage backend: the table of functions through which the store core
 * reaches its database, one table per backend (as a protocol handler is
 * for a URL client). The core never names a backend: store_open picks the
 * table from the parsed database address (store/address.h) with
 * store_backend_for, and every connection and statement carries its
 * backend so that db.h dispatches through it. A backend defines its own
 * connection and statement structs with struct store_conn and struct
 * db_stmt as their first members, and keeps everything else it defines
 * static or prefixed with its name, so that several can be linked into
 * one binary.
 */
#ifndef TESSERA_STORE_BACKEND_H
#define TESSERA_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/address.h"
#include "store/db.h"
#include "store/store.h"

/* A backend's state beside the store's writer thread; its own struct. */
struct store_writer;

/* What every connection of every backend starts with. */
struct store_conn {
	const struct store_backend *backend;
};

/* What every prepared statement of every backend starts with. */
struct db_stmt {
	struct store_conn *conn;
};

struct store_backend {
	const char *name;

	/*
	 * A new connection to the database at addr, as cfg asks; writer
	 * connections may write, others only read.
	 */
	enum tess_err (*conn_open)(const struct store_address *addr, const struct store_config *cfg,
				   bool writer, struct store_conn **out);
	void (*conn_close)(struct store_conn *c); /* NULL is a no-op */
	/* store_destroy: removes the database at addr, and all the backend keeps beside it. */
	enum tess_err (*destroy)(const struct store_address *addr, struct problem *p);
	/* Applies the migrations newer than the database's version. */
	enum tess_err (*migrate)(struct store_conn *c, int *version, int *applied,
				 struct problem *p);
	/*
	 * The store's writer: writer_start runs once wconn is open, before
	 * the writer thread starts, and may start work of the backend's own
	 * (SQLite: a checkpointer thread); writer_committed runs on the writer
	 * thread after each batch, between transactions; writer_stop (NULL is
	 * a no-op) ends what writer_start began, after the writer thread.
	 */
	enum tess_err (*writer_start)(const struct store_address *addr,
				      const struct store_config *cfg, struct store_conn *wconn,
				      struct store_writer **out);
	void (*writer_committed)(struct store_writer *w, struct store_conn *wconn);
	void (*writer_stop)(struct store_writer *w);
	/*
	 * Rows written by c's statements since it opened. Optional: with it
	 * the writer runs a batch's units without savepoints and takes them
	 * only after a unit that failed having written (store/core.c); a
	 * backend without it (NULL) runs every unit in a savepoint.
	 */
	int64_t (*total_changes)(struct store_conn *c);
	/* Rows changed by the last statement on c. */
	int64_t (*changes)(struct store_conn *c);

	/* The statement API of db.h, each as its db_ function there says. */
	struct db_stmt *(*prepared)(struct store_conn *c, enum stmt_id id);
	void (*bind_i64)(struct db_stmt *s, int i, int64_t v);
	void (*bind_text)(struct db_stmt *s, int i, const char *v); /* never NULL */
	void (*bind_blob)(struct db_stmt *s, int i, const void *v, size_t n);
	void (*bind_null)(struct db_stmt *s, int i);
	enum db_rc (*step)(struct db_stmt *s);
	int (*col_count)(struct db_stmt *s);
	int64_t (*col_i64)(struct db_stmt *s, int i);
	bool (*col_null)(struct db_stmt *s, int i);
	/* A text column and its length in bytes; NULL (length 0) for NULL. */
	const char *(*col_text)(struct db_stmt *s, int i, size_t *len);
	const void *(*col_blob)(struct db_stmt *s, int i, size_t *n);
	void (*done)(struct db_stmt *s); /* s is not NULL */
	/*
	 * db_insert: runs an INSERT of one row and ends the statement;
	 * *pk_out (pk_out may be NULL) gets the new row's pk, found the
	 * backend's own way.
	 */
	enum tess_err (*insert)(struct db_stmt *s, int64_t *pk_out);
};

/* The backend that serves addresses of id. */
const struct store_backend *store_backend_for(enum store_backend_id id);

#endif
