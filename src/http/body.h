/*
 * Steps of the request pipeline (http/dispatch.c) that read what the
 * client sent: the JSON body, and the Idempotency-Key with the hash that
 * tells a retry from another request under the same key.
 */
#ifndef TESSERA_HTTP_BODY_H
#define TESSERA_HTTP_BODY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct evhttp_request;

#define BODY_IDEM_KEY_MAX 255

/*
 * Parses ev's body, if it has one, as a JSON object of at most max_body
 * bytes, sent as application/json and nested no deeper than 32 levels:
 * TESS_OK with *out the object (a new reference) or left alone when the
 * body is empty; otherwise the refusal in p.
 */
enum tess_err body_read_json(struct evhttp_request *ev, size_t max_body, json_t **out,
                             struct problem *p);

/* An Idempotency-Key we accept: 1 to BODY_IDEM_KEY_MAX printable ASCII characters. */
bool body_idem_key_valid(const char *k);

/* BLAKE2b-256 over method, path and body (len bytes, body may be NULL when 0). */
void body_hash(const char *method, const char *path, const unsigned char *body, size_t len,
               unsigned char out[32]);

#endif
