/*
 * Every statement of the SQLite store reaches the tables that grow with
 * the business (subscriptions, orders, invoices, licenses, events, keys...)
 * through an index: no statement scans one of them whole. A full scan is
 * invisible on the demo's 200 subscriptions and ruinous on a million, so
 * the query plans are checked here, on the migrated schema. No page of a
 * list (a SELECT with a LIMIT) sorts its rows either: each walks an index
 * in its order, oldest or newest first, and stops at the LIMIT. No write
 * builds a temporary b-tree either (a RETURNING clause, a CHECK on an IN
 * list of more than two values): that costs a few microseconds a row on
 * the single writer thread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"
#include "store/store.h"
#include "util/xmalloc.h"

/* Tables that stay small whatever the load: the catalog and settings. */
static const char *const small_tables[] = {
    "products", "prices", "app_compat", "storefront_items", "settings", "counters", NULL,
};

static bool is_small(const char *table)
{
	for (int i = 0; small_tables[i] != NULL; i++) {
		if (strcmp(small_tables[i], table) == 0)
			return true;
	}
	return false;
}

/*
 * A plan line that reads a whole large table: "SCAN t" or "SCAN t AS a"
 * without an index. "SCAN t USING INDEX ..." walks an index in order and
 * stops at the LIMIT, which the keyset pages rely on.
 */
static bool full_scan(const char *detail, char *table, size_t cap)
{
	const char *p;
	size_t n;

	if (strncmp(detail, "SCAN ", 5) != 0 || strstr(detail, " USING ") != NULL)
		return false;
	p = detail + 5;
	n = strcspn(p, " ");
	if (n == 0 || n >= cap)
		return false;
	memcpy(table, p, n);
	table[n] = '\0';
	return !is_small(table) && strncmp(table, "CONSTANT", 8) != 0;
}

/* Whether the bytecode of a write opens a temporary b-tree. */
static bool write_builds_temp_btree(sqlite3 *db, const char *sql)
{
	char *explain = xmalloc(strlen(sql) + 16);
	sqlite3_stmt *q = NULL;
	bool found = false;

	sprintf(explain, "EXPLAIN %s", sql);
	if (sqlite3_prepare_v2(db, explain, -1, &q, NULL) != SQLITE_OK)
		fail_msg("does not prepare: %s: %s", sqlite3_errmsg(db), sql);
	while (!found && sqlite3_step(q) == SQLITE_ROW)
		found = strcmp((const char *)sqlite3_column_text(q, 1), "OpenEphemeral") == 0;
	sqlite3_finalize(q);
	free(explain);
	return found;
}

static bool is_write(const char *sql)
{
	return strncmp(sql, "INSERT", 6) == 0 || strncmp(sql, "UPDATE", 6) == 0 ||
	       strncmp(sql, "DELETE", 6) == 0;
}

/* A plan line that sorts the rows before the LIMIT can cut them. */
static bool sorts(const char *detail)
{
	return strncmp(detail, "USE TEMP B-TREE FOR ", 20) == 0 && strstr(detail, "ORDER BY") != NULL;
}

/*
 * Statements whose LIMIT caps a small set of one parent's rows rather
 * than cutting a page of a list: sorting that set is cheap and bounded.
 */
static bool sorts_bounded_set(int id)
{
	/* One customer's contacts, at most CUSTOMER_CONTACTS_MAX of them. */
	return id == STMT_CUSTOMER_CONTACTS;
}

static void test_no_full_scans(void **state)
{
	char dir[] = "/tmp/tessera-plans-XXXXXX";
	char path[64], cmd[96];
	struct store_config cfg = {0};
	struct store *st = NULL;
	struct problem p;
	sqlite3 *db = NULL;
	int scans = 0, temp_btrees = 0, sorted_pages = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/plans.db", dir);
	cfg.address = path;
	cfg.busy_timeout_ms = 5000;
	assert_int_equal(store_open(&cfg, &st, &p), TESS_OK);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL), SQLITE_OK);

	for (int id = 0; id < STMT__MAX; id++) {
		const char *sql = sqlite_stmts[id];
		char *explain;
		sqlite3_stmt *q = NULL;

		assert_non_null(sql);
		if (strncmp(sql, "BEGIN", 5) == 0 || strncmp(sql, "COMMIT", 6) == 0 ||
		    strncmp(sql, "ROLLBACK", 8) == 0 || strncmp(sql, "SAVEPOINT", 9) == 0 ||
		    strncmp(sql, "RELEASE", 7) == 0)
			continue;
		explain = xmalloc(strlen(sql) + 32);
		sprintf(explain, "EXPLAIN QUERY PLAN %s", sql);
		if (sqlite3_prepare_v2(db, explain, -1, &q, NULL) != SQLITE_OK)
			fail_msg("statement %d does not prepare: %s", id, sqlite3_errmsg(db));
		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(q, 3);
			char table[64];
			if (detail != NULL && full_scan(detail, table, sizeof(table))) {
				print_error("statement %d scans %s whole (%s):\n  %s\n", id, table,
					    detail, sql);
				scans++;
			}
			if (detail != NULL && strstr(sql, " LIMIT ") != NULL && sorts(detail) &&
			    !sorts_bounded_set(id)) {
				print_error("statement %d sorts a page (%s):\n  %s\n", id, detail, sql);
				sorted_pages++;
			}
		}
		sqlite3_finalize(q);
		free(explain);
		if (is_write(sql) && write_builds_temp_btree(db, sql)) {
			print_error("statement %d builds a temporary b-tree:\n  %s\n", id, sql);
			temp_btrees++;
		}
	}
	/* The CHECKs written without IN lists still refuse what they refused. */
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO orgs (id, kind, name, created_at) VALUES "
				      "('org_x', 'reseller', 'X', '2026-01-01T00:00:00Z')",
				      NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO orgs (id, kind, name, created_at) VALUES "
				      "('org_x', 'vendor', 'X', '2026-01-01T00:00:00Z')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "UPDATE orgs SET eligibility = 'charity' WHERE id = 'org_x'",
				      NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	/* Schema 10: a cancelled order is spelt as a cancelled quote is. */
	{
		sqlite3_stmt *q = NULL;
		const char *sql;
		assert_int_equal(sqlite3_prepare_v2(db,
						    "SELECT sql FROM sqlite_schema WHERE type = 'table' "
						    "AND name = 'orders'",
						    -1, &q, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		sql = (const char *)sqlite3_column_text(q, 0);
		assert_non_null(strstr(sql, "status = 'cancelled'"));
		assert_null(strstr(sql, "'canceled'"));
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(scans, 0);
	assert_int_equal(temp_btrees, 0);
	assert_int_equal(sorted_pages, 0);
}

/* The check itself sees a scan when there is one. */
static void test_full_scan_detection(void **state)
{
	char table[64];
	(void)state;
	assert_true(full_scan("SCAN licenses", table, sizeof(table)));
	assert_string_equal(table, "licenses");
	assert_true(full_scan("SCAN s AS x", table, sizeof(table)));
	assert_false(full_scan("SCAN s USING INDEX subscriptions_partner (partner_pk=?)", table,
			       sizeof(table)));
	assert_false(full_scan("SEARCH licenses USING INDEX licenses_order (order_pk=?)", table,
			       sizeof(table)));
	assert_false(full_scan("SCAN prices", table, sizeof(table)));
	assert_true(sorts("USE TEMP B-TREE FOR ORDER BY"));
	assert_true(sorts("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"));
	assert_false(sorts("USE TEMP B-TREE FOR DISTINCT"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_scan_detection),
	    cmocka_unit_test(test_no_full_scans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
