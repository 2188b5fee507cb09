#include "http/edge.h"

#include <sys/queue.h> /* before libevent's headers, which define TAILQ_* only when missing */

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http/respond.h"
#include "util/id.h"
#include "util/json_mem.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* ---- Refusals: one row per verdict. ---- */

#define STR_(x) #x
#define STR(x) STR_(x)
_Static_assert(EDGE_MAX_TARGET == 8192 && EDGE_MAX_FIELDS == 16384,
               "the refusal messages below name these limits");

struct refusal {
	int status;
	const char *reason;
	const char *code;
	const char *field; /* the header at fault, or NULL */
	const char *message;
};

static const struct refusal refusals[EDGE_VERDICT__MAX] = {
    [EDGE_OK] = {200, "OK", "ok", NULL, "-"},
    [EDGE_INCOMPLETE] = {400, "Bad Request", "malformed_request", NULL,
                         "The request is incomplete."},
    [EDGE_BAD_REQUEST_LINE] = {400, "Bad Request", "malformed_request", NULL,
                               "The request line must be METHOD SP target SP HTTP/1.x."},
    [EDGE_BAD_TARGET] = {400, "Bad Request", "malformed_request", NULL,
                         "The request target must be a path or an http(s) URL."},
    [EDGE_TARGET_TOO_LONG] = {414, "URI Too Long", "uri_too_long", NULL,
                              "The request target is longer than 8192 bytes."},
    [EDGE_BAD_VERSION] = {400, "Bad Request", "malformed_request", NULL,
                          "The HTTP version must be HTTP/1.0 or HTTP/1.1."},
    [EDGE_VERSION_UNSUPPORTED] = {505, "HTTP Version Not Supported", "http_version_not_supported",
                                  NULL, "Only HTTP/1.0 and HTTP/1.1 are served."},
    [EDGE_UNKNOWN_METHOD] = {501, "Not Implemented", "not_implemented", NULL,
                             "This server does not implement this method."},
    [EDGE_BAD_HEADER] = {400, "Bad Request", "malformed_request", NULL,
                         "A header line is not a name, a colon and a value on one line."},
    [EDGE_FIELDS_TOO_LARGE] = {431, "Request Header Fields Too Large", "headers_too_large", NULL,
                               "The header fields are larger than 16384 bytes."},
    [EDGE_TOO_MANY_FIELDS] = {431, "Request Header Fields Too Large", "headers_too_large", NULL,
                              "The request has more than " STR(EDGE_MAX_COUNT) " header fields."},
    [EDGE_BAD_CONTENT_LENGTH] = {400, "Bad Request", "invalid_header", "Content-Length",
                                 "Content-Length must be sent once, as a decimal number of bytes."},
    [EDGE_LENGTH_AND_CHUNKED] = {400, "Bad Request", "invalid_header", "Transfer-Encoding",
                                 "Send either Content-Length or Transfer-Encoding, not both."},
    [EDGE_BAD_TRANSFER_ENCODING] = {400, "Bad Request", "invalid_header", "Transfer-Encoding",
                                    "Transfer-Encoding must be sent once, in an HTTP/1.1 request."},
    [EDGE_UNKNOWN_CODING] = {501, "Not Implemented", "not_implemented", "Transfer-Encoding",
                             "The only transfer coding served is chunked."},
    [EDGE_BODY_NOT_ALLOWED] = {400, "Bad Request", "invalid_header", "Content-Length",
                               "HEAD and TRACE requests take no body."},
    [EDGE_BAD_EXPECT] = {417, "Expectation Failed", "expectation_failed", "Expect",
                         "The only expectation served is 100-continue."},
    [EDGE_BODY_TOO_LARGE] = {413, "Content Too Large", "body_too_large", NULL,
                             "The body is larger than this endpoint accepts."},
    [EDGE_BAD_CHUNK] = {400, "Bad Request", "malformed_request", NULL,
                        "The chunked body is malformed (chunk extensions are not accepted)."},
    [EDGE_TRAILERS] = {400, "Bad Request", "malformed_request", NULL,
                       "Trailer fields are not accepted."},
    [EDGE_HEAD_TIMEOUT] = {408, "Request Timeout", "request_timeout", NULL,
                           "The request's header fields did not arrive in time."},
    [EDGE_BODY_TIMEOUT] = {408, "Request Timeout", "request_timeout", NULL,
                           "The request's body did not arrive in time."},
};

