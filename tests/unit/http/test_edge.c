#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/edge.h"

/* Parses s (its strlen) and returns the verdict; h is filled. */
static enum edge_verdict parse(const char *s, struct edge_head *h)
{
	return edge_head_parse(s, strlen(s), h);
}

static enum edge_verdict verdict(const char *s)
{
	struct edge_head h;
	return parse(s, &h);
}

/* s as the bytes of a malloc'd buffer with no NUL after them, so ASan sees any read past n. */
static enum edge_verdict parse_exact(const char *s, size_t n, struct edge_head *h)
{
	char *copy = malloc(n > 0 ? n : 1);
	enum edge_verdict v;
	assert_non_null(copy);
	memcpy(copy, s, n);
	v = edge_head_parse(copy, n, h);
	free(copy);
	return v;
}

/* "GET / HTTP/1.1\r\n" + count header lines of the given value length + "\r\n". */
static char *head_with_fields(int count, size_t value_len)
{
	size_t n = 32 + (size_t)count * (value_len + 16);
	char *s = malloc(n);
	size_t at;
	assert_non_null(s);
	at = (size_t)sprintf(s, "GET / HTTP/1.1\r\n");
	for (int i = 0; i < count; i++) {
		at += (size_t)sprintf(s + at, "X-F%04d: ", i);
		memset(s + at, 'v', value_len);
		at += value_len;
		s[at++] = '\r';
		s[at++] = '\n';
	}
	strcpy(s + at, "\r\n");
	return s;
}

