/*
 * A VFS over SQLite's default one that gathers the writes to a
 * write-ahead log and hands them to the file in large writes when SQLite
 * syncs it. SQLite writes every log frame as two writes (a 24-byte header,
 * then the page), so a commit of 400 pages costs 800 system calls; with
 * this it costs some 25 (the default VFS takes at most 128 KiB a call),
 * and the fsync that follows is the same.
 *
 * Why it is safe: only a connection whose commits sync the log uses it
 * (synchronous=FULL, the writer's). SQLite syncs the log at the end of
 * every commit before it publishes the commit in the wal-index, so no
 * other connection can be sent to a frame still in the buffer, and a
 * commit reports success only after the sync, as without the buffer.
 * Anything that reads, sizes, truncates or controls the log first writes
 * out what is gathered, as does a write that does not follow on from it;
 * a crash loses only frames of a commit that had not returned, which
 * SQLite's recovery ignores as it always does.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"
#include "util/log.h"

/* Enough for a commit of some 2,000 pages; a larger one writes in pieces. */
#define WAL_BUF_BYTES (8u * 1024 * 1024)
/* The most the default unix VFS writes in one call (it masks a length to 17 bits). */
#define WRITE_CHUNK (64u * 1024)

struct wal_file {
	sqlite3_file base;   /* pMethods: wal_methods */
	sqlite3_file *real;  /* the default VFS's file, right after this struct */
	bool log;            /* a write-ahead log; other files pass every call through */
	unsigned char *buf;  /* allocated at the log's first write */
	size_t len;          /* bytes gathered */
	sqlite3_int64 start; /* the file offset of buf[0] */
};

static sqlite3_vfs wal_vfs;
static _Atomic unsigned long long log_writes; /* writes that reached a log file */

static int flush(struct wal_file *f)
{
	int rc = SQLITE_OK;
	for (size_t at = 0; rc == SQLITE_OK && at < f->len; at += WRITE_CHUNK) {
		size_t n = f->len - at < WRITE_CHUNK ? f->len - at : WRITE_CHUNK;
		rc = f->real->pMethods->xWrite(f->real, f->buf + at, (int)n,
					       f->start + (sqlite3_int64)at);
		log_writes++;
	}
	f->len = 0;
	return rc;
}

static int w_close(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;
	int rc = f->buf != NULL ? flush(f) : SQLITE_OK;
	int rc2 = f->real->pMethods->xClose(f->real);
	free(f->buf);
	f->buf = NULL;
	return rc != SQLITE_OK ? rc : rc2;
}

/* Writes out what is gathered before a call that must see the file as SQLite wrote it. */
#define FLUSHED(f)                                                                                 \
	do {                                                                                       \
		if ((f)->buf != NULL) {                                                            \
			int flush_rc = flush(f);                                                   \
			if (flush_rc != SQLITE_OK)                                                 \
				return flush_rc;                                                   \
		}                                                                                  \
	} while (0)

static int w_read(sqlite3_file *file, void *out, int n, sqlite3_int64 off)
{
	struct wal_file *f = (struct wal_file *)file;
	FLUSHED(f);
	return f->real->pMethods->xRead(f->real, out, n, off);
}

static int w_write(sqlite3_file *file, const void *data, int n, sqlite3_int64 off)
{
	struct wal_file *f = (struct wal_file *)file;
	sqlite3_int64 end = f->start + (sqlite3_int64)f->len;

	if (!f->log || n < 0)
		return f->real->pMethods->xWrite(f->real, data, n, off);
	if (f->buf == NULL && (f->buf = malloc(WAL_BUF_BYTES)) == NULL)
		return SQLITE_NOMEM;
	/* Within or right after what is gathered (SQLite rewrites a frame in place at times). */
	if (f->len > 0 && off >= f->start && off <= end &&
	    (size_t)(off - f->start) + (size_t)n <= WAL_BUF_BYTES) {
		size_t at = (size_t)(off - f->start);
		memcpy(f->buf + at, data, (size_t)n);
		if (at + (size_t)n > f->len)
			f->len = at + (size_t)n;
		return SQLITE_OK;
	}
	FLUSHED(f);
	if ((size_t)n > WRITE_CHUNK) {
		log_writes++;
		return f->real->pMethods->xWrite(f->real, data, n, off);
	}
	memcpy(f->buf, data, (size_t)n);
	f->start = off;
	f->len = (size_t)n;
	return SQLITE_OK;
}

static int w_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct wal_file *f = (struct wal_file *)file;
	FLUSHED(f);
	return f->real->pMethods->xTruncate(f->real, size);
}

static int w_sync(sqlite3_file *file, int flags)
{
	struct wal_file *f = (struct wal_file *)file;
	FLUSHED(f);
	return f->real->pMethods->xSync(f->real, flags);
}

