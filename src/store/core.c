/*
 * The store's life cycle and its writer thread. Writes are units of work
 * queued to one thread that runs as many as are waiting inside one
 * transaction, each under its own savepoint, and commits them together:
 * one durable commit (one fsync) answers a whole batch. A unit's caller
 * waits until the commit that holds its unit has returned.
 */
#define _GNU_SOURCE /* pthread_setname_np: threads named in top and perf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/core_rows.h"
#include "store/store_int.h"
#include "util/clock.h"
#include "util/json_mem.h"
#include "util/log.h"
#include "util/xmalloc.h"

static void *writer_main(void *arg);

/* A new connection through s's backend; writer connections may write. */
static enum tess_err conn_open(struct store *s, bool writer, struct store_conn **out)
{
	return s->backend->conn_open(&s->addr, &s->cfg, writer, out);
}

enum tess_err store_open(const struct store_config *cfg, struct store **out, struct problem *p)
{
	const struct store_backend *backend;
	struct store *s;
	struct store_address addr;
	int applied = 0;
	enum tess_err err;

	err = store_address_parse(cfg->address, &addr, p);
	if (err != TESS_OK)
		return err;
	backend = store_backend_for(addr.backend);
	if (backend == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL,
				   "This build has no backend for the database address");
	s = xcalloc(1, sizeof(*s));
	s->cfg = *cfg;
	s->address = xstrdup(cfg->address);
	s->cfg.address = s->address;
	/* The parsed parts point into the store's own copy of the text. */
	(void)store_address_parse(s->address, &s->addr, p);
	s->backend = backend;
	if (pthread_mutex_init(&s->mu, NULL) != 0 || pthread_cond_init(&s->work_cv, NULL) != 0 ||
	    pthread_cond_init(&s->done_cv, NULL) != 0) {
		free(s->address);
		free(s);
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "Cannot set up store locks");
	}
	err = conn_open(s, true, &s->wconn);
	if (err != TESS_OK) {
		problem_set(p, err, "store_open_failed", NULL, "Cannot open database %s",
			    cfg->address);
		goto fail;
	}
	err = store_migrate(s, &applied, p);
	if (err != TESS_OK)
		goto fail;
	if (s->backend->writer_start(&s->addr, &s->cfg, s->wconn, &s->bwriter) != TESS_OK) {
		err = problem_set(p, TESS_ERR_INTERNAL, NULL, NULL,
				  "Cannot start the %s backend's writer", s->backend->name);
		goto fail;
	}
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		err = problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "Cannot start writer thread");
		goto fail;
	}
	s->writer_started = true;
	*out = s;
	return TESS_OK;
fail:
	store_close(s);
	return err;
}

enum tess_err store_destroy(const char *address, struct problem *p)
{
	struct store_address addr;
	const struct store_backend *backend;
	enum tess_err err = store_address_parse(address, &addr, p);

	if (err != TESS_OK)
		return err;
	backend = store_backend_for(addr.backend);
	if (backend == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL,
				   "This build has no backend for the database address");
	return backend->destroy(&addr, p);
}

void store_close(struct store *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_signal(&s->work_cv);
	pthread_mutex_unlock(&s->mu);
	if (s->writer_started)
		pthread_join(s->writer, NULL);
	if (s->backend != NULL)
		s->backend->writer_stop(s->bwriter);
	store_conn_close(s->wconn);
	pthread_cond_destroy(&s->done_cv);
	pthread_cond_destroy(&s->work_cv);
	pthread_mutex_destroy(&s->mu);
	free(s->address);
	free(s);
}

enum tess_err store_migrate(struct store *s, int *applied, struct problem *p)
{
	/* Before the writer thread starts, or from it: the connection is ours. */
	return s->backend->migrate(s->wconn, &s->schema_version, applied, p);
}

int store_schema_version(struct store *s)
{
	return s->schema_version;
}

struct store_conn *store_conn_open(struct store *s)
{
	struct store_conn *c = NULL;
	if (conn_open(s, false, &c) != TESS_OK)
		return NULL;
	return c;
}

