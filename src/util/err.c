#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

enum tess_err problem_set(struct problem *p, enum tess_err err, const char *code,
			  const char *field, const char *fmt, ...)
{
	va_list ap;
	if (p == NULL)
		return err;
	p->code = code != NULL ? code : tess_err_code(err);
	p->field = field;
	va_start(ap, fmt);
	if (vsnprintf(p->message, sizeof(p->message), fmt, ap) < 0)
		p->message[0] = '\0';
	va_end(ap);
	return err;
}

const char *tess_err_code(enum tess_err err)
{
	switch (err) {
	case TESS_OK: return "ok";
	case TESS_ERR_INVALID: return "invalid";
	case TESS_ERR_UNAUTHENTICATED: return "unauthenticated";
	case TESS_ERR_FORBIDDEN: return "forbidden";
	case TESS_ERR_NOT_FOUND: return "not_found";
	case TESS_ERR_METHOD: return "method_not_allowed";
	case TESS_ERR_CONFLICT: return "conflict";
	case TESS_ERR_REFUSED: return "refused";
	case TESS_ERR_TOO_LARGE: return "body_too_large";
	case TESS_ERR_MEDIA_TYPE: return "unsupported_media_type";
	case TESS_ERR_THROTTLED: return "too_many_attempts";
	case TESS_ERR_UNAVAILABLE: return "unavailable";
	case TESS_ERR_INTERNAL: return "internal";
	case TESS_ERR__MAX: break;
	}
	return "internal";
}