static void simple_get_passes_with_its_length_and_path(void **state)
{
	const char *s = "GET /api/v1/health?x=1 HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\n";
	struct edge_head h;
	(void)state;
	assert_int_equal(parse(s, &h), EDGE_OK);
	assert_int_equal(h.len, strlen("GET /api/v1/health?x=1 HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_int_equal(h.method, EDGE_GET);
	assert_int_equal(h.minor, 1);
	assert_int_equal(h.path_len, strlen("/api/v1/health"));
	assert_memory_equal(h.path, "/api/v1/health", h.path_len);
	assert_int_equal(h.target_len, strlen("/api/v1/health?x=1"));
	assert_false(h.chunked);
	assert_false(h.has_length);
}

static void bare_lf_line_ends_are_read_like_crlf(void **state)
{
	struct edge_head h;
	(void)state;
	assert_int_equal(parse("POST /a HTTP/1.0\nContent-Length: 12\n\n", &h), EDGE_OK);
	assert_int_equal(h.len, strlen("POST /a HTTP/1.0\nContent-Length: 12\n\n"));
	assert_int_equal(h.method, EDGE_POST);
	assert_int_equal(h.minor, 0);
	assert_true(h.has_length);
	assert_int_equal(h.content_length, 12);
}

static void head_without_its_empty_line_is_incomplete(void **state)
{
	(void)state;
	assert_int_equal(verdict(""), EDGE_INCOMPLETE);
	assert_int_equal(verdict("GET / HT"), EDGE_INCOMPLETE);
	assert_int_equal(verdict("GET / HTTP/1.1\r\n"), EDGE_INCOMPLETE);
	assert_int_equal(verdict("GET / HTTP/1.1\r\nHost: a\r\n"), EDGE_INCOMPLETE);
	assert_int_equal(verdict("GET / HTTP/1.1\r\nHost: a\r\n\r"), EDGE_INCOMPLETE);
}

static void malformed_request_lines_are_400(void **state)
{
	(void)state;
	assert_int_equal(verdict("GARBAGE\r\n\r\n"), EDGE_BAD_REQUEST_LINE);
	assert_int_equal(verdict("GET  / HTTP/1.1\r\n\r\n"), EDGE_BAD_REQUEST_LINE);
	assert_int_equal(verdict("GET / HTTP/1.1 \r\n\r\n"), EDGE_BAD_VERSION);
	assert_int_equal(verdict("GET /\r\n\r\n"), EDGE_BAD_REQUEST_LINE);
	assert_int_equal(verdict(" GET / HTTP/1.1\r\n\r\n"), EDGE_BAD_REQUEST_LINE);
	assert_int_equal(verdict("GET /a\tb HTTP/1.1\r\n\r\n"), EDGE_BAD_REQUEST_LINE);
	assert_int_equal(verdict("\r\n"), EDGE_BAD_REQUEST_LINE);
	assert_int_equal(verdict("G@T / HTTP/1.1\r\n\r\n"), EDGE_BAD_REQUEST_LINE);
}

static void versions_other_than_http_1_are_refused(void **state)
{
	(void)state;
	assert_int_equal(verdict("GET / HTTP/2.0\r\n\r\n"), EDGE_VERSION_UNSUPPORTED);
	assert_int_equal(verdict("GET / HTTP/0.9\r\n\r\n"), EDGE_VERSION_UNSUPPORTED);
	assert_int_equal(verdict("GET / HTTP/1.10\r\n\r\n"), EDGE_BAD_VERSION);
	assert_int_equal(verdict("GET / HTTP/1\r\n\r\n"), EDGE_BAD_VERSION);
	assert_int_equal(verdict("GET / http/1.1\r\n\r\n"), EDGE_BAD_VERSION);
	assert_int_equal(verdict("GET / HTTP/1.1\r\r\n\r\n"), EDGE_BAD_VERSION);
}

static void unknown_methods_and_connect_are_501(void **state)
{
	(void)state;
	assert_int_equal(verdict("FOO / HTTP/1.1\r\n\r\n"), EDGE_UNKNOWN_METHOD);
	assert_int_equal(verdict("get / HTTP/1.1\r\n\r\n"), EDGE_UNKNOWN_METHOD);
	assert_int_equal(verdict("CONNECT a:443 HTTP/1.1\r\n\r\n"), EDGE_UNKNOWN_METHOD);
	assert_int_equal(verdict("OPTIONS /a HTTP/1.1\r\n\r\n"), EDGE_OK);
	assert_int_equal(verdict("PATCH /a HTTP/1.1\r\n\r\n"), EDGE_OK);
}

static void targets_are_paths_or_http_urls(void **state)
{
	struct edge_head h;
	(void)state;
	assert_int_equal(parse("GET http://api.example:8080/x/y?q HTTP/1.1\r\n\r\n", &h), EDGE_OK);
	assert_int_equal(h.path_len, 4);
	assert_memory_equal(h.path, "/x/y", 4);
	assert_int_equal(parse("GET HTTPS://a.example HTTP/1.1\r\n\r\n", &h), EDGE_OK);
	assert_int_equal(h.path_len, 0);
	assert_int_equal(verdict("GET //evil/x HTTP/1.1\r\n\r\n"), EDGE_BAD_TARGET);
	assert_int_equal(verdict("OPTIONS * HTTP/1.1\r\n\r\n"), EDGE_BAD_TARGET);
	assert_int_equal(verdict("GET ftp://a/b HTTP/1.1\r\n\r\n"), EDGE_BAD_TARGET);
	assert_int_equal(verdict("GET http://user@a/b HTTP/1.1\r\n\r\n"), EDGE_BAD_TARGET);
	assert_int_equal(verdict("GET http:///b HTTP/1.1\r\n\r\n"), EDGE_BAD_TARGET);
	assert_int_equal(verdict("GET http://a:99999/ HTTP/1.1\r\n\r\n"), EDGE_BAD_TARGET);
	assert_int_equal(verdict("GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n"), EDGE_BAD_REQUEST_LINE);
}

static void target_over_8_kib_is_414_even_before_its_line_ends(void **state)
{
	size_t n = EDGE_MAX_TARGET + 64;
	char *s = malloc(n + 32);
	(void)state;
	assert_non_null(s);
	memcpy(s, "GET /", 5);
	memset(s + 5, 'a', n - 5);
	assert_int_equal(edge_head_parse(s, n, &(struct edge_head){0}), EDGE_TARGET_TOO_LONG);
	memcpy(s + n, " HTTP/1.1\r\n\r\n", 13);
	assert_int_equal(edge_head_parse(s, n + 13, &(struct edge_head){0}), EDGE_TARGET_TOO_LONG);
	/* Exactly at the limit it passes. */
	memcpy(s + EDGE_MAX_TARGET + 4, " HTTP/1.1\r\n\r\n", 13);
	assert_int_equal(edge_head_parse(s, EDGE_MAX_TARGET + 4 + 13, &(struct edge_head){0}), EDGE_OK);
	free(s);
}

static void header_fields_over_16_kib_are_431(void **state)
{
	char *big = head_with_fields(20, 1000);   /* some 20 KiB */
	char *fits = head_with_fields(15, 1000);  /* some 15 KiB */
	(void)state;
	assert_int_equal(verdict(big), EDGE_FIELDS_TOO_LARGE);
	/* Refused on what came so far, without waiting for the end. */
	assert_int_equal(edge_head_parse(big, strlen(big) - 10, &(struct edge_head){0}),
	                 EDGE_FIELDS_TOO_LARGE);
	assert_int_equal(verdict(fits), EDGE_OK);
	free(big);
	free(fits);
}

static void more_than_100_fields_are_431(void **state)
{
	char *over = head_with_fields(EDGE_MAX_COUNT + 1, 1);
	char *at = head_with_fields(EDGE_MAX_COUNT, 1);
	(void)state;
	assert_int_equal(verdict(over), EDGE_TOO_MANY_FIELDS);
	assert_int_equal(verdict(at), EDGE_OK);
	free(over);
	free(at);
}

static void malformed_header_lines_are_400(void **state)
{
	(void)state;
	assert_int_equal(verdict("GET / HTTP/1.1\r\nNoColon\r\n\r\n"), EDGE_BAD_HEADER);
	assert_int_equal(verdict("GET / HTTP/1.1\r\nName : v\r\n\r\n"), EDGE_BAD_HEADER);
	assert_int_equal(verdict("GET / HTTP/1.1\r\n: v\r\n\r\n"), EDGE_BAD_HEADER);
	assert_int_equal(verdict("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"), EDGE_BAD_HEADER);
	assert_int_equal(verdict("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n"), EDGE_BAD_HEADER);
	assert_int_equal(verdict("GET / HTTP/1.1\r\nA: b\x7f\r\n\r\n"), EDGE_BAD_HEADER);
	assert_int_equal(verdict("GET / HTTP/1.1\r\nA: \t b \t\r\nB:\r\nC: caf\xc3\xa9\r\n\r\n"),
	                 EDGE_OK);
}

static void nul_in_a_header_is_400(void **state)
{
	static const char s[] = "GET / HTTP/1.1\r\nContent-Length: 5\0x\r\n\r\n";
	struct edge_head h;
	(void)state;
	assert_int_equal(parse_exact(s, sizeof(s) - 1, &h), EDGE_BAD_HEADER);
}

static void content_length_must_be_one_decimal_number(void **state)
{
	struct edge_head h;
	(void)state;
	assert_int_equal(parse("POST / HTTP/1.1\r\ncontent-length:\t007 \r\n\r\n", &h), EDGE_OK);
	assert_int_equal(h.content_length, 7);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
	                 EDGE_BAD_CONTENT_LENGTH);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n"),
	                 EDGE_BAD_CONTENT_LENGTH);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n"),
	                 EDGE_BAD_CONTENT_LENGTH);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n"),
	                 EDGE_BAD_CONTENT_LENGTH);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n"),
	                 EDGE_BAD_CONTENT_LENGTH);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"),
	                 EDGE_BAD_CONTENT_LENGTH);
	assert_int_equal(parse("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
	                       &h),
	                 EDGE_OK);
	assert_int_equal(h.content_length, UINT64_MAX);
}

