/* The backends this build holds, by the scheme of the database address. */
#include "store/backend.h"
#include "store/sqlite/sqlite_backend.h"

static const struct store_backend *const backends[] = {
	[STORE_BACKEND_SQLITE] = &sqlite_backend,
};

const struct store_backend *store_backend_for(enum store_backend_id id)
{
	if ((size_t)id >= sizeof(backends) / sizeof(backends[0]))
		return NULL;
	return backends[id];
}
