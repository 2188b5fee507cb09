#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/licensing.h"

static unsigned char pk[crypto_sign_PUBLICKEYBYTES];
static unsigned char sk[crypto_sign_SECRETKEYBYTES];
static unsigned char other_pk[crypto_sign_PUBLICKEYBYTES];
static unsigned char other_sk[crypto_sign_SECRETKEYBYTES];

static int setup(void **state)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	(void)state;
	if (sodium_init() < 0)
		return -1;
	memset(seed, 7, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memset(seed, 8, sizeof(seed));
	crypto_sign_seed_keypair(other_pk, other_sk, seed);
	return 0;
}

static struct license_payload sample(void)
{
	struct license_payload pl;
	memset(&pl, 0, sizeof(pl));
	memcpy(pl.sen, "SEN-1234567", sizeof("SEN-1234567"));
	memcpy(pl.product, "tessera-wiki", sizeof("tessera-wiki"));
	pl.edition = EDITION_ENTERPRISE;
	pl.user_tier = 500;
	pl.maintenance_end = date_from_ymd(2025, 3, 1);
	/* Separators and non-ASCII in the licensee must survive. */
	memcpy(pl.licensee, "Ex|ample G\xc3\xa9nie.Co", sizeof("Ex|ample G\xc3\xa9nie.Co"));
	return pl;
}

static void sign_sample(char *key)
{
	struct license_payload pl = sample();
	assert_int_equal(license_key_sign(&pl, sk, key, LICENSE_KEY_MAX, NULL), TESS_OK);
}

static void new_server_license_gets_12_months_of_maintenance(void **state)
{
	(void)state;
	assert_int_equal(license_maintenance_end(date_from_ymd(2024, 3, 15)),
			 date_from_ymd(2025, 3, 15));
	/* A leap day purchase ends on the last day of February. */
	assert_int_equal(license_maintenance_end(date_from_ymd(2024, 2, 29)),
			 date_from_ymd(2025, 2, 28));
}

static void renewal_adds_12_months_to_current_end(void **state)
{
	tdate end = date_from_ymd(2025, 3, 15);
	(void)state;
	/* Early and on the end day itself: from the current end. */
	assert_int_equal(license_renewal_end(end, date_from_ymd(2025, 1, 2)),
			 date_from_ymd(2026, 3, 15));
	assert_int_equal(license_renewal_end(end, end), date_from_ymd(2026, 3, 15));
}

static void lapsed_renewal_runs_12_months_from_renewal_date(void **state)
{
	tdate end = date_from_ymd(2025, 3, 15);
	(void)state;
	assert_int_equal(license_renewal_end(end, end + 1), date_from_ymd(2026, 3, 16));
	assert_int_equal(license_renewal_end(end, date_from_ymd(2025, 9, 1)),
			 date_from_ymd(2026, 9, 1));
}

static void annual_cloud_renewal_takes_effect_from_payment_date(void **state)
{
	tdate start, end;
	(void)state;
	assert_int_equal(license_cloud_term_from_payment(date_from_ymd(2024, 6, 20), PERIOD_ANNUAL,
							 &start, &end),
			 TESS_OK);
	assert_int_equal(start, date_from_ymd(2024, 6, 20));
	assert_int_equal(end, date_from_ymd(2025, 6, 20));
	assert_int_equal(license_cloud_term_from_payment(start, PERIOD__MAX, &start, &end),
			 TESS_ERR_INVALID);
}

static void coterm_prorates_part_of_a_year_by_days(void **state)
{
	struct license_coterm c;
	(void)state;
	/* 1200.00 a year, 2025-01-01 to 2025-04-02: 91 of 365 days = 299.18. */
	assert_int_equal(license_coterm_price(money_make(120000, "USD"), date_from_ymd(2025, 1, 1),
					      date_from_ymd(2025, 4, 2), &c, NULL),
			 TESS_OK);
	assert_int_equal(c.whole_years, 0);
	assert_int_equal(c.days, 91);
	assert_int_equal(c.year_days, 365);
	assert_int_equal(c.price.minor, 29918);
	assert_string_equal(c.price.currency, "USD");
}

static void coterm_beyond_a_year_is_whole_years_plus_prorated_rest(void **state)
{
	struct license_coterm c;
	(void)state;
	/* 2023-07-01 -> 2025-01-01: one year, then 184 days of the 365 from 2024-07-01. */
	assert_int_equal(license_coterm_price(money_make(36600, "USD"), date_from_ymd(2023, 7, 1),
					      date_from_ymd(2025, 1, 1), &c, NULL),
			 TESS_OK);
	assert_int_equal(c.whole_years, 1);
	assert_int_equal(c.days, 184);
	assert_int_equal(c.year_days, 365);
	/* 366.00 + 366.00 x 184/365 = 366.00 + 184.50 (184.5008... rounded) */
	assert_int_equal(c.price.minor, 36600 + 18450);
}

