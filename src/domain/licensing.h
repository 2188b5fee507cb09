/*
 * Self-managed licenses and terms: SPEC rules 10, 11 and 13.
 *
 * Maintenance (rule 10): a server license is perpetual; its purchase
 * brings 12 months of maintenance, ending on the same calendar day a year
 * later (Feb 29 ends on Feb 28). A renewal adds 12 months to the current
 * end when it is not lapsed (renewed on or before the end day). A lapsed
 * renewal runs 12 months from the renewal date: the gap is not charged and
 * not covered.
 *
 * Co-terming (rule 11): a term from a start (the current maintenance end,
 * or the purchase date of a new license) to a target end date costs the
 * annual price per whole year plus the rest prorated by days over the days
 * of the year it falls in. At most 36 months. Every co-term holds the
 * order for manual review (orders.h, order_needs_review).
 *
 * License keys (rule 13, delivered after payment): a payload signed with
 * the vendor's Ed25519 key, verifiable offline with its public key.
 *
 *   payload = "v1|" SEN "|" product "|" edition "|" user tier "|"
 *             maintenance end (YYYY-MM-DD) "|" base64url(licensee)
 *   key     = "TK1." base64url(payload) "." base64url(signature)
 *
 * base64url without padding (RFC 4648 section 5). SEN and product code
 * are 1-31 characters of [A-Za-z0-9._-]; edition is its model.h name; the
 * licensee (1-127 bytes, any text but NUL) is base64url'd so that no byte
 * of it can be read as a separator. Signing is deterministic: the same
 * payload and key always give the same text.
 */
#ifndef TESSERA_DOMAIN_LICENSING_H
#define TESSERA_DOMAIN_LICENSING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "domain/model.h"
#include "util/date.h"
#include "util/err.h"
#include "util/money.h"

#define LICENSE_MAINTENANCE_MONTHS 12
#define LICENSE_COTERM_MAX_MONTHS 36
#define LICENSE_KEY_PREFIX "TK1."
/* Longest key text, with room for its NUL. */
#define LICENSE_KEY_MAX 640

struct license_payload {
	char sen[32];
	char product[32];
	enum edition edition;
	int32_t user_tier; /* users the tier allows, >= 1 */
	tdate maintenance_end;
	char licensee[128];
};

struct license_coterm {
	tdate start;
	tdate end;
	int32_t whole_years;
	int32_t days;      /* days after the whole years */
	int32_t year_days; /* days of the year those days fall in (365 or 366) */
	struct money price;
	bool holds_for_review; /* always true: SPEC rule 11 */
};

/* Who may see a license key (SPEC rule 13). */
struct license_key_audience {
	int64_t original_purchaser_pk;     /* the partner org that bought it, 0 if direct */
	const int64_t *technical_user_pks; /* users who are technical contacts on the order */
	size_t n_technical;
};

/* The end of the maintenance a new server license comes with: 12 months. */
tdate license_maintenance_end(tdate purchased_on);

/*
 * The maintenance end after a renewal on renewed_on: current_end + 12
 * months, or renewed_on + 12 months if maintenance had lapsed
 * (renewed_on > current_end).
 */
tdate license_renewal_end(tdate current_end, tdate renewed_on);

/*
 * SPEC rule 13: annual cloud renewals and upgrades take effect from the
 * payment date. Writes the new term [paid_on, paid_on + period).
 * TESS_ERR_INVALID on an unknown period.
 */
enum tess_err license_cloud_term_from_payment(tdate paid_on, enum billing_period period,
					      tdate *start, tdate *end);

/*
 * The prorated price of a co-term from start to target_end at annual_price
 * (see the top of this file). TESS_ERR_INVALID (coterm_target_invalid,
 * field "target_end") when target_end is not after start or the price is
 * negative; TESS_ERR_REFUSED (coterm_too_long) beyond 36 months.
 */
enum tess_err license_coterm_price(struct money annual_price, tdate start, tdate target_end,
				   struct license_coterm *out, struct problem *p);

/*
 * True if who may see the key: vendor staff; the partner that originally
 * purchased the license; a customer contact who is a technical contact on
 * the order. Nobody else, other partners of the customer included.
 */
bool license_key_visible(const struct principal *who, const struct license_key_audience *a);

/*
 * Signs payload with the Ed25519 secret key sk and writes the key text and
 * a NUL into out (out_size >= LICENSE_KEY_MAX is always enough).
 * TESS_ERR_INVALID (license_payload_invalid, with the field) on a payload
 * outside the format, or if out is too small. sodium_init() must have run.
 */
enum tess_err license_key_sign(const struct license_payload *payload,
			       const unsigned char sk[crypto_sign_SECRETKEYBYTES], char *out,
			       size_t out_size, struct problem *p);

/*
 * Checks the key text (len bytes, no NUL needed) against the public key
 * pk and writes its payload. TESS_ERR_INVALID (license_key_malformed) for
 * text that is not a key; TESS_ERR_REFUSED (license_key_signature_invalid)
 * when the signature does not match: any altered byte, or another vendor's
 * key. sodium_init() must have run.
 */
enum tess_err license_key_verify(const char *key, size_t len,
				 const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
				 struct license_payload *out, struct problem *p);

#endif
