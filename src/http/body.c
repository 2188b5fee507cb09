/* A request's body and its Idempotency-Key, read for the pipeline (http/body.h). */
#include "http/body.h"

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#define JSON_MAX_DEPTH 32

/* True if v is an object or array nested no deeper than depth levels. */
static bool json_depth_ok(json_t *v, int depth)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		if (depth <= 0)
			return false;
		json_object_foreach(v, k, x) if (!json_depth_ok(x, depth - 1)) return false;
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		if (depth <= 0)
			return false;
		json_array_foreach(v, i, x) if (!json_depth_ok(x, depth - 1)) return false;
	}
	return true;
}

/* "application/json", optionally followed by parameters such as a charset. */
static bool content_type_json(const char *ct)
{
	static const char want[] = "application/json";
	size_t n = sizeof(want) - 1;

	if (ct == NULL)
		return false;
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, want, n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

bool body_idem_key_valid(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > BODY_IDEM_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)k[i] < 0x20 || (unsigned char)k[i] > 0x7e)
			return false;
	return true;
}

/* BLAKE2b-256 over method, path and body, each ended by a NUL so that no two inputs collide. */
void body_hash(const char *method, const char *path, const unsigned char *body, size_t len,
                      unsigned char out[32])
{
	crypto_generichash_state st;
	/* Unkeyed BLAKE2b-256 cannot fail. */
	(void)crypto_generichash_init(&st, NULL, 0, 32);
	(void)crypto_generichash_update(&st, (const unsigned char *)method, strlen(method) + 1);
	(void)crypto_generichash_update(&st, (const unsigned char *)path, strlen(path) + 1);
	if (len > 0)
		(void)crypto_generichash_update(&st, body, len);
	(void)crypto_generichash_final(&st, out, 32);
}

enum tess_err body_read_json(struct evhttp_request *ev, size_t max_body, json_t **out,
                             struct problem *p)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(ev);
	size_t len = in != NULL ? evbuffer_get_length(in) : 0;
	const char *ct;
	unsigned char *data;
	json_error_t jerr;
	json_t *v;

	if (len == 0)
		return TESS_OK;
	ct = evhttp_find_header(evhttp_request_get_input_headers(ev), "Content-Type");
	if (!content_type_json(ct))
		return problem_set(p, TESS_ERR_MEDIA_TYPE, "unsupported_media_type", NULL,
		                   "Send the body as application/json.");
	if (len > max_body)
		return problem_set(p, TESS_ERR_TOO_LARGE, "body_too_large", NULL,
		                   "The body is larger than this endpoint accepts (%zu bytes).",
		                   max_body);
	data = evbuffer_pullup(in, -1);
	if (data == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "evbuffer_pullup failed");
	v = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES, &jerr);
	/* Past jansson's own nesting limit the parser stops: too deep, not malformed. */
	if (v == NULL && json_error_code(&jerr) == json_error_stack_overflow)
		return problem_set(p, TESS_ERR_INVALID, "too_deep", NULL,
		                   "The body nests deeper than %d levels.", JSON_MAX_DEPTH);
	if (v == NULL)
		return problem_set(p, TESS_ERR_INVALID, "malformed_json", NULL,
		                   "Malformed JSON: %s (line %d, column %d).", jerr.text, jerr.line,
		                   jerr.column);
	if (!json_is_object(v)) {
		json_decref(v);
		return problem_set(p, TESS_ERR_INVALID, "invalid_body", NULL,
		                   "The body must be a JSON object.");
	}
	if (!json_depth_ok(v, JSON_MAX_DEPTH)) {
		json_decref(v);
		return problem_set(p, TESS_ERR_INVALID, "too_deep", NULL,
		                   "The body nests deeper than %d levels.", JSON_MAX_DEPTH);
	}
	*out = v;
	return TESS_OK;
}
