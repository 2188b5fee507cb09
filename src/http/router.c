#include "http/router.h"

#include <string.h>

static const char *const method_names[METHOD__MAX] = {
    [METHOD_GET] = "GET",     [METHOD_POST] = "POST",     [METHOD_PUT] = "PUT",
    [METHOD_PATCH] = "PATCH", [METHOD_DELETE] = "DELETE",
};

const char *http_method_name(enum http_method m)
{
	if ((unsigned)m >= METHOD__MAX)
		return "?";
	return method_names[m];
}

/*
 * Walks pattern and path one segment at a time. Both start with '/';
 * a literal segment must be equal byte for byte, a ":name" segment takes
 * any non-empty run of bytes up to the next '/'.
 */
bool router_pattern_match(const char *pattern, const char *path, size_t len, struct arena *a,
                          const char *params[REQ_MAX_PARAMS], int *nparams)
{
	const char *seen[REQ_MAX_PARAMS];
	size_t seen_len[REQ_MAX_PARAMS];
	int np = 0;
	size_t i = 0;
	const char *pp = pattern;

	while (*pp != '\0') {
		if (*pp != '/' || i >= len || path[i] != '/')
			return false;
		pp++;
		i++;
		if (*pp == ':') {
			size_t start = i;
			while (*pp != '\0' && *pp != '/')
				pp++;
			while (i < len && path[i] != '/')
				i++;
			if (i == start || np == REQ_MAX_PARAMS)
				return false;
			seen[np] = path + start;
			seen_len[np] = i - start;
			np++;
		} else {
			while (*pp != '\0' && *pp != '/') {
				if (i >= len || path[i] != *pp)
					return false;
				pp++;
				i++;
			}
			if (i < len && path[i] != '/')
				return false;
		}
	}
	if (i != len)
		return false;
	for (int k = 0; k < np; k++)
		params[k] = arena_strndup(a, seen[k], seen_len[k]);
	*nparams = np;
	return true;
}

enum route_result router_match(const struct route *table, size_t n, enum http_method m,
                               const char *path, size_t len, struct arena *a,
                               const struct route **out, const char *params[REQ_MAX_PARAMS],
                               int *nparams, unsigned *allow)
{
	unsigned methods = 0;

	for (size_t k = 0; k < n; k++) {
		const struct route *rt = &table[k];
		const char *tmp[REQ_MAX_PARAMS];
		int ntmp = 0;

		if (rt->method == m) {
			if (router_pattern_match(rt->pattern, path, len, a, params, nparams)) {
				*out = rt;
				return ROUTE_FOUND;
			}
		} else if ((methods & METHOD_BIT(rt->method)) == 0 &&
		           router_pattern_match(rt->pattern, path, len, a, tmp, &ntmp)) {
			methods |= METHOD_BIT(rt->method);
		}
	}
	*allow = methods;
	return methods != 0 ? ROUTE_WRONG_METHOD : ROUTE_NOT_FOUND;
}

size_t router_max_body(const struct route *table, size_t n)
{
	size_t max = 0;
	for (size_t k = 0; k < n; k++)
		if (table[k].max_body > max)
			max = table[k].max_body;
	return max;
}
