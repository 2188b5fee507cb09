#include "http/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/date.h"
#include "util/id.h"

#define EMAIL_MAX 254
#define EMAIL_LOCAL_MAX 64
#define EMAIL_LABEL_MAX 63

static bool local_char_ok(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return false;
	return strchr("()<>[]\\,;:@\"", c) == NULL;
}

static bool label_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

/*
 * The dot-atom shapes of RFC 5321 only (no quoted local parts, no address
 * literals): a local part of printable characters without specials, dots
 * not leading, trailing or doubled; a domain of at least two labels of
 * letters, digits and inner hyphens.
 */
bool email_valid(const char *s)
{
	const char *at;
	size_t len, local, label = 0;
	int labels = 1;

	if (s == NULL)
		return false;
	len = strlen(s);
	at = strchr(s, '@');
	if (len > EMAIL_MAX || at == NULL || strchr(at + 1, '@') != NULL)
		return false;
	local = (size_t)(at - s);
	if (local == 0 || local > EMAIL_LOCAL_MAX || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++) {
		if (!local_char_ok((unsigned char)s[i]))
			return false;
		if (s[i] == '.' && s[i + 1] == '.')
			return false;
	}
	for (const char *d = at + 1;; d++) {
		if (*d == '.' || *d == '\0') {
			if (label == 0 || label > EMAIL_LABEL_MAX || d[-1] == '-')
				return false;
			if (*d == '\0')
				break;
			labels++;
			label = 0;
			continue;
		}
		if (!label_char_ok((unsigned char)*d) || (label == 0 && *d == '-'))
			return false;
		label++;
	}
	return labels >= 2;
}

static enum tess_err bad(struct problem *p, const char *code, const struct field_spec *f,
                         const char *what)
{
	return problem_set(p, TESS_ERR_INVALID, code, f->name, "%s %s.", f->name, what);
}

static bool bounded(const struct field_spec *f)
{
	return f->min != 0 || f->max != 0;
}

/* Length and content checks shared by JSON strings and query values. */
static enum tess_err check_text(const struct field_spec *f, const char *s, size_t len,
                                struct problem *p)
{
	tdate d;

	/* Jansson guarantees UTF-8, but "\u0000" would cut the string short in C. */
	if (memchr(s, '\0', len) != NULL)
		return bad(p, "invalid_value", f, "must not contain NUL characters");
	switch (f->type) {
	case FIELD_STRING:
		if (bounded(f) && ((int64_t)len < f->min || (int64_t)len > f->max))
			return problem_set(p, TESS_ERR_INVALID, "out_of_range", f->name,
			                   "%s must be %lld to %lld bytes long.", f->name,
			                   (long long)f->min, (long long)f->max);
		return TESS_OK;
	case FIELD_DATE:
		if (date_parse(s, len, &d) != TESS_OK)
			return bad(p, "invalid_value", f, "must be a date as YYYY-MM-DD");
		return TESS_OK;
	case FIELD_EMAIL:
		if (len > EMAIL_MAX || !email_valid(s))
			return bad(p, "invalid_value", f, "must be a valid email address");
		return TESS_OK;
	case FIELD_ENUM:
		for (const char *const *c = f->choices; c != NULL && *c != NULL; c++)
			if (strlen(*c) == len && memcmp(*c, s, len) == 0)
				return TESS_OK;
		return bad(p, "invalid_value", f, "is not one of the accepted values");
	case FIELD_ID:
		if (!id_valid(f->id_prefix != NULL ? f->id_prefix : "", s, len))
			return bad(p, "invalid_value", f, "is not a valid id");
		return TESS_OK;
	case FIELD_INT:
	case FIELD_BOOL:
	case FIELD_OBJECT:
	case FIELD_ARRAY:
	case FIELD_TYPE__MAX: break;
	}
	return bad(p, "invalid_type", f, "has the wrong type");
}

static enum tess_err check_int(const struct field_spec *f, int64_t v, struct problem *p)
{
	if (bounded(f) && (v < f->min || v > f->max))
		return problem_set(p, TESS_ERR_INVALID, "out_of_range", f->name,
		                   "%s must be between %lld and %lld.", f->name, (long long)f->min,
		                   (long long)f->max);
	return TESS_OK;
}

