#include "http/respond.h"

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdlib.h>
#include <unistd.h>

#include "http/request.h"
#include "util/log.h"

#define DEFAULT_RETRY_AFTER 60

void req_set_retry_after(struct req *r, int64_t seconds)
{
	struct req_priv *pv = r->priv;
	if (pv != NULL)
		pv->retry_after = seconds > 0 ? seconds : 1;
}

/*
 * The one mapping from error codes to HTTP statuses and to the error body.
 * The switch has no default so that a new code is a compiler warning here.
 */
/*
 * The one mapping of an error to its HTTP status and the message a client
 * reads when the refusal gives none. 0 for an internal error (TESS_OK
 * among them: a handler that failed without saying why).
 */
static int error_status(enum tess_err err, const char **message)
{
	switch (err) {
	case TESS_ERR_INVALID:
		*message = "The request is not valid.";
		return 400;
	case TESS_ERR_UNAUTHENTICATED:
		*message = "Sign in or send a valid API token.";
		return 401;
	case TESS_ERR_FORBIDDEN:
		*message = "You may not do this.";
		return 403;
	case TESS_ERR_NOT_FOUND:
		*message = "Not found.";
		return 404;
	case TESS_ERR_METHOD:
		*message = "This path does not accept this method.";
		return 405;
	case TESS_ERR_CONFLICT:
		*message = "The current state does not allow this.";
		return 409;
	case TESS_ERR_TOO_LARGE:
		*message = "The request body is too large.";
		return 413;
	case TESS_ERR_MEDIA_TYPE:
		*message = "Send the body as application/json.";
		return 415;
	case TESS_ERR_REFUSED:
		*message = "The request was refused.";
		return 422;
	case TESS_ERR_THROTTLED:
		*message = "Too many attempts. Try again later.";
		return 429;
	case TESS_ERR_UNAVAILABLE:
		*message = "The service is unavailable. Try again later.";
		return 503;
	case TESS_OK:
	case TESS_ERR_INTERNAL:
	case TESS_ERR__MAX:
		break;
	}
	*message = "An internal error occurred.";
	return 0;
}

void respond_error(struct req *r, enum tess_err err, const struct problem *p)
{
	const char *message = NULL;
	const char *code = NULL;
	const char *field = NULL;
	struct req_priv *pv = r->priv;
	int status = error_status(err, &message);
	json_t *body;

	if (status == 0) {
		/* Internal details stay in the log; the client learns nothing of them. */
		log_error("request id=%s internal error: %s%s%s", r->request_id,
		          p != NULL && p->code != NULL ? p->code : "-",
		          p != NULL && p->message[0] != '\0' ? ": " : "",
		          p != NULL ? p->message : "");
		status = 500;
		err = TESS_ERR_INTERNAL;
		p = NULL;
	}
	/* A client told to come back is told when: a throttle sets its own wait. */
	if (pv != NULL && pv->retry_after <= 0 && err == TESS_ERR_THROTTLED)
		pv->retry_after = DEFAULT_RETRY_AFTER;
	if (pv != NULL && pv->retry_after <= 0 && err == TESS_ERR_UNAVAILABLE)
		pv->retry_after = 1;
	code = tess_err_code(err);
	if (p != NULL) {
		if (p->code != NULL)
			code = p->code;
		if (p->message[0] != '\0')
			message = p->message;
		field = p->field;
	}

	json_decref(r->reply);
	r->reply = NULL;
	free(r->reply_body);
	r->reply_body = NULL;
	free(r->reply_bytes);
	r->reply_bytes = NULL;
	if (r->reply_has_file)
		(void)close(r->reply_fd);
	r->reply_has_file = false;
	r->status = status;
	body = respond_error_json(code, message, field);
	if (body == NULL) {
		/* Only out of memory gets here; the status alone still tells the client. */
		log_error("request id=%s could not build an error body", r->request_id);
		return;
	}
	r->reply = body;
}

json_t *respond_error_json(const char *code, const char *message, const char *field)
{
	return json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", code, "message", message, "field",
	                 field);
}

/* The headers of every reply, with the policy and caching of its kind. */
static bool security_headers(struct evkeyvalq *h, const char *csp, const char *cache,
                             const char *request_id, const char *content_type)
{
	const char *const fixed[][2] = {
	    {"X-Content-Type-Options", "nosniff"},
	    {"X-Frame-Options", "DENY"},
	    {"Content-Security-Policy", csp},
	    {"Referrer-Policy", "no-referrer"},
	    {"Cache-Control", cache},
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (evhttp_add_header(h, fixed[i][0], fixed[i][1]) != 0)
			return false;
	if (content_type != NULL && evhttp_add_header(h, "Content-Type", content_type) != 0)
		return false;
	if (request_id != NULL && evhttp_add_header(h, "X-Request-Id", request_id) != 0)
		return false;
	return true;
}

bool respond_common_headers(struct evkeyvalq *h, const char *request_id,
			    const char *content_type)
{
	return security_headers(h, "default-src 'none'; frame-ancestors 'none'", "no-store",
	                        request_id, content_type);
}

bool respond_page_headers(struct evkeyvalq *h, const char *request_id, const char *content_type,
                          const char *etag)
{
	/* The pages' own files only: no inline script or style, nothing from elsewhere. */
	static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
	                          "img-src 'self'; connect-src 'self'; form-action 'self'; "
	                          "base-uri 'none'; frame-ancestors 'none'";

	/* Kept, but asked again each time: a new binary's files show at once. */
	return security_headers(h, csp, "no-cache", request_id, content_type) &&
	       evhttp_add_header(h, "ETag", etag) == 0;
}
