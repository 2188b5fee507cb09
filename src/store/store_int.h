/*
 * Inside the store: the shared store struct and the writer thread's
 * queue. The store reaches its database through its backend's table
 * (store/backend.h).
 */
#ifndef TESSERA_STORE_INT_H
#define TESSERA_STORE_INT_H

#include <pthread.h>
#include <stdbool.h>

#include "store/address.h"
#include "store/backend.h"
#include "store/db.h"
#include "store/store.h"

/* Units taken into one transaction at most. */
#define STORE_BATCH_MAX 256

struct store {
	struct store_config cfg;
	char *address;             /* cfg.address, owned */
	struct store_address addr; /* parsed from it */
	const struct store_backend *backend;
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

	struct store_writer *bwriter; /* the backend's beside the writer */
};

/*
 * Runs one unit inside the open transaction of c (idempotency included),
 * in a savepoint of its own or not; false when it failed after writing
 * without one, so that only rolling back the transaction undoes it.
 */
bool store_unit_apply(struct store_conn *c, struct store_unit *u, bool savepoint);

#endif
