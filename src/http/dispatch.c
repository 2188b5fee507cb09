#include "http/dispatch.h"

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/assets.h"
#include "http/auth.h"
#include "http/body.h"
#include "http/call.h"
#include "http/offload.h"
#include "http/proxy.h"
#include "http/respond.h"
#include "http/router.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/id.h"
#include "util/json_mem.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define LOG_PATH_MAX 512

/* The request's method in our table's terms; METHOD__MAX for one no route has. */
static enum http_method method_of(enum evhttp_cmd_type cmd, const char **name)
{
	switch (cmd) {
	case EVHTTP_REQ_GET: *name = "GET"; return METHOD_GET;
	case EVHTTP_REQ_POST: *name = "POST"; return METHOD_POST;
	case EVHTTP_REQ_PUT: *name = "PUT"; return METHOD_PUT;
	case EVHTTP_REQ_PATCH: *name = "PATCH"; return METHOD_PATCH;
	case EVHTTP_REQ_DELETE: *name = "DELETE"; return METHOD_DELETE;
	case EVHTTP_REQ_HEAD: *name = "HEAD"; break;
	case EVHTTP_REQ_OPTIONS: *name = "OPTIONS"; break;
	case EVHTTP_REQ_TRACE: *name = "TRACE"; break;
	case EVHTTP_REQ_CONNECT: *name = "CONNECT"; break;
	default: *name = "OTHER"; break;
	}
	return METHOD__MAX;
}

/*
 * Idempotency before the handler: a key already stored for this user
 * replays its reply (same request) or is refused (another request).
 */
static enum tess_err idem_lookup(struct req *r, bool *replayed, struct problem *p)
{
	struct req_priv *pv = r->priv;
	struct idem_reply got;
	enum tess_err err;

	*replayed = false;
	err = store_idem_get(r->conn, r->who->user_pk, r->idem_key, r->arena, &got);
	if (err == TESS_ERR_NOT_FOUND)
		return TESS_OK;
	if (err != TESS_OK)
		return problem_set(p, err, NULL, NULL, "idempotency lookup failed");
	if (sodium_memcmp(got.hash, r->body_hash, sizeof(got.hash)) != 0)
		return problem_set(p, TESS_ERR_CONFLICT, "idempotency_key_reused",
		                   "Idempotency-Key",
		                   "This Idempotency-Key was used with a different request.");
	pv->replayed = true;
	*replayed = true;
	if (got.kind != NULL) {
		req_reply_ref(r, got.status, got.kind, got.ref_id);
		return TESS_OK;
	}
	r->status = got.status;
	r->reply_body = got.body[0] != '\0' ? xstrdup(got.body) : NULL;
	return TESS_OK;
}

/* Everything between routing and the handler's return; errors fill p. */
/*
 * The caller of a route that is not public: authenticated (r->who is then
 * who, r->tenancy its tenancy), of a role the route allows, and with the
 * session's CSRF token unless the route is exempt or the method safe.
 */
static enum tess_err authorize(struct req *r, struct dispatch_env *env, const struct route *rt,
                               bool safe_method, struct principal *who, struct problem *p)
{
	struct req_priv *pv = r->priv;
	struct evkeyvalq *hdrs = evhttp_request_get_input_headers(pv->ev);
	bool by_cookie = false;
	enum tess_err err = auth_authenticate(hdrs, env->conn, r->now, r->arena, who, &by_cookie, p);

	if (err != TESS_OK)
		return err;
	r->who = who;
	r->tenancy = tenancy_of(who);
	err = auth_check_role(who, rt->roles, p);
	if (err == TESS_OK && (rt->flags & ROUTE_NO_CSRF) == 0)
		err = auth_check_csrf(who, by_cookie, safe_method,
		                      evhttp_find_header(hdrs, "X-CSRF-Token"), p);
	return err;
}

/*
 * A POST's Idempotency-Key: checked, the request hashed with it, and, for
 * a signed-in caller, the reply stored earlier for it looked up (*replayed
 * when it was, and r's reply is then that one).
 */
