/*
 * The edge's parsers over arbitrary bytes: a request head
 * (edge_head_parse) and a chunk-size line (edge_chunk_line). Besides the
 * sanitizers' checks, it holds the parser to its contract: an accepted
 * head lies inside the input and its pointers point into it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/edge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so that a read past the end is caught. */
	char *p = malloc(size > 0 ? size : 1);
	struct edge_head h;
	enum edge_verdict v;
	uint64_t chunk = 0;
	size_t used = 0;

	if (p == NULL)
		return 0;
	if (size > 0)
		memcpy(p, data, size);

	v = edge_head_parse(p, size, &h);
	if ((unsigned)v >= EDGE_VERDICT__MAX)
		abort();
	if (v == EDGE_OK) {
		if (h.len == 0 || h.len > size || h.method >= EDGE_METHOD__MAX)
			abort();
		if (h.target < p || h.target + h.target_len > p + h.len || h.target_len == 0 ||
		    h.target_len > EDGE_MAX_TARGET)
			abort();
		if (h.path < h.target || h.path + h.path_len > h.target + h.target_len)
			abort();
		if (h.chunked && h.has_length)
			abort();
		/* The same head with more bytes after it is the same verdict and length. */
		if (edge_head_parse(p, h.len, &(struct edge_head){0}) != EDGE_OK)
			abort();
	}
	if (v != EDGE_INCOMPLETE && v != EDGE_OK && edge_verdict_status(v, NULL) < 400)
		abort();

	v = edge_chunk_line(p, size, &chunk, &used);
	if (v != EDGE_OK && v != EDGE_INCOMPLETE && v != EDGE_BAD_CHUNK)
		abort();
	if (v == EDGE_OK && (used < 2 || used > size))
		abort();
	free(p);
	return 0;
}
