#include "store/address.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#define SCHEME_SHOWN_MAX 32

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of the scheme text starts with (before its ':'), or 0 if it has none. */
static size_t scheme_len(const char *text)
{
	size_t n = 0;
	if (!is_alpha(text[0]))
		return 0;
	while (is_alpha(text[n]) || (text[n] >= '0' && text[n] <= '9') || text[n] == '+' ||
	       text[n] == '-' || text[n] == '.')
		n++;
	return text[n] == ':' ? n : 0;
}

static enum tess_err bad(struct problem *p, const char *why)
{
	return problem_set(p, TESS_ERR_INVALID, "invalid_db_address", "db",
	                   "Bad database address: %s.", why);
}

enum tess_err store_address_parse(const char *text, struct store_address *out, struct problem *p)
{
	size_t n;
	const char *path = text;

	if (text == NULL || text[0] == '\0')
		return bad(p, "it is empty (give a file, or sqlite:PATH)");
	n = scheme_len(text);
	if (n > 0) {
		if (n != 6 || strncasecmp(text, "sqlite", 6) != 0) {
			int shown = n > SCHEME_SHOWN_MAX ? SCHEME_SHOWN_MAX : (int)n;
			return problem_set(p, TESS_ERR_INVALID, "invalid_db_address", "db",
			                   "Unknown database scheme '%.*s%s:': this build knows "
			                   "only " STORE_ADDRESS_SCHEMES
			                   ":PATH (or a bare file path; write ./NAME for a "
			                   "file whose name has a colon).",
			                   shown, text, n > SCHEME_SHOWN_MAX ? "..." : "");
		}
		path = text + n + 1;
		if (strncmp(path, "//", 2) == 0)
			return bad(p, "write sqlite:PATH, not sqlite://PATH (sqlite:/abs/path for "
			              "an absolute path)");
		if (path[0] == '\0')
			return bad(p, "sqlite: needs a file path after it");
	}
	for (const char *c = path; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return bad(p, "the path has a control character");
	out->backend = STORE_BACKEND_SQLITE;
	out->path = path;
	return TESS_OK;
}