static enum tess_err idempotency(struct req *r, const char *mname, bool *replayed,
                                 struct problem *p)
{
	struct req_priv *pv = r->priv;
	const char *key =
	    evhttp_find_header(evhttp_request_get_input_headers(pv->ev), "Idempotency-Key");
	struct evbuffer *in;
	size_t len;

	if (key == NULL)
		return TESS_OK;
	if (!body_idem_key_valid(key))
		return problem_set(p, TESS_ERR_INVALID, "invalid", "Idempotency-Key",
		                   "Idempotency-Key must be 1 to %d printable ASCII characters.",
		                   BODY_IDEM_KEY_MAX);
	in = evhttp_request_get_input_buffer(pv->ev);
	len = in != NULL ? evbuffer_get_length(in) : 0;
	body_hash(mname, pv->path, len > 0 ? evbuffer_pullup(in, -1) : NULL, len, r->body_hash);
	/* Public routes (login) have no user to scope a key to: not stored. */
	if (r->who == NULL)
		return TESS_OK;
	r->idem_key = arena_strdup(r->arena, key);
	return idem_lookup(r, replayed, p);
}

static enum tess_err run_pipeline(struct req *r, struct dispatch_env *env, enum http_method m,
                                  const char *mname, struct principal *who, struct problem *p)
{
	struct req_priv *pv = r->priv;
	const struct route *rt = NULL;
	bool replayed = false;
	enum tess_err err;

	/* Every GET outside the API is a page of the portals or one of its files. */
	if (m == METHOD_GET && strncmp(pv->path, "/api/", 5) != 0 && strcmp(pv->path, "/api") != 0) {
		pv->asset = assets_lookup(pv->path);
		if (pv->asset == NULL)
			return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such file.");
		r->status = assets_etag_matches(pv->asset, evhttp_find_header(
		                                    evhttp_request_get_input_headers(pv->ev),
		                                    "If-None-Match"))
		                ? 304
		                : 200;
		return TESS_OK;
	}

	switch (router_match(env->routes->routes, env->routes->nroutes, m, pv->path,
	                     strlen(pv->path), r->arena, &rt, r->params, &r->nparams, &pv->allow)) {
	case ROUTE_NOT_FOUND:
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such path.");
	case ROUTE_WRONG_METHOD:
		return problem_set(p, TESS_ERR_METHOD, "method_not_allowed", NULL,
		                   "This path does not accept %s.", mname);
	case ROUTE_FOUND: break;
	}

	/* Parses the query string once, so that a malformed one is refused before any handler. */
	(void)req_query(r, "");
	if (pv->query_bad)
		return problem_set(p, TESS_ERR_INVALID, "invalid_query", NULL,
		                   "The query string is malformed.");

	if ((rt->flags & ROUTE_PUBLIC) == 0) {
		err = authorize(r, env, rt, m == METHOD_GET, who, p);
		if (err != TESS_OK)
			return err;
	}

	/* Bodies of GET requests are not read: no GET route takes one. */
	if (m != METHOD_GET) {
		err = body_read_json(pv->ev, rt->max_body, &r->body, p);
		if (err != TESS_OK)
			return err;
	}

	if (m == METHOD_POST) {
		err = idempotency(r, mname, &replayed, p);
		if (err != TESS_OK || replayed)
			return err;
	}

	if (m == METHOD_GET) {
		err = store_read_begin(env->conn);
		if (err != TESS_OK)
			return problem_set(p, TESS_ERR_UNAVAILABLE, NULL, NULL,
			                   "Could not open a read snapshot.");
		err = rt->handler(r, p);
		store_read_end(env->conn);
	} else {
		err = rt->handler(r, p);
	}
	if (err == TESS_OK && r->status == 0 && !pv->deferred)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "handler set no reply");
	return err;
}

