/* Inside the SQLite backend. */
#ifndef TESSERA_STORE_SQLITE_INT_H
#define TESSERA_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store_int.h"

struct db_stmt {
	sqlite3_stmt *st;
	struct store_conn *conn;
	int bind_rc; /* first failed bind, or SQLITE_OK */
};

struct store_conn {
	sqlite3 *db;
	int busy_timeout_ms;
	struct db_stmt stmts[STMT__MAX];
};

extern const char *const sqlite_stmts[STMT__MAX];

#endif
