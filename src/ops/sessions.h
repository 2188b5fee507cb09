/*
 * Signing in and API tokens as operations (ops/ops.h): the unit of a
 * login (the throttle's look inside the transaction, the failure records,
 * the session), revoking a credential (logout, deleting a token) and
 * making an API token. Secrets are made here and handed back once in the
 * result; the store keeps only their BLAKE2b hashes. Checking the
 * password (argon2id, slow) and holding a reply back belong to the
 * caller, which hands in the check's outcome and gets the hold to apply.
 */
#ifndef TESSERA_OPS_SESSIONS_H
#define TESSERA_OPS_SESSIONS_H

#include <stdbool.h>

#include "domain/signin.h"
#include "ops/ops.h"

/* Random bytes in a session's secret, its CSRF token and an API token. */
#define OPS_SECRET_BYTES 32
#define OPS_TOKEN_PREFIX "tsk_"

/*
 * The seconds the throttle pair key must still wait at now before an
 * attempt is heard (domain/signin.h), from the store (c outside or inside
 * a unit).
 */
enum tess_err ops_login_wait(struct store_conn *c, const unsigned char pair_key[32], int64_t now,
                             int64_t *wait);

/* The refusal of an attempt whose pair must still wait: TESS_ERR_THROTTLED, too_many_attempts. */
enum tess_err ops_login_throttled(int64_t wait, struct problem *p);

struct login_in {
	bool password_ok;   /* the password matched an enabled account */
	int64_t user_pk;    /* that account, when password_ok */
	const char *org_id; /* the organization to sign in to; NULL: the oldest membership */
	unsigned char pair_key[32]; /* throttle keys (account and address, address alone) */
	unsigned char addr_key[32];
};

struct login_out {
	int64_t wait;    /* TESS_ERR_THROTTLED: seconds until the pair is heard again */
	bool signed_in;  /* false: a failed attempt, counted */
	int64_t hold_ms; /* a failed attempt: how long to hold its refusal back */
	/* Signed in: the session, shown once. */
	char credential_id[ID_MAX];
	char secret[2 * OPS_SECRET_BYTES + 1];
	char csrf[2 * OPS_SECRET_BYTES + 1];
	int64_t expires_at;
	struct membership membership; /* the organization signed in to, with the role */
};

/*
 * Records a login attempt at who->now (who has no user yet). A pair that
 * must still wait is TESS_ERR_THROTTLED (out->wait) and nothing is
 * written: the caller looked before checking the password, but attempts
 * of one pair sent at once must not all be heard. A wrong password is
 * TESS_OK with out->signed_in false: the failure is counted against the
 * pair and the address, so it must commit, and out->hold_ms says how long
 * to hold its 401 back. A right one clears the pair's failures and
 * makes a session in the organization in->org_id (TESS_ERR_INVALID
 * not_a_member, field "org", when the user is not a member of it;
 * TESS_ERR_FORBIDDEN no_membership when the user belongs to none).
 */
enum tess_err ops_login(struct store_conn *c, const struct actor *who, const struct login_in *in,
                        struct arena *a, struct login_out *out, struct problem *p);

struct credential_revoke_in {
	const char *credential_id;
};

/*
 * Revokes who's credential in->credential_id (a session or a token) at
 * who->now; one not who's is TESS_ERR_NOT_FOUND. out names it.
 */
enum tess_err ops_credential_revoke(struct store_conn *c, const struct actor *who,
                                    const struct credential_revoke_in *in, struct arena *a,
                                    struct op_ref *out, struct problem *p);

struct token_create_in {
	const char *name;
	int64_t expires_in_days; /* 0: never expires */
};

struct token_create_out {
	char id[ID_MAX];
	char token[sizeof(OPS_TOKEN_PREFIX) + 2 * OPS_SECRET_BYTES]; /* shown once */
	enum role role;
	int64_t created_at;
	int64_t expires_at; /* 0: never */
};

/*
 * Makes an API token that acts as who does: same user, organization and
 * role, from who->now, for in->expires_in_days days or without end.
 */
enum tess_err ops_token_create(struct store_conn *c, const struct actor *who,
                               const struct token_create_in *in, struct arena *a,
                               struct token_create_out *out, struct problem *p);

#endif
