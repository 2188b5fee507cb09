/*
 * The edge: a thin layer between each client socket and evhttp that owns
 * HTTP/1.1 framing. libevent 2.1 answers a malformed request itself with
 * an HTML page and none of our headers, and its timeouts restart on every
 * byte; the edge checks every request head and follows every body before
 * evhttp sees a byte of them, refuses a bad one in the API's error shape
 * and closes, and holds each request to a deadline for its head and one
 * for its body.
 *
 * Two parts: a pure parser of request heads and chunk-size lines over
 * (pointer, length), fuzzed on its own; and a bufferevent filter per
 * connection (installed with evhttp_set_bevcb) that runs it.
 */
#ifndef TESSERA_HTTP_EDGE_H
#define TESSERA_HTTP_EDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bufferevent;
struct event_base;

#define EDGE_MAX_TARGET (8 * 1024)  /* request-target bytes: 414 past it */
#define EDGE_MAX_FIELDS (16 * 1024) /* header section bytes, line ends included: 431 past it */
#define EDGE_MAX_COUNT 100          /* header fields: 431 past it */
#define EDGE_METHOD_MAX 16          /* a longer token is no method we know */
#define EDGE_CHUNK_DIGITS_MAX 16    /* hex digits of a chunk size: 64 bits */

/* The methods evhttp knows; CONNECT is refused (this is not a proxy). */
enum edge_method {
	EDGE_GET,
	EDGE_HEAD,
	EDGE_POST,
	EDGE_PUT,
	EDGE_DELETE,
	EDGE_OPTIONS,
	EDGE_TRACE,
	EDGE_PATCH,
	EDGE_METHOD__MAX
};

/* What the edge decides of a request: EDGE_OK, EDGE_INCOMPLETE, or one refusal. */
enum edge_verdict {
	EDGE_OK,
	EDGE_INCOMPLETE,           /* no end of head yet, and no limit passed */
	EDGE_BAD_REQUEST_LINE,     /* 400: not METHOD SP target SP version */
	EDGE_BAD_TARGET,           /* 400: neither a path nor an http(s) URL */
	EDGE_TARGET_TOO_LONG,      /* 414 */
	EDGE_BAD_VERSION,          /* 400: not HTTP/d.d */
	EDGE_VERSION_UNSUPPORTED,  /* 505: not HTTP/1.x */
	EDGE_UNKNOWN_METHOD,       /* 501: not one of the methods above (or CONNECT) */
	EDGE_BAD_HEADER,           /* 400: a header line that is not name ":" value, or folded */
	EDGE_FIELDS_TOO_LARGE,     /* 431: header section over EDGE_MAX_FIELDS */
	EDGE_TOO_MANY_FIELDS,      /* 431: over EDGE_MAX_COUNT fields */
	EDGE_BAD_CONTENT_LENGTH,   /* 400: not one decimal number, or sent twice */
	EDGE_LENGTH_AND_CHUNKED,   /* 400: both Content-Length and Transfer-Encoding */
	EDGE_BAD_TRANSFER_ENCODING,/* 400: sent twice, or in an HTTP/1.0 request */
	EDGE_UNKNOWN_CODING,       /* 501: a transfer coding other than chunked */
	EDGE_BODY_NOT_ALLOWED,     /* 400: a body on HEAD or TRACE */
	EDGE_BAD_EXPECT,           /* 417: an expectation other than 100-continue */
	EDGE_BODY_TOO_LARGE,       /* 413: over the route's limit or the server's */
	EDGE_BAD_CHUNK,            /* 400: a chunk-size line or chunk end that is not valid */
	EDGE_TRAILERS,             /* 400: trailer fields after the last chunk */
	EDGE_HEAD_TIMEOUT,         /* 408: the head did not arrive by its deadline */
	EDGE_BODY_TIMEOUT,         /* 408: the body did not arrive by its deadline */
	EDGE_VERDICT__MAX
};

/* A request head that passed: pointers into the parsed bytes (method is
 * EDGE_METHOD__MAX until the request line has named a known one). */
struct edge_head {
	size_t len; /* bytes of the head, its empty line included */
	enum edge_method method;
	const char *target; /* as sent */
	size_t target_len;
	const char *path; /* the target's path, without query or fragment (may be empty) */
	size_t path_len;
	int minor;              /* HTTP/1.minor */
	bool chunked;           /* Transfer-Encoding: chunked */
	bool has_length;        /* a Content-Length was sent */
	uint64_t content_length; /* saturates at UINT64_MAX */
};

/*
 * Parses the request head at the start of p (n bytes). EDGE_OK fills *out
 * (out->len may be less than n: what follows is the body or the next
 * request); EDGE_INCOMPLETE when the head has not ended within n bytes
 * and no limit is passed yet; otherwise the first refusal found. Lines end
 * with CRLF or a bare LF. Reads nothing past p + n and needs no NUL.
 */
enum edge_verdict edge_head_parse(const char *p, size_t n, struct edge_head *out);

/*
 * Parses a chunk-size line (1 to 16 hex digits, then CRLF or LF; no chunk
 * extensions) at the start of p (n bytes): EDGE_OK sets *size and *used
 * (the line's bytes), EDGE_INCOMPLETE asks for more, EDGE_BAD_CHUNK refuses.
 */
enum edge_verdict edge_chunk_line(const char *p, size_t n, uint64_t *size, size_t *used);

/* "GET", "POST", ...; "-" for EDGE_METHOD__MAX. */
const char *edge_method_name(enum edge_method m);

/* The status of a refusal (400, 408, 413, ...), and its reason phrase. */
int edge_verdict_status(enum edge_verdict v, const char **reason);

struct edge_config {
	size_t max_body;    /* the server's cap on any body */
	int head_timeout_s; /* a request's head must arrive within this */
	int body_timeout_s; /* its body within this, counted from the end of its head */
	int idle_timeout_s; /* evhttp's read and write timeout (kept while a reply drains) */
	/*
	 * The body limit of the route h names, or 0 for the server's cap.
	 * Called only for a request that has a body.
	 */
	size_t (*body_limit)(void *arg, const struct edge_head *h);
	void *body_limit_arg;
};

/*
 * evhttp's bufferevent callback (evhttp_set_bevcb): a filter over a new
 * socket bufferevent that runs the edge on each connection of base. arg
 * is a struct edge_config that must outlive every connection (free the
 * evhttp before it). NULL only without memory (evhttp then makes a plain
 * bufferevent; the failure is logged).
 */
struct bufferevent *edge_bufferevent(struct event_base *base, void *arg);

#endif
