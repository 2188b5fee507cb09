/*
 * A streamed reply (req_reply_stream, http/handler.h): the head and the
 * first piece go out at once, and each further piece is made only once
 * the client has taken the one before, each in a read snapshot of its
 * own, so that a long reply holds one piece in memory.
 */
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdlib.h>

#include "http/call.h"
#include "http/respond.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/json_mem.h"
#include "util/log.h"

/* The most one piece may take; a source makes pieces far smaller (a batch of rows). */
#define STREAM_PIECE_MAX (16 * 1024 * 1024)

static void stream_sent(struct evhttp_connection *evcon, void *arg);

/* Releases the stream's source, once; the connection no longer reports to the call. */
static void stream_release(struct call *c)
{
	if (c->stream_conn != NULL)
		evhttp_connection_set_closecb(c->stream_conn, NULL, NULL);
	c->stream_conn = NULL;
	if (c->stream != NULL && c->stream->release != NULL)
		c->stream->release(c->stream_state);
	c->stream = NULL;
	c->stream_state = NULL;
}

/*
 * The next piece that has bytes, or the last, read in the snapshot open
 * on the worker's connection.
 */
static enum tess_err stream_next(struct call *c, struct buf *out, bool *end)
{
	enum tess_err err = TESS_OK;

	*end = false;
	while (err == TESS_OK && !*end && out->len == 0)
		err = c->stream->next(&c->r, c->stream_state, out, end);
	return err;
}

/* Hands out's bytes to libevent as the next chunk, to be followed by stream_sent. */
static bool stream_send(struct call *c, struct buf *out, bool then_more)
{
	struct evbuffer *piece;
	size_t len = out->len;
	char *data;
	bool ok;

	if (len == 0)
		return true;
	piece = evbuffer_new();
	data = buf_take(out);
	ok = piece != NULL && evbuffer_add_reference(piece, data, len, call_free_sent, NULL) == 0;
	if (!ok)
		free(data);
	if (ok) {
		c->stream_bytes += len;
		evhttp_send_reply_chunk_with_cb(c->pv.ev, piece, then_more ? stream_sent : NULL,
		                                then_more ? c : NULL);
	}
	if (piece != NULL)
		evbuffer_free(piece);
	return ok;
}

/* The reply is complete or cut short: the access log, and the call goes. */
static void stream_done(struct call *c)
{
	struct arena *prev = json_mem_use(&c->arena);
	stream_release(c);
	c->env->waiting--;
	call_end(c, c->stream_bytes);
	json_mem_use(prev);
}

/*
 * The client left mid-reply: libevent frees its connection. The request
 * was either detached from it first (then it is ours to free) or goes
 * with it; either way it is never completed.
 */
static void stream_closed(struct evhttp_connection *evcon, void *arg)
{
	struct call *c = arg;
	struct evhttp_request *ev = c->pv.ev;

	(void)evcon;
	log_info("request id=%s: the client left after %zu bytes", c->r.request_id,
	         c->stream_bytes);
	c->stream_conn = NULL; /* going: nothing more to unhook */
	if (evhttp_request_get_connection(ev) == NULL)
		evhttp_request_free(ev);
	c->env->inflight--;
	stream_done(c);
}

/* A piece has gone to the client: makes and sends the next, or ends the reply. */
static void stream_sent(struct evhttp_connection *evcon, void *arg)
{
	struct call *c = arg;
	struct dispatch_env *env = c->env;
	struct arena *prev = json_mem_use(&c->arena);
	struct buf out;
	bool end = false;
	enum tess_err err;

	buf_init(&out, STREAM_PIECE_MAX);
	err = store_read_begin(env->conn);
	if (err == TESS_OK) {
		err = stream_next(c, &out, &end);
		store_read_end(env->conn);
	}
	json_mem_use(prev);
	if (err == TESS_OK && stream_send(c, &out, !end)) {
		buf_cleanup(&out);
		if (!end)
			return;
		if (c->stream_conn != NULL)
			evhttp_connection_set_closecb(c->stream_conn, NULL, NULL);
		c->stream_conn = NULL;
		evhttp_send_reply_end(c->pv.ev);
		stream_done(c);
		return;
	}
	buf_cleanup(&out);
	/*
	 * The status went out with the first piece: the connection is cut so
	 * that the client sees a body cut short. Its request goes with it.
	 */
	log_error("request id=%s: the reply stopped after %zu bytes (%s)", c->r.request_id,
	          c->stream_bytes, tess_err_code(err != TESS_OK ? err : TESS_ERR_INTERNAL));
	c->stream_conn = NULL;
	evhttp_connection_set_closecb(evcon, NULL, NULL);
	evhttp_connection_free(evcon);
	env->inflight--;
	stream_done(c);
}

enum tess_err req_reply_stream(struct req *r, const char *content_type, const char *filename,
                               const struct req_stream *s, void *state, struct problem *p)
{
	struct req_priv *pv = r->priv;
	struct call *c = pv->call;
	struct evkeyvalq *hdrs = evhttp_request_get_output_headers(pv->ev);
	struct buf out;
	bool end = false;
	enum tess_err err;

	c->stream = s;
	c->stream_state = state;
	c->stream_bytes = 0;
	buf_init(&out, STREAM_PIECE_MAX);
	err = stream_next(c, &out, &end);
	if (err != TESS_OK || end) {
		stream_release(c);
		if (err != TESS_OK) {
			buf_cleanup(&out);
			return problem_set(p, err, NULL, NULL, "%s", "");
		}
		size_t len = out.len;
		req_reply_bytes(r, 200, content_type, filename, (unsigned char *)buf_take(&out), len);
		return TESS_OK;
	}
	c->stream_conn = evhttp_request_get_connection(pv->ev);
	if (c->stream_conn == NULL || !respond_common_headers(hdrs, r->request_id, content_type) ||
	    !call_add_disposition(hdrs, filename) ||
	    (c->env->closing && evhttp_add_header(hdrs, "Connection", "close") != 0)) {
		c->stream_conn = NULL;
		stream_release(c);
		buf_cleanup(&out);
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "could not start the reply");
	}
	r->status = 200;
	evhttp_send_reply_start(pv->ev, 200, NULL);
	evhttp_connection_set_closecb(c->stream_conn, stream_closed, c);
	pv->deferred = true;
	c->env->waiting++;
	if (!stream_send(c, &out, true)) {
		/* Nothing is out but the head: cut the connection, as for a later piece. */
		struct evhttp_connection *evcon = c->stream_conn;
		buf_cleanup(&out);
		c->stream_conn = NULL;
		evhttp_connection_set_closecb(evcon, NULL, NULL);
		evhttp_connection_free(evcon);
		c->env->inflight--;
		stream_done(c);
		return TESS_OK;
	}
	buf_cleanup(&out);
	return TESS_OK;
}