void store_conn_close(struct store_conn *c)
{
	if (c != NULL)
		c->backend->conn_close(c);
}

enum tess_err store_read_begin(struct store_conn *c)
{
	return db_run(db_prepared(c, STMT_BEGIN));
}

void store_read_end(struct store_conn *c)
{
	if (db_run(db_prepared(c, STMT_COMMIT)) != TESS_OK)
		(void)db_run(db_prepared(c, STMT_ROLLBACK));
}

/* Replaces u's reply with the one stored for its key, or refuses a reused key. */
static void replay_stored(struct store_conn *c, struct store_unit *u)
{
	struct arena a;
	struct idem_reply got;

	arena_init(&a, 4096);
	free(u->reply_body);
	u->reply_body = NULL;
	u->reply_kind[0] = '\0';
	if (store_idem_get(c, u->idem_user_pk, u->idem_key, &a, &got) != TESS_OK) {
		u->err = problem_set(&u->problem, TESS_ERR_INTERNAL, NULL, NULL,
				     "Idempotency record vanished");
	} else if (memcmp(got.hash, u->idem_hash, sizeof(got.hash)) != 0) {
		u->err = problem_set(&u->problem, TESS_ERR_CONFLICT, "idempotency_key_reused",
				     "Idempotency-Key",
				     "This Idempotency-Key was used with a different request");
	} else {
		u->reply_status = got.status;
		if (got.kind != NULL) {
			snprintf(u->reply_kind, sizeof(u->reply_kind), "%s", got.kind);
			snprintf(u->reply_id, sizeof(u->reply_id), "%s", got.ref_id);
		} else {
			u->reply_body = xstrdup(got.body);
		}
		u->replayed = true;
		u->err = TESS_OK;
	}
	arena_cleanup(&a);
}

/* Clears what a run of u left, so that it can run again from the start. */
static void unit_reset(struct store_unit *u)
{
	free(u->reply_body);
	u->reply_body = NULL;
	free(u->idem_body);
	u->idem_body = NULL;
	u->reply_kind[0] = '\0';
	u->reply_status = 0;
	u->replayed = false;
	u->err = TESS_OK;
	memset(&u->problem, 0, sizeof(u->problem));
}

/* The unit's JSON values live in its caller's arena, as its other allocations do. */
static bool unit_apply(struct store_conn *c, struct store_unit *u, bool savepoint);

bool store_unit_apply(struct store_conn *c, struct store_unit *u, bool savepoint)
{
	struct arena *prev = json_mem_use(u->arena);
	bool kept = unit_apply(c, u, savepoint);
	json_mem_use(prev);
	return kept;
}

/* Stores u's reply under its idempotency key, in u's transaction. */
static enum tess_err idem_put(struct store_conn *c, struct store_unit *u)
{
	struct db_stmt *st = db_prepared(c, STMT_IDEM_PUT);
	/* A reply built after the commit is stored as the resource it shows. */
	bool ref = u->reply_body == NULL && u->reply_kind[0] != '\0';

	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, u->idem_user_pk);
	db_bind_text(st, 2, u->idem_key);
	db_bind_blob(st, 3, u->idem_hash, sizeof(u->idem_hash));
	db_bind_i64(st, 4, u->reply_status);
	db_bind_text(st, 5, u->idem_body != NULL    ? u->idem_body
			    : u->reply_body != NULL ? u->reply_body
						    : "");
	db_bind_ts(st, 6, clock_now());
	db_bind_text(st, 7, ref ? u->reply_kind : NULL);
	db_bind_text(st, 8, ref ? u->reply_id : NULL);
	return db_run(st);
}

/*
 * Runs u in the open transaction. With a savepoint, a unit that fails is
 * undone alone. Without one, which spares a backend such as SQLite a
 * statement journal of every page the unit touches, a unit that fails
 * before writing anything needs nothing undone; one that fails after
 * writing returns false: only a rollback of the whole transaction can
 * undo it. Only a backend that counts its writes (total_changes) runs
 * units without one.
 */