/* Appends path to b for the log: bytes that could break the line are %-escaped. */
static void log_path(struct buf *b, const char *path)
{
	for (const unsigned char *s = (const unsigned char *)path; *s != '\0'; s++) {
		bool ok = *s > 0x20 && *s < 0x7f && *s != '"' && *s != '%';
		if (b->len > LOG_PATH_MAX) {
			(void)buf_puts(b, "...");
			return;
		}
		if (!(ok ? buf_putc(b, (char)*s) : buf_printf(b, "%%%02X", *s)))
			return;
	}
}

/* Reason phrases libevent 2.1 does not know (it says "Client Error" for 429). */
static const char *reason_phrase(int status)
{
	switch (status) {
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	default: return NULL; /* libevent's own */
	}
}

void call_free_sent(const void *data, size_t len, void *extra)
{
	(void)len;
	(void)extra;
	free((void *)data);
}

bool call_add_disposition(struct evkeyvalq *out, const char *filename)
{
	char disp[160];
	int n;

	if (filename == NULL)
		return true;
	n = snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	return n > 0 && (size_t)n < sizeof(disp) &&
	       evhttp_add_header(out, "Content-Disposition", disp) == 0;
}

static void unit_settled(struct store_unit *u, void *arg);
static enum tess_err req_unit_outcome(struct req *r, struct store_unit *u, struct problem *p);

/* Sends r's reply on ev; returns the body's length. */
/* Sends the reply built so far, or a bare 500 when building it failed; the body's length. */
static size_t reply_out(struct req *r, bool ok, size_t len)
{
	struct req_priv *pv = r->priv;

	if (!ok) {
		log_error("request id=%s: could not build the reply", r->request_id);
		evhttp_send_error(pv->ev, 500, NULL);
		return 0;
	}
	evhttp_send_reply(pv->ev, r->status, reason_phrase(r->status), NULL);
	return len;
}

/* A portal file, or 304 when the client's copy is current: static bytes, not copied. */
static size_t send_asset(struct req *r, struct dispatch_env *env)
{
	struct req_priv *pv = r->priv;
	struct evkeyvalq *out = evhttp_request_get_output_headers(pv->ev);
	size_t len = r->status == 200 ? pv->asset->len : 0;
	bool ok = respond_page_headers(out, r->request_id, pv->asset->type, pv->asset->etag);

	if (ok && env->closing)
		ok = evhttp_add_header(out, "Connection", "close") == 0;
	if (ok && len > 0)
		ok = evbuffer_add_reference(evhttp_request_get_output_buffer(pv->ev),
		                            pv->asset->data, len, NULL, NULL) == 0;
	return reply_out(r, ok, len);
}