static int w_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct wal_file *f = (struct wal_file *)file;
	FLUSHED(f);
	return f->real->pMethods->xFileSize(f->real, size);
}

static int w_file_control(sqlite3_file *file, int op, void *arg)
{
	struct wal_file *f = (struct wal_file *)file;
	FLUSHED(f);
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int w_lock(sqlite3_file *file, int level)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xLock(f->real, level);
}

static int w_unlock(sqlite3_file *file, int level)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xUnlock(f->real, level);
}

static int w_check_reserved(sqlite3_file *file, int *out)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int w_sector_size(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xSectorSize(f->real);
}

static int w_device_characteristics(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int w_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xShmMap(f->real, region, size, extend, out);
}

static int w_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void w_shm_barrier(sqlite3_file *file)
{
	struct wal_file *f = (struct wal_file *)file;
	f->real->pMethods->xShmBarrier(f->real);
}

static int w_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int w_fetch(sqlite3_file *file, sqlite3_int64 off, int n, void **out)
{
	struct wal_file *f = (struct wal_file *)file;
	FLUSHED(f);
	return f->real->pMethods->xFetch(f->real, off, n, out);
}

static int w_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	struct wal_file *f = (struct wal_file *)file;
	return f->real->pMethods->xUnfetch(f->real, off, p);
}

static const sqlite3_io_methods wal_methods = {
    3,
    w_close,
    w_read,
    w_write,
    w_truncate,
    w_sync,
    w_file_size,
    w_lock,
    w_unlock,
    w_check_reserved,
    w_file_control,
    w_sector_size,
    w_device_characteristics,
    w_shm_map,
    w_shm_lock,
    w_shm_barrier,
    w_shm_unmap,
    w_fetch,
    w_unfetch,
};

static sqlite3_vfs *root(sqlite3_vfs *vfs)
{
	return vfs->pAppData;
}

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	struct wal_file *f = (struct wal_file *)file;
	int rc;

	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	rc = root(vfs)->xOpen(root(vfs), name, f->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		file->pMethods = NULL;
		return rc;
	}
	/* Every method forwards to the real file, which must have them all. */
	if (f->real->pMethods->iVersion < 3) {
		f->real->pMethods->xClose(f->real);
		file->pMethods = NULL;
		return SQLITE_CANTOPEN;
	}
	/* A log that is only read (the checkpointer's) never needs the buffer. */
	f->log = (flags & SQLITE_OPEN_WAL) != 0;
	file->pMethods = &wal_methods;
	return SQLITE_OK;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	return root(vfs)->xDelete(root(vfs), name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return root(vfs)->xAccess(root(vfs), name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return root(vfs)->xFullPathname(root(vfs), name, n, out);
}

static void *v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	return root(vfs)->xDlOpen(root(vfs), name);
}

static void v_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	root(vfs)->xDlError(root(vfs), n, out);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *lib, const char *sym))(void)
{
	return root(vfs)->xDlSym(root(vfs), lib, sym);
}

static void v_dlclose(sqlite3_vfs *vfs, void *lib)
{
	root(vfs)->xDlClose(root(vfs), lib);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	return root(vfs)->xRandomness(root(vfs), n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
	return root(vfs)->xSleep(root(vfs), us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
	return root(vfs)->xCurrentTime(root(vfs), out);
}

static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	return root(vfs)->xGetLastError(root(vfs), n, out);
}

static int v_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	return root(vfs)->xCurrentTimeInt64(root(vfs), out);
}

bool sqlite_wal_vfs_register(void)
{
	sqlite3_vfs *base = sqlite3_vfs_find(NULL);

	/* Version 2 methods are the newest this forwards; the default unix VFS has them. */
	if (base == NULL || base->iVersion < 2) {
		log_warn("sqlite: the default VFS is too old to gather log writes");
		return false;
	}
	wal_vfs = (sqlite3_vfs){
	    .iVersion = 2,
	    .szOsFile = (int)sizeof(struct wal_file) + base->szOsFile,
	    .mxPathname = base->mxPathname,
	    .zName = SQLITE_WAL_VFS,
	    .pAppData = base,
	    .xOpen = v_open,
	    .xDelete = v_delete,
	    .xAccess = v_access,
	    .xFullPathname = v_full_pathname,
	    .xDlOpen = v_dlopen,
	    .xDlError = v_dlerror,
	    .xDlSym = v_dlsym,
	    .xDlClose = v_dlclose,
	    .xRandomness = v_randomness,
	    .xSleep = v_sleep,
	    .xCurrentTime = v_current_time,
	    .xGetLastError = v_last_error,
	    .xCurrentTimeInt64 = v_current_time64,
	};
	return sqlite3_vfs_register(&wal_vfs, 0) == SQLITE_OK;
}

unsigned long long sqlite_wal_vfs_writes(void)
{
	return log_writes;
}
