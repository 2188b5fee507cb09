/*
 * Declarative input checks: a table of fields with their type, bounds and
 * whether they are required, checked before any domain code runs. Unknown
 * fields, wrong types, missing required fields and values out of bounds
 * are TESS_ERR_INVALID naming the field.
 */
#ifndef TESSERA_HTTP_VALIDATE_H
#define TESSERA_HTTP_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum field_type {
	FIELD_STRING, /* min..max: length in bytes (UTF-8 checked by jansson) */
	FIELD_INT,    /* min..max: value */
	FIELD_BOOL,
	FIELD_DATE,   /* "YYYY-MM-DD" */
	FIELD_EMAIL,  /* validated address, max 254 */
	FIELD_ENUM,   /* one of choices[] */
	FIELD_ID,     /* an opaque id with prefix id_prefix */
	FIELD_OBJECT,
	FIELD_ARRAY,  /* min..max: element count */
	FIELD_TYPE__MAX
};

struct field_spec {
	const char *name;
	enum field_type type;
	bool required;
	int64_t min;
	int64_t max;
	const char *const *choices; /* FIELD_ENUM: NULL-terminated */
	const char *id_prefix;      /* FIELD_ID */
};

/*
 * Checks a JSON object body against fields; a NULL body counts as {}. A
 * member whose value is null counts as absent: `required` for a required
 * field, and removed from body for an optional one. So after TESS_OK every
 * member of body is one of fields, with the type its spec declares.
 */
enum tess_err validate_body(json_t *body, const struct field_spec *fields, size_t n,
			    struct problem *p);

struct arena;

/*
 * validate_body for an object inside a body (a member, or an element of an
 * array), with the same rule for null, naming a fault "prefix.field"
 * (prefix "lines[0]" gives "lines[0].product"). A v that is not an object
 * is invalid_type naming prefix. The field names come from a.
 */
enum tess_err validate_nested(struct arena *a, json_t *v, const struct field_spec *fields,
			      size_t n, const char *prefix, struct problem *p);

/* Checks a query parameter value (as text) against one spec; NULL value = absent. */
enum tess_err validate_query(const char *value, const struct field_spec *f, struct problem *p);

/* True if s is an email address we accept (RFC 5321 shapes, no spaces, one @, a dot in the domain). */
bool email_valid(const char *s);

#endif
