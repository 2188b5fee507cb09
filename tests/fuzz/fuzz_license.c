/*
 * License keys (domain/licensing.c) and their offline check by
 * `tessera license verify` (cli/license.c). The first byte picks how the
 * rest is used:
 *   0  a key text, verified against the fuzz vendor's public key (the
 *      seeds are keys that vendor signed);
 *   1  a payload text, signed here with the vendor's secret key, so that
 *      the payload parser behind the signature check is reached;
 *   2  the arguments of `tessera license verify KEY --public-key HEX`:
 *      the key, and after a newline the hex (the vendor's when absent).
 * Whatever verifies is what the vendor's signing of its payload gives,
 * byte for byte (one text per payload); the command agrees with the
 * function.
 */
#include <sodium.h>

#include "ops/license_keys.h"
#include "cli/license.h"
#include "domain/licensing.h"
#include "fuzz.h"

static unsigned char pk[crypto_sign_PUBLICKEYBYTES];
static unsigned char sk[crypto_sign_SECRETKEYBYTES];
static char pk_hex[2 * crypto_sign_PUBLICKEYBYTES + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	/* The fuzz vendor: a fixed key pair, so that the seed keys stay valid. */
	memset(seed, 0x2a, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, sizeof(pk));
	/* The command prints what it verified. */
	if (freopen("/dev/null", "w", stdout) == NULL)
		abort();
	return 0;
}

/* A verified key is the one signing its payload gives. */
static void check_canonical(const char *key, size_t len, const struct license_payload *pl)
{
	char again[LICENSE_KEY_MAX];
	struct problem p = {0};
	enum tess_err err = license_key_sign(pl, sk, again, sizeof(again), &p);
	FUZZ_CHECK(err == TESS_OK, "'%.*s' verifies, but its payload cannot be signed: %s",
	           (int)len, key, p.message);
	FUZZ_CHECK(strlen(again) == len && memcmp(again, key, len) == 0,
	           "'%.*s' verifies, but its payload signs as '%s'", (int)len, key, again);
}

static void verify_key(const char *key, size_t len)
{
	struct license_payload pl;
	struct problem p = {0};
	enum tess_err err = license_key_verify(key, len, pk, &pl, &p);
	if (err == TESS_OK)
		check_canonical(key, len, &pl);
	else
		FUZZ_CHECK((err == TESS_ERR_INVALID &&
		            strcmp(p.code, "license_key_malformed") == 0) ||
		               (err == TESS_ERR_REFUSED &&
		                strcmp(p.code, "license_key_signature_invalid") == 0),
		           "'%.*s': error %d (%s)", (int)len, key, (int)err, p.code);
}

/* Signs payload text as the vendor would, and checks the key it makes. */
static void verify_payload(const unsigned char *text, size_t len)
{
	char text64[sodium_base64_ENCODED_LEN(LICENSE_KEY_MAX, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	unsigned char sig[crypto_sign_BYTES];
	char key[2 * LICENSE_KEY_MAX];
	struct license_payload pl;
	struct problem p = {0};
	enum tess_err err;
	int n;

	if (len > LICENSE_KEY_MAX)
		return;
	crypto_sign_detached(sig, NULL, text, len, sk);
	sodium_bin2base64(text64, sizeof(text64), text, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_bin2base64(sig64, sizeof(sig64), sig, sizeof(sig), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	n = snprintf(key, sizeof(key), "%s%s.%s", LICENSE_KEY_PREFIX, text64, sig64);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(key), "key text too long");
	err = license_key_verify(key, (size_t)n, pk, &pl, &p);
	if (err == TESS_OK)
		check_canonical(key, (size_t)n, &pl);
	else
		FUZZ_CHECK(err == TESS_ERR_INVALID && strcmp(p.code, "license_key_malformed") == 0,
		           "payload '%.*s' signed by the vendor: error %d (%s)", (int)len, text,
		           (int)err, p.code);
}

static void verify_command(const char *in)
{
	char *copy = strdup(in);
	char *nl = strchr(copy, '\n');
	const char *hex = pk_hex;
	char *argv[6];
	unsigned char other[crypto_sign_PUBLICKEYBYTES];
	struct license_payload pl;
	struct problem p = {0};
	bool ok;
	int rc;

	if (nl != NULL) {
		*nl = '\0';
		hex = nl + 1;
	}
	/* An argument starting with '-' is an option (--db would open a database): not a KEY. */
	if (copy[0] == '-' || hex[0] == '-') {
		free(copy);
		return;
	}
	argv[0] = "license";
	argv[1] = "verify";
	argv[2] = copy;
	argv[3] = "--public-key";
	argv[4] = (char *)hex;
	argv[5] = NULL;
	rc = cli_license(5, argv);
	if (!license_hex_decode(hex, other, sizeof(other))) {
		FUZZ_CHECK(rc == 2, "verify with public key '%s': exit %d", hex, rc);
	} else {
		ok = license_key_verify(copy, strlen(copy), other, &pl, &p) == TESS_OK;
		FUZZ_CHECK(rc == (ok ? 0 : 1), "verify '%s': exit %d, the key is %s", copy, rc,
		           ok ? "valid" : "invalid");
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	if (size < 1)
		return 0;
	s = fuzz_strndup(data + 1, size - 1);
	switch (data[0] % 3) {
	case 0: verify_key(s, size - 1); break;
	case 1: verify_payload(data + 1, size - 1); break;
	default: verify_command(s); break;
	}
	free(s);
	return 0;
}
