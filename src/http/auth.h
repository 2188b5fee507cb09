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

/* Throttling (per account: 5 failures in 15 minutes; per address: 20). */
#define AUTH_THROTTLE_WINDOW (15 * 60)
#define AUTH_THROTTLE_LOCK (15 * 60)
#define AUTH_THROTTLE_ACCOUNT_MAX 5
#define AUTH_THROTTLE_ADDR_MAX 20

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
 * X-CSRF-Token header must equal the session's token (constant time).
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

/* Throttle keys: "acct:" + the lower-cased email, "addr:" + the client address. */
char *auth_throttle_key_account(struct arena *a, const char *email);
char *auth_throttle_key_addr(struct arena *a, const char *addr);

/*
 * Whether key is locked at now: *retry_after gets the seconds left (0 when
 * not locked). Store errors pass on.
 */
enum tess_err auth_throttle_check(struct store_conn *c, const char *key, int64_t now,
                                  int64_t *retry_after);
/*
 * Records one failed login for key (run it inside a unit). Reaching the
 * key's limit within the window locks it for AUTH_THROTTLE_LOCK seconds.
 */
enum tess_err auth_throttle_fail(struct store_conn *c, const char *key, int64_t now);
/* Forgets key's failures (inside a unit). */
enum tess_err auth_throttle_clear(struct store_conn *c, const char *key);

#endif
