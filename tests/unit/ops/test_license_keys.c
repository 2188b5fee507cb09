/*
 * The vendor's license signing key pair in the settings table: made once
 * on first use, read back the same afterwards, and good for signing keys
 * that verify with its public half; and the strict hex decoding of keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/license_keys.h"
#include "domain/licensing.h"
#include "store/store.h"
#include "util/xmalloc.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
	struct arena arena;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct store_config cfg = {0};
	struct problem p;
	snprintf(f->dir, sizeof(f->dir), "/tmp/tessera-keys-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	cfg.address = f->path;
	cfg.busy_timeout_ms = 5000;
	if (store_open(&cfg, &f->st, &p) != TESS_OK)
		return -1;
	arena_init(&f->arena, 4096);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	arena_cleanup(&f->arena);
	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

struct keys_ctx {
	bool create;
	bool want_secret;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

static enum tess_err keys_unit(struct store_conn *c, struct store_unit *u)
{
	struct keys_ctx *k = u->ctx;
	return license_signing_keys(c, k->create, u->arena, k->pk, k->want_secret ? k->sk : NULL);
}

static enum tess_err run_keys(struct fixture *f, struct keys_ctx *k)
{
	struct store_unit u;
	enum tess_err err;
	memset(&u, 0, sizeof(u));
	u.ctx = k;
	u.arena = &f->arena;
	err = store_run_direct(f->st, keys_unit, &u);
	free(u.reply_body);
	return err;
}

static void no_key_until_created(void **state)
{
	struct keys_ctx k = {false, false, {0}, {0}};
	assert_int_equal(run_keys(*state, &k), TESS_ERR_NOT_FOUND);
}

static void key_pair_created_once_then_read_back(void **state)
{
	struct fixture *f = *state;
	struct keys_ctx first = {true, true, {0}, {0}}, again = {true, true, {0}, {0}};
	struct keys_ctx pub = {false, false, {0}, {0}};
	assert_int_equal(run_keys(f, &first), TESS_OK);
	assert_int_equal(run_keys(f, &again), TESS_OK);
	assert_memory_equal(first.pk, again.pk, sizeof(first.pk));
	assert_memory_equal(first.sk, again.sk, sizeof(first.sk));
	assert_int_equal(run_keys(f, &pub), TESS_OK);
	assert_memory_equal(first.pk, pub.pk, sizeof(first.pk));
}

static void stored_pair_signs_keys_its_public_half_verifies(void **state)
{
	struct keys_ctx k = {true, true, {0}, {0}};
	struct license_payload pl, out;
	char key[LICENSE_KEY_MAX];
	memset(&pl, 0, sizeof(pl));
	strcpy(pl.sen, "SEN-50000001");
	strcpy(pl.product, "HLX-TRK-DC");
	pl.edition = EDITION_ENTERPRISE;
	pl.user_tier = 500;
	pl.maintenance_end = date_from_ymd(2027, 6, 15);
	strcpy(pl.licensee, "Acme Robotics");
	assert_int_equal(run_keys(*state, &k), TESS_OK);
	assert_int_equal(license_key_sign(&pl, k.sk, key, sizeof(key), NULL), TESS_OK);
	assert_int_equal(license_key_verify(key, strlen(key), k.pk, &out, NULL), TESS_OK);
	assert_string_equal(out.licensee, "Acme Robotics");
}

static void hex_decode_takes_exactly_n_bytes_of_hex(void **state)
{
	unsigned char b[2];
	(void)state;
	assert_true(license_hex_decode("0aFf", b, 2));
	assert_int_equal(b[0], 0x0a);
	assert_int_equal(b[1], 0xff);
	assert_false(license_hex_decode("0aF", b, 2));
	assert_false(license_hex_decode("0aFf00", b, 2));
	assert_false(license_hex_decode("0g00", b, 2));
	assert_false(license_hex_decode("0a f", b, 2));
	assert_false(license_hex_decode(NULL, b, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(no_key_until_created, setup, teardown),
	    cmocka_unit_test_setup_teardown(key_pair_created_once_then_read_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(stored_pair_signs_keys_its_public_half_verifies, setup,
	                                    teardown),
	    cmocka_unit_test(hex_decode_takes_exactly_n_bytes_of_hex),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