int edge_verdict_status(enum edge_verdict v, const char **reason)
{
	const struct refusal *r = &refusals[(unsigned)v < EDGE_VERDICT__MAX ? v : EDGE_BAD_REQUEST_LINE];
	if (reason != NULL)
		*reason = r->reason;
	return r->status;
}

/* ---- The filter: one per connection, in front of evhttp. ---- */

/* A head with a valid request line is at most this long (see edge_head_parse). */
#define HEAD_MAX (EDGE_MAX_TARGET + 4 * EDGE_METHOD_MAX + EDGE_MAX_FIELDS)
#define POLL_MS 5         /* while evhttp finishes earlier requests before a refusal */
#define FLUSH_MAX_MS 5000 /* a refusal the client does not read */
#define LINGER_MS 2000    /* reading (and dropping) what the client still sends */

enum phase {
	PH_HEAD,       /* between requests, or in a head */
	PH_LENGTH,     /* in a Content-Length body */
	PH_CHUNK_SIZE, /* before a chunk-size line */
	PH_CHUNK_DATA, /* in a chunk's data */
	PH_CHUNK_END,  /* before the line end after a chunk's data */
	PH_TRAILER,    /* before the empty line after the last chunk */
	PH_REFUSING,   /* waiting for evhttp to finish the requests it was given */
	PH_FLUSHING,   /* the refusal is going out */
	PH_LINGER,     /* sent and shut down: dropping input until the client closes */
};

enum timer_kind { T_NONE, T_HEAD, T_BODY, T_POLL, T_CLOSE };

struct edge_conn {
	const struct edge_config *cfg;
	struct bufferevent *bev;   /* the filter, which evhttp owns */
	struct bufferevent *under; /* the socket's */
	struct event *timer;
	struct evbuffer_cb_entry *out_cb;
	struct evbuffer_cb_entry *under_cb;
	/* The filter's own callbacks on the socket's bufferevent, which ours wrap. */
	bufferevent_data_cb f_read, f_write;
	bufferevent_event_cb f_event;
	void *f_arg;
	short eof_held; /* the client's EOF, held until our output has gone */
	enum phase phase;
	enum timer_kind timer_kind;
	size_t scanned;      /* bytes of the held head searched for its end */
	bool line_seen;      /* the held head's request line has ended */
	uint64_t remaining;  /* bytes of the body or chunk still to pass */
	uint64_t body_total; /* chunked: data bytes announced so far */
	uint64_t limit;      /* the current request's body limit */
	uint64_t passed;     /* bytes passed to evhttp since the current request's head */
	bool owed;           /* evhttp wrote since its write callback last ran */
	enum edge_verdict refusal;
	enum edge_method method; /* of the refused request, if known (for the log) */
};

static void arm(struct edge_conn *c, enum timer_kind kind, long ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
	if (event_add(c->timer, &tv) != 0) {
		log_error("edge: event_add failed");
		return;
	}
	c->timer_kind = kind;
}

static void disarm(struct edge_conn *c)
{
	if (c->timer_kind == T_NONE)
		return;
	if (event_del(c->timer) != 0)
		log_error("edge: event_del failed");
	c->timer_kind = T_NONE;
}

/*
 * True when evhttp has answered everything it was given and waits for
 * bytes: reading is on, no reply is on its way, and its input holds no
 * more than the current request's body bytes (which it keeps until the
 * body is whole). A refusal written now follows every earlier reply.
 */
static bool evhttp_waiting(const struct edge_conn *c)
{
	return (bufferevent_get_enabled(c->bev) & EV_READ) != 0 && !c->owed &&
	       evbuffer_get_length(bufferevent_get_output(c->bev)) == 0 &&
	       evbuffer_get_length(bufferevent_get_output(c->under)) == 0 &&
	       evbuffer_get_length(bufferevent_get_input(c->bev)) <= c->passed;
}

