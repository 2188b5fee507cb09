/*
 * Work kept off the event loops: a few threads that run slow, CPU-bound
 * steps of a request (a password hash check), so that the worker whose
 * request it is serves other connections meanwhile. The pool starts at its
 * first job and lives as long as the program; it runs at most one job per
 * processor (up to OFFLOAD_THREADS_MAX), which also bounds the memory
 * such jobs take at once (argon2id takes 64 MiB each).
 */
#ifndef TESSERA_HTTP_OFFLOAD_H
#define TESSERA_HTTP_OFFLOAD_H

#include <stdbool.h>

#define OFFLOAD_THREADS_MAX 4
/* Jobs waiting at most; more are refused. */
#define OFFLOAD_QUEUE_MAX 4096

struct offload_job {
	void (*work)(void *arg); /* on a pool thread */
	void *arg;
	/* Then, on the same thread: must only wake the job's owner (event_active). */
	void (*done)(struct offload_job *j, void *done_arg);
	void *done_arg;
	struct offload_job *next;
};

/*
 * Queues j, which must stay valid until done is called. False when
 * OFFLOAD_QUEUE_MAX jobs are waiting already or the pool cannot start;
 * done is then never called.
 */
bool offload_submit(struct offload_job *j);

#endif