static enum tess_err check_value(const struct field_spec *f, json_t *v, struct problem *p)
{
	switch (f->type) {
	case FIELD_STRING:
	case FIELD_DATE:
	case FIELD_EMAIL:
	case FIELD_ENUM:
	case FIELD_ID:
		if (!json_is_string(v))
			return bad(p, "invalid_type", f, "must be a string");
		return check_text(f, json_string_value(v), json_string_length(v), p);
	case FIELD_INT:
		if (!json_is_integer(v))
			return bad(p, "invalid_type", f, "must be an integer");
		return check_int(f, (int64_t)json_integer_value(v), p);
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return bad(p, "invalid_type", f, "must be true or false");
		return TESS_OK;
	case FIELD_OBJECT:
		if (!json_is_object(v))
			return bad(p, "invalid_type", f, "must be an object");
		return TESS_OK;
	case FIELD_ARRAY:
		if (!json_is_array(v))
			return bad(p, "invalid_type", f, "must be an array");
		if (bounded(f) &&
		    ((int64_t)json_array_size(v) < f->min || (int64_t)json_array_size(v) > f->max))
			return problem_set(p, TESS_ERR_INVALID, "out_of_range", f->name,
			                   "%s must have %lld to %lld elements.", f->name,
			                   (long long)f->min, (long long)f->max);
		return TESS_OK;
	case FIELD_TYPE__MAX: break;
	}
	return bad(p, "invalid_type", f, "has an unknown type");
}

/*
 * The one rule for null: a member sent as null is a member left out. A
 * required one is `required`; an optional one is taken out of the object,
 * so that the handler reading body afterwards finds each field either
 * absent or of its declared type, and never has to tell null from absent.
 */
enum tess_err validate_body(json_t *body, const struct field_spec *fields, size_t n,
                            struct problem *p)
{
	const char *key;
	json_t *v;

	if (body == NULL) {
		for (size_t i = 0; i < n; i++)
			if (fields[i].required)
				return bad(p, "required", &fields[i], "is required");
		return TESS_OK;
	}
	if (!json_is_object(body))
		return problem_set(p, TESS_ERR_INVALID, "invalid_body", NULL,
		                   "The body must be a JSON object.");
	json_object_foreach(body, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(fields[i].name, key) == 0;
		if (!known)
			return problem_set(p, TESS_ERR_INVALID, "unknown_field", key,
			                   "Unknown field %s.", key);
	}
	for (size_t i = 0; i < n; i++) {
		enum tess_err err;
		v = json_object_get(body, fields[i].name);
		if (v == NULL || json_is_null(v)) {
			if (fields[i].required)
				return bad(p, "required", &fields[i], "is required");
			if (v != NULL && json_object_del(body, fields[i].name) != 0)
				return problem_set(p, TESS_ERR_INTERNAL, NULL, fields[i].name,
				                   "validate: removing a null member failed");
			continue;
		}
		err = check_value(&fields[i], v, p);
		if (err != TESS_OK)
			return err;
	}
	return TESS_OK;
}

enum tess_err validate_nested(struct arena *a, json_t *v, const struct field_spec *fields, size_t n,
                              const char *prefix, struct problem *p)
{
	char msg[sizeof(p->message)];
	enum tess_err err;

	if (!json_is_object(v))
		return problem_set(p, TESS_ERR_INVALID, "invalid_type", prefix,
		                   "%s must be an object.", prefix);
	err = validate_body(v, fields, n, p);
	if (err != TESS_OK) {
		memcpy(msg, p->message, sizeof(msg));
		p->field = arena_printf(a, "%s.%s", prefix, p->field != NULL ? p->field : "");
		if (snprintf(p->message, sizeof(p->message), "%s: %s", prefix, msg) < 0)
			p->message[0] = '\0';
	}
	return err;
}

enum tess_err validate_query(const char *value, const struct field_spec *f, struct problem *p)
{
	char *end;
	long long v;

	if (value == NULL) {
		if (f->required)
			return bad(p, "required", f, "is required");
		return TESS_OK;
	}
	switch (f->type) {
	case FIELD_INT:
		if (!((value[0] >= '0' && value[0] <= '9') || value[0] == '-'))
			return bad(p, "invalid_type", f, "must be an integer");
		errno = 0;
		v = strtoll(value, &end, 10);
		if (errno != 0 || *end != '\0' || end == value)
			return bad(p, "invalid_type", f, "must be an integer");
		return check_int(f, (int64_t)v, p);
	case FIELD_BOOL:
		if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
			return TESS_OK;
		return bad(p, "invalid_type", f, "must be true or false");
	case FIELD_STRING:
	case FIELD_DATE:
	case FIELD_EMAIL:
	case FIELD_ENUM:
	case FIELD_ID: return check_text(f, value, strlen(value), p);
	case FIELD_OBJECT:
	case FIELD_ARRAY:
	case FIELD_TYPE__MAX: break;
	}
	return bad(p, "invalid_type", f, "cannot be given in a query");
}
