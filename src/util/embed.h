/* Files compiled into the binary at build time (cmake/embed.cmake). */
#ifndef TESSERA_UTIL_EMBED_H
#define TESSERA_UTIL_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* file name without directory */
	const char *data; /* contents, NUL-terminated */
	size_t len;       /* length without the NUL */
};

/* SQLite schema migrations, in file-name order, ended by an entry with name NULL. */
extern const struct embedded_file sqlite_migrations[];

/*
 * The web portals' files (web/), named by their path under web/
 * ("index.html", "js/app.js"), sorted by name, ended by an entry with
 * name NULL.
 */
extern const struct embedded_file web_assets[];

#endif
