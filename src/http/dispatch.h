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

/* What a worker thread lends each request it dispatches. */
struct dispatch_env {
	struct store *store;
	struct store_conn *conn; /* opened on this worker's thread */
	struct arena *arena;     /* reset after each request */
	const struct server_config *cfg;
	bool closing; /* shutting down: ask clients to close */
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
};

/*
 * Runs the whole pipeline for ev and sends its reply. Everything taken
 * from env->arena is released before it returns.
 */
void dispatch_request(struct evhttp_request *ev, struct dispatch_env *env);

#endif
