/*
 * A request in flight, as the pipeline (http/dispatch.c) keeps it, and
 * what the files that finish its reply share (http/stream.c for a
 * streamed one). Internal to http/.
 */
#ifndef TESSERA_HTTP_CALL_H
#define TESSERA_HTTP_CALL_H

#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/auth.h"
#include "http/dispatch.h"
#include "http/handler.h"
#include "http/offload.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/err.h"

/*
 * One request in flight: what must outlive dispatch_request while the
 * request's unit of work is with the writer thread.
 */
struct call {
	struct dispatch_env *env;
	struct arena arena;
	struct event *settled_ev; /* activated by the writer once the unit is settled */
	struct store_unit *unit;
	struct req r;
	struct req_priv pv;
	struct principal who;
	struct problem p;
	const char *mname;
	int64_t t0;
	bool held;              /* its reply is held back (req_hold_reply) */
	struct offload_job job; /* a step off the loop (req_offload) */
	req_then_fn then;       /* what follows it, or NULL */
	/* A streamed reply (req_reply_stream): its source, state and progress. */
	const struct req_stream *stream;
	void *stream_state;
	struct evhttp_connection *stream_conn;
	size_t stream_bytes;
	struct call *next; /* in env->spare */
};

/* Writes the access log line of a request whose reply is sent, and releases its call. */
void call_end(struct call *c, size_t bytes);

/* An evbuffer cleanup that frees data (malloc'd). */
void call_free_sent(const void *data, size_t len, void *extra);

/* Offers a non-JSON body as an attachment named filename (none when NULL). */
bool call_add_disposition(struct evkeyvalq *out, const char *filename);

#endif
