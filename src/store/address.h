/*
 * The database address (`--db`, TESSERA_DB): which backend, and where.
 *
 *   "PATH"         the SQLite backend, database file PATH
 *   "sqlite:PATH"  the same, with the scheme spelled out ("SQLite:" too:
 *                  schemes are case-insensitive)
 *
 * Text that starts with a scheme (RFC 3986: a letter, then letters,
 * digits, '+', '-' or '.', then ':') names a backend; any scheme other
 * than sqlite is refused with an error naming the schemes this build
 * knows, so "postgres://..." fails clearly rather than creating a file of
 * that name. A file whose name looks like a scheme ("a:b.db") is reached
 * as "./a:b.db" or "sqlite:a:b.db". Refused too: an empty path, a path
 * with a control byte, and "sqlite://..." (write "sqlite:PATH",
 * "sqlite:/abs/path" for an absolute one).
 */
#ifndef TESSERA_STORE_ADDRESS_H
#define TESSERA_STORE_ADDRESS_H

#include "util/err.h"

/* The schemes this build knows, as the error message lists them. */
#define STORE_ADDRESS_SCHEMES "sqlite"

enum store_backend_id { STORE_BACKEND_SQLITE };

struct store_address {
	enum store_backend_id backend;
	const char *path; /* SQLite: the file, pointing into the parsed text */
};

/*
 * Parses text (NUL-terminated) into out. TESS_ERR_INVALID with p's
 * message saying why (code "invalid_db_address", field "db") otherwise.
 */
enum tess_err store_address_parse(const char *text, struct store_address *out, struct problem *p);

#endif
