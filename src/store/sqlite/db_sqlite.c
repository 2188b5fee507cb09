/*
 * db.h over SQLite: connections in WAL mode with foreign keys on, every
 * statement prepared once per connection (lazily) and reused.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"
#include "util/embed.h"
#include "util/log.h"
#include "util/xmalloc.h"

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

enum tess_err backend_conn_open(struct store *s, bool writer, struct store_conn **out)
{
	struct store_conn *c = xcalloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	char pragmas[512];
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	int n;

	if (pthread_once(&configured, sqlite_configure) != 0)
		goto fail;
	/* A writing connection that syncs its commits writes its log in one piece a commit. */
	if (sqlite3_open_v2(s->path, &c->db, flags,
			    writer && s->cfg.durable && wal_vfs_ready ? SQLITE_WAL_VFS : NULL) !=
	    SQLITE_OK) {
		log_error("sqlite: cannot open %s: %s", s->path,
			  c->db != NULL ? sqlite3_errmsg(c->db) : "out of memory");
		goto fail;
	}
	c->busy_timeout_ms = s->cfg.busy_timeout_ms > 0 ? s->cfg.busy_timeout_ms : 5000;
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
		     s->cfg.durable ? "FULL" : "NORMAL", writer ? -WRITER_CACHE_KIB : -READER_CACHE_KIB,
		     writer ? "" : " PRAGMA query_only=ON;");
	if (n < 0 || (size_t)n >= sizeof(pragmas) || exec_sql(c->db, pragmas) != TESS_OK)
		goto fail;
	for (int i = 0; i < STMT__MAX; i++)
		c->stmts[i].conn = c;
	*out = c;
	return TESS_OK;
fail:
	backend_conn_close(c);
	return TESS_ERR_INTERNAL;
}

enum tess_err backend_conn_defer_checkpoints(struct store_conn *c)
{
	return exec_sql(c->db, "PRAGMA wal_autocheckpoint=0;");
}

/* How long a restart waits for readers of old pages before it gives up until next time. */
#define RESTART_WAIT_MS 50

int backend_checkpoint(struct store_conn *c, bool restart)
{
	int frames = 0, rc;

	if (restart)
		(void)sqlite3_busy_timeout(c->db, RESTART_WAIT_MS);
	rc = sqlite3_wal_checkpoint_v2(
	    c->db, NULL, restart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE, &frames,
	    NULL);
	if (restart)
		(void)sqlite3_busy_timeout(c->db, c->busy_timeout_ms);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_error("sqlite: checkpoint: %s", sqlite3_errmsg(c->db));
	return frames;
}

void backend_conn_close(struct store_conn *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(c->stmts[i].st);
	sqlite3_close(c->db);
	free(c);
}

struct db_stmt *db_prepared(struct store_conn *c, enum stmt_id id)
{
	struct db_stmt *s = &c->stmts[id];
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
	return s;
}

static void note_bind(struct db_stmt *s, int rc)
{
	if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
		s->bind_rc = rc;
}

void db_bind_i64(struct db_stmt *s, int i, int64_t v)
{
	note_bind(s, sqlite3_bind_int64(s->st, i, v));
}

void db_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v == NULL)
		note_bind(s, sqlite3_bind_null(s->st, i));
	else
		note_bind(s, sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT));
}

void db_bind_blob(struct db_stmt *s, int i, const void *v, size_t n)
{
	note_bind(s, sqlite3_bind_blob64(s->st, i, v, n, SQLITE_TRANSIENT));
}

void db_bind_null(struct db_stmt *s, int i)
{
	note_bind(s, sqlite3_bind_null(s->st, i));
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
		log_error("sqlite: step: %s in: %s", sqlite3_errmsg(s->conn->db),
			  sqlite3_sql(s->st));
		return DB_ERROR;
	}
}

int db_col_count(struct db_stmt *s)
{
	return sqlite3_data_count(s->st);
}

int64_t db_col_i64(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(s->st, i);
}

bool db_col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

const char *db_col_text(struct db_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s->st, i);
	return t != NULL ? (const char *)t : "";
}

const void *db_col_blob(struct db_stmt *s, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(s->st, i);
	*n = (size_t)sqlite3_column_bytes(s->st, i);
	return p;
}

char *db_col_dup(struct db_stmt *s, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(s->st, i);
	if (t == NULL)
		return arena_strdup(a, "");
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s->st, i));
}

tdate db_col_date(struct db_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s->st, i);
	tdate d = 0;
	if (t != NULL &&
	    date_parse((const char *)t, (size_t)sqlite3_column_bytes(s->st, i), &d) != TESS_OK)
		d = 0;
	return d;
}

int64_t db_col_ts(struct db_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s->st, i);
	int64_t ts = 0;
	if (t != NULL &&
	    ts_parse((const char *)t, (size_t)sqlite3_column_bytes(s->st, i), &ts) != TESS_OK)
		ts = 0;
	return ts;
}

void db_col_copy(struct db_stmt *s, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(s->st, i);
	size_t len = t != NULL ? (size_t)sqlite3_column_bytes(s->st, i) : 0;
	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	if (len > 0)
		memcpy(out, t, len);
	out[len] = '\0';
}

void db_done(struct db_stmt *s)
{
	if (s != NULL)
		sqlite3_reset(s->st);
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
	enum tess_err err = db_run(s);
	if (err != TESS_OK)
		return err;
	if (sqlite3_changes64(s->conn->db) != 1)
		return TESS_ERR_NOT_FOUND;
	if (pk_out != NULL)
		*pk_out = sqlite3_last_insert_rowid(s->conn->db);
	return TESS_OK;
}

int64_t backend_total_changes(struct store_conn *c)
{
	return sqlite3_total_changes64(c->db);
}

int64_t db_changes(struct store_conn *c)
{
	return sqlite3_changes64(c->db);
}

/*
 * Migrations are numbered files (NNN_name.sql) compiled into the binary.
 * Each one that is newer than the database runs in its own transaction
 * together with the row that records it, so a failure leaves the schema
 * at the last whole version.
 */
enum tess_err backend_migrate(struct store_conn *c, int *version, int *applied,
			      struct problem *p)
{
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
