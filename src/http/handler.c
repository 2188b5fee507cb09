/* The helpers handlers call (http/handler.h). */
#include "http/handler.h"

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/queue.h>
#include <string.h>

#include "http/dispatch.h"
#include "util/id.h"
#include "util/json_mem.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* The parsed query string, or NULL when there is none or it did not parse. */
static struct evkeyvalq *query_args(struct req *r)
{
	struct req_priv *pv = r->priv;

	if (pv == NULL || pv->query == NULL)
		return NULL;
	if (!pv->query_parsed) {
		TAILQ_INIT(&pv->query_args);
		pv->query_parsed = true;
		/* The pipeline refuses an unparsable query before handlers run. */
		if (evhttp_parse_query_str(pv->query, &pv->query_args) != 0)
			pv->query_bad = true;
	}
	return pv->query_bad ? NULL : &pv->query_args;
}

const char *req_query(struct req *r, const char *name)
{
	struct evkeyvalq *q = query_args(r);
	return q != NULL ? evhttp_find_header(q, name) : NULL;
}

enum tess_err req_query_allow(struct req *r, const char *const *allowed, struct problem *p)
{
	struct evkeyvalq *q = query_args(r);
	struct evkeyval *kv;

	if (q == NULL)
		return TESS_OK;
	TAILQ_FOREACH(kv, q, next)
	{
		bool known = false;
		for (const char *const *a = allowed; a != NULL && *a != NULL && !known; a++)
			known = strcmp(*a, kv->key) == 0;
		if (!known)
			return problem_set(p, TESS_ERR_INVALID, "unknown_parameter",
			                   arena_strdup(r->arena, kv->key),
			                   "Unknown query parameter %s.", kv->key);
	}
	return TESS_OK;
}

void req_reply_bytes(struct req *r, int status, const char *content_type, const char *filename,
		     unsigned char *data, size_t len)
{
	json_decref(r->reply);
	r->reply = NULL;
	free(r->reply_body);
	r->reply_body = NULL;
	free(r->reply_bytes);
	r->status = status;
	r->reply_bytes = data;
	r->reply_len = len;
	r->reply_type = content_type;
	r->reply_filename = filename;
}

void req_reply(struct req *r, int status, json_t *body)
{
	json_decref(r->reply);
	free(r->reply_body);
	r->reply_body = NULL;
	free(r->reply_bytes);
	r->reply_bytes = NULL;
	r->status = status;
	r->reply = body;
}

void req_set_cookie(struct req *r, const char *value)
{
	if (r->ncookies >= REQ_MAX_COOKIES) {
		log_error("request id=%s: too many cookies set", r->request_id);
		return;
	}
	r->set_cookie[r->ncookies++] = arena_strdup(r->arena, value);
}

void unit_reply(struct store_unit *u, int status, json_t *v)
{
	char *s = NULL;

	free(u->reply_body);
	u->reply_body = NULL;
	u->reply_status = status;
	if (v == NULL)
		return;
	s = json_text(v, JSON_COMPACT);
	json_decref(v);
	if (s == NULL) {
		/* jansson fails only without memory: die where the wrapper would. */
		log_error("unit_reply: could not serialize a reply");
		abort();
	}
	u->reply_body = s;
}

void unit_reply_ref(struct store_unit *u, int status, const char *kind, const char *id)
{
	free(u->reply_body);
	u->reply_body = NULL;
	u->reply_status = status;
	snprintf(u->reply_kind, sizeof(u->reply_kind), "%s", kind);
	snprintf(u->reply_id, sizeof(u->reply_id), "%s", id);
}

enum tess_err req_reply_one(struct req *r, const char *prefix, reply_render_fn render,
			    const char *missing, struct problem *p)
{
	const char *id = r->params[0];
	json_t *v = NULL;
	enum tess_err err = req_query_allow(r, NULL, p);
	if (err != TESS_OK)
		return err;
	err = id_valid(prefix, id, strlen(id)) ? render(r, id, &v) : TESS_ERR_NOT_FOUND;
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "%s", missing);
	if (err == TESS_OK)
		req_reply(r, 200, v);
	return err;
}

void req_reply_ref(struct req *r, int status, const char *kind, const char *id)
{
	const struct reply_kind *k = NULL;
	json_t *v = NULL;
	enum tess_err err = TESS_ERR_INTERNAL;

	for (size_t i = 0; i < api_reply_kinds_count && k == NULL; i++)
		if (strcmp(api_reply_kinds[i].name, kind) == 0)
			k = &api_reply_kinds[i];
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

enum tess_err req_unit_outcome(struct req *r, struct store_unit *u, struct problem *p)
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
