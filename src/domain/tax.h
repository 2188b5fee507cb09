/*
 * Tax by the billing contact's address (SPEC rule 8): a rate table keyed by
 * country (ISO 3166-1 alpha-2) and, for countries that tax by region,
 * state or province (ISO 3166-2 subdivision code without the country).
 *
 * A country resolves by region when the table holds region rows for it
 * (the default table does so for US and CA); then the region is required
 * and an unknown one is refused. Other countries resolve by country and
 * ignore the region. An unknown country is refused, never taxed at zero:
 * a zero rate is a row of its own (US states without sales tax).
 *
 * Rates are integers in parts per million (ppm) so that rates such as
 * 14.975% (Quebec: GST + QST) are exact: 1% = 10000 ppm.
 */
#ifndef TESSERA_DOMAIN_TAX_H
#define TESSERA_DOMAIN_TAX_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/money.h"

#define TAX_PPM_WHOLE 1000000

struct tax_rate_row {
	const char *country; /* "US" */
	const char *region;  /* "CA", or NULL for the whole country */
	int32_t rate_ppm;    /* 0..TAX_PPM_WHOLE */
	const char *label;   /* "Sales tax", "GST", "VAT", ... */
};

struct tax_table {
	const struct tax_rate_row *rows;
	size_t n;
};

struct tax_rate {
	int32_t rate_ppm;
	const char *label; /* points into the table */
};

/*
 * The built-in table: state base rates for US states and DC (local taxes
 * left out), GST/HST(+PST/QST) for Canadian provinces and territories, and
 * the standard VAT/GST rate of other supported countries. Illustrative
 * defaults; a store-backed table can be passed to tax_rate_lookup instead.
 * Static storage, never NULL.
 */
const struct tax_table *tax_default_table(void);

/*
 * The rate for a billing address. country and region are matched without
 * regard to case; region may be NULL or "".
 * TESS_ERR_INVALID (country_invalid) if country is not two letters;
 * TESS_ERR_INVALID (tax_region_required, field "state") if the country
 * taxes by region and none is given; TESS_ERR_REFUSED (tax_country_unknown
 * or tax_region_unknown) if the table has no rate for the address.
 */
enum tess_err tax_rate_lookup(const struct tax_table *t, const char *country, const char *region,
			      struct tax_rate *out, struct problem *p);

/* An address as far as tax is concerned. */
struct tax_address {
	const char *country; /* ISO 3166-1 alpha-2, or NULL/"" when unknown */
	const char *state;   /* subdivision without the country, or NULL when none */
};

/*
 * SPEC rule 8: the address whose tax a customer's purchase bears. It is
 * the billing contact's (billing, NULL when the customer has none) when
 * that has a country, else the customer's own. An empty state becomes
 * NULL. The strings point into the inputs; country may still be empty
 * when neither address has one (the caller refuses it).
 */
struct tax_address tax_address_for(struct tax_address customer, const struct tax_address *billing);

/*
 * The tax on a net amount: net x rate_ppm / 1000000, rounded half-even
 * once. TESS_ERR_INVALID on a rate outside 0..TAX_PPM_WHOLE or overflow.
 */
enum tess_err tax_amount(struct money net, int32_t rate_ppm, struct money *out);

#endif
