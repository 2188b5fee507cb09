/*
 * What an API handler receives and how it answers. The HTTP layer has
 * already matched the route, authenticated the caller, checked the role
 * against the route table, parsed the JSON body (an object, or NULL for
 * bodiless methods) and opened a read snapshot; the handler validates its
 * fields, calls domain/ and store/, and sets the reply. It never opens or
 * commits a transaction: writes go through req_run_unit.
 *
 * The reply setters and unit_reply* are http/handler.c's; what needs the
 * request in flight (its query string, its units of work, steps off the
 * loop, replies built after a commit) is the pipeline's, http/dispatch.c.
 */
#ifndef TESSERA_HTTP_HANDLER_H
#define TESSERA_HTTP_HANDLER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/model.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define REQ_MAX_PARAMS 4
#define REQ_MAX_COOKIES 2

struct req {
	struct arena *arena;       /* freed when the response is sent */
	struct store *store;
	struct store_conn *conn;   /* this worker's read connection */
	const struct principal *who; /* NULL on public routes */
	struct tenancy tenancy;    /* from who; {0,0} on public routes */
	const char *params[REQ_MAX_PARAMS]; /* path parameters, in pattern order */
	int nparams;
	json_t *body;              /* borrowed; NULL when there is no body */
	const char *request_id;
	const char *client_addr;
	const char *idem_key;      /* Idempotency-Key, or NULL */
	unsigned char body_hash[32];
	int64_t now;               /* clock_now() when the request arrived */
	tdate today;               /* its date */

	/* The reply: a status and either a JSON value (owned) or a serialized body. */
	int status;
	json_t *reply;
	char *reply_body;          /* malloc'd; wins over reply */
	unsigned char *reply_bytes; /* malloc'd non-JSON body (PDF, XLSX, CSV); wins over both */
	size_t reply_len;
	const char *reply_type;    /* its Content-Type */
	const char *reply_filename; /* Content-Disposition attachment name, or NULL */
	int reply_fd;              /* with reply_has_file: a file of reply_len bytes, owned */
	bool reply_has_file;       /* the body is that file (wins over the others) */
	const char *location;      /* a Location header (in the arena), or NULL */
	const char *set_cookie[REQ_MAX_COOKIES];
	int ncookies;
	void *priv;                /* the HTTP layer's own */
};

/* A handler returns TESS_OK with the reply set, or an error with p filled. */
typedef enum tess_err (*handler_fn)(struct req *r, struct problem *p);

/* The value of query parameter name, or NULL when absent. */
const char *req_query(struct req *r, const char *name);
/*
 * Refuses (TESS_ERR_INVALID "unknown_parameter", naming it) any query
 * parameter not in the NULL-terminated list allowed.
 */
enum tess_err req_query_allow(struct req *r, const char *const *allowed, struct problem *p);
/* Refuses (TESS_ERR_INVALID "repeated_parameter", naming it) a query parameter given twice. */
enum tess_err req_query_unique(struct req *r, struct problem *p);
/* Sets the reply; takes ownership of body. */
void req_reply(struct req *r, int status, json_t *body);
/*
 * Sets a non-JSON reply (a PDF, a spreadsheet): takes ownership of the
 * malloc'd data; filename, if not NULL, is offered as the attachment's
 * name. content_type and filename must outlive the request (literals or
 * the arena).
 */
void req_reply_bytes(struct req *r, int status, const char *content_type, const char *filename,
		     unsigned char *data, size_t len);
/*
 * Sets a reply whose body is the file open at fd, len bytes from its
 * start (an export written to a temporary file): takes fd, which is
 * closed once sent or when the client leaves. As req_reply_bytes for
 * content_type and filename.
 */
void req_reply_file(struct req *r, int status, const char *content_type, const char *filename,
		    int fd, size_t len);

struct buf;
/*
 * A body too large to hold (every row of a list), made piece by piece on
 * the worker's thread: next appends the next piece to out, reading in a
 * read snapshot of its own, and sets *end with the last. Each piece is
 * made only once the one before has gone to the client, so a slow reader
 * holds one piece in memory, and the worker serves other requests in
 * between. release frees state: called once, whatever happened (the
 * client may leave at any point).
 */
