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
#include "http/request.h"
#include "store/store.h"
#include "util/arena.h"

struct evhttp_request;

struct call;
struct event_base;
struct proxy_list;
struct route_table;

/* What a worker thread lends each request it dispatches. */
struct dispatch_env {
	struct store *store;
	struct store_conn *conn; /* opened on this worker's thread */
	struct event_base *base; /* this worker's loop */
	/* From the server's configuration (http_front_init copies them). */
	const struct route_table *routes; /* what is served */
	const struct proxy_list *trusted_proxies; /* NULL: none */
	bool secure_cookies;
	bool closing;       /* shutting down: ask clients to close */
	int inflight;       /* requests whose reply is not sent yet */
	int waiting;        /* of which, units queued for the writer */
	int held;           /* of which, replies held back after their commit */
	struct call *spare; /* finished calls kept for reuse, with their arenas */
	int nspare;
	struct arena_pool chunks; /* the chunks the calls' arenas keep beyond their first */
	bool chunks_ready;
};

/*
 * Runs the whole pipeline for ev and sends its reply, now or (when the
 * handler ended with a unit of work) once the unit's commit is durable.
 * Every request has an arena of its own, released with the reply.
 */
void dispatch_request(struct evhttp_request *ev, struct dispatch_env *env);

/* Replies a worker holds back at most (req_hold_reply); more are sent at once. */
#define DISPATCH_HELD_MAX 128

/* Waits (running the loop) until no unit of this worker is with the writer. */
void dispatch_settle(struct dispatch_env *env);
/* Frees the calls kept for reuse; on the worker's thread, at its end. */
void dispatch_cleanup(struct dispatch_env *env);

#endif
