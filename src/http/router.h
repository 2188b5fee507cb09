/*
 * Routes are one table. Each row names a method, a path pattern
 * ("/api/v1/subscriptions/:id/cancel"), the handler, the roles that may
 * call it (a ROLE_BIT mask), its body limit and flags. The pipeline applies
 * authentication, the role check, CSRF and the body limit from these
 * columns; handlers never repeat them.
 */
#ifndef TESSERA_HTTP_ROUTER_H
#define TESSERA_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/handler.h"
#include "util/arena.h"

enum http_method { METHOD_GET, METHOD_POST, METHOD_PUT, METHOD_PATCH, METHOD_DELETE, METHOD__MAX };

#define METHOD_BIT(m) (1u << (m))

enum route_flag {
	ROUTE_PUBLIC = 1u << 0,  /* no credential needed (roles ignored) */
	ROUTE_NO_CSRF = 1u << 1, /* cookie callers need no X-CSRF-Token */
};

#define ROUTE_DEFAULT_MAX_BODY (16 * 1024)

struct route {
	enum http_method method;
	const char *pattern; /* literal segments and ":name" parameters */
	handler_fn handler;
	unsigned roles;  /* ROLE_BIT mask of who may call it */
	size_t max_body; /* bytes */
	unsigned flags;  /* enum route_flag */
};

/*
 * What a server serves, given to it at start (struct server_config): its
 * routes, and the kinds of replies that are built after a commit
 * (struct reply_kind, http/handler.h). The API's is api/routes.h's.
 */
struct route_table {
	const struct route *routes;
	size_t nroutes;
	const struct reply_kind *reply_kinds;
	size_t nreply_kinds;
};

enum route_result { ROUTE_FOUND, ROUTE_WRONG_METHOD, ROUTE_NOT_FOUND };

/*
 * Matches path (len bytes, no query string) against pattern. On a match
 * fills params (at most REQ_MAX_PARAMS, copied into a) and *nparams, and
 * returns true. A parameter matches one non-empty segment.
 */
bool router_pattern_match(const char *pattern, const char *path, size_t len, struct arena *a,
                          const char *params[REQ_MAX_PARAMS], int *nparams);

/*
 * Finds the row of table for (m, path). ROUTE_FOUND sets *out and the
 * params; ROUTE_WRONG_METHOD sets *allow to the METHOD_BIT mask of the
 * methods the path has; ROUTE_NOT_FOUND otherwise.
 */
enum route_result router_match(const struct route *table, size_t n, enum http_method m,
                               const char *path, size_t len, struct arena *a,
                               const struct route **out, const char *params[REQ_MAX_PARAMS],
                               int *nparams, unsigned *allow);

/* The largest max_body of the table. */
size_t router_max_body(const struct route *table, size_t n);

/* "GET", "POST", ... */
const char *http_method_name(enum http_method m);

#endif
