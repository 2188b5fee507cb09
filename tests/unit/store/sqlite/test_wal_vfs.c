/*
 * The VFS that gathers the writer's log writes (store/sqlite/wal_vfs.c):
 * a commit reaches the log in a few large writes, is visible to other
 * connections once it returns, and survives the process being killed
 * right after it returned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/sqlite/sqlite_int.h"
#include "store/store.h"

#define ORGS_PER_UNIT 400

struct fixture {
	char dir[64];
	char path[96];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/tessera-walvfs-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static struct store *open_durable(const char *path)
{
	struct store_config cfg = {path, true, 5000};
	struct store *st = NULL;
	struct problem p;
	assert_int_equal(store_open(&cfg, &st, &p), TESS_OK);
	return st;
}

/* Inserts ORGS_PER_UNIT customers named after *ctx and a number. */
static enum tess_err many_orgs_unit(struct store_conn *c, struct store_unit *u)
{
	const char *tag = u->ctx;
	for (int i = 0; i < ORGS_PER_UNIT; i++) {
		struct org_new o;
		char name[64];
		int64_t pk;
		enum tess_err err;
		memset(&o, 0, sizeof(o));
		snprintf(name, sizeof(name), "%s customer %d with a name long enough", tag, i);
		o.kind = ORG_VENDOR;
		o.name = name;
		err = store_org_insert(c, &o, 0, &pk);
		if (err != TESS_OK)
			return err;
	}
	u->reply_status = 201;
	return TESS_OK;
}

static void run_many(struct store *st, const char *tag)
{
	struct store_unit u;
	memset(&u, 0, sizeof(u));
	u.run = many_orgs_unit;
	u.ctx = (void *)tag;
	assert_int_equal(store_unit_run(st, &u), TESS_OK);
}

/* Rows whose name starts with tag, read by a connection of its own. */
static int count_tagged(const char *path, const char *tag)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int n = -1;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM orgs WHERE name LIKE ?1 || ' %'",
					    -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(q, 1, tag, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static void commit_is_few_writes_and_visible(void **state)
{
	struct fixture *f = *state;
	struct store *st = open_durable(f->path);
	char wal[128];
	unsigned long long writes = sqlite_wal_vfs_writes();
	long long before, frames;

	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	before = file_size(wal);
	run_many(st, "alpha");
	/* Each frame is a 24-byte header and a 4 KiB page. */
	frames = (file_size(wal) - before) / (24 + 4096);
	writes = sqlite_wal_vfs_writes() - writes;
	assert_true(frames >= 20);
	assert_true(writes > 0); /* the writer's log went through the VFS */
	/* Without the VFS, two writes a frame; with it, one per 64 KiB. */
	assert_true(writes * 8 <= (unsigned long long)frames);
	/* Another connection sees the whole commit as soon as it has returned. */
	assert_int_equal(count_tagged(f->path, "alpha"), ORGS_PER_UNIT);
	store_close(st);
	assert_int_equal(count_tagged(f->path, "alpha"), ORGS_PER_UNIT);
}

static void commit_survives_a_kill(void **state)
{
	struct fixture *f = *state;
	int status = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		/* The child commits twice, then dies without closing anything. */
		struct store *st = open_durable(f->path);
		run_many(st, "first");
		run_many(st, "second");
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	/* Recovery from the log the child left finds both commits whole. */
	assert_int_equal(count_tagged(f->path, "first"), ORGS_PER_UNIT);
	assert_int_equal(count_tagged(f->path, "second"), ORGS_PER_UNIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(commit_is_few_writes_and_visible, setup, teardown),
	    cmocka_unit_test_setup_teardown(commit_survives_a_kill, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
