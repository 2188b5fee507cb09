#include "domain/licensing.h"

#include <stdio.h>
#include <string.h>

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING
/* Longest payload text: fields at their maxima, licensee base64url'd. */
#define PAYLOAD_MAX 320

tdate license_maintenance_end(tdate purchased_on)
{
	/* SPEC rule 10: a purchase brings 12 months of maintenance. */
	return date_add_months(purchased_on, LICENSE_MAINTENANCE_MONTHS);
}

tdate license_renewal_end(tdate current_end, tdate renewed_on)
{
	/* SPEC rule 10: a renewal adds 12 months; a lapsed one starts afresh. */
	if (renewed_on > current_end)
		return date_add_months(renewed_on, LICENSE_MAINTENANCE_MONTHS);
	return date_add_months(current_end, LICENSE_MAINTENANCE_MONTHS);
}

enum tess_err license_cloud_term_from_payment(tdate paid_on, enum billing_period period,
					      tdate *start, tdate *end)
{
	int months = billing_period_months(period);
	if (months == 0)
		return TESS_ERR_INVALID;
	*start = paid_on;
	*end = date_add_months(paid_on, months);
	return TESS_OK;
}

enum tess_err license_coterm_price(struct money annual_price, tdate start, tdate target_end,
				   struct license_coterm *out, struct problem *p)
{
	struct license_coterm c;
	struct money whole, part;
	tdate rest;

	if (annual_price.minor < 0)
		return problem_set(p, TESS_ERR_INVALID, "coterm_target_invalid", "price",
				   "A price cannot be negative");
	if (target_end <= start)
		return problem_set(p, TESS_ERR_INVALID, "coterm_target_invalid", "target_end",
				   "The co-term target date must be after the current end date");
	if (target_end > date_add_months(start, LICENSE_COTERM_MAX_MONTHS))
		return problem_set(p, TESS_ERR_REFUSED, "coterm_too_long", "target_end",
				   "A co-term can extend a term by at most %d months",
				   LICENSE_COTERM_MAX_MONTHS);
	memset(&c, 0, sizeof(c));
	c.start = start;
	c.end = target_end;
	/* Whole years counted from start, so month-end clamping stays anchored. */
	while (date_add_months(start, 12 * (c.whole_years + 1)) <= target_end)
		c.whole_years++;
	rest = date_add_months(start, 12 * c.whole_years);
	c.days = target_end - rest;
	c.year_days = date_add_months(rest, 12) - rest;
	if (money_mul(annual_price, c.whole_years, &whole) != TESS_OK ||
	    money_scale(annual_price, c.days, c.year_days, &part) != TESS_OK ||
	    money_add(whole, part, &c.price) != TESS_OK)
		return problem_set(p, TESS_ERR_INVALID, "amount_too_large", NULL,
				   "The amount is too large to price");
	/* SPEC rule 11: a co-term request holds the order for manual review. */
	c.holds_for_review = true;
	*out = c;
	return TESS_OK;
}

bool license_key_visible(const struct principal *who, const struct license_key_audience *a)
{
	switch (who->role) {
	case ROLE_VENDOR_ADMIN:
	case ROLE_VENDOR_SUPPORT:
		return true;
	case ROLE_PARTNER_USER:
		/* SPEC rule 13: among partners, only the original purchaser. */
		return a->original_purchaser_pk != 0 && who->org_pk == a->original_purchaser_pk;
	case ROLE_CUSTOMER_CONTACT:
		/* SPEC rule 13: only the technical contacts on the order. */
		for (size_t i = 0; i < a->n_technical; i++)
			if (a->technical_user_pks[i] == who->user_pk)
				return true;
		return false;
	case ROLE__MAX: break;
	}
	return false;
}

