/*
 * `tessera license public-key` prints the vendor's Ed25519 public key (hex),
 * creating the key pair in the database on first use; `tessera license
 * verify KEY` checks a license key offline against that public key, given
 * on the command line or read from the database, and prints its payload.
 */
#include "cli/license.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/license_keys.h"
#include "domain/licensing.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"

#define DEFAULT_DB "tessera.db"

const char cli_license_help[] =
    "Usage: tessera license public-key [--db ADDRESS]\n"
    "       tessera license verify KEY [--public-key HEX | --db ADDRESS]\n\n"
    "public-key  prints the vendor's Ed25519 public key as 64 hex digits; the\n"
    "            key pair is created in the database on first use.\n"
    "verify      checks a license key (TK1....) offline against the vendor's\n"
    "            public key and prints what it licenses: SEN, product, edition,\n"
    "            user tier, maintenance end and licensee. Exit status 0 when the\n"
    "            key is valid, 1 when it is not (the reason is printed).\n\n"
    "Options:\n"
    "  --db ADDRESS         database: a file or sqlite:PATH (env TESSERA_DB, default\n"
    "                       " DEFAULT_DB ")\n"
    "  --public-key HEX     verify against this public key; no database is opened\n"
    "  --help               this text\n";

static const char verify_help[] =
    "Usage: tessera license verify KEY [--public-key HEX | --db ADDRESS]\n"
    "Checks a license key offline against the vendor's Ed25519 public key and\n"
    "prints its payload. Exit status 0 when valid, 1 when not, 2 on bad usage.\n\n"
    "Options:\n"
    "  --public-key HEX     the vendor's public key (64 hex digits)\n"
    "  --db ADDRESS         read the public key from this database, a file or\n"
    "                       sqlite:PATH (env TESSERA_DB,\n"
    "                       default " DEFAULT_DB ")\n"
    "  --help               this text\n";

static const char public_key_help[] =
    "Usage: tessera license public-key [--db ADDRESS]\n"
    "Prints the vendor's Ed25519 license signing public key as 64 hex digits,\n"
    "creating the key pair in the database if it has none yet.\n\n"
    "Options:\n"
    "  --db ADDRESS         database: a file or sqlite:PATH (env TESSERA_DB, default\n"
    "                       " DEFAULT_DB ")\n"
    "  --help               this text\n";

struct license_opts {
	const char *db;
	const char *public_key;
	const char *key;
};

static const char *default_db(void)
{
	const char *v = getenv("TESSERA_DB");
	return v != NULL && v[0] != '\0' ? v : DEFAULT_DB;
}

/* Parses argv[2..]: options, and for verify one positional KEY. -1 to go on, else an exit status.
 */
static int parse(int argc, char **argv, bool verify, struct license_opts *o)
{
	const char *help = verify ? verify_help : public_key_help;
	memset(o, 0, sizeof(*o));
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			o->db = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			o->db = a + 5;
		} else if (verify && strcmp(a, "--public-key") == 0 && i + 1 < argc) {
			o->public_key = argv[++i];
		} else if (verify && strncmp(a, "--public-key=", 13) == 0) {
			o->public_key = a + 13;
		} else if (verify && a[0] != '-' && o->key == NULL) {
			o->key = a;
		} else {
			fprintf(stderr, "tessera license: unexpected argument '%s'\n\n%s", a, help);
			return 2;
		}
	}
	if (verify && o->key == NULL) {
		fprintf(stderr, "tessera license verify: a KEY is required\n\n%s", help);
		return 2;
	}
	if (verify && o->key != NULL && o->public_key != NULL && o->db != NULL) {
		fprintf(stderr, "tessera license verify: give --public-key or --db, not both\n");
		return 2;
	}
	if (o->db == NULL)
		o->db = default_db();
	return -1;
}

struct key_ctx {
	bool create;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
};

static enum tess_err key_unit(struct store_conn *c, struct store_unit *u)
{
	struct key_ctx *k = u->ctx;
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	enum tess_err err =
	    license_signing_keys(c, k->create, u->arena, k->pk, k->create ? sk : NULL);
	sodium_memzero(sk, sizeof(sk));
	return err;
}

/* The public key from the database at address db; creates the pair when create. 0 or an exit status. */
static int db_public_key(const char *db, bool create,
                         unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	struct store_config cfg = {db, true, 5000};
	struct store *st = NULL;
	struct problem p = {0};
	struct arena a;
	struct store_unit u;
	struct key_ctx k;
	enum tess_err err;

	if (store_open(&cfg, &st, &p) != TESS_OK) {
		fprintf(stderr, "tessera license: %s\n",
		        p.message[0] ? p.message : "cannot open database");
		return 1;
	}
	arena_init(&a, 4096);
	memset(&u, 0, sizeof(u));
	memset(&k, 0, sizeof(k));
	k.create = create;
	u.ctx = &k;
	u.arena = &a;
	err = store_run_direct(st, key_unit, &u);
	free(u.reply_body);
	arena_cleanup(&a);
	store_close(st);
	if (err == TESS_ERR_NOT_FOUND) {
		fprintf(stderr,
		        "tessera license: %s has no license signing key yet "
		        "(run 'tessera license public-key' to create it)\n",
		        db);
		return 1;
	}
	if (err != TESS_OK) {
		fprintf(stderr, "tessera license: cannot read the license signing key of %s\n",
		        db);
		return 1;
	}
	memcpy(pk, k.pk, crypto_sign_PUBLICKEYBYTES);
	return 0;
}

static int public_key(int argc, char **argv)
{
	struct license_opts o;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char hex[2 * crypto_sign_PUBLICKEYBYTES + 1];
	int rc = parse(argc, argv, false, &o);
	if (rc >= 0)
		return rc;
	rc = db_public_key(o.db, true, pk);
	if (rc != 0)
		return rc;
	sodium_bin2hex(hex, sizeof(hex), pk, sizeof(pk));
	puts(hex);
	return 0;
}

static int verify(int argc, char **argv)
{
	struct license_opts o;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	struct license_payload pl;
	struct problem p = {0};
	char end[11];
	enum tess_err err;
	int rc = parse(argc, argv, true, &o);

	if (rc >= 0)
		return rc;
	if (o.public_key != NULL) {
		if (!license_hex_decode(o.public_key, pk, sizeof(pk))) {
			fprintf(stderr, "tessera license verify: --public-key must be 64 hex "
			                "digits\n");
			return 2;
		}
	} else {
		rc = db_public_key(o.db, false, pk);
		if (rc != 0)
			return rc;
	}
	err = license_key_verify(o.key, strlen(o.key), pk, &pl, &p);
	if (err != TESS_OK) {
		printf("invalid: %s (%s)\n", p.message[0] ? p.message : "not a valid license key",
		       p.code != NULL ? p.code : tess_err_code(err));
		return 1;
	}
	date_format(pl.maintenance_end, end);
	printf("valid\nsen: %s\nproduct: %s\nedition: %s\nuser_tier: %d\nmaintenance_end: %s\n"
	       "licensee: %s\n",
	       pl.sen, pl.product, edition_name(pl.edition), (int)pl.user_tier, end, pl.licensee);
	return 0;
}

int cli_license(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "tessera: libsodium failed to initialise\n");
		return 2;
	}
	log_set_level(LOG_WARN);
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(cli_license_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "public-key") == 0)
		return public_key(argc, argv);
	if (strcmp(argv[1], "verify") == 0)
		return verify(argc, argv);
	fprintf(stderr, "tessera license: unknown subcommand '%s'\n\n%s", argv[1],
	        cli_license_help);
	return 2;
}