static bool unit_apply(struct store_conn *c, struct store_unit *u, bool savepoint)
{
	int64_t changes = savepoint ? 0 : c->backend->total_changes(c);
	enum tess_err err;

	if (savepoint && db_run(db_prepared(c, STMT_SAVEPOINT)) != TESS_OK) {
		u->err = TESS_ERR_INTERNAL;
		return true;
	}
	u->err = u->run(c, u);
	if (u->err == TESS_OK && u->idem_key != NULL) {
		err = idem_put(c, u);
		if (err == TESS_ERR_CONFLICT) {
			/* A twin request committed first: undo ours, answer as it did. */
			if (!savepoint && c->backend->total_changes(c) != changes)
				return false;
			if (savepoint) {
				(void)db_run(db_prepared(c, STMT_ROLLBACK_TO));
				(void)db_run(db_prepared(c, STMT_RELEASE));
			}
			free(u->idem_body);
			u->idem_body = NULL;
			replay_stored(c, u);
			return true;
		}
		u->err = err;
	}
	if (u->err != TESS_OK) {
		if (!savepoint && c->backend->total_changes(c) != changes)
			return false;
		if (savepoint)
			(void)db_run(db_prepared(c, STMT_ROLLBACK_TO));
		free(u->reply_body);
		u->reply_body = NULL;
		u->reply_kind[0] = '\0';
	}
	if (savepoint && db_run(db_prepared(c, STMT_RELEASE)) != TESS_OK && u->err == TESS_OK)
		u->err = TESS_ERR_INTERNAL;
	free(u->idem_body);
	u->idem_body = NULL;
	return true;
}

/*
 * Runs a batch in one transaction; on a failed commit every unit fails.
 * Units first run without savepoints where the backend counts its writes.
 * When one fails after writing, the transaction is rolled back and every
 * unit of the batch runs again from the start, each in a savepoint: a
 * unit decides from what the database holds, which is the same the
 * second time. A backend that does not count its writes runs every unit
 * in a savepoint at once.
 */
static void run_batch(struct store *s, struct store_unit *batch)
{
	struct store_conn *c = s->wconn;
	struct store_unit *u;
	bool counted = c->backend->total_changes != NULL;
	bool ok = db_run(db_prepared(c, STMT_BEGIN_WRITE)) == TESS_OK;
	bool clean = counted;

	for (u = batch; ok && clean && u != NULL; u = u->next)
		clean = store_unit_apply(c, u, false);
	if (ok && !clean) {
		if (counted) {
			(void)db_run(db_prepared(c, STMT_ROLLBACK));
			ok = db_run(db_prepared(c, STMT_BEGIN_WRITE)) == TESS_OK;
		}
		for (u = batch; ok && u != NULL; u = u->next) {
			unit_reset(u);
			(void)store_unit_apply(c, u, true);
		}
	}
	if (!ok) {
		for (u = batch; u != NULL; u = u->next) {
			unit_reset(u);
			u->err = TESS_ERR_UNAVAILABLE;
		}
		return;
	}
	if (db_run(db_prepared(c, STMT_COMMIT)) != TESS_OK) {
		log_error("store: commit failed; rolling back the batch");
		(void)db_run(db_prepared(c, STMT_ROLLBACK));
		for (u = batch; u != NULL; u = u->next) {
			if (u->err == TESS_OK) {
				unit_reset(u);
				u->err = TESS_ERR_INTERNAL;
			}
		}
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	(void)pthread_setname_np(pthread_self(), "tessera-writer");
	for (;;) {
		struct store_unit *batch, *last, *u;
		int n = 1;

		pthread_mutex_lock(&s->mu);
		while (s->head == NULL && !s->stopping)
			pthread_cond_wait(&s->work_cv, &s->mu);
		if (s->head == NULL) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		batch = last = s->head;
		while (last->next != NULL && n < STORE_BATCH_MAX) {
			last = last->next;
			n++;
		}
		s->head = last->next;
		if (s->head == NULL)
			s->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&s->mu);

		run_batch(s, batch);

		/* Each unit goes back to its owner; none is touched after its on_done. */
		for (u = batch; u != NULL;) {
			struct store_unit *next = u->next;
			u->next = NULL;
			u->on_done(u, u->on_done_arg);
			u = next;
		}
		s->backend->writer_committed(s->bwriter, s->wconn);
	}
	return NULL;
}