static void peer_name(struct edge_conn *c, char *out, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	evutil_socket_t fd = bufferevent_getfd(c->under);

	if (fd < 0 || getpeername(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, len, out, (socklen_t)n, NULL, 0, NI_NUMERICHOST) != 0)
		(void)snprintf(out, n, "-");
}

/*
 * Writes the refusal to the socket: the API's error shape with the
 * headers every reply carries (respond_common_headers), and
 * Connection: close. Logged like a request.
 */
static void write_refusal(struct edge_conn *c)
{
	const struct refusal *r = &refusals[c->refusal];
	struct evbuffer *out = bufferevent_get_output(c->under);
	struct arena *prev = json_mem_use(NULL);
	struct evkeyvalq h;
	struct evkeyval *kv;
	char rid[17], msg[160], date[64], addr[64];
	struct tm tm;
	time_t now = time(NULL);
	json_t *body;
	char *text = NULL;
	size_t len = 0;
	bool ok;

	id_hex((sizeof(rid) - 1) / 2, rid);
	if (c->refusal == EDGE_BODY_TOO_LARGE)
		(void)snprintf(msg, sizeof(msg),
		               "The body is larger than this endpoint accepts (%llu bytes).",
		               (unsigned long long)c->limit);
	else
		(void)snprintf(msg, sizeof(msg), "%s", r->message);
	body = json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", r->code, "message", msg, "field",
	                 r->field);
	if (body != NULL)
		text = json_text(body, JSON_COMPACT);
	json_decref(body);
	json_mem_use(prev);
	if (text != NULL)
		len = strlen(text);
	if (gmtime_r(&now, &tm) == NULL || strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
		date[0] = '\0';

	TAILQ_INIT(&h);
	ok = respond_common_headers(&h, rid, text != NULL ? "application/json; charset=utf-8" : NULL);
	ok = ok && evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n", r->status, r->reason) > 0;
	TAILQ_FOREACH(kv, &h, next)
	ok = ok && evbuffer_add_printf(out, "%s: %s\r\n", kv->key, kv->value) > 0;
	if (date[0] != '\0')
		ok = ok && evbuffer_add_printf(out, "Date: %s\r\n", date) > 0;
	ok = ok && evbuffer_add_printf(out, "Content-Length: %zu\r\nConnection: close\r\n\r\n", len) > 0;
	ok = ok && (len == 0 || evbuffer_add(out, text, len) == 0);
	evhttp_clear_headers(&h);
	free(text);
	if (!ok)
		log_error("edge: could not write a %d refusal", r->status);

	peer_name(c, addr, sizeof(addr));
	log_info("access id=%s method=%s path=- status=%d bytes=%zu user=- addr=%s refused=%s", rid,
	         edge_method_name(c->method), r->status, len, addr,
	         r->code);
}

/* Once evhttp has answered what it was given, the refusal goes out. */
static void try_refuse(struct edge_conn *c)
{
	if (!evhttp_waiting(c)) {
		arm(c, T_POLL, POLL_MS);
		return;
	}
	write_refusal(c);
	c->phase = PH_FLUSHING;
	arm(c, T_CLOSE, FLUSH_MAX_MS);
}

/* Stops passing bytes for good: what is held and what follows is dropped. */
static void refuse(struct edge_conn *c, struct evbuffer *src, enum edge_verdict v)
{
	disarm(c);
	c->phase = PH_REFUSING;
	c->refusal = v;
	if (evbuffer_drain(src, evbuffer_get_length(src)) != 0)
		log_error("edge: evbuffer_drain failed");
	try_refuse(c);
}

static uint64_t body_limit(const struct edge_conn *c, const struct edge_head *h)
{
	size_t l = c->cfg->body_limit != NULL ? c->cfg->body_limit(c->cfg->body_limit_arg, h) : 0;
	return l == 0 || l > c->cfg->max_body ? c->cfg->max_body : l;
}

static bool pass(struct evbuffer *src, struct evbuffer *dst, size_t n)
{
	if (evbuffer_remove_buffer(src, dst, n) != (int)n) {
		log_error("edge: evbuffer_remove_buffer failed");
		return false;
	}
	return true;
}

