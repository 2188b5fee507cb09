/*
 * The only door to data. Every function here is backend-neutral: it binds
 * typed values into statements named by enum (store/stmts.h) that each
 * backend (store/sqlite/, later store/postgres/) supplies as SQL text.
 *
 * Threads: each worker thread opens its own connection for reads
 * (store_conn_open). Writes are units of work (struct store_unit) handed
 * to store_unit_run: one writer thread runs them inside a transaction,
 * several units per durable commit (group commit), so that one refusal
 * does not undo its neighbours (a unit that fails after writing sends its
 * batch round again with a savepoint per unit). The caller waits until
 * its unit's commit is on disk.
 *
 * Strings returned in structs live in the arena passed in, unless said.
 * Reads of tenant data take a struct tenancy: a row outside it is
 * TESS_ERR_NOT_FOUND, exactly as a row that does not exist.
 */
#ifndef TESSERA_STORE_H
#define TESSERA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "domain/orders.h"
#include "util/arena.h"
#include "util/err.h"

struct store;
struct store_conn;

struct store_config {
	const char *address;  /* the database address: PATH or sqlite:PATH (store/address.h) */
	bool durable;         /* synchronous=FULL (default) rather than NORMAL */
	int busy_timeout_ms;  /* how long a reader waits on a lock */
};

/*
 * Opens the database at cfg->address with the backend the address names,
 * creating it if needed, and applies every pending migration (each in its
 * own transaction). Starts the writer thread. A bad address is
 * TESS_ERR_INVALID with p saying why (code "invalid_db_address").
 */
enum tess_err store_open(const struct store_config *cfg, struct store **out, struct problem *p);
/*
 * Removes the database at address and whatever its backend keeps beside
 * it (SQLite: the -wal and -shm files); one that is not there is no
 * error. Nothing may have it open. A bad address is as store_open says.
 */
enum tess_err store_destroy(const char *address, struct problem *p);
/* Stops the writer thread after the queued units, closes everything. NULL is a no-op. */
void store_close(struct store *s);
/* Applies pending migrations; *applied counts them. Called by store_open too. */
enum tess_err store_migrate(struct store *s, int *applied, struct problem *p);
/* The schema version (number of the last applied migration). */
int store_schema_version(struct store *s);

/* A connection for the calling thread's reads. Close it on the same thread. */
struct store_conn *store_conn_open(struct store *s);
void store_conn_close(struct store_conn *c);
/* A consistent snapshot for a group of reads; every begin has an end. */
enum tess_err store_read_begin(struct store_conn *c);
void store_read_end(struct store_conn *c);

/* ---- Units of work ---- */

struct store_unit;
/*
 * Reads what it needs, asks domain/ to decide (an operation of ops/
 * does both), writes, and may set its caller's reply: u->reply_status and
 * u->reply_body (malloc'd; the unit owns it), or reply_kind and reply_id.
 * The store keeps these as they are given, without reading them, and
 * stores them with an idempotency key. Runs on the writer thread: an
 * error return undoes its writes.
 *
 * What a unit may assume, and what it owes, on every backend:
 * - It runs inside a write transaction of its own or shared with other
 *   units of its batch, on c only; what it reads there is the database as
 *   it stands, its neighbours' writes included, and nothing it writes is
 *   seen by others before the commit.
 * - It reads, decides and writes inside that transaction: a decision rests
 *   on rows it read through c in this run, never on a value read before
 *   the unit was queued (an input from the request is an input, not a
 *   fact about the database), and it keeps no state outside the
 *   transaction (no static, no cache, nothing in ctx but its inputs).
 * - It may run again from the start: its batch is rolled back and run
 *   again when a neighbour failed after writing, and a backend shared by
 *   several servers (one database, several writers) runs it again after a
 *   conflict with another writer's transaction. So it decides from ctx
 *   and the database alone, leaves ctx as it found it, sets its results
 *   anew each time, and does nothing outside the database (no mail, no
 *   file, no call out) that a second run would repeat: such work goes
 *   to the outbox, in the transaction.
 * - Uniqueness it relies on is a constraint of the database (an insert
 *   that fails as TESS_ERR_CONFLICT), not a read that found no row, since
 *   another writer may insert the same row between the read and the
 *   commit.
 */
typedef enum tess_err (*store_unit_fn)(struct store_conn *c, struct store_unit *u);

struct store_unit;
/*
 * Called on the writer thread once u is settled (committed, refused or
 * failed): it must only hand u back to its owner's thread (event_active
 * and the like), never block or touch the store.
 */
typedef void (*store_unit_done_fn)(struct store_unit *u, void *arg);

