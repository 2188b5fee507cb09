/*
 * The edge's parsers (http/edge.h): pure functions over (pointer, length),
 * no allocation, no I/O; fuzzed by tests/fuzz/fuzz_http_head.c.
 */
#include "http/edge.h"

#include <string.h>
#include <strings.h>

/* RFC 9110 tchar: the bytes of a method or a header name. */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
	case '-': case '.': case '^': case '_': case '`': case '|': case '~':
		return true;
	default:
		return false;
	}
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Index of the first LF in p[from, n), or n. */
static size_t find_lf(const char *p, size_t from, size_t n)
{
	const char *q = from < n ? memchr(p + from, '\n', n - from) : NULL;
	return q != NULL ? (size_t)(q - p) : n;
}

static bool token_is(const char *s, size_t n, const char *lower)
{
	return strlen(lower) == n && strncasecmp(s, lower, n) == 0;
}

static const char *const method_names[EDGE_METHOD__MAX] = {
    [EDGE_GET] = "GET",         [EDGE_HEAD] = "HEAD",   [EDGE_POST] = "POST",
    [EDGE_PUT] = "PUT",         [EDGE_DELETE] = "DELETE", [EDGE_OPTIONS] = "OPTIONS",
    [EDGE_TRACE] = "TRACE",     [EDGE_PATCH] = "PATCH",
};

/*
 * The forms evhttp's URI parser takes as we mean them: a path ("/..." but
 * not "//...", which it would read as an authority), or an http(s) URL
 * whose host is a plain name or address. Sets the path part.
 */
