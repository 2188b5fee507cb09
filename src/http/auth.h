/*
 * Who is calling, and may they: credentials (session cookie or bearer
 * token), CSRF for cookie callers, the route's role mask, password hashing
 * and failed-login throttling.
 */
#ifndef TESSERA_HTTP_AUTH_H
#define TESSERA_HTTP_AUTH_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "http/handler.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

struct evkeyvalq;

#define AUTH_COOKIE_NAME "tessera_session"
#define AUTH_SESSION_SECONDS (12 * 3600)
#define AUTH_MAX_SECRET 256

/* Passwords: argon2id at libsodium's interactive cost, for stored hashes and the dummy alike. */
#define AUTH_PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define AUTH_PWHASH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

/*
 * Login throttling slows guessing down and never locks anyone out. Two
 * records, each forgotten AUTH_THROTTLE_FORGET seconds after its last
 * failure:
 * - the pair (account, client address): after AUTH_PAIR_FREE failures,
 *   the pair's next attempt must wait AUTH_PAIR_DELAY_BASE seconds after
 *   its last failure, doubling with each further failure up to
 *   AUTH_PAIR_DELAY_MAX; its attempts before then are answered 429 with
 *   Retry-After, before any password is checked. Another address, or another account
 *   from this address, is not affected, and a success clears the pair.
 * - the address (any account): after AUTH_ADDR_FREE failures, each further
 *   failed attempt from it has its 401 held back AUTH_ADDR_HOLD_BASE_MS,
 *   doubling up to AUTH_ADDR_HOLD_MAX_MS, which slows a sequential
 *   password sprayer. Its correct passwords are answered at once: an
 *   address's failures never refuse a sign-in.
 */
#define AUTH_THROTTLE_FORGET (15 * 60)
#define AUTH_PAIR_FREE 3
#define AUTH_PAIR_DELAY_BASE 2
#define AUTH_PAIR_DELAY_MAX 120
#define AUTH_ADDR_FREE 20
#define AUTH_ADDR_HOLD_BASE_MS 250
#define AUTH_ADDR_HOLD_MAX_MS 4000

/* BLAKE2b-256 of a whole secret: what the store keeps and looks up. */
void auth_secret_hash(const char *secret, size_t len, unsigned char out[32]);

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

/*
 * Seconds a pair with `failures` failures, the last at `last`, must still
 * wait at now before its next attempt is heard (0: none).
 */
int64_t auth_pair_wait(int64_t failures, int64_t last, int64_t now);
/* Milliseconds to hold the reply of a failed attempt from an address with this many failures. */
int64_t auth_addr_hold_ms(int64_t failures);

/* The seconds pair key must wait at now, from the store (c outside or inside a unit). */
enum tess_err auth_pair_check(struct store_conn *c, const unsigned char key[32], int64_t now,
                              int64_t *wait);

#endif