struct store_unit {
	store_unit_fn run;
	void *ctx;
	struct arena *arena; /* the caller's; untouched by it until the unit is settled */
	/* Idempotency: when key is set, the reply is stored in the same transaction. */
	int64_t idem_user_pk;
	const char *idem_key;
	unsigned char idem_hash[32];
	/* Results. */
	enum tess_err err;
	struct problem problem;
	int reply_status;  /* the caller's code for its reply; opaque to the store */
	char *reply_body;
	/*
	 * Or, with reply_body NULL: a reply built after the commit, on the
	 * caller's thread, from the resource of kind reply_kind ("" for none)
	 * and id reply_id. An idempotency key stores these two.
	 */
	char reply_kind[32];
	char reply_id[ID_MAX];
	/*
	 * What an idempotent replay answers, when it must differ from the reply
	 * (a secret shown once is not kept): malloc'd, freed by the store.
	 */
	char *idem_body;
	bool replayed; /* the reply is one stored earlier for the same key and body */
	/* Writer-thread bookkeeping. */
	store_unit_done_fn on_done;
	void *on_done_arg;
	struct store_unit *next;
	bool done;
};

/*
 * Queues u for the writer thread and returns at once; on_done(u, arg)
 * follows on the writer thread after the commit that holds u has returned
 * from its fsync (or after u failed). u->err then says as store_unit_run's
 * result does. Returns TESS_OK when queued; otherwise (shutting down) u is
 * settled already, on_done is not called, and the error is returned.
 */
enum tess_err store_unit_submit(struct store *s, struct store_unit *u, store_unit_done_fn on_done,
				void *arg);

/*
 * Runs u on the writer thread and waits for its commit. Returns u->err:
 * TESS_OK when committed (or replayed), the unit's own error otherwise,
 * TESS_ERR_CONFLICT when the idempotency key was used with another body,
 * TESS_ERR_INTERNAL when the commit failed (then nothing of it is kept).
 */
enum tess_err store_unit_run(struct store *s, struct store_unit *u);

/*
 * Runs fn on the calling thread's own connection in one transaction (CLI
 * loaders): no idempotency key, no savepoint.
 */
enum tess_err store_run_direct(struct store *s, store_unit_fn fn, struct store_unit *u);

/* ---- Idempotency ---- */

/* What is stored for an idempotency key. */
struct idem_reply {
	unsigned char hash[32]; /* of the request */
	int status;             /* the unit's reply_status, as it was set */
	char *body;             /* the reply's bytes; "" when kind is set */
	char *kind;             /* or the kind and id of the resource it shows; NULL */
	char *ref_id;
};

/* The stored reply for (user, key): TESS_OK and fills out, or TESS_ERR_NOT_FOUND. */
enum tess_err store_idem_get(struct store_conn *c, int64_t user_pk, const char *key,
			     struct arena *a, struct idem_reply *out);

/* ---- Users, credentials, throttling ---- */

struct user {
	int64_t pk;
	char id[ID_MAX];
	const char *email;
	const char *name;
	const char *password_hash;
	bool disabled;
};

struct membership {
	int64_t org_pk;
	char org_id[ID_MAX];
	const char *org_name;
	enum org_kind org_kind;
	enum role role;
};

enum tess_err store_user_by_email(struct store_conn *c, const char *email, struct arena *a,
				  struct user *out);
/* The user's memberships, oldest first; *n may be 0. */
enum tess_err store_user_memberships(struct store_conn *c, int64_t user_pk, struct arena *a,
				     struct membership **out, size_t *n);

struct credential_new {
	enum credential_kind kind;
	int64_t user_pk;
	int64_t org_pk;
	const char *name;
	unsigned char secret_hash[32];
	bool has_csrf; /* sessions: csrf_hash is the BLAKE2b-256 of its CSRF token */
	unsigned char csrf_hash[32];
	int64_t created_at;
	int64_t expires_at; /* 0: never */
};
/* Inserts a credential; fills its public id. */
enum tess_err store_credential_insert(struct store_conn *c, const struct credential_new *cr,
				      char id_out[ID_MAX]);
/*
 * The principal behind a secret hash, if the credential is neither revoked
 * nor expired at `now` and the user is not disabled; TESS_ERR_NOT_FOUND otherwise.
 */
enum tess_err store_principal_by_secret(struct store_conn *c, const unsigned char hash[32],
					int64_t now, struct arena *a, struct principal *out);
/* Revokes a credential of this user; TESS_ERR_NOT_FOUND if it is not theirs. */
enum tess_err store_credential_revoke(struct store_conn *c, int64_t user_pk, const char *id,
				      int64_t now);

