/*
 * The SQLite backend (store/backend.h): connections in WAL mode with
 * foreign keys on, every statement prepared once per connection (lazily)
 * and reused.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/sqlite/sqlite_int.h"
#include "util/embed.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* The SQLite structs around the store's. */
static struct sqlite_conn *conn_of(struct store_conn *c)
{
	return (struct sqlite_conn *)c;
}

static struct sqlite_stmt *stmt_of(struct db_stmt *s)
{
	return (struct sqlite_stmt *)s;
}

static void conn_close(struct store_conn *base);

static enum tess_err exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sqlite: %s: %s", sql, msg != NULL ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return TESS_ERR_INTERNAL;
	}
	return TESS_OK;
}

static bool wal_vfs_ready;

/*
 * The page cache of each connection is bounded (SQLite's cache_size, in
 * KiB; a page not in it is read again from the operating system's cache).
 * The writer's holds what its commits touch again and again: the last
 * page of each b-tree it appends to, the rows units read (catalog,
 * accounts, customers) and much of the index of idempotency keys. A
 * reader's (one per worker) holds the upper levels of the indexes that
 * lists walk. A SQLite cache never gives a page back below its bound, and
 * under writes every new page passes through the writer's: at 32 MiB it
 * filled for 30,000 quotes and made up half the server's memory, for no
 * gain in throughput over 8 MiB (docs/PERFORMANCE.md).
 */
#define WRITER_CACHE_KIB 8192
#define READER_CACHE_KIB 2048

/*
 * Once per process, before the first connection: each connection is used
 * by one thread at a time (SQLITE_CONFIG_MULTITHREAD), and SQLite keeps no
 * memory statistics, which would take a process-wide lock on every one of
 * its allocations. The VFS that gathers log writes is registered.
 */
static void sqlite_configure(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		log_warn("sqlite: cannot configure the library; keeping its defaults");
	wal_vfs_ready = sqlite_wal_vfs_register();
}

static enum tess_err conn_open(const struct store_address *addr, const struct store_config *cfg,
			       bool writer, struct store_conn **out)
{
	struct sqlite_conn *c = xcalloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	char pragmas[512];
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	int n;

	if (pthread_once(&configured, sqlite_configure) != 0)
		goto fail;
	/* A writing connection that syncs its commits writes its log in one piece a commit. */
	c->base.backend = &sqlite_backend;
	if (sqlite3_open_v2(addr->path, &c->db, flags,
			    writer && cfg->durable && wal_vfs_ready ? SQLITE_WAL_VFS : NULL) !=
	    SQLITE_OK) {
		log_error("sqlite: cannot open %s: %s", addr->path,
			  c->db != NULL ? sqlite3_errmsg(c->db) : "out of memory");
		goto fail;
	}
	c->busy_timeout_ms = cfg->busy_timeout_ms > 0 ? cfg->busy_timeout_ms : 5000;
	if (sqlite3_busy_timeout(c->db, c->busy_timeout_ms) != SQLITE_OK)
		goto fail;
	/*
	 * WAL lets readers run beside the writer. synchronous=FULL makes each
	 * commit durable on power loss; the writer thread batches units so
	 * that one fsync serves many of them. The log is cut back to 64 MiB
	 * when it starts over.
	 */
	n = snprintf(pragmas, sizeof(pragmas),
		     "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=%s; "
		     "PRAGMA temp_store=MEMORY; PRAGMA cache_size=%d; "
		     "PRAGMA journal_size_limit=67108864;%s",
		     cfg->durable ? "FULL" : "NORMAL", writer ? -WRITER_CACHE_KIB : -READER_CACHE_KIB,
		     writer ? "" : " PRAGMA query_only=ON;");
	if (n < 0 || (size_t)n >= sizeof(pragmas) || exec_sql(c->db, pragmas) != TESS_OK)
		goto fail;
	for (int i = 0; i < STMT__MAX; i++)
		c->stmts[i].base.conn = &c->base;
	*out = &c->base;
	return TESS_OK;
fail:
	conn_close(&c->base);
	return TESS_ERR_INTERNAL;
}