static void request_done(struct edge_conn *c)
{
	if (c->timer_kind == T_BODY || c->timer_kind == T_HEAD)
		disarm(c);
	c->phase = PH_HEAD;
	c->passed = 0;
	c->scanned = 0;
	c->line_seen = false;
}

/* Drops empty lines before a request line (RFC 9112 2.2); false to wait for more. */
static bool skip_empty_lines(struct evbuffer *src)
{
	for (;;) {
		unsigned char two[2];
		ev_ssize_t got = evbuffer_copyout(src, two, 2);
		size_t skip = 0;
		if (got >= 1 && two[0] == '\n')
			skip = 1;
		else if (got == 2 && two[0] == '\r' && two[1] == '\n')
			skip = 2;
		else
			return !(got == 1 && two[0] == '\r');
		if (evbuffer_drain(src, skip) != 0)
			return false;
	}
}

/*
 * Looks for the end of the held head from c->scanned: an LF followed by
 * an empty line. Returns the head's length, or 0 when it has not ended.
 */
static size_t head_end(struct edge_conn *c, const char *p, size_t n)
{
	size_t i = c->scanned;
	for (;;) {
		const char *q = i < n ? memchr(p + i, '\n', n - i) : NULL;
		size_t lf;
		if (q == NULL) {
			c->scanned = n;
			return 0;
		}
		lf = (size_t)(q - p);
		c->line_seen = true;
		if (lf + 1 < n && p[lf + 1] == '\n')
			return lf + 2;
		if (lf + 2 < n && p[lf + 1] == '\r' && p[lf + 2] == '\n')
			return lf + 3;
		if (lf + 1 == n || (lf + 2 == n && p[lf + 1] == '\r')) {
			c->scanned = lf; /* decided once more bytes come */
			return 0;
		}
		i = lf + 1;
	}
}

/* PH_HEAD: passes a whole, valid head; false to stop (wait, or refused). */
static bool on_head(struct edge_conn *c, struct evbuffer *src, struct evbuffer *dst)
{
	struct edge_head h;
	struct evbuffer_iovec first;
	enum edge_verdict v;
	size_t n, window, look, end;
	const char *p;

	if (c->scanned == 0 && !skip_empty_lines(src))
		return false;
	n = evbuffer_get_length(src);
	if (n == 0)
		return false;
	window = n > HEAD_MAX + 1 ? HEAD_MAX + 1 : n;
	/* The first chain alone usually holds the head: look there before copying anything. */
	look = evbuffer_peek(src, -1, NULL, &first, 1) > 0 && first.iov_len > 0 &&
	               first.iov_len < window
	           ? first.iov_len
	           : window;
	for (;;) {
		p = (const char *)evbuffer_pullup(src, (ev_ssize_t)look);
		if (p == NULL) {
			log_error("edge: evbuffer_pullup failed");
			return false;
		}
		end = head_end(c, p, look);
		if (end != 0 || look == window)
			break;
		look = window;
	}
	if (end == 0 && look <= HEAD_MAX &&
	    (c->line_seen || look <= EDGE_MAX_TARGET + 2 * EDGE_METHOD_MAX)) {
		if (c->timer_kind != T_HEAD)
			arm(c, T_HEAD, c->cfg->head_timeout_s * 1000L);
		return false;
	}
	v = edge_head_parse(p, end != 0 ? end : look, &h);
	c->method = h.method;
	if (v == EDGE_INCOMPLETE)
		v = EDGE_FIELDS_TOO_LARGE; /* cannot happen past HEAD_MAX; refused all the same */
	if (v == EDGE_OK && (h.chunked || h.content_length > 0)) {
		c->limit = body_limit(c, &h);
		if (h.content_length > c->limit)
			v = EDGE_BODY_TOO_LARGE;
	}
	if (v != EDGE_OK) {
		refuse(c, src, v);
		return false;
	}
	if (c->timer_kind == T_HEAD)
		disarm(c);
	if (!pass(src, dst, h.len))
		return false;
	c->passed = 0;
	c->scanned = 0;
	c->line_seen = false;
	c->body_total = 0;
	if (h.chunked) {
		c->phase = PH_CHUNK_SIZE;
	} else if (h.content_length > 0) {
		c->phase = PH_LENGTH;
		c->remaining = h.content_length;
	}
	return true;
}