static size_t send_reply(struct req *r, struct dispatch_env *env)
{
	struct req_priv *pv = r->priv;
	struct evkeyvalq *out = evhttp_request_get_output_headers(pv->ev);
	struct evbuffer *buf = evhttp_request_get_output_buffer(pv->ev);
	char *text = NULL;
	size_t len = 0;
	bool ok = true;

	const char *type = NULL;

	if (pv->asset != NULL && (r->status == 200 || r->status == 304))
		return send_asset(r, env);
	if (r->status != 204 && r->status != 304) {
		if (r->reply_bytes != NULL || r->reply_has_file)
			type = r->reply_type;
		else if (r->reply_body != NULL)
			text = r->reply_body;
		else if (r->reply != NULL)
			text = json_text(r->reply, JSON_COMPACT);
	}
	if (text != NULL) {
		len = strlen(text);
		type = "application/json; charset=utf-8";
	}
	ok = respond_common_headers(out, r->request_id, type);
	if (ok && type != NULL && r->reply_has_file) {
		len = r->reply_len;
		/* The buffer owns the descriptor from here, and closes it once sent. */
		ok = evbuffer_add_file(buf, r->reply_fd, 0, (ev_off_t)len) == 0;
		if (ok)
			r->reply_has_file = false;
		ok = ok && call_add_disposition(out, r->reply_filename);
	} else if (ok && type != NULL && r->reply_bytes != NULL) {
		len = r->reply_len;
		ok = evbuffer_add(buf, r->reply_bytes, len) == 0;
		ok = ok && call_add_disposition(out, r->reply_filename);
	}
	if (ok && r->location != NULL)
		ok = evhttp_add_header(out, "Location", r->location) == 0;
	for (int i = 0; ok && i < r->ncookies; i++)
		ok = evhttp_add_header(out, "Set-Cookie", r->set_cookie[i]) == 0;
	if (ok && r->status == 405) {
		struct buf allow;
		buf_init(&allow, 128);
		for (int m = 0; m < METHOD__MAX; m++)
			if ((pv->allow & METHOD_BIT(m)) != 0)
				ok = ok && buf_printf(&allow, "%s%s", allow.len > 0 ? ", " : "",
				                      http_method_name((enum http_method)m));
		ok = ok &&
		     evhttp_add_header(out, "Allow", allow.data != NULL ? allow.data : "") == 0;
		buf_cleanup(&allow);
	}
	if (ok && (r->status == 429 || r->status == 503) && pv->retry_after > 0) {
		char ra[24];
		int n = snprintf(ra, sizeof(ra), "%lld", (long long)pv->retry_after);
		ok = n > 0 && (size_t)n < sizeof(ra) &&
		     evhttp_add_header(out, "Retry-After", ra) == 0;
	}
	if (ok && pv->replayed)
		ok = evhttp_add_header(out, "Idempotent-Replayed", "true") == 0;
	if (ok && env->closing)
		ok = evhttp_add_header(out, "Connection", "close") == 0;
	if (ok && text != NULL) {
		/* The buffer takes the text as it is, and frees it once sent. */
		ok = evbuffer_add_reference(buf, text, len, call_free_sent, NULL) == 0;
		if (ok) {
			if (text == r->reply_body)
				r->reply_body = NULL;
			text = NULL;
		}
	}
	if (text != NULL && text != r->reply_body)
		free(text);
	return reply_out(r, ok, len);
}

#define CALL_ARENA_CHUNK (64 * 1024)
/*
 * What a worker keeps for the requests to come, and so the most its
 * arenas hold between requests: CALLS_KEPT finished calls (more are
 * freed), each with its arena's first chunk (at most 32 x 64 KiB), and
 * CALL_CHUNKS_KEPT bytes of further chunks in a pool that all its calls
 * share (a subscription page of 50 rows takes 384-448 KiB of arena, one
 * of 200 about 640 KiB; a quote, 28 KiB). With the chunks kept by each
 * call instead (up to 576 KiB), a worker came to hold some 13 MiB once
 * each of its calls had served a list page.
 */
#define CALLS_KEPT 32
#define CALL_CHUNKS_KEPT (2 * 1024 * 1024)

static void on_settled(evutil_socket_t fd, short what, void *arg);

static struct call *call_get(struct dispatch_env *env)
{
	struct call *c = env->spare;
	if (c != NULL) {
		env->spare = c->next;
		env->nspare--;
		return c;
	}
	if (!env->chunks_ready) {
		arena_pool_init(&env->chunks, CALL_CHUNKS_KEPT);
		env->chunks_ready = true;
	}
	c = xcalloc(1, sizeof(*c));
	arena_init_pooled(&c->arena, CALL_ARENA_CHUNK, &env->chunks);
	c->env = env;
	/* Fails only without memory, where xmalloc would stop the program too. */
	c->settled_ev = event_new(env->base, -1, 0, on_settled, c);
	if (c->settled_ev == NULL) {
		log_error("dispatch: event_new failed");
		abort();
	}
	return c;
}

static void call_free(struct call *c)
{
	event_free(c->settled_ev);
	arena_cleanup(&c->arena);
	free(c);
}

static void call_put(struct call *c)
{
	struct dispatch_env *env = c->env;
	arena_reset(&c->arena);
	if (env->nspare >= CALLS_KEPT) {
		call_free(c);
		return;
	}
	c->next = env->spare;
	env->spare = c;
	env->nspare++;
}

