/*
 * The SQLite backend's writer hooks (store/backend.h): a checkpointer
 * thread on a connection of its own, and the log restarts the writer runs
 * between transactions.
 */
#define _GNU_SOURCE /* pthread_setname_np: threads named in top and perf */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "store/sqlite/sqlite_int.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* Commits after which the checkpointer runs (it also runs once a second). */
#define CHECKPOINT_COMMITS 64
/* Log pages (4 KiB each) beyond which the writer restarts the log. */
#define LOG_RESTART_PAGES 4096
/* How long a restart waits for readers of old pages before it gives up until next time. */
#define RESTART_WAIT_MS 50

struct sqlite_writer {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned commits_since_checkpoint;
	bool log_restart_due;
	bool stopping;
	bool started;
	pthread_t thread;
	struct sqlite_conn *conn; /* the checkpointer's */
};

/*
 * Copies committed pages from the log into the database and returns how
 * many pages the log holds. A plain checkpoint waits for nobody; a restart
 * one, run by the writer between transactions, waits (briefly: a long
 * reader must not stall every write) for the readers of old pages so that
 * the log starts over from its beginning at the next commit. One that
 * gives up is asked again after the next checkpoint.
 */
static int checkpoint(struct sqlite_conn *c, bool restart)
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

/*
 * Checkpoints on its own connection, after every CHECKPOINT_COMMITS
 * commits and at least once a second while there are new ones, so that
 * the writer's commits only append to the log. A checkpoint copies pages
 * that are already durable; it takes nothing from a commit's guarantee.
 * When the log has grown long it asks the writer to restart it.
 */
static void *checkpointer_main(void *arg)
{
	struct sqlite_writer *w = arg;

	(void)pthread_setname_np(pthread_self(), "tessera-checkpt");
	pthread_mutex_lock(&w->mu);
	while (!w->stopping) {
		struct timespec until;
		int pages;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		while (!w->stopping && w->commits_since_checkpoint < CHECKPOINT_COMMITS) {
			if (pthread_cond_timedwait(&w->cv, &w->mu, &until) != 0)
				break;
		}
		if (w->stopping || w->commits_since_checkpoint == 0)
			continue;
		w->commits_since_checkpoint = 0;
		pthread_mutex_unlock(&w->mu);
		pages = checkpoint(w->conn, false);
		pthread_mutex_lock(&w->mu);
		if (pages > LOG_RESTART_PAGES)
			w->log_restart_due = true;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

void sqlite_writer_stop(struct store_writer *state)
{
	struct sqlite_writer *w = (struct sqlite_writer *)state;
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (w->started)
		pthread_join(w->thread, NULL);
	sqlite_backend.conn_close(w->conn != NULL ? &w->conn->base : NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

enum tess_err sqlite_writer_start(const struct store_address *addr, const struct store_config *cfg,
				  struct store_conn *wconn, struct store_writer **out)
{
	struct sqlite_writer *w = xcalloc(1, sizeof(*w));
	struct store_conn *c = NULL;

	*out = NULL;
	if (pthread_mutex_init(&w->mu, NULL) != 0) {
		free(w);
		return TESS_ERR_INTERNAL;
	}
	if (pthread_cond_init(&w->cv, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		free(w);
		return TESS_ERR_INTERNAL;
	}
	if (sqlite_backend.conn_open(addr, cfg, true, &c) != TESS_OK)
		goto fail;
	w->conn = (struct sqlite_conn *)c;
	/* The writer's connection leaves checkpoints to the checkpointer. */
	if (sqlite3_exec(((struct sqlite_conn *)wconn)->db, "PRAGMA wal_autocheckpoint=0;", NULL,
			 NULL, NULL) != SQLITE_OK ||
	    pthread_create(&w->thread, NULL, checkpointer_main, w) != 0)
		goto fail;
	w->started = true;
	*out = (struct store_writer *)w;
	return TESS_OK;
fail:
	sqlite_writer_stop((struct store_writer *)w);
	return TESS_ERR_INTERNAL;
}

void sqlite_writer_committed(struct store_writer *state, struct store_conn *wconn)
{
	struct sqlite_writer *w = (struct sqlite_writer *)state;
	bool restart;

	pthread_mutex_lock(&w->mu);
	if (++w->commits_since_checkpoint >= CHECKPOINT_COMMITS)
		pthread_cond_signal(&w->cv);
	restart = w->log_restart_due;
	w->log_restart_due = false;
	pthread_mutex_unlock(&w->mu);
	/*
	 * Only the writer can restart the log: a checkpoint that must wait
	 * for the write lock would wait for ever under load.
	 */
	if (restart)
		(void)checkpoint((struct sqlite_conn *)wconn, true);
}
