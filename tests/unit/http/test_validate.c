#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "http/validate.h"
#include "util/arena.h"

static const char *const colours[] = {"red", "green", NULL};

static const struct field_spec spec[] = {
    {"name", FIELD_STRING, true, 1, 5, NULL, NULL},
    {"count", FIELD_INT, false, 1, 10, NULL, NULL},
    {"on", FIELD_BOOL, false, 0, 0, NULL, NULL},
    {"day", FIELD_DATE, false, 0, 0, NULL, NULL},
    {"email", FIELD_EMAIL, false, 0, 0, NULL, NULL},
    {"colour", FIELD_ENUM, false, 0, 0, colours, NULL},
    {"sub", FIELD_ID, false, 0, 0, NULL, "sub"},
    {"meta", FIELD_OBJECT, false, 0, 0, NULL, NULL},
    {"tags", FIELD_ARRAY, false, 0, 2, NULL, NULL},
    {"note", FIELD_STRING, false, 0, 0, NULL, NULL},
};
#define NSPEC (sizeof(spec) / sizeof(spec[0]))

/* Validates the JSON text s; returns the error and leaves the problem in *p. */
static enum tess_err check(const char *s, struct problem *p)
{
	json_error_t e;
	json_t *v = json_loads(s, JSON_ALLOW_NUL, &e);
	enum tess_err err;
	assert_non_null(v);
	memset(p, 0, sizeof(*p));
	err = validate_body(v, spec, NSPEC, p);
	json_decref(v);
	return err;
}

static void valid_body_passes(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check("{\"name\":\"ab\",\"count\":3,\"on\":true,\"day\":\"2024-02-29\","
	                       "\"email\":\"a.b@example.com\",\"colour\":\"red\","
	                       "\"sub\":\"sub_abcdefghijkmnpqrstuv\",\"meta\":{},\"tags\":[1]}",
	                       &p),
	                 TESS_OK);
}