/* Sends the reply, writes the access log line and releases the call. */
static void finish(struct call *c, enum tess_err err)
{
	struct req *r = &c->r;
	struct req_priv *pv = &c->pv;
	struct dispatch_env *env = c->env;
	/* A client that left while its unit was with the writer: no one to answer. */
	bool gone = evhttp_request_get_connection(pv->ev) == NULL;
	size_t bytes;

	if (err != TESS_OK)
		respond_error(r, err, &c->p);
	bytes = send_reply(r, env);
	if (gone)
		env->inflight--; /* libevent frees such a request without completing it */
	call_end(c, bytes);
}

void call_end(struct call *c, size_t bytes)
{
	struct req *r = &c->r;
	struct req_priv *pv = &c->pv;
	struct buf line;

	buf_init(&line, 2048);
	if (buf_printf(&line, "access id=%s method=%s path=", r->request_id, c->mname)) {
		log_path(&line, pv->path);
		if (buf_printf(&line, " status=%d bytes=%zu dur_us=%lld user=%s addr=%s", r->status,
		               bytes, (long long)(clock_mono_us() - c->t0),
		               r->who != NULL ? r->who->user_id : "-", r->client_addr))
			log_info("%s", line.data);
	}
	buf_cleanup(&line);

	json_decref(r->body);
	json_decref(r->reply);
	free(r->reply_body);
	free(r->reply_bytes);
	if (r->reply_has_file)
		(void)close(r->reply_fd);
	if (pv->query_parsed)
		evhttp_clear_headers(&pv->query_args);
	/* Every JSON value of the request is released: its arena can go. */
	call_put(c);
}

void dispatch_request(struct evhttp_request *ev, struct dispatch_env *env)
{
	struct call *c = call_get(env);
	struct req *r = &c->r;
	struct req_priv *pv = &c->pv;
	struct arena *prev_json = json_mem_use(&c->arena);
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
	struct evhttp_connection *conn = evhttp_request_get_connection(ev);
	enum http_method m;
	char rid_hex[17];
	char *addr = NULL;
	ev_uint16_t port = 0;
	enum tess_err err;

	c->t0 = clock_mono_us();
	c->unit = NULL;
	c->held = false;
	c->then = NULL;
	c->stream = NULL;
	c->stream_state = NULL;
	c->stream_conn = NULL;
	c->stream_bytes = 0;
	memset(r, 0, sizeof(*r));
	memset(pv, 0, sizeof(*pv));
	memset(&c->who, 0, sizeof(c->who));
	memset(&c->p, 0, sizeof(c->p));
	m = method_of(evhttp_request_get_command(ev), &c->mname);
	r->priv = pv;
	r->arena = &c->arena;
	r->store = env->store;
	r->conn = env->conn;
	pv->ev = ev;
	pv->routes = env->routes;
	pv->secure_cookies = env->secure_cookies;
	pv->call = c;

	id_hex((sizeof(rid_hex) - 1) / 2, rid_hex);
	r->request_id = arena_strdup(r->arena, rid_hex);
	if (conn != NULL)
		evhttp_connection_get_peer(conn, &addr, &port);
	/* The address that login throttling and the access log go by. */
	r->client_addr = proxy_client_addr(env->trusted_proxies, addr,
	                                   evhttp_request_get_input_headers(ev), r->arena);
	pv->path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	/* Copied: a client that leaves early has its request freed before the access log. */
	pv->path = pv->path == NULL || pv->path[0] == '\0' ? "/" : arena_strdup(r->arena, pv->path);
	pv->query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
	r->now = clock_now();
	r->today = clock_today();

	err = run_pipeline(r, env, m, c->mname, &c->who, &c->p);
	if (err != TESS_OK || !pv->deferred)
		finish(c, err);
	json_mem_use(prev_json);
}

static enum tess_err dispatch_defer(struct req *r, struct store_unit *u)
{
	struct req_priv *pv = r->priv;
	struct call *c = pv->call;
	enum tess_err err;

	c->unit = u;
	err = store_unit_submit(r->store, u, unit_settled, c);
	if (err != TESS_OK)
		return err;
	pv->deferred = true;
	c->env->waiting++;
	return TESS_OK;
}