static bool target_ok(const char *t, size_t n, struct edge_head *out)
{
	size_t i = 0;

	if (t[0] == '/') {
		if (n > 1 && t[1] == '/')
			return false;
	} else {
		size_t host;
		if (n >= 7 && strncasecmp(t, "http://", 7) == 0)
			i = 7;
		else if (n >= 8 && strncasecmp(t, "https://", 8) == 0)
			i = 8;
		else
			return false;
		host = i;
		while (i < n && (is_digit((unsigned char)t[i]) || t[i] == '.' || t[i] == '-' ||
		                 ((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')))
			i++;
		if (i == host)
			return false;
		if (i < n && t[i] == ':') {
			size_t d = ++i;
			unsigned port = 0;
			while (i < n && is_digit((unsigned char)t[i]) && i - d < 5)
				port = port * 10 + (unsigned)(t[i++] - '0');
			if (port > 65535)
				return false;
		}
		if (i < n && t[i] != '/' && t[i] != '?')
			return false;
	}
	out->path = t + i;
	while (i < n && t[i] != '?' && t[i] != '#')
		i++;
	out->path_len = (size_t)(t + i - out->path);
	return true;
}

/* The request line (without its line end). */
static enum edge_verdict request_line(const char *p, size_t len, struct edge_head *out)
{
	size_t i = 0, mlen, t0;
	const char *v;

	while (i < len && i <= EDGE_METHOD_MAX && is_tchar((unsigned char)p[i]))
		i++;
	if (i == 0 || i > EDGE_METHOD_MAX || i == len || p[i] != ' ')
		return EDGE_BAD_REQUEST_LINE;
	mlen = i++;
	t0 = i;
	while (i < len && (unsigned char)p[i] > 0x20 && (unsigned char)p[i] < 0x7f)
		i++;
	if (i - t0 > EDGE_MAX_TARGET)
		return EDGE_TARGET_TOO_LONG;
	if (i == t0 || i == len || p[i] != ' ')
		return EDGE_BAD_REQUEST_LINE;
	out->target = p + t0;
	out->target_len = i - t0;
	v = p + i + 1;
	if (len - i - 1 != 8 || memcmp(v, "HTTP/", 5) != 0 || !is_digit((unsigned char)v[5]) ||
	    v[6] != '.' || !is_digit((unsigned char)v[7]))
		return EDGE_BAD_VERSION;
	if (v[5] != '1')
		return EDGE_VERSION_UNSUPPORTED;
	out->minor = v[7] - '0';
	for (int m = 0; m < EDGE_METHOD__MAX; m++)
		if (strlen(method_names[m]) == mlen && memcmp(p, method_names[m], mlen) == 0)
			out->method = (enum edge_method)m;
	if (out->method == EDGE_METHOD__MAX)
		return EDGE_UNKNOWN_METHOD;
	if (!target_ok(out->target, out->target_len, out))
		return EDGE_BAD_TARGET;
	return EDGE_OK;
}

struct fields {
	bool seen_length;
	bool seen_coding;
	bool bad_expect;
};

/* One header line (without its line end): name ":" OWS value OWS. */
static enum edge_verdict header_line(const char *p, size_t len, struct fields *f,
                                     struct edge_head *out)
{
	size_t i = 0, name_len, v0, v1;

	while (i < len && is_tchar((unsigned char)p[i]))
		i++;
	/* A line that starts with a space is a folded one (obs-fold): refused, as RFC 9112 allows. */
	if (i == 0 || i == len || p[i] != ':')
		return EDGE_BAD_HEADER;
	name_len = i++;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	v0 = i;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c != '\t' && (c < 0x20 || c == 0x7f))
			return EDGE_BAD_HEADER;
	}
	v1 = len;
	while (v1 > v0 && (p[v1 - 1] == ' ' || p[v1 - 1] == '\t'))
		v1--;

	if (token_is(p, name_len, "content-length")) {
		uint64_t n = 0;
		if (f->seen_length || v1 == v0)
			return EDGE_BAD_CONTENT_LENGTH;
		f->seen_length = true;
		for (size_t k = v0; k < v1; k++) {
			unsigned d;
			if (!is_digit((unsigned char)p[k]))
				return EDGE_BAD_CONTENT_LENGTH;
			d = (unsigned)(p[k] - '0');
			n = n > (UINT64_MAX - d) / 10 ? UINT64_MAX : n * 10 + d;
		}
		out->has_length = true;
		out->content_length = n;
	} else if (token_is(p, name_len, "transfer-encoding")) {
		if (f->seen_coding)
			return EDGE_BAD_TRANSFER_ENCODING;
		f->seen_coding = true;
		if (!token_is(p + v0, v1 - v0, "chunked"))
			return EDGE_UNKNOWN_CODING;
		out->chunked = true;
	} else if (token_is(p, name_len, "expect")) {
		if (!token_is(p + v0, v1 - v0, "100-continue"))
			f->bad_expect = true;
	}
	return EDGE_OK;
}

enum edge_verdict edge_head_parse(const char *p, size_t n, struct edge_head *out)
{
	struct fields f = {false, false, false};
	size_t lf = find_lf(p, 0, n);
	size_t end, pos, fields_start;
	unsigned count = 0;
	enum edge_verdict v;

	memset(out, 0, sizeof(*out));
	out->method = EDGE_METHOD__MAX;
	if (lf == n) {
		/* A request line this long is refused for what it holds so far. */
		if (n <= EDGE_MAX_TARGET + 2 * EDGE_METHOD_MAX)
			return EDGE_INCOMPLETE;
		v = request_line(p, n, out);
		return v == EDGE_TARGET_TOO_LONG ? v : EDGE_BAD_REQUEST_LINE;
	}
	end = lf > 0 && p[lf - 1] == '\r' ? lf - 1 : lf;
	v = request_line(p, end, out);
	if (v != EDGE_OK)
		return v;

	fields_start = pos = lf + 1;
	for (;;) {
		size_t line = pos;
		size_t e = find_lf(p, line, n);
		if (e == n)
			return n - fields_start > EDGE_MAX_FIELDS ? EDGE_FIELDS_TOO_LARGE
			                                          : EDGE_INCOMPLETE;
		if (e + 1 - fields_start > EDGE_MAX_FIELDS)
			return EDGE_FIELDS_TOO_LARGE;
		end = e > line && p[e - 1] == '\r' ? e - 1 : e;
		pos = e + 1;
		if (end == line)
			break; /* the empty line that ends the head */
		if (++count > EDGE_MAX_COUNT)
			return EDGE_TOO_MANY_FIELDS;
		v = header_line(p + line, end - line, &f, out);
		if (v != EDGE_OK)
			return v;
	}
	out->len = pos;
	if (f.seen_coding && out->minor == 0)
		return EDGE_BAD_TRANSFER_ENCODING;
	if (f.seen_coding && f.seen_length)
		return EDGE_LENGTH_AND_CHUNKED;
	if ((out->method == EDGE_HEAD || out->method == EDGE_TRACE) &&
	    (out->chunked || out->content_length > 0))
		return EDGE_BODY_NOT_ALLOWED;
	if (f.bad_expect && out->minor >= 1)
		return EDGE_BAD_EXPECT;
	return EDGE_OK;
}

enum edge_verdict edge_chunk_line(const char *p, size_t n, uint64_t *size, size_t *used)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < n && hex_value((unsigned char)p[i]) >= 0) {
		if (i == EDGE_CHUNK_DIGITS_MAX)
			return EDGE_BAD_CHUNK;
		v = v * 16 + (uint64_t)hex_value((unsigned char)p[i]);
		i++;
	}
	if (i == n)
		return EDGE_INCOMPLETE;
	if (i == 0)
		return EDGE_BAD_CHUNK;
	if (p[i] == '\n') {
		*used = i + 1;
	} else if (p[i] == '\r') {
		if (i + 1 == n)
			return EDGE_INCOMPLETE;
		if (p[i + 1] != '\n')
			return EDGE_BAD_CHUNK;
		*used = i + 2;
	} else {
		/* Chunk extensions (";name=value") included: evhttp 2.1 cannot read them. */
		return EDGE_BAD_CHUNK;
	}
	*size = v;
	return EDGE_OK;
}

const char *edge_method_name(enum edge_method m)
{
	return (unsigned)m < EDGE_METHOD__MAX ? method_names[m] : "-";
}