enum tess_err store_unit_submit(struct store *s, struct store_unit *u, store_unit_done_fn on_done,
				void *arg)
{
	u->done = false;
	u->next = NULL;
	u->idem_body = NULL;
	u->replayed = false;
	u->reply_body = NULL;
	u->reply_kind[0] = '\0';
	u->reply_status = 0;
	u->on_done = on_done;
	u->on_done_arg = arg;
	pthread_mutex_lock(&s->mu);
	if (s->stopping) {
		pthread_mutex_unlock(&s->mu);
		u->done = true;
		return u->err = problem_set(&u->problem, TESS_ERR_UNAVAILABLE, NULL, NULL,
					    "The server is shutting down");
	}
	if (s->tail != NULL)
		s->tail->next = u;
	else
		s->head = u;
	s->tail = u;
	pthread_cond_signal(&s->work_cv);
	pthread_mutex_unlock(&s->mu);
	return TESS_OK;
}

/* A waiting caller's wake-up: store_unit_run sleeps on the store's done_cv. */
static void wake_waiter(struct store_unit *u, void *arg)
{
	struct store *s = arg;
	pthread_mutex_lock(&s->mu);
	u->done = true;
	pthread_cond_broadcast(&s->done_cv);
	pthread_mutex_unlock(&s->mu);
}

enum tess_err store_unit_run(struct store *s, struct store_unit *u)
{
	if (store_unit_submit(s, u, wake_waiter, s) != TESS_OK)
		return u->err;
	pthread_mutex_lock(&s->mu);
	while (!u->done)
		pthread_cond_wait(&s->done_cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
	return u->err;
}

enum tess_err store_run_direct(struct store *s, store_unit_fn fn, struct store_unit *u)
{
	struct store_conn *c = NULL;
	enum tess_err err = conn_open(s, true, &c);
	if (err != TESS_OK)
		return err;
	u->run = fn;
	u->reply_body = NULL;
	if (db_run(db_prepared(c, STMT_BEGIN_WRITE)) != TESS_OK) {
		err = TESS_ERR_UNAVAILABLE;
		goto done;
	}
	/*
	 * No savepoint: the transaction is the unit, and a rollback undoes it.
	 * A savepoint around a large load makes SQLite rewind its in-memory
	 * statement journal chunk by chunk after every statement.
	 */
	err = u->err = fn(c, u);
	if (err == TESS_OK) {
		if (db_run(db_prepared(c, STMT_COMMIT)) != TESS_OK)
			err = TESS_ERR_INTERNAL;
	} else {
		(void)db_run(db_prepared(c, STMT_ROLLBACK));
		free(u->reply_body);
		u->reply_body = NULL;
	}
done:
	store_conn_close(c);
	return err;
}

/* Reads IDEM_COLS. */
static enum tess_err row_idem_reply(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct idem_reply *r = out;
	size_t n = 0;
	const void *h = db_col_blob(st, (*pos)++, &n);
	bool has_kind;
	if (h != NULL && n == sizeof(r->hash))
		memcpy(r->hash, h, sizeof(r->hash));
	r->status = (int)db_col_i64(st, (*pos)++);
	r->body = db_col_dup(st, (*pos)++, a);
	has_kind = !db_col_null(st, *pos);
	r->kind = has_kind ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	r->ref_id = has_kind ? db_col_dup(st, *pos, a) : NULL;
	(*pos)++;
	return TESS_OK;
}

enum tess_err store_idem_get(struct store_conn *c, int64_t user_pk, const char *key,
			     struct arena *a, struct idem_reply *out)
{
	struct db_stmt *st = db_prepared(c, STMT_IDEM_GET);

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_i64(st, 1, user_pk);
	db_bind_text(st, 2, key);
	return db_read_one(st, a, row_idem_reply, out);
}