static void conn_close(struct store_conn *base)
{
	struct sqlite_conn *c = conn_of(base);
	if (c == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(c->stmts[i].st);
	sqlite3_close(c->db);
	free(c);
}

/* The database file and the log and shared-memory files beside it. */
static enum tess_err destroy(const struct store_address *addr, struct problem *p)
{
	const char *suffixes[] = {"", "-wal", "-shm"};
	enum tess_err err = TESS_OK;

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char path[PATH_MAX];
		int n = snprintf(path, sizeof(path), "%s%s", addr->path, suffixes[i]);
		if (n > 0 && (size_t)n < sizeof(path) && unlink(path) != 0 && errno != ENOENT &&
		    err == TESS_OK)
			err = problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "Cannot remove %s", path);
	}
	return err;
}

static struct db_stmt *prepared(struct store_conn *base, enum stmt_id id)
{
	struct sqlite_conn *c = conn_of(base);
	struct sqlite_stmt *s = &c->stmts[id];
	if (s->st == NULL) {
		if (sqlite3_prepare_v3(c->db, sqlite_stmts[id], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->st, NULL) != SQLITE_OK) {
			log_error("sqlite: prepare %d: %s", (int)id, sqlite3_errmsg(c->db));
			s->st = NULL;
			return NULL;
		}
	} else {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
	}
	s->bind_rc = SQLITE_OK;
	return &s->base;
}

static void note_bind(struct sqlite_stmt *s, int rc)
{
	if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
		s->bind_rc = rc;
}

static void bind_i64(struct db_stmt *base, int i, int64_t v)
{
	struct sqlite_stmt *s = stmt_of(base);
	note_bind(s, sqlite3_bind_int64(s->st, i, v));
}

static void bind_text(struct db_stmt *base, int i, const char *v)
{
	struct sqlite_stmt *s = stmt_of(base);
	note_bind(s, sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT));
}

static void bind_blob(struct db_stmt *base, int i, const void *v, size_t n)
{
	struct sqlite_stmt *s = stmt_of(base);
	note_bind(s, sqlite3_bind_blob64(s->st, i, v, n, SQLITE_TRANSIENT));
}

static void bind_null(struct db_stmt *base, int i)
{
	struct sqlite_stmt *s = stmt_of(base);
	note_bind(s, sqlite3_bind_null(s->st, i));
}

static enum db_rc step(struct db_stmt *base)
{
	struct sqlite_stmt *s = stmt_of(base);
	int rc;
	if (s->bind_rc != SQLITE_OK) {
		log_error("sqlite: bind failed (%d) in: %s", s->bind_rc, sqlite3_sql(s->st));
		return DB_ERROR;
	}
	rc = sqlite3_step(s->st);
	switch (rc & 0xff) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	default:
		log_error("sqlite: step: %s in: %s", sqlite3_errmsg(conn_of(s->base.conn)->db),
			  sqlite3_sql(s->st));
		return DB_ERROR;
	}
}

static int col_count(struct db_stmt *s)
{
	return sqlite3_data_count(stmt_of(s)->st);
}

static int64_t col_i64(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(stmt_of(s)->st, i);
}

static bool col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(stmt_of(s)->st, i) == SQLITE_NULL;
}

static const char *col_text(struct db_stmt *s, int i, size_t *len)
{
	sqlite3_stmt *st = stmt_of(s)->st;
	const unsigned char *t = sqlite3_column_text(st, i);
	*len = t != NULL ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return (const char *)t;
}

static const void *col_blob(struct db_stmt *s, int i, size_t *n)
{
	sqlite3_stmt *st = stmt_of(s)->st;
	const void *p = sqlite3_column_blob(st, i);
	*n = (size_t)sqlite3_column_bytes(st, i);
	return p;
}

static void done(struct db_stmt *s)
{
	sqlite3_reset(stmt_of(s)->st);
}