/* 1..max-1 characters of [A-Za-z0-9._-], NUL-terminated within max. */
static bool code_ok(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	if (n == 0 || n == max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static enum tess_err payload_check(const struct license_payload *pl, struct problem *p)
{
	size_t n = strnlen(pl->licensee, sizeof(pl->licensee));
	int y, m, d;

	if (!code_ok(pl->sen, sizeof(pl->sen)))
		return problem_set(p, TESS_ERR_INVALID, "license_payload_invalid", "sen",
				   "A SEN is 1-31 letters, digits, '.', '_' or '-'");
	if (!code_ok(pl->product, sizeof(pl->product)))
		return problem_set(p, TESS_ERR_INVALID, "license_payload_invalid", "product",
				   "A product code is 1-31 letters, digits, '.', '_' or '-'");
	if ((int)pl->edition < 0 || pl->edition >= EDITION__MAX)
		return problem_set(p, TESS_ERR_INVALID, "license_payload_invalid", "edition",
				   "Unknown edition");
	if (pl->user_tier < 1)
		return problem_set(p, TESS_ERR_INVALID, "license_payload_invalid", "user_tier",
				   "A user tier must be at least 1");
	if (n == 0 || n == sizeof(pl->licensee))
		return problem_set(p, TESS_ERR_INVALID, "license_payload_invalid", "licensee",
				   "A licensee name is 1-127 bytes");
	date_to_ymd(pl->maintenance_end, &y, &m, &d);
	if (y < 1970 || y > 9999)
		return problem_set(p, TESS_ERR_INVALID, "license_payload_invalid",
				   "maintenance_end", "The maintenance end date is out of range");
	return TESS_OK;
}

/* Writes the payload text of a checked payload; returns its length, 0 if it does not fit. */
static size_t payload_text(const struct license_payload *pl, char *out, size_t out_size)
{
	char licensee[sodium_base64_ENCODED_LEN(sizeof(pl->licensee), B64)];
	char end[11];
	int n;

	sodium_bin2base64(licensee, sizeof(licensee), (const unsigned char *)pl->licensee,
			  strlen(pl->licensee), B64);
	date_format(pl->maintenance_end, end);
	n = snprintf(out, out_size, "v1|%s|%s|%s|%d|%s|%s", pl->sen, pl->product,
		     edition_name(pl->edition), (int)pl->user_tier, end, licensee);
	if (n < 0 || (size_t)n >= out_size)
		return 0;
	return (size_t)n;
}

enum tess_err license_key_sign(const struct license_payload *payload,
			       const unsigned char sk[crypto_sign_SECRETKEYBYTES], char *out,
			       size_t out_size, struct problem *p)
{
	char text[PAYLOAD_MAX];
	char text64[sodium_base64_ENCODED_LEN(PAYLOAD_MAX, B64)];
	char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, B64)];
	unsigned char sig[crypto_sign_BYTES];
	size_t len;
	int n;
	enum tess_err err;

	err = payload_check(payload, p);
	if (err != TESS_OK)
		return err;
	len = payload_text(payload, text, sizeof(text));
	if (len == 0)
		return problem_set(p, TESS_ERR_INVALID, "license_payload_invalid", NULL,
				   "The license payload is too long");
	if (crypto_sign_detached(sig, NULL, (const unsigned char *)text, len, sk) != 0)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "Signing failed");
	sodium_bin2base64(text64, sizeof(text64), (const unsigned char *)text, len, B64);
	sodium_bin2base64(sig64, sizeof(sig64), sig, sizeof(sig), B64);
	n = snprintf(out, out_size, "%s%s.%s", LICENSE_KEY_PREFIX, text64, sig64);
	if (n < 0 || (size_t)n >= out_size)
		return problem_set(p, TESS_ERR_INVALID, "license_key_buffer_small", NULL,
				   "The license key does not fit the buffer");
	return TESS_OK;
}

static enum tess_err malformed(struct problem *p, const char *why)
{
	return problem_set(p, TESS_ERR_INVALID, "license_key_malformed", "license_key",
			   "This is not a license key: %s", why);
}

/*
 * Decodes base64url text into bin, accepting only the canonical encoding,
 * so that no two texts decode to the same bytes. Returns false otherwise.
 */
