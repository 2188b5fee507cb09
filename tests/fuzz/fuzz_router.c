/*
 * The router's path matching (http/router.c) over the real route table:
 * the first byte picks the method, the rest (up to a NUL, as the
 * pipeline passes it) is the path as the request line gave it. A match is one the pattern explains: putting its
 * parameters back into the pattern gives the path again, each parameter
 * one non-empty segment. A 405 names only methods the path has, never the
 * one asked; a 404 is a path no route matches.
 */
#include "api/routes.h"
#include "fuzz.h"
#include "http/router.h"
#include "util/arena.h"

/* Puts params back into pattern; true if that gives path (len bytes). */
static bool rebuild(const char *pattern, const char *const *params, int n, const char *path,
                    size_t len)
{
	size_t at = 0;
	int k = 0;
	for (const char *p = pattern; *p != '\0';) {
		if (*p == ':') {
			size_t pl;
			if (k >= n)
				return false;
			pl = strlen(params[k]);
			if (pl == 0 || memchr(params[k], '/', pl) != NULL || at + pl > len ||
			    memcmp(path + at, params[k], pl) != 0)
				return false;
			at += pl;
			k++;
			while (*p != '\0' && *p != '/')
				p++;
		} else {
			if (at >= len || path[at] != *p)
				return false;
			at++;
			p++;
		}
	}
	return at == len && k == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	enum http_method m;
	const struct route *rt = NULL;
	const char *params[REQ_MAX_PARAMS];
	int nparams = 0;
	unsigned allow = 0;
	char *path;
	size_t len;

	if (size < 1)
		return 0;
	m = (enum http_method)(data[0] % METHOD__MAX);
	len = strnlen((const char *)data + 1, size - 1);
	path = fuzz_exact(data + 1, len);
	arena_init(&a, 1024);
	switch (router_match(api_routes, api_routes_count, m, path, len, &a, &rt, params, &nparams,
	                     &allow)) {
	case ROUTE_FOUND:
		FUZZ_CHECK(rt != NULL && rt->method == m, "%s %.*s: found a route of another method",
		           http_method_name(m), (int)len, path);
		FUZZ_CHECK(nparams >= 0 && nparams <= REQ_MAX_PARAMS &&
		               rebuild(rt->pattern, params, nparams, path, len),
		           "%s %.*s matched %s", http_method_name(m), (int)len, path, rt->pattern);
		break;
	case ROUTE_WRONG_METHOD:
		FUZZ_CHECK(allow != 0 && (allow & METHOD_BIT(m)) == 0 && allow < METHOD_BIT(METHOD__MAX),
		           "%s %.*s: 405 allowing %#x", http_method_name(m), (int)len, path, allow);
		for (size_t k = 0; k < api_routes_count; k++) {
			const char *p2[REQ_MAX_PARAMS];
			int n2 = 0;
			bool hit = router_pattern_match(api_routes[k].pattern, path, len, &a, p2, &n2);
			FUZZ_CHECK(!hit || api_routes[k].method != m, "%s %.*s matches %s after all",
			           http_method_name(m), (int)len, path, api_routes[k].pattern);
			if (hit)
				allow &= ~METHOD_BIT(api_routes[k].method);
		}
		FUZZ_CHECK(allow == 0, "%.*s: Allow names %#x, which no route of the path has",
		           (int)len, path, allow);
		break;
	case ROUTE_NOT_FOUND:
		for (size_t k = 0; k < api_routes_count; k++) {
			const char *p2[REQ_MAX_PARAMS];
			int n2 = 0;
			FUZZ_CHECK(!router_pattern_match(api_routes[k].pattern, path, len, &a, p2, &n2),
			           "%.*s: 404, but %s matches", (int)len, path, api_routes[k].pattern);
		}
		break;
	}
	arena_cleanup(&a);
	free(path);
	return 0;
}
