/*
 * The database address of --db and TESSERA_DB (store/address.c). What is
 * accepted names a non-empty path without control bytes that ends the
 * text (a bare path is the whole text), and spelling it "sqlite:PATH"
 * gives the same path; what is refused says why, in a message that fits.
 */
#include <strings.h>

#include "fuzz.h"
#include "store/address.h"

static bool has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct store_address a;
	struct problem p = {0};
	size_t n = strlen(s);

	if (store_address_parse(s, &a, &p) == TESS_OK) {
		size_t pl;
		char *again;
		struct store_address b;
		FUZZ_CHECK(a.backend == STORE_BACKEND_SQLITE && a.path != NULL, "'%s'", s);
		pl = strlen(a.path);
		FUZZ_CHECK(pl > 0 && a.path >= s && a.path + pl == s + n, "'%s' gave path '%s'", s,
		           a.path);
		FUZZ_CHECK(!has_control(a.path), "'%s': control byte in the path", s);
		FUZZ_CHECK(a.path == s || strncasecmp(s, "sqlite:", 7) == 0,
		           "'%s': path '%s' after a scheme other than sqlite", s, a.path);
		again = malloc(pl + 8);
		FUZZ_CHECK(again != NULL, "malloc");
		memcpy(again, "sqlite:", 7);
		memcpy(again + 7, a.path, pl + 1);
		if (strncmp(a.path, "//", 2) != 0)
			FUZZ_CHECK(store_address_parse(again, &b, &p) == TESS_OK &&
			               strcmp(b.path, a.path) == 0,
			           "'%s' is not the path '%s'", again, a.path);
		free(again);
	} else {
		FUZZ_CHECK(p.code != NULL && strcmp(p.code, "invalid_db_address") == 0 &&
		               p.message[0] != '\0' && strlen(p.message) < sizeof(p.message) - 1,
		           "'%s': refused with '%s'", s, p.message);
		FUZZ_CHECK(strchr(s, ':') != NULL || n == 0 || has_control(s),
		           "'%s': a plain path refused: %s", s, p.message);
	}
	free(s);
	return 0;
}