/* Passes up to c->remaining bytes of a body or chunk; true once they all went. */
static bool on_data(struct edge_conn *c, struct evbuffer *src, struct evbuffer *dst)
{
	size_t n = evbuffer_get_length(src);
	if (n > c->remaining)
		n = (size_t)c->remaining;
	if (n > 0 && !pass(src, dst, n))
		return false;
	c->remaining -= n;
	c->passed += n;
	return c->remaining == 0;
}

/* A line end (CRLF or LF) at the start of src: 1 passed, 0 wait, -1 something else. */
static int line_end(struct edge_conn *c, struct evbuffer *src, struct evbuffer *dst)
{
	unsigned char two[2];
	ev_ssize_t got = evbuffer_copyout(src, two, 2);
	size_t n;
	if (got <= 0 || (got == 1 && two[0] == '\r'))
		return 0;
	if (two[0] == '\n')
		n = 1;
	else if (two[0] == '\r' && two[1] == '\n')
		n = 2;
	else
		return -1;
	if (!pass(src, dst, n))
		return 0;
	c->passed += n;
	return 1;
}

/* PH_CHUNK_SIZE: passes one chunk-size line; false to stop. */
static bool on_chunk_size(struct edge_conn *c, struct evbuffer *src, struct evbuffer *dst)
{
	size_t n = evbuffer_get_length(src), used = 0;
	uint64_t size = 0;
	const char *p;
	enum edge_verdict v;

	if (n == 0)
		return false;
	if (n > EDGE_CHUNK_DIGITS_MAX + 3)
		n = EDGE_CHUNK_DIGITS_MAX + 3;
	p = (const char *)evbuffer_pullup(src, (ev_ssize_t)n);
	if (p == NULL)
		return false;
	v = edge_chunk_line(p, n, &size, &used);
	if (v == EDGE_INCOMPLETE)
		return false;
	if (v == EDGE_OK) {
		c->body_total = size > UINT64_MAX - c->body_total ? UINT64_MAX : c->body_total + size;
		if (c->body_total > c->limit)
			v = EDGE_BODY_TOO_LARGE;
	}
	if (v != EDGE_OK) {
		refuse(c, src, v);
		return false;
	}
	if (!pass(src, dst, used))
		return false;
	c->passed += used;
	c->remaining = size;
	c->phase = size == 0 ? PH_TRAILER : PH_CHUNK_DATA;
	return true;
}

/*
 * The input filter: follows the byte stream request by request and
 * passes each whole, valid head and then its body as it comes; holds a
 * head until it has ended. Returns BEV_OK when it passed anything (so
 * that evhttp reads it), BEV_NEED_MORE otherwise.
 */
static enum bufferevent_filter_result filter_in(struct evbuffer *src, struct evbuffer *dst,
                                                ev_ssize_t lim, enum bufferevent_flush_mode mode,
                                                void *arg)
{
	struct edge_conn *c = arg;
	size_t before = evbuffer_get_length(dst);
	bool go = true;
	int r;

	/* evhttp sets no read watermark, so lim is always -1; every mode reads the same. */
	(void)lim;
	(void)mode;
	while (go) {
		switch (c->phase) {
		case PH_HEAD:
			go = on_head(c, src, dst);
			break;
		case PH_LENGTH:
			go = on_data(c, src, dst);
			if (go)
				request_done(c);
			break;
		case PH_CHUNK_SIZE:
			go = on_chunk_size(c, src, dst);
			break;
		case PH_CHUNK_DATA:
			go = on_data(c, src, dst);
			if (go)
				c->phase = PH_CHUNK_END;
			break;
		case PH_CHUNK_END:
			r = line_end(c, src, dst);
			if (r < 0)
				refuse(c, src, EDGE_BAD_CHUNK);
			go = r > 0;
			if (go)
				c->phase = PH_CHUNK_SIZE;
			break;
		case PH_TRAILER:
			r = line_end(c, src, dst);
			if (r < 0)
				refuse(c, src, EDGE_TRAILERS);
			go = r > 0;
			if (go)
				request_done(c);
			break;
		case PH_REFUSING:
		case PH_FLUSHING:
		case PH_LINGER:
			if (evbuffer_drain(src, evbuffer_get_length(src)) != 0)
				log_error("edge: evbuffer_drain failed");
			go = false;
			break;
		}
	}
	if (c->phase != PH_HEAD && c->phase < PH_REFUSING && c->timer_kind != T_BODY) {
		/* In a body that has not all come: its deadline runs from the end of its head. */
		arm(c, T_BODY, c->cfg->body_timeout_s * 1000L);
	}
	return evbuffer_get_length(dst) > before ? BEV_OK : BEV_NEED_MORE;
}

