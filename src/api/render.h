/* JSON shapes shared by the API resources. Every function returns a new reference. */
#ifndef TESSERA_API_RENDER_H
#define TESSERA_API_RENDER_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/model.h"
#include "http/handler.h"
#include "http/validate.h"
#include "ops/ops.h"
#include "util/json_fmt.h"

/* {"id": id, "name": name} */
json_t *json_ref(const char *id, const char *name);
/* The list envelope {"data": items, "next": cursor or null}; takes items. */
json_t *json_page(json_t *items, bool more, int64_t last_key);

/*
 * One row of a page as JSON as r's caller sees it: a new reference, or
 * NULL when out of memory.
 */
typedef json_t *(*page_row_fn)(const void *row, const struct req *r);
/*
 * Replies 200 with the page of the n rows at rows (each size bytes apart):
 * {"data": [fn(row), ...], "next": ...}, last_key being the last row's key.
 */
enum tess_err req_reply_page(struct req *r, const void *rows, size_t n, size_t size,
			     page_row_fn fn, bool more, int64_t last_key);

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 200

/* The paging parameters of every list: limit and the cursor of the previous page. */
struct page_params {
	int limit;
	int64_t after;
};

/*
 * Checks a query string: only the parameters of the na specs at a and the
 * nb at b may appear, each valid for its spec.
 */
enum tess_err query_params_read(struct req *r, const struct field_spec *a, size_t na,
				const struct field_spec *b, size_t nb, struct problem *p);

/*
 * Checks a list's query string: only the filters of specs, limit and after
 * may appear, each valid for its spec; then reads limit (1..200, default
 * 50) and after (a cursor this API returned: TESS_ERR_INVALID otherwise).
 */
enum tess_err page_params_read(struct req *r, const struct field_spec *specs, size_t n,
			       struct page_params *out, struct problem *p);

/* A subscription as the API shows it (see docs/openapi.yaml, Subscription). */
json_t *json_subscription(const struct subscription *s, tdate today);

/*
 * A GET of the resource whose id (of the given prefix) is the path's first
 * parameter, without query parameters: 404 with missing as its message
 * when there is none the caller may see.
 */
enum tess_err req_reply_one(struct req *r, const char *prefix, reply_render_fn render,
			    const char *missing, struct problem *p);

/* The actor r's caller is, at r's clock, traced to its request id (authenticated routes). */
struct actor req_actor(const struct req *r);

/*
 * Defines fn, a unit of work (store_unit_fn) that runs the operation op
 * (the shape of ops/ops.h, with input type in_type and a struct op_ref
 * out) as the actor and input of its ctx, a struct fn##_call, and replies
 * status with the resource kind (an api_reply_kinds name) op names. The
 * handler fills a struct fn##_call and hands it to req_run_unit.
 */
#define API_OP_UNIT(fn, op, in_type, status, kind)                                     \
	struct fn##_call {                                                               \
		struct actor who;                                                        \
		in_type in;                                                              \
	};                                                                               \
	static enum tess_err fn(struct store_conn *c, struct store_unit *u)              \
	{                                                                                \
		struct fn##_call *x = u->ctx;                                            \
		struct op_ref out;                                                       \
		enum tess_err err = op(c, &x->who, &x->in, u->arena, &out, &u->problem); \
		if (err == TESS_OK)                                                      \
			unit_reply_ref(u, status, kind, out.id);                         \
		return err;                                                              \
	}

#endif
