/*
 * The request pipeline: request id, route, authentication, role, CSRF,
 * body limits and parsing, idempotency, the handler, the reply and the
 * access log. One call per request on the worker thread that received it.
 */
#ifndef TESSERA_HTTP_DISPATCH_H
#define TESSERA_HTTP_DISPATCH_H

#include <event2/keyvalq_struct.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/handler.h"
#include "http/server.h"
#include "store/store.h"
#include "util/arena.h"

struct evhttp_request;

struct call;
struct event_base;

/* What a worker thread lends each request it dispatches. */
struct dispatch_env {
	struct store *store;
	struct store_conn *conn; /* opened on this worker's thread */
	struct event_base *base; /* this worker's loop */
	const struct server_config *cfg;
	bool closing;       /* shutting down: ask clients to close */
	int inflight;       /* requests whose reply is not sent yet */
	int waiting;        /* of which, units queued for the writer */
	int held;           /* of which, replies held back after their commit */
	struct call *spare; /* finished calls kept for reuse, with their arenas */
	int nspare;
	struct arena_pool chunks; /* the chunks the calls' arenas keep beyond their first */
	bool chunks_ready;
};

/* The HTTP layer's own part of a request (struct req.priv). */
struct req_priv {
	struct evhttp_request *ev;
	const struct server_config *cfg;
	const char *path;  /* the URI's path, as received */
	const char *query; /* the raw query string, or NULL */
	struct evkeyvalq query_args;
	bool query_parsed;
	bool query_bad;      /* the query string did not parse */
	unsigned allow;      /* 405: bit mask of the path's methods (router.h) */
	int64_t retry_after; /* 429: seconds, 0 for the default */
	bool replayed;       /* the reply is a stored idempotent one */
	struct call *call;   /* the request's state in flight */
	bool deferred;       /* its unit went to the writer: the reply follows */
	int64_t hold_ms;     /* a deferred reply is sent this long after its commit */
};

/*
 * Runs the whole pipeline for ev and sends its reply, now or (when the
 * handler ended with a unit of work) once the unit's commit is durable.
 * Every request has an arena of its own, released with the reply.
 */
void dispatch_request(struct evhttp_request *ev, struct dispatch_env *env);

/*
 * Hands r's unit to the writer thread (req_run_unit): TESS_OK when queued,
 * the reply then follows on this thread once the unit is settled; an
 * error when refused (shutting down), with u settled.
 */
enum tess_err dispatch_defer(struct req *r, struct store_unit *u);
/*
 * Runs work(arg) on the offload pool (http/offload.h), then then(r, arg, p)
 * back on this thread, which goes on as the handler would have
 * (req_offload): TESS_OK when queued; TESS_ERR_UNAVAILABLE, with p filled,
 * when the pool refuses it.
 */
enum tess_err dispatch_offload(struct req *r, void (*work)(void *), req_then_fn then, void *arg,
                               struct problem *p);
/* Takes a settled unit's outcome into r: its reply, or its error into p. */
enum tess_err req_unit_outcome(struct req *r, struct store_unit *u, struct problem *p);

/* Replies a worker holds back at most (req_hold_reply); more are sent at once. */
#define DISPATCH_HELD_MAX 128

/* Waits (running the loop) until no unit of this worker is with the writer. */
void dispatch_settle(struct dispatch_env *env);
/* Frees the calls kept for reuse; on the worker's thread, at its end. */
void dispatch_cleanup(struct dispatch_env *env);

#endif