struct credential_info {
	char id[ID_MAX];
	enum credential_kind kind;
	const char *name;
	enum role role;
	char org_id[ID_MAX];
	int64_t created_at;
	int64_t expires_at;
};
/* The user's live API tokens, newest first. */
enum tess_err store_tokens_list(struct store_conn *c, int64_t user_pk, int64_t now,
				struct arena *a, struct credential_info **out, size_t *n);

struct login_failure {
	int64_t failures;
	int64_t last_failure; /* seconds since the epoch */
};
/* The failure record of a throttle key (http/auth.h); zeroes if none. */
enum tess_err store_login_failure_get(struct store_conn *c, const unsigned char key[32],
				      struct login_failure *out);
/*
 * Counts one failure of key at now (inside a unit): a record whose last
 * failure is before forget_before starts again from one. *failures gets
 * the new count.
 */
enum tess_err store_login_failure_add(struct store_conn *c, const unsigned char key[32],
				      int64_t now, int64_t forget_before, int64_t *failures);
enum tess_err store_login_failure_clear(struct store_conn *c, const unsigned char key[32]);
/*
 * Deletes up to limit records whose last failure is before forget_before,
 * oldest first (inside a unit).
 */
enum tess_err store_login_failures_prune(struct store_conn *c, int64_t forget_before,
					 int64_t limit);

/* ---- Organizations, contacts ---- */

enum tess_err store_org_get(struct store_conn *c, struct tenancy t, const char *id,
			    struct arena *a, struct org *out);
enum tess_err store_org_get_pk(struct store_conn *c, int64_t pk, struct arena *a, struct org *out);

struct contact {
	int64_t pk;
	char id[ID_MAX];
	int64_t customer_pk;
	const char *name;
	const char *email;
	const char *phone;
	const char *address_line;
	const char *city;
	const char *postal_code;
	const char *country;
	const char *state;
	enum contact_role role; /* its role on the subscription it was read for */
};

/* ---- Subscriptions ---- */

struct sub_filter {
	bool by_status;
	enum sub_status status;
	bool by_kind;
	enum product_kind kind;
	int64_t customer_pk; /* 0: any */
	int64_t parent_pk;   /* 0: any */
	tdate today;         /* statuses are derived from it */
	int64_t after_pk;    /* keyset cursor: rows with pk greater than this */
	int limit;           /* 1..200 */
};

/*
 * One page of subscriptions in pk order. *more tells whether another page
 * follows; *n rows are in *out.
 */
enum tess_err store_subscription_list(struct store_conn *c, struct tenancy t,
				      const struct sub_filter *f, struct arena *a,
				      struct subscription **out, size_t *n, bool *more);
enum tess_err store_subscription_get(struct store_conn *c, struct tenancy t, const char *id,
				     struct arena *a, struct subscription *out);
/* App subscriptions whose parent is product_pk, in pk order. */
enum tess_err store_subscription_apps(struct store_conn *c, int64_t product_pk, struct arena *a,
				      struct subscription **out, size_t *n);
/* Product subscriptions an app subscription is installed on. */
enum tess_err store_subscription_installed_on(struct store_conn *c, int64_t app_pk,
					      struct arena *a, struct subscription **out,
					      size_t *n);
/* Contacts on a subscription, customer contacts first, then technical, then billing. */
enum tess_err store_subscription_contacts(struct store_conn *c, int64_t sub_pk, struct arena *a,
					  struct contact **out, size_t *n);
/* Sets state, ended_on (ignored when live) and cancel_at_period_end. */
enum tess_err store_subscription_set_state(struct store_conn *c, int64_t pk, enum sub_state st,
					   tdate ended_on, bool cancel_at_period_end,
					   int64_t now);

struct purchase_event {
	char id[ID_MAX];
	int64_t subscription_pk;
	char subscription_id[ID_MAX];
	int64_t at;
	const char *kind; /* "created", "cancelled", "reactivated", ... */
	int64_t actor_user_pk;
	int32_t quantity;
	bool has_amount;
	struct money amount;
	const char *note;
	int64_t order_line_pk; /* the order line it came from; 0: none */
	/* Read back with the event: its order line's facts (SPEC rule 16). */
	bool from_order;          /* it names an order line */
	enum order_origin origin; /* who placed that order, when from_order */
	bool published;           /* the line was published on the partner's storefront */
};
enum tess_err store_purchase_event_add(struct store_conn *c, const struct purchase_event *e);
/* A subscription's purchase history, oldest first, with its apps' events when with_apps. */
enum tess_err store_purchase_events(struct store_conn *c, int64_t sub_pk, bool with_apps,
				    struct arena *a, struct purchase_event **out, size_t *n);