/* On a pool thread: only wakes the call's worker. */
static void offload_done(struct offload_job *j, void *arg)
{
	struct call *c = arg;
	(void)j;
	event_active(c->settled_ev, EV_TIMEOUT, 0);
}

static enum tess_err dispatch_offload(struct req *r, void (*work)(void *), req_then_fn then,
                                      void *arg, struct problem *p)
{
	struct req_priv *pv = r->priv;
	struct call *c = pv->call;

	c->then = then;
	c->job.work = work;
	c->job.arg = arg;
	c->job.done = offload_done;
	c->job.done_arg = c;
	if (!offload_submit(&c->job)) {
		c->then = NULL;
		return problem_set(p, TESS_ERR_UNAVAILABLE, NULL, NULL,
		                   "The server is busy. Try again in a moment.");
	}
	pv->deferred = true;
	c->env->waiting++;
	return TESS_OK;
}

/* On the writer thread: only wakes the call's worker. */
static void unit_settled(struct store_unit *u, void *arg)
{
	struct call *c = arg;
	(void)u;
	event_active(c->settled_ev, EV_TIMEOUT, 0);
}

/*
 * Back on the worker thread: the unit's outcome becomes the reply, at once
 * or, when it is to be held, when the same event fires again as a timer.
 */
static void on_settled(evutil_socket_t fd, short what, void *arg)
{
	struct call *c = arg;
	struct dispatch_env *env = c->env;
	struct arena *prev;
	(void)fd;
	(void)what;
	if (c->then != NULL) {
		/* A step off the loop is done: the handler goes on, and may defer again. */
		req_then_fn then = c->then;
		enum tess_err err;
		c->then = NULL;
		c->pv.deferred = false;
		env->waiting--;
		prev = json_mem_use(&c->arena);
		err = then(&c->r, c->job.arg, &c->p);
		if (err == TESS_OK && c->r.status == 0 && !c->pv.deferred)
			err = problem_set(&c->p, TESS_ERR_INTERNAL, NULL, NULL,
			                  "handler set no reply");
		if (err != TESS_OK || !c->pv.deferred)
			finish(c, err);
		json_mem_use(prev);
		return;
	}
	if (c->held) {
		c->held = false;
		env->held--;
	} else if (c->pv.hold_ms > 0 && env->held < DISPATCH_HELD_MAX && !env->closing) {
		struct timeval tv = {(time_t)(c->pv.hold_ms / 1000),
		                     (suseconds_t)(c->pv.hold_ms % 1000 * 1000)};
		if (event_add(c->settled_ev, &tv) == 0) {
			c->held = true;
			env->held++;
			return; /* still counted in waiting, so that shutdown waits for it */
		}
	}
	prev = json_mem_use(&c->arena);
	env->waiting--;
	finish(c, req_unit_outcome(&c->r, c->unit, &c->p));
	json_mem_use(prev);
}

void dispatch_settle(struct dispatch_env *env)
{
	while (env->waiting > 0)
		if (event_base_loop(env->base, EVLOOP_ONCE) < 0)
			break;
}

void dispatch_cleanup(struct dispatch_env *env)
{
	while (env->spare != NULL) {
		struct call *c = env->spare;
		env->spare = c->next;
		call_free(c);
	}
	env->nspare = 0;
	if (env->chunks_ready) {
		arena_pool_cleanup(&env->chunks);
		env->chunks_ready = false;
	}
}

/* ---- What handlers call that needs the request in flight (http/handler.h) ---- */