/* The last rowid, as RETURNING would cost SQLite a temporary table. */
static enum tess_err insert(struct db_stmt *s, int64_t *pk_out)
{
	sqlite3 *db = conn_of(s->conn)->db;
	enum tess_err err = db_run(s);
	if (err != TESS_OK)
		return err;
	if (sqlite3_changes64(db) != 1)
		return TESS_ERR_NOT_FOUND;
	if (pk_out != NULL)
		*pk_out = sqlite3_last_insert_rowid(db);
	return TESS_OK;
}

static int64_t total_changes(struct store_conn *c)
{
	return sqlite3_total_changes64(conn_of(c)->db);
}

static int64_t changes(struct store_conn *c)
{
	return sqlite3_changes64(conn_of(c)->db);
}

/*
 * Migrations are numbered files (NNN_name.sql) compiled into the binary.
 * Each one that is newer than the database runs in its own transaction
 * together with the row that records it, so a failure leaves the schema
 * at the last whole version.
 */
static enum tess_err migrate(struct store_conn *base, int *version, int *applied,
			     struct problem *p)
{
	struct sqlite_conn *c = conn_of(base);
	sqlite3_stmt *st = NULL;
	int current = 0;
	enum tess_err err = TESS_OK;

	*applied = 0;
	if (exec_sql(c->db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
			    "applied_at TEXT NOT NULL)") != TESS_OK)
		return problem_set(p, TESS_ERR_INTERNAL, "migration_failed", NULL,
				   "Cannot create the migrations table");
	if (sqlite3_prepare_v2(c->db, "SELECT COALESCE(max(version), 0) FROM schema_migrations",
			       -1, &st, NULL) != SQLITE_OK)
		return TESS_ERR_INTERNAL;
	if (sqlite3_step(st) == SQLITE_ROW)
		current = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);

	for (const struct embedded_file *m = sqlite_migrations; m->name != NULL; m++) {
		int v = atoi(m->name);
		sqlite3_stmt *rec = NULL;
		int rc;
		if (v <= current)
			continue;
		if (exec_sql(c->db, "BEGIN IMMEDIATE") != TESS_OK) {
			err = TESS_ERR_INTERNAL;
			break;
		}
		if (exec_sql(c->db, m->data) != TESS_OK ||
		    sqlite3_prepare_v2(c->db,
				       "INSERT INTO schema_migrations (version, name, applied_at) "
				       "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
				       -1, &rec, NULL) != SQLITE_OK ||
		    sqlite3_bind_int(rec, 1, v) != SQLITE_OK ||
		    sqlite3_bind_text(rec, 2, m->name, -1, SQLITE_STATIC) != SQLITE_OK ||
		    (rc = sqlite3_step(rec)) != SQLITE_DONE) {
			sqlite3_finalize(rec);
			(void)exec_sql(c->db, "ROLLBACK");
			err = problem_set(p, TESS_ERR_INTERNAL, "migration_failed", NULL,
					  "Migration %s failed", m->name);
			break;
		}
		sqlite3_finalize(rec);
		if (exec_sql(c->db, "COMMIT") != TESS_OK) {
			err = TESS_ERR_INTERNAL;
			break;
		}
		current = v;
		(*applied)++;
		log_info("migrated to schema version %d (%s)", v, m->name);
	}
	*version = current;
	return err;
}

const struct store_backend sqlite_backend = {
	.name = "sqlite",
	.conn_open = conn_open,
	.conn_close = conn_close,
	.destroy = destroy,
	.migrate = migrate,
	.writer_start = sqlite_writer_start,
	.writer_committed = sqlite_writer_committed,
	.writer_stop = sqlite_writer_stop,
	.total_changes = total_changes,
	.changes = changes,
	.prepared = prepared,
	.bind_i64 = bind_i64,
	.bind_text = bind_text,
	.bind_blob = bind_blob,
	.bind_null = bind_null,
	.step = step,
	.col_count = col_count,
	.col_i64 = col_i64,
	.col_null = col_null,
	.col_text = col_text,
	.col_blob = col_blob,
	.done = done,
	.insert = insert,
};
