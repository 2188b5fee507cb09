/*
 * The portals' files, looked up by name in the sorted table that the build
 * embeds. ETags are an FNV-1a hash of each file's bytes, computed once.
 */
#include "http/assets.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/embed.h"
#include "util/xmalloc.h"

#define ASSET_PREFIX "/assets/"
#define ETAG_LEN 19 /* a quote, 16 hex digits, a quote, NUL */

static struct asset *table;
static size_t ntable;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static const struct {
	const char *ext;
	const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".json", "application/json; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);
		if (n > e && strcmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

static void table_build(void)
{
	size_t n = 0;

	while (web_assets[n].name != NULL)
		n++;
	table = xcalloc(n > 0 ? n : 1, sizeof(*table));
	for (size_t i = 0; i < n; i++) {
		uint64_t h = 14695981039346656037ull;
		char *etag = xmalloc(ETAG_LEN);
		for (size_t k = 0; k < web_assets[i].len; k++) {
			h ^= (unsigned char)web_assets[i].data[k];
			h *= 1099511628211ull;
		}
		snprintf(etag, ETAG_LEN, "\"%016llx\"", (unsigned long long)h);
		table[i] = (struct asset){web_assets[i].data, web_assets[i].len,
		                          type_of(web_assets[i].name), etag};
	}
	ntable = n;
}

/* The embedded file of that name, by binary search (the build sorts them). */
static const struct asset *find(const char *name)
{
	size_t lo = 0, hi = ntable;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, web_assets[mid].name);
		if (c == 0)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct asset *assets_lookup(const char *path)
{
	if (pthread_once(&table_once, table_build) != 0)
		abort();
	if (strncmp(path, ASSET_PREFIX, strlen(ASSET_PREFIX)) == 0) {
		const char *name = path + strlen(ASSET_PREFIX);
		/* Names are plain relative paths: nothing climbs out of web/. */
		if (name[0] == '\0' || strstr(name, "..") != NULL || strcmp(name, "index.html") == 0)
			return NULL;
		return find(name);
	}
	return find("index.html");
}

bool assets_etag_matches(const struct asset *a, const char *if_none_match)
{
	const char *p = if_none_match;
	size_t n = strlen(a->etag);

	if (p == NULL)
		return false;
	/* A list of entity tags, comma separated, each perhaps weak (W/). */
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, a->etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return false;
}