/*
 * The output filter moves nothing itself: out_moved does, and
 * socket_written tells evhttp its reply is written only once the socket
 * has taken it. Moving here would make the filter call evhttp's write
 * callback at once, and evhttp frees a Connection: close connection
 * (shutting the socket) in that callback, before the reply left.
 */
static enum bufferevent_filter_result filter_out(struct evbuffer *src, struct evbuffer *dst,
                                                 ev_ssize_t lim, enum bufferevent_flush_mode mode,
                                                 void *arg)
{
	(void)src;
	(void)dst;
	(void)lim;
	(void)mode;
	(void)arg;
	return BEV_NEED_MORE;
}

/* evhttp wrote to the filter (deferred to the loop, so a reply moves in one piece). */
static void out_moved(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
	struct edge_conn *c = arg;
	(void)info;
	if (evbuffer_get_length(buf) == 0)
		return;
	if (evbuffer_add_buffer(bufferevent_get_output(c->under), buf) != 0) {
		log_error("edge: evbuffer_add_buffer failed");
		return;
	}
	c->owed = true;
}

/* The socket wrote part of a reply to a slow reader: evhttp's timeout restarts, as it would. */
static void socket_progress(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
	struct edge_conn *c = arg;
	struct timeval tv = {c->cfg->idle_timeout_s, 0};
	if (info->n_deleted == 0 || evbuffer_get_length(buf) == 0 || !c->owed)
		return;
	if (bufferevent_set_timeouts(c->bev, &tv, &tv) != 0)
		log_error("edge: bufferevent_set_timeouts failed");
}

/* Hands the client's held EOF to evhttp, from the loop (evhttp may free the connection). */
static void release_eof(struct edge_conn *c)
{
	if (c->eof_held == 0)
		return;
	bufferevent_trigger_event(c->bev, c->eof_held, BEV_TRIG_DEFER_CALLBACKS);
	c->eof_held = 0;
}

/*
 * The socket has written everything it was given. If evhttp has written
 * nothing since, its write callback runs now: the callback of its latest
 * write (evhttp sets one with each reply), so that a reply is complete
 * only once it left, as without the filter. May free the connection, c
 * with it.
 */
static void socket_written(struct bufferevent *u, void *arg)
{
	struct edge_conn *c = arg;

	c->f_write(u, c->f_arg);
	if (evbuffer_get_length(bufferevent_get_output(u)) > 0)
		return;
	if (c->phase == PH_FLUSHING) {
		evutil_socket_t fd = bufferevent_getfd(u);
		if (c->eof_held != 0) {
			release_eof(c); /* the client is gone already: no lingering */
			return;
		}
		/* Sent: no more from us, but the client's bytes are still read so that it reads ours. */
		if (fd >= 0 && shutdown(fd, SHUT_WR) != 0)
			log_debug("edge: shutdown failed");
		c->phase = PH_LINGER;
		disarm(c);
		arm(c, T_CLOSE, LINGER_MS);
		return;
	}
	if (!c->owed || evbuffer_get_length(bufferevent_get_output(c->bev)) > 0)
		return;
	c->owed = false;
	/* Our reference keeps c while evhttp may free the connection. */
	bufferevent_incref(c->bev);
	bufferevent_trigger(c->bev, EV_WRITE, 0);
	if (c->eof_held != 0) {
		bufferevent_event_cb still = NULL;
		bufferevent_getcb(c->bev, NULL, NULL, &still, NULL);
		if (still != NULL && evhttp_waiting(c))
			release_eof(c);
	}
	(void)bufferevent_decref(c->bev);
}

