/*
 * The reply setters of http/handler.h; what needs the request in flight is
 * the pipeline's (http/dispatch.c).
 */
#include "http/handler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/json_mem.h"
#include "util/log.h"

/* Drops a file reply set before (the reply changed its mind: an error). */
static void drop_file(struct req *r)
{
	if (r->reply_has_file)
		(void)close(r->reply_fd);
	r->reply_has_file = false;
}

void req_reply_file(struct req *r, int status, const char *content_type, const char *filename,
		    int fd, size_t len)
{
	req_reply_bytes(r, status, content_type, filename, NULL, 0);
	r->reply_fd = fd;
	r->reply_has_file = true;
	r->reply_len = len;
}

void req_reply_bytes(struct req *r, int status, const char *content_type, const char *filename,
		     unsigned char *data, size_t len)
{
	json_decref(r->reply);
	r->reply = NULL;
	free(r->reply_body);
	r->reply_body = NULL;
	free(r->reply_bytes);
	drop_file(r);
	r->status = status;
	r->reply_bytes = data;
	r->reply_len = len;
	r->reply_type = content_type;
	r->reply_filename = filename;
}

void req_reply(struct req *r, int status, json_t *body)
{
	json_decref(r->reply);
	free(r->reply_body);
	r->reply_body = NULL;
	free(r->reply_bytes);
	r->reply_bytes = NULL;
	drop_file(r);
	r->status = status;
	r->reply = body;
}

void req_set_cookie(struct req *r, const char *value)
{
	if (r->ncookies >= REQ_MAX_COOKIES) {
		log_error("request id=%s: too many cookies set", r->request_id);
		return;
	}
	r->set_cookie[r->ncookies++] = arena_strdup(r->arena, value);
}

void unit_reply(struct store_unit *u, int status, json_t *v)
{
	char *s = NULL;

	free(u->reply_body);
	u->reply_body = NULL;
	u->reply_status = status;
	if (v == NULL)
		return;
	s = json_text(v, JSON_COMPACT);
	json_decref(v);
	if (s == NULL) {
		/* jansson fails only without memory: die where the wrapper would. */
		log_error("unit_reply: could not serialize a reply");
		abort();
	}
	u->reply_body = s;
}

void unit_reply_ref(struct store_unit *u, int status, const char *kind, const char *id)
{
	free(u->reply_body);
	u->reply_body = NULL;
	u->reply_status = status;
	snprintf(u->reply_kind, sizeof(u->reply_kind), "%s", kind);
	snprintf(u->reply_id, sizeof(u->reply_id), "%s", id);
}
