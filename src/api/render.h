/* JSON shapes shared by the API resources. Every function returns a new reference. */
#ifndef TESSERA_API_RENDER_H
#define TESSERA_API_RENDER_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/model.h"
#include "http/handler.h"
#include "http/validate.h"

/* "YYYY-MM-DD", or null for a date of 0 when nullable. */
json_t *json_date(tdate d);
/* RFC 3339 UTC timestamp. */
json_t *json_ts(int64_t ts);
/* {"amount": "123.45", "currency": "USD"} */
json_t *json_money(struct money m);
/* {"id": id, "name": name} */
json_t *json_ref(const char *id, const char *name);
/* The list envelope {"data": items, "next": cursor or null}; takes items. */
json_t *json_page(json_t *items, bool more, int64_t last_key);

/*
 * Records an audit event of r's caller, time and request id: action on the
 * object type/id, its state before and after as JSON text (either NULL).
 */
enum tess_err req_audit(struct store_conn *c, const struct req *r, const char *action,
			const char *type, const char *id, const char *before, const char *after);

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
 * Checks a list's query string: only the filters of specs, limit and after
 * may appear, each valid for its spec; then reads limit (1..200, default
 * 50) and after (a cursor this API returned: TESS_ERR_INVALID otherwise).
 */
enum tess_err page_params_read(struct req *r, const struct field_spec *specs, size_t n,
			       struct page_params *out, struct problem *p);

/* A subscription as the API shows it (see docs/openapi.yaml, Subscription). */
json_t *json_subscription(const struct subscription *s, tdate today);

#endif
