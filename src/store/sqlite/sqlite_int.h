/* Inside the SQLite backend. */
#ifndef TESSERA_STORE_SQLITE_INT_H
#define TESSERA_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "store/sqlite/sqlite_backend.h"
#include "store/store_int.h"

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	int bind_rc; /* first failed bind, or SQLITE_OK */
};

struct sqlite_conn {
	struct store_conn base;
	sqlite3 *db;
	int busy_timeout_ms;
	struct sqlite_stmt stmts[STMT__MAX];
};

extern const char *const sqlite_stmts[STMT__MAX];

/* checkpointer.c: the writer hooks of the backend's table. */
enum tess_err sqlite_writer_start(const struct store_address *addr, const struct store_config *cfg,
				  struct store_conn *wconn, struct store_writer **out);
void sqlite_writer_committed(struct store_writer *w, struct store_conn *wconn);
void sqlite_writer_stop(struct store_writer *w);

/*
 * wal_vfs.c: the VFS named SQLITE_WAL_VFS gathers a connection's writes to
 * its write-ahead log until SQLite syncs it; only for connections whose
 * commits sync the log (synchronous=FULL). Registered once; false when it
 * cannot be (then connections use the default VFS).
 */
#define SQLITE_WAL_VFS "tessera-wal"
bool sqlite_wal_vfs_register(void);
/* How many writes reached log files through it since the process started. */
unsigned long long sqlite_wal_vfs_writes(void);

#endif
