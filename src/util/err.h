/*
 * Error codes shared by every layer. Functions that can fail return an
 * enum tess_err (0 = ok) and write their results through out-parameters.
 * A refusal that a client should read carries a struct problem: a stable
 * machine code, a human message and, where one input caused it, the field.
 * http/respond.c holds the one mapping from these codes to HTTP statuses.
 */
#ifndef TESSERA_UTIL_ERR_H
#define TESSERA_UTIL_ERR_H

enum tess_err {
	TESS_OK = 0,
	TESS_ERR_INVALID,         /* malformed or out-of-range input */
	TESS_ERR_UNAUTHENTICATED, /* no valid credential */
	TESS_ERR_FORBIDDEN,       /* authenticated, but the role may not do this */
	TESS_ERR_NOT_FOUND,       /* no such object in the caller's tenancy */
	TESS_ERR_METHOD,          /* the path exists, not with this method */
	TESS_ERR_CONFLICT,        /* state does not allow it (wrong transition, reused key) */
	TESS_ERR_REFUSED,         /* a business rule refuses it */
	TESS_ERR_TOO_LARGE,       /* body over the route's limit */
	TESS_ERR_MEDIA_TYPE,      /* body is not JSON */
	TESS_ERR_THROTTLED,       /* too many attempts */
	TESS_ERR_UNAVAILABLE,     /* shutting down or store busy */
	TESS_ERR_INTERNAL,        /* a bug or an I/O failure */
	TESS_ERR__MAX
};

struct problem {
	const char *code;   /* stable machine code, e.g. "payment_method_not_allowed" */
	char message[256];  /* human sentence */
	const char *field;  /* the input field at fault, or NULL */
};

/*
 * Fills p (if not NULL) and returns err, so that a refusal is one line:
 *   return problem_set(p, TESS_ERR_REFUSED, "x", NULL, "Because %s", why);
 */
enum tess_err problem_set(struct problem *p, enum tess_err err, const char *code,
			  const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The default machine code of an error ("not_found", "invalid", ...). */
const char *tess_err_code(enum tess_err err);

#endif
