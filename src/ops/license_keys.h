/*
 * The vendor's license signing key pair (SPEC section 5): an Ed25519 key
 * pair kept hex-encoded in the settings table as
 * "license_signing_public_key" and "license_signing_secret_key", created
 * on first use inside the unit of work that needs it. Keys signed with it
 * verify offline with the public key (`tessera license verify`).
 */
#ifndef TESSERA_OPS_LICENSE_KEYS_H
#define TESSERA_OPS_LICENSE_KEYS_H

#include <stdbool.h>

#include <sodium.h>

#include "store/store.h"

#define LICENSE_SIGNING_PUBLIC_SETTING "license_signing_public_key"
#define LICENSE_SIGNING_SECRET_SETTING "license_signing_secret_key"

/*
 * Reads the key pair from c into pk and sk (sk may be NULL when only the
 * public key is wanted). When there is none and create is true, makes one
 * and stores it (c must then be in a write transaction); when there is
 * none and create is false, TESS_ERR_NOT_FOUND. TESS_ERR_INTERNAL when a
 * stored key is not well-formed hex of the right length. sodium_init()
 * must have run.
 */
enum tess_err license_signing_keys(struct store_conn *c, bool create, struct arena *a,
                                   unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                                   unsigned char sk[crypto_sign_SECRETKEYBYTES]);

/* Decodes exactly n bytes of hex text; false on anything else. */
bool license_hex_decode(const char *hex, unsigned char *out, size_t n);

#endif