static void socket_read(struct bufferevent *u, void *arg)
{
	struct edge_conn *c = arg;
	c->f_read(u, c->f_arg);
}

/*
 * A client that half-closes after its requests gets their replies: its
 * EOF waits until evhttp has answered all it was given (evhttp drops a
 * connection that reads EOF while it writes, reply and all, and the
 * requests after it).
 */
static void socket_event(struct bufferevent *u, short what, void *arg)
{
	struct edge_conn *c = arg;
	bool busy = c->phase == PH_REFUSING || c->phase == PH_FLUSHING ||
	            (c->phase < PH_REFUSING && !evhttp_waiting(c));
	if ((what & BEV_EVENT_EOF) != 0 && (what & BEV_EVENT_ERROR) == 0 && busy) {
		c->eof_held = what;
		return;
	}
	c->f_event(u, what, c->f_arg);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct edge_conn *c = arg;
	enum timer_kind kind = c->timer_kind;
	(void)fd;
	(void)what;

	c->timer_kind = T_NONE;
	switch (kind) {
	case T_HEAD:
	case T_BODY:
		if (!evhttp_waiting(c)) {
			/* evhttp is still on an earlier request: this one's clock has not started. */
			arm(c, kind,
			    (kind == T_HEAD ? c->cfg->head_timeout_s : c->cfg->body_timeout_s) * 1000L);
			return;
		}
		refuse(c, bufferevent_get_input(c->under),
		       kind == T_HEAD ? EDGE_HEAD_TIMEOUT : EDGE_BODY_TIMEOUT);
		return;
	case T_POLL:
		try_refuse(c);
		return;
	case T_CLOSE:
		/* evhttp frees the connection as if the client had gone. */
		bufferevent_trigger_event(c->bev, BEV_EVENT_READING | BEV_EVENT_ERROR,
		                          BEV_TRIG_DEFER_CALLBACKS);
		return;
	case T_NONE:
		return;
	}
}

static void conn_free(void *arg)
{
	struct edge_conn *c = arg;
	if (c->timer != NULL)
		event_free(c->timer);
	if (c->out_cb != NULL && evbuffer_remove_cb_entry(bufferevent_get_output(c->bev), c->out_cb) != 0)
		log_error("edge: evbuffer_remove_cb_entry failed");
	if (c->under_cb != NULL &&
	    evbuffer_remove_cb_entry(bufferevent_get_output(c->under), c->under_cb) != 0)
		log_error("edge: evbuffer_remove_cb_entry failed");
	free(c);
}

struct bufferevent *edge_bufferevent(struct event_base *base, void *arg)
{
	struct edge_conn *c = xcalloc(1, sizeof(*c));
	struct evbuffer *out;

	c->cfg = arg;
	c->method = EDGE_METHOD__MAX;
	c->under = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (c->under == NULL) {
		free(c);
		log_error("edge: bufferevent_socket_new failed");
		return NULL;
	}
	c->bev = bufferevent_filter_new(c->under, filter_in, filter_out, BEV_OPT_CLOSE_ON_FREE,
	                                conn_free, c);
	if (c->bev == NULL) {
		bufferevent_free(c->under);
		free(c);
		log_error("edge: bufferevent_filter_new failed");
		return NULL;
	}
	out = bufferevent_get_output(c->bev);
	c->timer = evtimer_new(base, on_timer, c);
	if (c->timer == NULL || evbuffer_defer_callbacks(out, base) != 0 ||
	    (c->out_cb = evbuffer_add_cb(out, out_moved, c)) == NULL ||
	    (c->under_cb = evbuffer_add_cb(bufferevent_get_output(c->under), socket_progress, c)) ==
	        NULL) {
		bufferevent_free(c->bev); /* frees c */
		log_error("edge: could not set up a connection");
		return NULL;
	}
	bufferevent_getcb(c->under, &c->f_read, &c->f_write, &c->f_event, &c->f_arg);
	bufferevent_setcb(c->under, socket_read, socket_written, socket_event, c);
	return c->bev;
}
