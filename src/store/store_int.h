/*
 * Inside the store: the shared store struct, the writer thread's queue,
 * and the few calls each backend provides besides db.h.
 */
#ifndef TESSERA_STORE_INT_H
#define TESSERA_STORE_INT_H

#include <pthread.h>
#include <stdbool.h>

#include "store/db.h"
#include "store/store.h"

/* Units taken into one transaction at most. */
#define STORE_BATCH_MAX 256
/* Commits after which the checkpointer runs (it also runs once a second). */
#define STORE_CHECKPOINT_COMMITS 64
/* Log pages (4 KiB each) beyond which the writer restarts the log. */
#define STORE_LOG_RESTART_PAGES 4096

struct store {
	struct store_config cfg;
	char *path;
	int schema_version;

	pthread_mutex_t mu;
	pthread_cond_t work_cv;
	pthread_cond_t done_cv;
	struct store_unit *head;
	struct store_unit *tail;
	bool stopping;
	bool writer_started;
	pthread_t writer;
	struct store_conn *wconn; /* the writer thread's connection */

	/* Copies committed pages back into the database off the writer's path. */
	pthread_cond_t checkpoint_cv;
	unsigned commits_since_checkpoint;
	bool log_restart_due;
	bool checkpointer_started;
	pthread_t checkpointer;
	struct store_conn *cconn;
};

/* Backend: a new connection; writer connections may write, others only read. */
enum tess_err backend_conn_open(struct store *s, bool writer, struct store_conn **out);
void backend_conn_close(struct store_conn *c);
/*
 * Backend: the server's writer connection leaves checkpoints to the
 * checkpointer thread instead of running them inside its commits.
 */
enum tess_err backend_conn_defer_checkpoints(struct store_conn *c);
/*
 * Backend: copies committed pages from the log into the database and
 * returns how many pages the log holds. A plain checkpoint waits for
 * nobody; a restart one, run by the writer between transactions, waits
 * (briefly: a long reader must not stall every write) for the readers of
 * old pages so that the log starts over from its beginning at the next
 * commit. One that gives up is asked again after the next checkpoint.
 */
int backend_checkpoint(struct store_conn *c, bool restart);
/* Backend: applies the migrations newer than the database's version. */
enum tess_err backend_migrate(struct store_conn *c, int *version, int *applied,
			      struct problem *p);

/*
 * Runs one unit inside the open transaction of c (idempotency included),
 * in a savepoint of its own or not; false when it failed after writing
 * without one, so that only rolling back the transaction undoes it.
 */
bool store_unit_apply(struct store_conn *c, struct store_unit *u, bool savepoint);
/* Backend: rows written by c's statements since it opened. */
int64_t backend_total_changes(struct store_conn *c);

#endif