static bool b64_decode(const char *s, size_t len, unsigned char *bin, size_t bin_max,
		       size_t *bin_len)
{
	char again[sodium_base64_ENCODED_LEN(PAYLOAD_MAX, B64)];
	const char *end = NULL;

	if (len == 0 ||
	    sodium_base642bin(bin, bin_max, s, len, NULL, bin_len, &end, B64) != 0 ||
	    end != s + len || *bin_len > PAYLOAD_MAX)
		return false;
	sodium_bin2base64(again, sizeof(again), bin, *bin_len, B64);
	return strlen(again) == len && memcmp(again, s, len) == 0;
}

/* Splits text at '|' into exactly n fields (pointers into text, NULs written). */
static bool split_fields(char *text, char **fields, int n)
{
	int i = 0;
	fields[i++] = text;
	for (char *c = text; *c != '\0'; c++) {
		if (*c != '|')
			continue;
		if (i == n)
			return false;
		*c = '\0';
		fields[i++] = c + 1;
	}
	return i == n;
}

static bool copy_code(char *dst, size_t dst_size, const char *src)
{
	size_t n = strlen(src);
	if (n >= dst_size)
		return false;
	memcpy(dst, src, n + 1);
	return code_ok(dst, dst_size);
}

static bool parse_tier(const char *s, int32_t *out)
{
	int64_t v = 0;
	size_t n = strlen(s);
	if (n == 0 || n > 9 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = (int32_t)v;
	return true;
}

static bool payload_parse(char *text, struct license_payload *pl)
{
	char *f[7];
	unsigned char name[sizeof(pl->licensee)];
	size_t name_len;

	memset(pl, 0, sizeof(*pl));
	if (!split_fields(text, f, 7) || strcmp(f[0], "v1") != 0)
		return false;
	if (!copy_code(pl->sen, sizeof(pl->sen), f[1]) ||
	    !copy_code(pl->product, sizeof(pl->product), f[2]) ||
	    !edition_parse(f[3], &pl->edition) || !parse_tier(f[4], &pl->user_tier) ||
	    date_parse(f[5], strlen(f[5]), &pl->maintenance_end) != TESS_OK)
		return false;
	if (!b64_decode(f[6], strlen(f[6]), name, sizeof(name) - 1, &name_len) ||
	    name_len == 0 || memchr(name, '\0', name_len) != NULL)
		return false;
	memcpy(pl->licensee, name, name_len);
	pl->licensee[name_len] = '\0';
	return true;
}

enum tess_err license_key_verify(const char *key, size_t len,
				 const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
				 struct license_payload *out, struct problem *p)
{
	const size_t prefix = sizeof(LICENSE_KEY_PREFIX) - 1;
	unsigned char text[PAYLOAD_MAX + 1];
	unsigned char sig[crypto_sign_BYTES];
	const char *dot;
	size_t text_len, sig_len;

	if (key == NULL || len >= LICENSE_KEY_MAX)
		return malformed(p, "wrong length");
	if (len < prefix || memcmp(key, LICENSE_KEY_PREFIX, prefix) != 0)
		return malformed(p, "it does not start with " LICENSE_KEY_PREFIX);
	dot = memchr(key + prefix, '.', len - prefix);
	if (dot == NULL)
		return malformed(p, "no signature");
	if (!b64_decode(key + prefix, (size_t)(dot - key) - prefix, text, PAYLOAD_MAX, &text_len))
		return malformed(p, "the payload is not base64url");
	if (!b64_decode(dot + 1, len - (size_t)(dot + 1 - key), sig, sizeof(sig), &sig_len) ||
	    sig_len != sizeof(sig))
		return malformed(p, "the signature is not base64url");
	if (crypto_sign_verify_detached(sig, text, text_len, pk) != 0)
		return problem_set(p, TESS_ERR_REFUSED, "license_key_signature_invalid",
				   "license_key",
				   "The license key was not signed by this vendor or has "
				   "been altered");
	text[text_len] = '\0';
	/* What license_key_sign refuses to sign is not a key either (a date before 1970). */
	if (memchr(text, '\0', text_len) != NULL || !payload_parse((char *)text, out) ||
	    payload_check(out, NULL) != TESS_OK)
		return malformed(p, "the payload is not in the v1 format");
	return TESS_OK;
}
