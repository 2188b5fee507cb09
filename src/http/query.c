/* The query string as handlers read it (http/handler.h), parsed once per request. */
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <string.h>
#include <sys/queue.h>

#include "http/handler.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/err.h"

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
		for (struct evkeyval *o = TAILQ_NEXT(kv, next); o != NULL; o = TAILQ_NEXT(o, next))
			if (strcmp(o->key, kv->key) == 0)
				return problem_set(p, TESS_ERR_INVALID, "repeated_parameter",
				                   arena_strdup(r->arena, kv->key),
				                   "Query parameter %s is given more than once.",
				                   kv->key);
	}
	return TESS_OK;
}
