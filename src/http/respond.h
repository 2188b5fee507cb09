/*
 * The one place that turns an error code into an HTTP status and the
 * API's error shape, and the one place that sets the headers every
 * response carries.
 */
#ifndef TESSERA_HTTP_RESPOND_H
#define TESSERA_HTTP_RESPOND_H

#include <stdbool.h>
#include <stdint.h>

#include "http/handler.h"
#include "util/err.h"

struct evkeyvalq;

/*
 * Sets r->status and r->reply to {"error":{"code","message","field"}} for
 * err (never TESS_OK), dropping any reply already set. p may be NULL or
 * partly filled: a missing code or message takes the error's default.
 * TESS_ERR_INTERNAL answers a generic message; the details go to the log.
 * TESS_ERR_THROTTLED answers with a Retry-After (req_set_retry_after, or
 * 60 seconds when none was set).
 */
void respond_error(struct req *r, enum tess_err err, const struct problem *p);

/*
 * The error body {"error":{"code","message","field"}} (field may be NULL),
 * for a unit of work that commits and still answers an error (a failed
 * login keeps its failure record); NULL only without memory.
 */
json_t *respond_error_json(const char *code, const char *message, const char *field);

/* Asks for a Retry-After header of seconds on this request's 429 reply. */
void req_set_retry_after(struct req *r, int64_t seconds);

/*
 * Adds the headers every response carries to h: nosniff, frame denial,
 * the Content-Security-Policy, no referrer, no-store, X-Request-Id and,
 * when the response has a body, the JSON Content-Type. False if libevent
 * refused a header (out of memory).
 */
bool respond_common_headers(struct evkeyvalq *h, const char *request_id,
			    const char *content_type);

/*
 * The same for the portals' files (http/assets.h): a Content-Security-Policy
 * that lets a page load its own scripts, styles and images and call the
 * API, revalidated caching with the file's ETag, and content_type.
 */
bool respond_page_headers(struct evkeyvalq *h, const char *request_id, const char *content_type,
                          const char *etag);

#endif