struct audit_event {
	int64_t at;
	int64_t actor_user_pk;
	int64_t actor_org_pk;
	const char *action;      /* "subscription.cancel" */
	const char *object_type; /* "subscription" */
	const char *object_id;
	const char *before_json; /* NULL allowed */
	const char *after_json;
	const char *request_id;
};
enum tess_err store_audit_add(struct store_conn *c, const struct audit_event *e);

struct audit_row {
	char id[ID_MAX];
	int64_t at;
	char actor_user_id[ID_MAX];
	const char *action;
	const char *object_type;
	const char *object_id;
	const char *before_json;
	const char *after_json;
	int64_t pk; /* the key of the list's cursor */
};
/* Audit events of one object (by its public id), oldest first. */
enum tess_err store_audit_for_object(struct store_conn *c, const char *object_id,
				     struct arena *a,
				     struct audit_row **out, size_t *n);

struct audit_filter {
	const char *object_id; /* the public id of the object; NULL: any */
	const char *actor_id;  /* the public id of the user who acted; NULL: any */
	bool newest;           /* descending pk order */
	int64_t after_pk;      /* keyset cursor: the last pk of the page before (0: none) */
	int limit;             /* 1..200 */
};
/*
 * One page of the audit log in pk order (descending when newest); *more
 * tells whether another follows. TESS_ERR_NOT_FOUND when actor_id names
 * no user.
 */
enum tess_err store_audit_list(struct store_conn *c, const struct audit_filter *f,
			       struct arena *a, struct audit_row **out, size_t *n, bool *more);

/* ---- Loading (demo data, benchmarks, tests): plain inserts ---- */

struct org_new {
	enum org_kind kind;
	const char *name;
	enum partner_tier tier;
	int32_t tier_discount_bp;
	int64_t partner_pk;
	int64_t distributor_pk;
	enum eligibility eligibility;
	bool cloud_migration;
	const char *country;
	const char *state;
	const char *contact_name;
	const char *contact_email;
};
enum tess_err store_org_insert(struct store_conn *c, const struct org_new *o, int64_t now,
			       int64_t *pk_out);
/* Inserts a user with an already-hashed password. */
enum tess_err store_user_insert(struct store_conn *c, const char *email, const char *name,
				const char *password_hash, int64_t now, int64_t *pk_out);
enum tess_err store_membership_insert(struct store_conn *c, int64_t user_pk, int64_t org_pk,
				      enum role role, int64_t now);
enum tess_err store_billing_account_insert(struct store_conn *c, int64_t partner_pk,
					   const char *name, const char *currency, int64_t now,
					   int64_t *pk_out);
enum tess_err store_product_insert(struct store_conn *c, enum product_kind kind,
				   const char *code, const char *name, enum hosting hosting,
				   const char *description, int64_t now, int64_t *pk_out);
enum tess_err store_price_insert(struct store_conn *c, int64_t product_pk, enum edition ed,
				 int32_t users, enum billing_period period, struct money amount);
enum tess_err store_app_compat_insert(struct store_conn *c, int64_t app_pk, int64_t product_pk);
enum tess_err store_storefront_item_insert(struct store_conn *c, int64_t partner_pk,
					   int64_t product_pk, int32_t markup_bp, bool published);
enum tess_err store_site_insert(struct store_conn *c, int64_t customer_pk, const char *name,
				const char *url, int64_t now, int64_t *pk_out);
enum tess_err store_contact_insert(struct store_conn *c, const struct contact *ct,
				   int64_t user_pk, int64_t now, int64_t *pk_out);
/* Inserts s (pk and id are filled in); entitlement_number and sen must be unique. */
enum tess_err store_subscription_insert(struct store_conn *c, struct subscription *s,
					int64_t now);
enum tess_err store_subscription_contact_add(struct store_conn *c, int64_t sub_pk,
					     int64_t contact_pk, enum contact_role role);
enum tess_err store_subscription_install_add(struct store_conn *c, int64_t app_sub_pk,
					     int64_t product_sub_pk);
/* Rows in a table, for load reports ("subscriptions", "orgs", "users"). */
enum tess_err store_count(struct store_conn *c, const char *table, int64_t *out);

/* ---- Commerce: shared pieces and the slices of quotes, orders and billing ---- */
#include "store/commerce.h"
#include "store/quotes.h"
#include "store/orders.h"
#include "store/billing.h"
#include "store/dashboard.h"

/* ---- Settings ---- */
enum tess_err store_setting_get(struct store_conn *c, const char *name, struct arena *a,
				const char **value);
enum tess_err store_setting_put(struct store_conn *c, const char *name, const char *value);

#endif
