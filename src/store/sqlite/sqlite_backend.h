/* The SQLite backend's table (store/backend.h), the one name it exports to the store. */
#ifndef TESSERA_STORE_SQLITE_BACKEND_H
#define TESSERA_STORE_SQLITE_BACKEND_H

#include "store/backend.h"

extern const struct store_backend sqlite_backend;

#endif
