/*
 * The HTTP layer's own part of a request (struct req.priv): what the
 * pipeline (http/dispatch.c), authentication (http/auth.c) and the error
 * mapping (http/respond.c) keep beside the request a handler sees. A
 * header of its own, so that those files need not include one another's.
 */
#ifndef TESSERA_HTTP_REQUEST_H
#define TESSERA_HTTP_REQUEST_H

#include <event2/keyvalq_struct.h>
#include <stdbool.h>
#include <stdint.h>

struct asset;
struct call;
struct evhttp_request;
struct route_table;

struct req_priv {
	struct evhttp_request *ev;
	const struct route_table *routes; /* what the server serves (http/router.h) */
	bool secure_cookies; /* add Secure to the session cookie */
	const char *path;    /* the URI's path, as received */
	const char *query;   /* the raw query string, or NULL */
	struct evkeyvalq query_args;
	bool query_parsed;
	bool query_bad;      /* the query string did not parse */
	unsigned allow;      /* 405: bit mask of the path's methods (router.h) */
	int64_t retry_after; /* 429: seconds, 0 for the default */
	bool replayed;       /* the reply is a stored idempotent one */
	struct call *call;   /* the request's state in flight */
	bool deferred;       /* its unit went to the writer: the reply follows */
	int64_t hold_ms;     /* a deferred reply is sent this long after its commit */
	const struct asset *asset; /* a portal file answers the request (http/assets.h) */
};

#endif