static void transfer_encoding_is_chunked_alone_in_http_1_1(void **state)
{
	struct edge_head h;
	(void)state;
	assert_int_equal(parse("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n", &h), EDGE_OK);
	assert_true(h.chunked);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
	                 EDGE_LENGTH_AND_CHUNKED);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"),
	                 EDGE_LENGTH_AND_CHUNKED);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
	                 EDGE_UNKNOWN_CODING);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
	                 EDGE_BAD_TRANSFER_ENCODING);
	assert_int_equal(verdict("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
	                 EDGE_BAD_TRANSFER_ENCODING);
}

static void head_and_trace_take_no_body(void **state)
{
	(void)state;
	assert_int_equal(verdict("HEAD / HTTP/1.1\r\nContent-Length: 3\r\n\r\n"), EDGE_BODY_NOT_ALLOWED);
	assert_int_equal(verdict("TRACE / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
	                 EDGE_BODY_NOT_ALLOWED);
	assert_int_equal(verdict("HEAD / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), EDGE_OK);
}

static void expect_other_than_100_continue_is_417(void **state)
{
	(void)state;
	assert_int_equal(verdict("POST / HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n"), EDGE_OK);
	assert_int_equal(verdict("POST / HTTP/1.1\r\nExpect: 200-ok\r\n\r\n"), EDGE_BAD_EXPECT);
	/* HTTP/1.0 has no expectations: evhttp ignores the field there, and so do we. */
	assert_int_equal(verdict("POST / HTTP/1.0\r\nExpect: 200-ok\r\n\r\n"), EDGE_OK);
}

static void chunk_size_lines(void **state)
{
	uint64_t size = 0;
	size_t used = 0;
	(void)state;
	assert_int_equal(edge_chunk_line("1aF\r\nxyz", 8, &size, &used), EDGE_OK);
	assert_int_equal(size, 0x1af);
	assert_int_equal(used, 5);
	assert_int_equal(edge_chunk_line("0\n", 2, &size, &used), EDGE_OK);
	assert_int_equal(size, 0);
	assert_int_equal(used, 2);
	assert_int_equal(edge_chunk_line("ffffffffffffffff\r\n", 18, &size, &used), EDGE_OK);
	assert_int_equal(size, UINT64_MAX);
	assert_int_equal(edge_chunk_line("1a", 2, &size, &used), EDGE_INCOMPLETE);
	assert_int_equal(edge_chunk_line("1a\r", 3, &size, &used), EDGE_INCOMPLETE);
	assert_int_equal(edge_chunk_line("", 0, &size, &used), EDGE_INCOMPLETE);
	assert_int_equal(edge_chunk_line("10000000000000000\r\n", 19, &size, &used), EDGE_BAD_CHUNK);
	assert_int_equal(edge_chunk_line("5;ext=1\r\n", 9, &size, &used), EDGE_BAD_CHUNK);
	assert_int_equal(edge_chunk_line("0x5\r\n", 5, &size, &used), EDGE_BAD_CHUNK);
	assert_int_equal(edge_chunk_line(" 5\r\n", 4, &size, &used), EDGE_BAD_CHUNK);
	assert_int_equal(edge_chunk_line("5 \r\n", 4, &size, &used), EDGE_BAD_CHUNK);
	assert_int_equal(edge_chunk_line("-5\r\n", 4, &size, &used), EDGE_BAD_CHUNK);
	assert_int_equal(edge_chunk_line("5\rx", 3, &size, &used), EDGE_BAD_CHUNK);
}

static void every_refusal_has_a_4xx_or_5xx_status(void **state)
{
	(void)state;
	for (int v = EDGE_BAD_REQUEST_LINE; v < EDGE_VERDICT__MAX; v++) {
		const char *reason = NULL;
		int status = edge_verdict_status((enum edge_verdict)v, &reason);
		assert_true(status >= 400 && status < 600);
		assert_non_null(reason);
	}
	assert_int_equal(edge_verdict_status(EDGE_TARGET_TOO_LONG, NULL), 414);
	assert_int_equal(edge_verdict_status(EDGE_FIELDS_TOO_LARGE, NULL), 431);
	assert_int_equal(edge_verdict_status(EDGE_BODY_TOO_LARGE, NULL), 413);
	assert_int_equal(edge_verdict_status(EDGE_HEAD_TIMEOUT, NULL), 408);
	assert_int_equal(edge_verdict_status(EDGE_VERSION_UNSUPPORTED, NULL), 505);
	assert_int_equal(edge_verdict_status(EDGE_UNKNOWN_METHOD, NULL), 501);
}

/* Every prefix of a good head is incomplete, and reads nothing past its length. */
static void every_prefix_of_a_good_head_is_incomplete(void **state)
{
	static const char s[] = "POST http://a.example/x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
	                        "Transfer-Encoding-X: y\r\n\r\n";
	(void)state;
	for (size_t n = 0; n < sizeof(s) - 1; n++)
		assert_int_equal(parse_exact(s, n, &(struct edge_head){0}), EDGE_INCOMPLETE);
	assert_int_equal(parse_exact(s, sizeof(s) - 1, &(struct edge_head){0}), EDGE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(simple_get_passes_with_its_length_and_path),
	    cmocka_unit_test(bare_lf_line_ends_are_read_like_crlf),
	    cmocka_unit_test(head_without_its_empty_line_is_incomplete),
	    cmocka_unit_test(malformed_request_lines_are_400),
	    cmocka_unit_test(versions_other_than_http_1_are_refused),
	    cmocka_unit_test(unknown_methods_and_connect_are_501),
	    cmocka_unit_test(targets_are_paths_or_http_urls),
	    cmocka_unit_test(target_over_8_kib_is_414_even_before_its_line_ends),
	    cmocka_unit_test(header_fields_over_16_kib_are_431),
	    cmocka_unit_test(more_than_100_fields_are_431),
	    cmocka_unit_test(malformed_header_lines_are_400),
	    cmocka_unit_test(nul_in_a_header_is_400),
	    cmocka_unit_test(content_length_must_be_one_decimal_number),
	    cmocka_unit_test(transfer_encoding_is_chunked_alone_in_http_1_1),
	    cmocka_unit_test(head_and_trace_take_no_body),
	    cmocka_unit_test(expect_other_than_100_continue_is_417),
	    cmocka_unit_test(chunk_size_lines),
	    cmocka_unit_test(every_refusal_has_a_4xx_or_5xx_status),
	    cmocka_unit_test(every_prefix_of_a_good_head_is_incomplete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
