/*
 * The web portals' files, compiled into the binary (util/embed.h), as the
 * server answers them: every GET outside /api/ is a page or one of its
 * files.
 */
#ifndef TESSERA_HTTP_ASSETS_H
#define TESSERA_HTTP_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

struct asset {
	const char *data;
	size_t len;
	const char *type; /* Content-Type */
	const char *etag; /* a strong validator of the contents, quoted */
};

/*
 * What a GET of path answers: "/assets/NAME" is the file web/NAME (NULL if
 * there is none); any other path is web/index.html, whose router shows the
 * page or its own "not found". The result is static.
 */
const struct asset *assets_lookup(const char *path);

/* Whether an If-None-Match header value names the asset's ETag (or is "*"). */
bool assets_etag_matches(const struct asset *a, const char *if_none_match);

#endif