static void unknown_field_is_named(void **state)
{
	struct problem p;
	json_t *v = json_pack("{s:s, s:i}", "name", "ab", "colour_", 1);
	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(validate_body(v, spec, NSPEC, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "unknown_field");
	assert_string_equal(p.field, "colour_");
	json_decref(v);
}

static void missing_required_field_is_required(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check("{\"count\":3}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "required");
	assert_string_equal(p.field, "name");
	/* null counts as absent */
	assert_int_equal(check("{\"name\":null}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "required");
	assert_int_equal(check("{\"name\":\"a\",\"count\":null}", &p), TESS_OK);
	/* A NULL body is {} */
	memset(&p, 0, sizeof(p));
	assert_int_equal(validate_body(NULL, spec, NSPEC, &p), TESS_ERR_INVALID);
	assert_string_equal(p.field, "name");
	assert_int_equal(validate_body(NULL, spec + 1, NSPEC - 1, &p), TESS_OK);
}

/* Validates the JSON text s and hands the body back, as a handler would read it. */
static json_t *checked(const char *s, enum tess_err *err, struct problem *p)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);
	assert_non_null(v);
	memset(p, 0, sizeof(*p));
	*err = validate_body(v, spec, NSPEC, p);
	return v;
}

static void null_optional_member_is_taken_out(void **state)
{
	struct problem p;
	enum tess_err err;
	json_t *v = checked("{\"name\":\"ab\",\"count\":null,\"note\":null,\"meta\":null,"
	                    "\"tags\":null,\"colour\":null,\"on\":null}",
	                    &err, &p);
	(void)state;
	assert_int_equal(err, TESS_OK);
	assert_int_equal(json_object_size(v), 1);
	assert_non_null(json_object_get(v, "name"));
	assert_null(json_object_get(v, "count"));
	assert_null(json_object_get(v, "note"));
	json_decref(v);
	/* Values other than null stay as sent. */
	v = checked("{\"name\":\"ab\",\"count\":2,\"note\":\"\",\"on\":false}", &err, &p);
	assert_int_equal(err, TESS_OK);
	assert_int_equal(json_object_size(v), 4);
	json_decref(v);
}

static void null_unknown_member_is_unknown_field(void **state)
{
	struct problem p;
	enum tess_err err;
	json_t *v = checked("{\"name\":\"ab\",\"other\":null}", &err, &p);
	(void)state;
	assert_int_equal(err, TESS_ERR_INVALID);
	assert_string_equal(p.code, "unknown_field");
	assert_string_equal(p.field, "other"); /* the key in the body */
	json_decref(v);
}

static const struct field_spec inner[] = {
    {"label", FIELD_STRING, true, 1, 10, NULL, NULL},
    {"size", FIELD_INT, false, 1, 5, NULL, NULL},
};

/* A nested object has the rule for null of the top level, and its faults carry its prefix. */
static void nested_null_is_taken_out(void **state)
{
	struct problem p;
	struct arena a;
	enum tess_err err;
	json_t *v = checked("{\"name\":\"ab\",\"meta\":{\"label\":\"x\",\"size\":null}}", &err, &p);
	json_t *meta = json_object_get(v, "meta");
	(void)state;
	arena_init(&a, 1024);
	assert_int_equal(err, TESS_OK);
	assert_int_equal(validate_nested(&a, meta, inner, 2, "meta", &p), TESS_OK);
	assert_int_equal(json_object_size(meta), 1);
	assert_null(json_object_get(meta, "size"));
	assert_int_equal(json_object_set_new(meta, "label", json_null()), 0);
	assert_int_equal(validate_nested(&a, meta, inner, 2, "meta", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "required");
	assert_string_equal(p.field, "meta.label");
	json_decref(v);
	arena_cleanup(&a);
}

static void nested_faults_name_their_prefix(void **state)
{
	static const char *const not_objects[] = {"null", "\"x\"", "1",   "1.5",
	                                          "true", "[]",    "[{}]"};
	struct problem p;
	struct arena a;
	json_error_t e;
	json_t *v;
	(void)state;
	arena_init(&a, 1024);
	v = json_loads("{\"label\":1}", 0, &e);
	assert_int_equal(validate_nested(&a, v, inner, 2, "lines[3]", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "invalid_type");
	assert_string_equal(p.field, "lines[3].label");
	assert_memory_equal(p.message, "lines[3]: ", 10);
	json_decref(v);
	v = json_loads("{\"label\":\"x\",\"extra\":null}", 0, &e);
	assert_int_equal(validate_nested(&a, v, inner, 2, "contact", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "unknown_field");
	assert_string_equal(p.field, "contact.extra");
	json_decref(v);
	/* An element that is not an object, null included, is a wrong type named by its prefix. */
	for (size_t i = 0; i < sizeof(not_objects) / sizeof(not_objects[0]); i++) {
		v = json_loads(not_objects[i], JSON_DECODE_ANY, &e);
		assert_non_null(v);
		memset(&p, 0, sizeof(p));
		assert_int_equal(validate_nested(&a, v, inner, 2, "lines[0]", &p),
		                 TESS_ERR_INVALID);
		assert_string_equal(p.code, "invalid_type");
		assert_string_equal(p.field, "lines[0]");
		json_decref(v);
	}
	arena_cleanup(&a);
}

/* The JSON type each field type must arrive as. */
static bool has_declared_type(enum field_type t, json_t *v)
{
	switch (t) {
	case FIELD_STRING:
	case FIELD_DATE:
	case FIELD_EMAIL:
	case FIELD_ENUM:
	case FIELD_ID: return json_is_string(v);
	case FIELD_INT: return json_is_integer(v);
	case FIELD_BOOL: return json_is_boolean(v);
	case FIELD_OBJECT: return json_is_object(v);
	case FIELD_ARRAY: return json_is_array(v);
	case FIELD_TYPE__MAX: break;
	}
	return false;
}

/*
 * Every field, sent as every JSON type: after TESS_OK the field is absent
 * or of its declared type; otherwise the refusal names it.
 */
static void after_validation_every_member_has_its_type(void **state)
{
	static const char *const values[] = {
	    "null",
	    "\"x\"",
	    "\"red\"",
	    "\"2024-01-01\"",
	    "\"a@example.com\"",
	    "\"sub_abcdefghijkmnpqrstuv\"",
	    "\"\"",
	    "3",
	    "0",
	    "-1",
	    "1.5",
	    "3.0",
	    "1e2",
	    "true",
	    "false",
	    "{}",
	    "{\"a\":null}",
	    "[]",
	    "[null]",
	    "[1]",
	    "[\"x\"]",
	};
	(void)state;
	for (size_t f = 1; f < NSPEC; f++) {
		for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			char text[200];
			struct problem p;
			enum tess_err err;
			json_t *v, *m;
			int len = snprintf(text, sizeof(text), "{\"name\":\"ab\",\"%s\":%s}",
			                   spec[f].name, values[i]);
			assert_true(len > 0 && (size_t)len < sizeof(text));
			v = checked(text, &err, &p);
			m = json_object_get(v, spec[f].name);
			if (err == TESS_OK) {
				assert_true(m == NULL || has_declared_type(spec[f].type, m));
				if (strcmp(values[i], "null") == 0)
					assert_null(m);
			} else {
				assert_int_equal(err, TESS_ERR_INVALID);
				assert_string_equal(p.field, spec[f].name);
				assert_true(strcmp(p.code, "invalid_type") == 0 ||
				            strcmp(p.code, "invalid_value") == 0 ||
				            strcmp(p.code, "out_of_range") == 0);
				if (!has_declared_type(spec[f].type, m))
					assert_string_equal(p.code, "invalid_type");
			}
			json_decref(v);
		}
	}
}

static void wrong_types_are_invalid_type(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check("{\"name\":1}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "invalid_type");
	assert_int_equal(check("{\"name\":\"a\",\"count\":\"3\"}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "invalid_type");
	assert_string_equal(p.field, "count");
	assert_int_equal(check("{\"name\":\"a\",\"count\":3.0}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "invalid_type");
	assert_int_equal(check("{\"name\":\"a\",\"on\":1}", &p), TESS_ERR_INVALID);
	assert_int_equal(check("{\"name\":\"a\",\"meta\":[]}", &p), TESS_ERR_INVALID);
	assert_int_equal(check("{\"name\":\"a\",\"tags\":{}}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.field, "tags");
}

static void bounds_are_out_of_range(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check("{\"name\":\"\"}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "out_of_range");
	assert_int_equal(check("{\"name\":\"abcdef\"}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "out_of_range");
	assert_int_equal(check("{\"name\":\"abcde\"}", &p), TESS_OK);
	assert_int_equal(check("{\"name\":\"a\",\"count\":0}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "out_of_range");
	assert_int_equal(check("{\"name\":\"a\",\"count\":11}", &p), TESS_ERR_INVALID);
	assert_int_equal(check("{\"name\":\"a\",\"count\":10}", &p), TESS_OK);
	assert_int_equal(check("{\"name\":\"a\",\"tags\":[1,2,3]}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "out_of_range");
	/* Bytes, not characters: "é" is two bytes, so three of them pass 5. */
	assert_int_equal(check("{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\"}", &p), TESS_ERR_INVALID);
}

static void nul_in_string_is_refused(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check("{\"name\":\"a\\u0000b\"}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.field, "name");
	assert_int_equal(check("{\"name\":\"a\",\"note\":\"x\\u0000\"}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.field, "note");
}

static void formats_are_checked(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check("{\"name\":\"a\",\"day\":\"2023-02-29\"}", &p), TESS_ERR_INVALID);
	assert_string_equal(p.field, "day");
	assert_int_equal(check("{\"name\":\"a\",\"email\":\"no-at.example.com\"}", &p),
	                 TESS_ERR_INVALID);
	assert_int_equal(check("{\"name\":\"a\",\"colour\":\"blue\"}", &p), TESS_ERR_INVALID);
	assert_int_equal(check("{\"name\":\"a\",\"colour\":\"re\"}", &p), TESS_ERR_INVALID);
	assert_int_equal(check("{\"name\":\"a\",\"sub\":\"org_abcdefghijkmnpqrstuv\"}", &p),
	                 TESS_ERR_INVALID);
	assert_string_equal(p.field, "sub");
}

static void query_values_are_checked(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(validate_query(NULL, &spec[1], &p), TESS_OK);
	assert_int_equal(validate_query(NULL, &spec[0], &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "required");
	assert_int_equal(validate_query("7", &spec[1], &p), TESS_OK);
	assert_int_equal(validate_query("11", &spec[1], &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "out_of_range");
	assert_int_equal(validate_query("7x", &spec[1], &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "invalid_type");
	assert_int_equal(validate_query("", &spec[1], &p), TESS_ERR_INVALID);
	assert_int_equal(validate_query(" 7", &spec[1], &p), TESS_ERR_INVALID);
	assert_int_equal(validate_query("99999999999999999999", &spec[1], &p), TESS_ERR_INVALID);
	assert_int_equal(validate_query("true", &spec[2], &p), TESS_OK);
	assert_int_equal(validate_query("yes", &spec[2], &p), TESS_ERR_INVALID);
	assert_int_equal(validate_query("green", &spec[5], &p), TESS_OK);
	assert_int_equal(validate_query("2024-01-01", &spec[3], &p), TESS_OK);
	assert_int_equal(validate_query("abcdef", &spec[0], &p), TESS_ERR_INVALID);
}

static void email_shapes(void **state)
{
	(void)state;
	assert_true(email_valid("a@example.com"));
	assert_true(email_valid("first.last+tag@sub.example.co"));
	assert_true(email_valid("x_y-z@a-b.example"));
	assert_false(email_valid(""));
	assert_false(email_valid("a@b"));
	assert_false(email_valid("@example.com"));
	assert_false(email_valid("a@@example.com"));
	assert_false(email_valid("a@b@example.com"));
	assert_false(email_valid("a b@example.com"));
	assert_false(email_valid(".a@example.com"));
	assert_false(email_valid("a.@example.com"));
	assert_false(email_valid("a..b@example.com"));
	assert_false(email_valid("a@example..com"));
	assert_false(email_valid("a@.example.com"));
	assert_false(email_valid("a@example.com."));
	assert_false(email_valid("a@-example.com"));
	assert_false(email_valid("a@example-.com"));
	assert_false(email_valid("a@exa_mple.com"));
	assert_false(email_valid("\"a\"@example.com"));
	assert_false(email_valid("a\xc3\xa9@example.com"));
	assert_false(email_valid(NULL));
}

static void email_length_limits(void **state)
{
	char s[300];
	(void)state;
	/* 65-character local part */
	memset(s, 'a', 65);
	strcpy(s + 65, "@example.com");
	assert_false(email_valid(s));
	s[64] = '@';
	strcpy(s + 65, "example.com");
	assert_true(email_valid(s));
	/* 64-character label */
	strcpy(s, "a@");
	memset(s + 2, 'b', 64);
	strcpy(s + 66, ".com");
	assert_false(email_valid(s));
	/* longer than 254 in all */
	memset(s, 'a', 60);
	s[60] = '@';
	for (int i = 0; i < 4; i++) {
		memset(s + 61 + i * 50, 'c', 49);
		s[61 + i * 50 + 49] = '.';
	}
	strcpy(s + 261, "com");
	assert_false(email_valid(s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_body_passes),
	    cmocka_unit_test(unknown_field_is_named),
	    cmocka_unit_test(missing_required_field_is_required),
	    cmocka_unit_test(null_optional_member_is_taken_out),
	    cmocka_unit_test(null_unknown_member_is_unknown_field),
	    cmocka_unit_test(nested_null_is_taken_out),
	    cmocka_unit_test(nested_faults_name_their_prefix),
	    cmocka_unit_test(after_validation_every_member_has_its_type),
	    cmocka_unit_test(wrong_types_are_invalid_type),
	    cmocka_unit_test(bounds_are_out_of_range),
	    cmocka_unit_test(nul_in_string_is_refused),
	    cmocka_unit_test(formats_are_checked),
	    cmocka_unit_test(query_values_are_checked),
	    cmocka_unit_test(email_shapes),
	    cmocka_unit_test(email_length_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