void req_reply_ref(struct req *r, int status, const char *kind, const char *id)
{
	const struct reply_kind *k = NULL;
	json_t *v = NULL;
	enum tess_err err = TESS_ERR_INTERNAL;

	const struct req_priv *pv = r->priv;
	const struct route_table *t = pv != NULL ? pv->routes : NULL;

	for (size_t i = 0; t != NULL && i < t->nreply_kinds && k == NULL; i++)
		if (strcmp(t->reply_kinds[i].name, kind) == 0)
			k = &t->reply_kinds[i];
	if (k != NULL && store_read_begin(r->conn) == TESS_OK) {
		err = k->render(r, id, &v);
		store_read_end(r->conn);
	}
	if (k != NULL && k->path != NULL && status == 201)
		r->location = arena_printf(r->arena, "%s%s", k->path, id);
	if (err != TESS_OK) {
		/*
		 * The write is committed: answering an error would invite a
		 * retry that does it again. The caller gets its status and the
		 * id of what it made, which a GET shows whole.
		 */
		log_error("request id=%s: cannot build the reply from %s %s", r->request_id, kind,
			  id);
		v = json_pack("{s:s}", "id", id);
	}
	req_reply(r, status, v);
}

/*
 * Idempotency: for an authenticated request with a key, the unit carries
 * (user, key, hash) and the store writes the reply with the unit's own
 * writes, in the same transaction. Public requests (login) have no user
 * to scope a key to, so their keys are never stored.
 */
static void unit_init(struct req *r, struct store_unit *u, store_unit_fn fn, void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->run = fn;
	u->ctx = ctx;
	u->arena = r->arena;
	if (r->idem_key != NULL && r->who != NULL) {
		u->idem_user_pk = r->who->user_pk;
		u->idem_key = r->idem_key;
		memcpy(u->idem_hash, r->body_hash, sizeof(u->idem_hash));
	}
}

static enum tess_err req_unit_outcome(struct req *r, struct store_unit *u, struct problem *p)
{
	struct req_priv *pv = r->priv;
	enum tess_err err = u->err;

	if (err != TESS_OK) {
		free(u->reply_body);
		u->reply_body = NULL;
		if (u->problem.code != NULL || u->problem.message[0] != '\0') {
			if (p != NULL)
				*p = u->problem;
		} else if (err == TESS_ERR_CONFLICT && u->idem_key != NULL) {
			problem_set(p, err, "idempotency_key_reused", "Idempotency-Key",
			            "This Idempotency-Key was used with a different request.");
		} else {
			problem_set(p, err, NULL, NULL, "%s", "");
		}
		return err;
	}
	if (u->replayed && pv != NULL)
		pv->replayed = true;
	if (u->reply_body == NULL && u->reply_kind[0] != '\0') {
		req_reply_ref(r, u->reply_status != 0 ? u->reply_status : 200, u->reply_kind,
			      u->reply_id);
		return TESS_OK;
	}
	json_decref(r->reply);
	r->reply = NULL;
	free(r->reply_body);
	r->reply_body = u->reply_body;
	u->reply_body = NULL;
	r->status = u->reply_status != 0 ? u->reply_status : 200;
	return TESS_OK;
}

enum tess_err req_run_unit(struct req *r, store_unit_fn fn, const void *ctx, size_t ctx_size,
			   struct problem *p)
{
	struct store_unit *u = ARENA_NEW(r->arena, struct store_unit);
	void *copy = arena_alloc(r->arena, ctx_size > 0 ? ctx_size : 1);

	memcpy(copy, ctx, ctx_size);
	unit_init(r, u, fn, copy);
	if (dispatch_defer(r, u) == TESS_OK)
		return TESS_OK; /* the reply follows the commit */
	return req_unit_outcome(r, u, p);
}

enum tess_err req_offload(struct req *r, void (*work)(void *), req_then_fn then, void *arg,
                          struct problem *p)
{
	return dispatch_offload(r, work, then, arg, p);
}

void req_hold_reply(struct req *r, int64_t ms)
{
	struct req_priv *pv = r->priv;
	if (pv != NULL)
		pv->hold_ms = ms > 0 ? ms : 0;
}

enum tess_err req_run_unit_wait(struct req *r, store_unit_fn fn, void *ctx, struct problem *p)
{
	struct store_unit u;
	unit_init(r, &u, fn, ctx);
	(void)store_unit_run(r->store, &u);
	return req_unit_outcome(r, &u, p);
}

/* ---- Streamed replies (req_reply_stream) ---- */
