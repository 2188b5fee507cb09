#include "http/respond.h"

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdlib.h>

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
void respond_error(struct req *r, enum tess_err err, const struct problem *p)
{
	int status = 500;
	const char *message = "An internal error occurred.";
	const char *code = NULL;
	const char *field = NULL;
	struct req_priv *pv = r->priv;
	json_t *body;

	switch (err) {
	case TESS_ERR_INVALID:
		status = 400;
		message = "The request is not valid.";
		break;
	case TESS_ERR_UNAUTHENTICATED:
		status = 401;
		message = "Sign in or send a valid API token.";
		break;
	case TESS_ERR_FORBIDDEN:
		status = 403;
		message = "You may not do this.";
		break;
	case TESS_ERR_NOT_FOUND:
		status = 404;
		message = "Not found.";
		break;
	case TESS_ERR_METHOD:
		status = 405;
		message = "This path does not accept this method.";
		break;
	case TESS_ERR_CONFLICT:
		status = 409;
		message = "The current state does not allow this.";
		break;
	case TESS_ERR_TOO_LARGE:
		status = 413;
		message = "The request body is too large.";
		break;
	case TESS_ERR_MEDIA_TYPE:
		status = 415;
		message = "Send the body as application/json.";
		break;
	case TESS_ERR_REFUSED:
		status = 422;
		message = "The request was refused.";
		break;
	case TESS_ERR_THROTTLED:
		status = 429;
		message = "Too many attempts. Try again later.";
		if (pv != NULL && pv->retry_after <= 0)
			pv->retry_after = DEFAULT_RETRY_AFTER;
		break;
	case TESS_ERR_UNAVAILABLE:
		status = 503;
		message = "The service is unavailable. Try again later.";
		if (pv != NULL && pv->retry_after <= 0)
			pv->retry_after = 1;
		break;
	case TESS_OK:
	case TESS_ERR_INTERNAL:
	case TESS_ERR__MAX:
		/* Internal details stay in the log; the client learns nothing of them. */
		log_error("request id=%s internal error: %s%s%s", r->request_id,
		          p != NULL && p->code != NULL ? p->code : "-",
		          p != NULL && p->message[0] != '\0' ? ": " : "",
		          p != NULL ? p->message : "");
		err = TESS_ERR_INTERNAL;
		p = NULL;
		break;
	}
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

bool respond_common_headers(struct evkeyvalq *h, const char *request_id,
			    const char *content_type)
{
	static const char *const fixed[][2] = {
	    {"X-Content-Type-Options", "nosniff"},
	    {"X-Frame-Options", "DENY"},
	    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
	    {"Referrer-Policy", "no-referrer"},
	    {"Cache-Control", "no-store"},
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