struct req_stream {
	enum tess_err (*next)(struct req *r, void *state, struct buf *out, bool *end);
	void (*release)(void *state);
};
/*
 * Ends the handler with a streamed 200 reply of content_type (filename as
 * for req_reply_bytes). The first piece is made at once, in the handler's
 * snapshot: an error there is the request's error reply, as a handler's;
 * a body of one piece is sent whole. An error in a later piece ends the
 * connection (the status is sent already), so the client sees a body cut
 * short, never a complete-looking one. The handler returns what this
 * returns, and does nothing after; s must outlive the request.
 */
enum tess_err req_reply_stream(struct req *r, const char *content_type, const char *filename,
			       const struct req_stream *s, void *state, struct problem *p);

/* Adds a Set-Cookie value (copied into the arena). */
void req_set_cookie(struct req *r, const char *value);

/*
 * Ends the handler with a unit of work: the handler returns what this
 * returns, and does nothing after. The unit runs on the writer thread
 * with a copy of ctx (ctx_size bytes, copied into the arena: ctx may live
 * on the handler's stack, but what it points to must live in the arena,
 * the request or the body). The idempotency key of the request (if any)
 * is stored with the reply in the same transaction, and the unit's reply
 * becomes the request's. The worker thread does not wait for the commit:
 * it serves other requests meanwhile and sends this reply once the commit
 * holding it has returned from its fsync.
 */
enum tess_err req_run_unit(struct req *r, store_unit_fn fn, const void *ctx, size_t ctx_size,
			   struct problem *p);
/*
 * As req_run_unit, but waits for the commit, so that the handler can go on
 * (set a cookie, wipe a secret): for the rare requests that need it, as
 * the worker thread serves no one else meanwhile. ctx is used in place.
 */
enum tess_err req_run_unit_wait(struct req *r, store_unit_fn fn, void *ctx, struct problem *p);

/*
 * Goes on with a handler after a slow step run off the worker's loop:
 * work(arg) runs on another thread (it must touch nothing but arg and
 * what arg points to, which must live in the arena, the request or the
 * body), then then(r, arg, p) runs on the worker's thread and ends the
 * request as a handler does: a reply, an error, or req_run_unit. The
 * handler returns what this returns, and does nothing after. Meanwhile
 * the worker serves other requests. TESS_ERR_UNAVAILABLE (p filled) when
 * too many such steps are waiting.
 */
typedef enum tess_err (*req_then_fn)(struct req *r, void *arg, struct problem *p);
enum tess_err req_offload(struct req *r, void (*work)(void *), req_then_fn then, void *arg,
                          struct problem *p);

/*
 * Holds the reply of r's unit (req_run_unit) back ms milliseconds after
 * its commit, without blocking the worker: a slowed failed login. The
 * unit may call it, on the writer thread; the worker reads it once the
 * unit is settled. When shutting down, or holding DISPATCH_HELD_MAX
 * replies already, the worker sends the reply at once.
 */
void req_hold_reply(struct req *r, int64_t ms);

/* Serializes v for a unit's reply (u->reply_status/u->reply_body); takes v. */
void unit_reply(struct store_unit *u, int status, json_t *v);

/*
 * A reply that is the representation of one resource: builds it for r's
 * caller from the resource with this id, read in r's current snapshot.
 */
typedef enum tess_err (*reply_render_fn)(struct req *r, const char *id, json_t **out);

/*
 * A kind of such replies, by name: what an idempotency key stores. The
 * server is given its table of kinds with its routes (struct route_table,
 * http/router.h). A 201 reply of a kind with a path names the new
 * resource in a Location header: path followed by its id.
 */
struct reply_kind {
	const char *name;
	reply_render_fn render;
	const char *path; /* "/api/v1/quotes/", or NULL */
};

/*
 * Ends a unit whose reply is the resource kind/id (the name of one of the
 * server's reply kinds; id is copied): the reply is built after the commit
 * on the request's own thread, so the writer thread neither reads it back
 * nor serializes it. A key's replay builds it again, from the resource as
 * it is then.
 */
void unit_reply_ref(struct store_unit *u, int status, const char *kind, const char *id);
/*
 * Sets r's reply to status and the resource kind/id, read on a new
 * snapshot; should it not be readable (it was written: the reply must not
 * say otherwise), to status and {"id": id}.
 */
void req_reply_ref(struct req *r, int status, const char *kind, const char *id);

#endif
