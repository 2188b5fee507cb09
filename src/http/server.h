/*
 * The HTTP server: one event loop (event_base + evhttp) per worker thread,
 * each on its own listening socket bound with SO_REUSEPORT to the same
 * address, each with its own store connection and request arena.
 */
#ifndef TESSERA_HTTP_SERVER_H
#define TESSERA_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct proxy_list;

#define SERVER_DEFAULT_MAX_BODY (1024 * 1024)
#define SERVER_DEFAULT_TIMEOUT 30
#define SERVER_DEFAULT_HEADER_TIMEOUT 10
#define SERVER_DEFAULT_BODY_TIMEOUT 30

struct server_config {
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

/*
 * Serves the API until SIGTERM or SIGINT. Prints exactly one line
 * "listening on http://HOST:PORT" to stdout once every worker listens.
 * On the signal it stops accepting, lets replies in flight finish (up to
 * the timeout), joins the workers and closes their connections. Calls
 * sodium_init() and evthread_use_pthreads() itself. Returns 0 after a
 * clean shutdown, -1 if it could not start (the reason is logged).
 */
int server_run(struct store *st, const struct server_config *cfg);

#endif