static void coterm_always_holds_order_for_review(void **state)
{
	struct license_coterm c;
	(void)state;
	assert_int_equal(license_coterm_price(money_make(100, "USD"), 0, 10, &c, NULL), TESS_OK);
	assert_true(c.holds_for_review);
}

static void coterm_target_not_after_start_refused(void **state)
{
	struct license_coterm c;
	struct problem p;
	(void)state;
	assert_int_equal(license_coterm_price(money_make(100, "USD"), 100, 100, &c, &p),
			 TESS_ERR_INVALID);
	assert_string_equal(p.code, "coterm_target_invalid");
	assert_string_equal(p.field, "target_end");
	assert_int_equal(license_coterm_price(money_make(100, "USD"), 100, 99, &c, &p),
			 TESS_ERR_INVALID);
}

static void coterm_beyond_36_months_refused(void **state)
{
	struct license_coterm c;
	struct problem p;
	tdate start = date_from_ymd(2025, 1, 1);
	(void)state;
	assert_int_equal(license_coterm_price(money_make(100, "USD"), start,
					      date_from_ymd(2028, 1, 1), &c, &p),
			 TESS_OK);
	assert_int_equal(c.whole_years, 3);
	assert_int_equal(c.days, 0);
	assert_int_equal(c.price.minor, 300);
	assert_int_equal(license_coterm_price(money_make(100, "USD"), start,
					      date_from_ymd(2028, 1, 2), &c, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "coterm_too_long");
}

static void key_visible_to_technical_contacts_and_original_purchaser_only(void **state)
{
	const int64_t tech[] = {11, 12};
	const struct license_key_audience a = {500, tech, 2};
	struct principal who;
	(void)state;
	memset(&who, 0, sizeof(who));
	who.role = ROLE_CUSTOMER_CONTACT;
	who.user_pk = 12;
	assert_true(license_key_visible(&who, &a));
	who.user_pk = 13; /* a contact of the customer, not technical on the order */
	assert_false(license_key_visible(&who, &a));
	who.role = ROLE_PARTNER_USER;
	who.org_pk = 500;
	assert_true(license_key_visible(&who, &a));
	who.org_pk = 501; /* another partner of the same customer */
	assert_false(license_key_visible(&who, &a));
	who.role = ROLE_VENDOR_SUPPORT;
	assert_true(license_key_visible(&who, &a));
}

static void key_not_visible_to_partners_when_bought_directly(void **state)
{
	const struct license_key_audience a = {0, NULL, 0};
	struct principal who;
	(void)state;
	memset(&who, 0, sizeof(who));
	who.role = ROLE_PARTNER_USER;
	who.org_pk = 0;
	assert_false(license_key_visible(&who, &a));
}

static void signed_key_verifies_and_round_trips_payload(void **state)
{
	char key[LICENSE_KEY_MAX];
	struct license_payload in = sample(), out;
	(void)state;
	sign_sample(key);
	assert_memory_equal(key, LICENSE_KEY_PREFIX, strlen(LICENSE_KEY_PREFIX));
	assert_int_equal(license_key_verify(key, strlen(key), pk, &out, NULL), TESS_OK);
	assert_string_equal(out.sen, in.sen);
	assert_string_equal(out.product, in.product);
	assert_int_equal(out.edition, in.edition);
	assert_int_equal(out.user_tier, in.user_tier);
	assert_int_equal(out.maintenance_end, in.maintenance_end);
	assert_string_equal(out.licensee, in.licensee);
}

static void signing_is_deterministic(void **state)
{
	char a[LICENSE_KEY_MAX], b[LICENSE_KEY_MAX];
	(void)state;
	sign_sample(a);
	sign_sample(b);
	assert_string_equal(a, b);
}

static void payload_is_the_documented_v1_text(void **state)
{
	char key[LICENSE_KEY_MAX];
	unsigned char text[400];
	size_t text_len;
	const char *start, *dot;
	(void)state;
	sign_sample(key);
	start = key + strlen(LICENSE_KEY_PREFIX);
	dot = strchr(start, '.');
	assert_non_null(dot);
	assert_int_equal(sodium_base642bin(text, sizeof(text) - 1, start, (size_t)(dot - start),
					   NULL, &text_len, NULL,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
			 0);
	text[text_len] = '\0';
	/* base64url("Ex|ample Génie.Co") = "RXh8YW1wbGUgR8OpbmllLkNv" */
	assert_string_equal((char *)text,
			    "v1|SEN-1234567|tessera-wiki|enterprise|500|2025-03-01|"
			    "RXh8YW1wbGUgR8OpbmllLkNv");
}

static void any_changed_byte_of_the_key_is_refused(void **state)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.|";
	char key[LICENSE_KEY_MAX], bad[LICENSE_KEY_MAX];
	struct license_payload out;
	size_t len;
	(void)state;
	sign_sample(key);
	len = strlen(key);
	for (size_t i = 0; i < len; i++) {
		for (const char *c = alphabet; *c != '\0'; c++) {
			if (*c == key[i])
				continue;
			memcpy(bad, key, len + 1);
			bad[i] = *c;
			assert_int_not_equal(license_key_verify(bad, len, pk, &out, NULL),
					     TESS_OK);
		}
	}
}

static void wrong_public_key_refused(void **state)
{
	char key[LICENSE_KEY_MAX];
	struct license_payload out;
	struct problem p;
	(void)state;
	sign_sample(key);
	assert_int_equal(license_key_verify(key, strlen(key), other_pk, &out, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "license_key_signature_invalid");
}

static void key_signed_by_another_vendor_refused(void **state)
{
	char key[LICENSE_KEY_MAX];
	struct license_payload pl = sample(), out;
	(void)state;
	assert_int_equal(license_key_sign(&pl, other_sk, key, sizeof(key), NULL), TESS_OK);
	assert_int_equal(license_key_verify(key, strlen(key), pk, &out, NULL), TESS_ERR_REFUSED);
	assert_int_equal(license_key_verify(key, strlen(key), other_pk, &out, NULL), TESS_OK);
}

static void malformed_key_text_refused(void **state)
{
	char key[LICENSE_KEY_MAX], bad[LICENSE_KEY_MAX + 8];
	struct license_payload out;
	struct problem p;
	const char *dot;
	size_t len;
	(void)state;
	sign_sample(key);
	len = strlen(key);
	assert_int_equal(license_key_verify("", 0, pk, &out, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "license_key_malformed");
	assert_int_equal(license_key_verify("TK1.", 4, pk, &out, &p), TESS_ERR_INVALID);
	assert_int_equal(license_key_verify("TK1.abc", 7, pk, &out, &p), TESS_ERR_INVALID);
	assert_int_equal(license_key_verify("TK1..", 5, pk, &out, &p), TESS_ERR_INVALID);
	assert_int_equal(license_key_verify("hello world", 11, pk, &out, &p), TESS_ERR_INVALID);
	/* Truncated anywhere, or with a byte added, it is not a key. */
	for (size_t n = 0; n < len; n++)
		assert_int_not_equal(license_key_verify(key, n, pk, &out, NULL), TESS_OK);
	memcpy(bad, key, len);
	bad[len] = 'A';
	assert_int_not_equal(license_key_verify(bad, len + 1, pk, &out, NULL), TESS_OK);
	/* A padded signature is not the canonical form. */
	dot = strchr(key + 4, '.');
	assert_non_null(dot);
	memcpy(bad, key, len);
	bad[len] = '=';
	bad[len + 1] = '=';
	assert_int_not_equal(license_key_verify(bad, len + 2, pk, &out, NULL), TESS_OK);
	/* The signature moved onto another payload does not verify. */
	memcpy(bad, key, len + 1);
	bad[4] = bad[4] == 'd' ? 'e' : 'd';
	assert_int_not_equal(license_key_verify(bad, len, pk, &out, NULL), TESS_OK);
}

/* A key over payload text, signed with sk as license_key_sign would sign it. */
static void sign_text(const char *text, char *key, size_t key_size)
{
	const int v = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
	char text64[sodium_base64_ENCODED_LEN(256, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
	                                     sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	unsigned char sig[crypto_sign_BYTES];
	size_t len = strlen(text);
	assert_true(len < 256);
	crypto_sign_detached(sig, NULL, (const unsigned char *)text, len, sk);
	sodium_bin2base64(text64, sizeof(text64), (const unsigned char *)text, len, v);
	sodium_bin2base64(sig64, sizeof(sig64), sig, sizeof(sig), v);
	assert_true((size_t)snprintf(key, key_size, "TK1.%s.%s", text64, sig64) < key_size);
}

/*
 * What cannot be signed does not verify either, signature or not: a
 * maintenance end before 1970 parses as a date but is outside the format.
 */
static void signed_payload_outside_format_refused(void **state)
{
	char key[LICENSE_KEY_MAX];
	struct license_payload out;
	struct problem p;
	(void)state;
	sign_text("v1|SEN-1|p|standard|1|1970-01-01|QQ", key, sizeof(key));
	assert_int_equal(license_key_verify(key, strlen(key), pk, &out, NULL), TESS_OK);
	sign_text("v1|SEN-1|p|standard|1|1969-12-31|QQ", key, sizeof(key));
	assert_int_equal(license_key_verify(key, strlen(key), pk, &out, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "license_key_malformed");
}

static void payload_outside_format_cannot_be_signed(void **state)
{
	char key[LICENSE_KEY_MAX];
	struct license_payload pl;
	struct problem p;
	(void)state;
	pl = sample();
	memcpy(pl.sen, "SEN|1", 6);
	assert_int_equal(license_key_sign(&pl, sk, key, sizeof(key), &p), TESS_ERR_INVALID);
	assert_string_equal(p.field, "sen");
	pl = sample();
	pl.product[0] = '\0';
	assert_int_equal(license_key_sign(&pl, sk, key, sizeof(key), &p), TESS_ERR_INVALID);
	assert_string_equal(p.field, "product");
	pl = sample();
	pl.user_tier = 0;
	assert_int_equal(license_key_sign(&pl, sk, key, sizeof(key), &p), TESS_ERR_INVALID);
	pl = sample();
	pl.licensee[0] = '\0';
	assert_int_equal(license_key_sign(&pl, sk, key, sizeof(key), &p), TESS_ERR_INVALID);
	pl = sample();
	pl.edition = EDITION__MAX;
	assert_int_equal(license_key_sign(&pl, sk, key, sizeof(key), &p), TESS_ERR_INVALID);
	pl = sample();
	assert_int_equal(license_key_sign(&pl, sk, key, 20, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "license_key_buffer_small");
}

static void longest_payload_fits_license_key_max(void **state)
{
	char key[LICENSE_KEY_MAX];
	struct license_payload pl, out;
	(void)state;
	memset(&pl, 0, sizeof(pl));
	memset(pl.sen, 'S', sizeof(pl.sen) - 1);
	memset(pl.product, 'P', sizeof(pl.product) - 1);
	memset(pl.licensee, 'L', sizeof(pl.licensee) - 1);
	pl.edition = EDITION_ENTERPRISE;
	pl.user_tier = 999999999;
	pl.maintenance_end = date_from_ymd(9999, 12, 31);
	assert_int_equal(license_key_sign(&pl, sk, key, sizeof(key), NULL), TESS_OK);
	assert_int_equal(license_key_verify(key, strlen(key), pk, &out, NULL), TESS_OK);
	assert_string_equal(out.licensee, pl.licensee);
	assert_int_equal(out.user_tier, 999999999);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_server_license_gets_12_months_of_maintenance),
		cmocka_unit_test(renewal_adds_12_months_to_current_end),
		cmocka_unit_test(lapsed_renewal_runs_12_months_from_renewal_date),
		cmocka_unit_test(annual_cloud_renewal_takes_effect_from_payment_date),
		cmocka_unit_test(coterm_prorates_part_of_a_year_by_days),
		cmocka_unit_test(coterm_beyond_a_year_is_whole_years_plus_prorated_rest),
		cmocka_unit_test(coterm_always_holds_order_for_review),
		cmocka_unit_test(coterm_target_not_after_start_refused),
		cmocka_unit_test(coterm_beyond_36_months_refused),
		cmocka_unit_test(key_visible_to_technical_contacts_and_original_purchaser_only),
		cmocka_unit_test(key_not_visible_to_partners_when_bought_directly),
		cmocka_unit_test(signed_key_verifies_and_round_trips_payload),
		cmocka_unit_test(signing_is_deterministic),
		cmocka_unit_test(payload_is_the_documented_v1_text),
		cmocka_unit_test(any_changed_byte_of_the_key_is_refused),
		cmocka_unit_test(wrong_public_key_refused),
		cmocka_unit_test(key_signed_by_another_vendor_refused),
		cmocka_unit_test(malformed_key_text_refused),
		cmocka_unit_test(payload_outside_format_cannot_be_signed),
		cmocka_unit_test(signed_payload_outside_format_refused),
		cmocka_unit_test(longest_payload_fits_license_key_max),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
