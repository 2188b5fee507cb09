/*
 * Who is calling, and may they: credentials (session cookie or bearer
 * token), CSRF for cookie callers, the route's role mask, password hashing
 * and the keys of failed-login throttling (its rules: domain/signin.h).
 */
#ifndef TESSERA_HTTP_AUTH_H
#define TESSERA_HTTP_AUTH_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "domain/signin.h"
#include "http/handler.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

struct evkeyvalq;

#define AUTH_COOKIE_NAME "tessera_session"
#define AUTH_MAX_SECRET 256

/* Passwords: argon2id at libsodium's interactive cost, for stored hashes and the dummy alike. */
#define AUTH_PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define AUTH_PWHASH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

/*
 * Authenticates from headers: "Authorization: Bearer <secret>" if present,
 * else the tessera_session cookie. TESS_OK fills who (strings in a) and
 * *by_cookie; TESS_ERR_UNAUTHENTICATED ("unauthenticated") when there is
 * no credential or it is unknown, revoked or expired; store errors pass on.
 */
enum tess_err auth_authenticate(const struct evkeyvalq *headers, struct store_conn *c, int64_t now,
                                struct arena *a, struct principal *who, bool *by_cookie,
                                struct problem *p);

/* TESS_ERR_FORBIDDEN ("forbidden") unless who's role is in the ROLE_BIT mask roles. */
enum tess_err auth_check_role(const struct principal *who, unsigned roles, struct problem *p);

/*
 * CSRF for cookie-authenticated requests with an unsafe method: the
 * X-CSRF-Token header's BLAKE2b-256 must equal the session's stored hash
 * (constant time).
 * TESS_ERR_FORBIDDEN ("csrf_token_invalid") otherwise. Bearer callers and
 * safe methods pass.
 */
enum tess_err auth_check_csrf(const struct principal *who, bool by_cookie, bool safe_method,
                              const char *header, struct problem *p);

/*
 * Hashes a password for storage (argon2id, AUTH_PWHASH_* cost) into out.
 * TESS_ERR_INTERNAL if libsodium fails (out of memory).
 */
enum tess_err auth_password_hash(const char *password, char out[crypto_pwhash_STRBYTES]);

/*
 * True if password matches hash. With hash NULL (unknown account) it
 * verifies against a fixed dummy hash of the same cost and returns false,
 * so that the time taken does not tell whether an account exists.
 */
bool auth_password_verify(const char *hash, const char *password);

/* The Set-Cookie value for a session secret, or one that clears it when secret is NULL. */
const char *auth_session_cookie(struct req *r, const char *secret);

/*
 * Throttle keys: BLAKE2b-256 of the pair (lower-cased email, address) or of
 * the address alone, so that the store keeps no typed email.
 */
void auth_throttle_key_pair(const char *email, const char *addr, unsigned char out[32]);
void auth_throttle_key_addr(const char *addr, unsigned char out[32]);

#endif
