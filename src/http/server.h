/*
 * The HTTP server: one event loop (event_base + evhttp) per worker thread,
 * each on its own listening socket bound with SO_REUSEPORT to the same
 * address, each with its own store connection and request arena.
 */
#ifndef TESSERA_HTTP_SERVER_H
#define TESSERA_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/edge.h"
#include "util/arena.h"

struct dispatch_env;
struct event_base;
struct evhttp;
struct store;
struct proxy_list;
struct route_table;

#define SERVER_DEFAULT_MAX_BODY (1024 * 1024)
#define SERVER_DEFAULT_TIMEOUT 30
#define SERVER_DEFAULT_HEADER_TIMEOUT 10
#define SERVER_DEFAULT_BODY_TIMEOUT 30

struct server_config {
	const struct route_table *routes; /* what is served (http/router.h); required */
	const char *listen_host; /* NULL: 127.0.0.1 */
	int port;                /* 0: any free port */
	int threads;             /* <= 0: one per online processor */
	size_t max_body;         /* transport cap; raised above every route's limit */
	int timeout_seconds;     /* <= 0: SERVER_DEFAULT_TIMEOUT */
	int header_timeout_seconds; /* a request's head, from its first byte; <= 0: the default */
	int body_timeout_seconds;   /* its body, from the end of its head; <= 0: the default */
	bool secure_cookies;     /* add Secure to the session cookie */
	/* Peers whose X-Forwarded-For names the client (http/proxy.h); NULL: none. */
	const struct proxy_list *trusted_proxies;
};

/* Fills what cfg leaves at 0 with the defaults above. */
void server_config_defaults(struct server_config *cfg);

/*
 * One worker's HTTP side: an evhttp on the worker's loop whose every
 * connection passes through the edge (http/edge.h), with cfg's limits and
 * deadlines, handing each request to dispatch_request with env (which
 * counts it in env->inflight until its reply is sent; the routes and what
 * else of cfg the pipeline reads are copied into env). The workers of
 * server_run use it, and so does the request fuzz target, so that what is
 * fuzzed is what is served. cfg and env must outlive it; sockets are
 * bound to front->http by the caller.
 */
struct http_front {
	struct evhttp *http;
	struct edge_config edge;  /* what every connection's edge reads */
	struct arena route_arena; /* the router's scratch for the edge's body limits */
	struct dispatch_env *env;
};

/* Sets front up on base; false (logged) when evhttp cannot be made or cfg has no routes. */
bool http_front_init(struct http_front *front, struct event_base *base,
                     const struct server_config *cfg, struct dispatch_env *env);
/* Frees the evhttp (its sockets and connections); a no-op when none was made. */
void http_front_cleanup(struct http_front *front);

/*
 * Serves cfg->routes until SIGTERM or SIGINT. Prints exactly one line
 * "listening on http://HOST:PORT" to stdout once every worker listens.
 * On the signal it stops accepting, lets replies in flight finish (up to
 * the timeout), joins the workers and closes their connections. Calls
 * sodium_init() and evthread_use_pthreads() itself. Returns 0 after a
 * clean shutdown, -1 if it could not start (the reason is logged).
 */
int server_run(struct store *st, const struct server_config *cfg);

#endif
