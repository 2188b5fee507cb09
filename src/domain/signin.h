/*
 * Signing in: how long a session lasts, and how failed attempts are
 * throttled. Pure rules over counts and clocks; the failure records are
 * the store's, and holding a reply back is the server's.
 */
#ifndef TESSERA_DOMAIN_SIGNIN_H
#define TESSERA_DOMAIN_SIGNIN_H

#include <stdint.h>

#define AUTH_SESSION_SECONDS (12 * 3600)

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

/*
 * Seconds a pair with `failures` failures, the last at `last`, must still
 * wait at now before its next attempt is heard (0: none).
 */
int64_t auth_pair_wait(int64_t failures, int64_t last, int64_t now);
/* Milliseconds to hold the reply of a failed attempt from an address with this many failures. */
int64_t auth_addr_hold_ms(int64_t failures);

#endif
