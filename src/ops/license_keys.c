/* The vendor's license signing key pair, kept in the settings table. */
#include "ops/license_keys.h"

#include <string.h>

bool license_hex_decode(const char *hex, unsigned char *out, size_t n)
{
	size_t len;
	if (hex == NULL)
		return false;
	len = strlen(hex);
	if (len != 2 * n)
		return false;
	return sodium_hex2bin(out, n, hex, len, NULL, &len, NULL) == 0 && len == n;
}

enum tess_err license_signing_keys(struct store_conn *c, bool create, struct arena *a,
                                   unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                                   unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	const char *pk_hex = NULL, *sk_hex = NULL;
	unsigned char new_sk[crypto_sign_SECRETKEYBYTES];
	char pk_text[2 * crypto_sign_PUBLICKEYBYTES + 1];
	char sk_text[2 * crypto_sign_SECRETKEYBYTES + 1];
	enum tess_err err = store_setting_get(c, LICENSE_SIGNING_PUBLIC_SETTING, a, &pk_hex);

	if (err == TESS_OK && sk != NULL)
		err = store_setting_get(c, LICENSE_SIGNING_SECRET_SETTING, a, &sk_hex);
	if (err == TESS_OK) {
		if (!license_hex_decode(pk_hex, pk, crypto_sign_PUBLICKEYBYTES) ||
		    (sk != NULL && !license_hex_decode(sk_hex, sk, crypto_sign_SECRETKEYBYTES)))
			return TESS_ERR_INTERNAL;
		return TESS_OK;
	}
	if (err != TESS_ERR_NOT_FOUND || !create)
		return err;

	if (crypto_sign_keypair(pk, new_sk) != 0)
		return TESS_ERR_INTERNAL;
	sodium_bin2hex(pk_text, sizeof(pk_text), pk, crypto_sign_PUBLICKEYBYTES);
	sodium_bin2hex(sk_text, sizeof(sk_text), new_sk, crypto_sign_SECRETKEYBYTES);
	err = store_setting_put(c, LICENSE_SIGNING_PUBLIC_SETTING, pk_text);
	if (err == TESS_OK)
		err = store_setting_put(c, LICENSE_SIGNING_SECRET_SETTING, sk_text);
	if (err == TESS_OK && sk != NULL)
		memcpy(sk, new_sk, crypto_sign_SECRETKEYBYTES);
	sodium_memzero(new_sk, sizeof(new_sk));
	sodium_memzero(sk_text, sizeof(sk_text));
	return err;
}
