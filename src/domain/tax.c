#include "domain/tax.h"

#include <stdbool.h>
#include <string.h>

#define PCT(whole, frac_thousandths) ((whole) * 10000 + (frac_thousandths) * 10)

/*
 * Illustrative rates. US: state base sales tax only (counties and cities
 * add more; a store-backed table can carry them). CA: GST, HST where
 * provinces harmonise, GST + PST/QST elsewhere.
 */
static const struct tax_rate_row default_rows[] = {
	{"US", "AL", PCT(4, 0), "Sales tax"},
	{"US", "AK", 0, "Sales tax"},
	{"US", "AZ", PCT(5, 600), "Sales tax"},
	{"US", "AR", PCT(6, 500), "Sales tax"},
	{"US", "CA", PCT(7, 250), "Sales tax"},
	{"US", "CO", PCT(2, 900), "Sales tax"},
	{"US", "CT", PCT(6, 350), "Sales tax"},
	{"US", "DE", 0, "Sales tax"},
	{"US", "DC", PCT(6, 0), "Sales tax"},
	{"US", "FL", PCT(6, 0), "Sales tax"},
	{"US", "GA", PCT(4, 0), "Sales tax"},
	{"US", "HI", PCT(4, 0), "General excise tax"},
	{"US", "ID", PCT(6, 0), "Sales tax"},
	{"US", "IL", PCT(6, 250), "Sales tax"},
	{"US", "IN", PCT(7, 0), "Sales tax"},
	{"US", "IA", PCT(6, 0), "Sales tax"},
	{"US", "KS", PCT(6, 500), "Sales tax"},
	{"US", "KY", PCT(6, 0), "Sales tax"},
	{"US", "LA", PCT(5, 0), "Sales tax"},
	{"US", "ME", PCT(5, 500), "Sales tax"},
	{"US", "MD", PCT(6, 0), "Sales tax"},
	{"US", "MA", PCT(6, 250), "Sales tax"},
	{"US", "MI", PCT(6, 0), "Sales tax"},
	{"US", "MN", PCT(6, 875), "Sales tax"},
	{"US", "MS", PCT(7, 0), "Sales tax"},
	{"US", "MO", PCT(4, 225), "Sales tax"},
	{"US", "MT", 0, "Sales tax"},
	{"US", "NE", PCT(5, 500), "Sales tax"},
	{"US", "NV", PCT(6, 850), "Sales tax"},
	{"US", "NH", 0, "Sales tax"},
	{"US", "NJ", PCT(6, 625), "Sales tax"},
	{"US", "NM", PCT(4, 875), "Gross receipts tax"},
	{"US", "NY", PCT(4, 0), "Sales tax"},
	{"US", "NC", PCT(4, 750), "Sales tax"},
	{"US", "ND", PCT(5, 0), "Sales tax"},
	{"US", "OH", PCT(5, 750), "Sales tax"},
	{"US", "OK", PCT(4, 500), "Sales tax"},
	{"US", "OR", 0, "Sales tax"},
	{"US", "PA", PCT(6, 0), "Sales tax"},
	{"US", "RI", PCT(7, 0), "Sales tax"},
	{"US", "SC", PCT(6, 0), "Sales tax"},
	{"US", "SD", PCT(4, 200), "Sales tax"},
	{"US", "TN", PCT(7, 0), "Sales tax"},
	{"US", "TX", PCT(6, 250), "Sales tax"},
	{"US", "UT", PCT(6, 100), "Sales tax"},
	{"US", "VT", PCT(6, 0), "Sales tax"},
	{"US", "VA", PCT(5, 300), "Sales tax"},
	{"US", "WA", PCT(6, 500), "Sales tax"},
	{"US", "WV", PCT(6, 0), "Sales tax"},
	{"US", "WI", PCT(5, 0), "Sales tax"},
	{"US", "WY", PCT(4, 0), "Sales tax"},

	{"CA", "AB", PCT(5, 0), "GST"},
	{"CA", "BC", PCT(12, 0), "GST + PST"},
	{"CA", "MB", PCT(12, 0), "GST + RST"},
	{"CA", "NB", PCT(15, 0), "HST"},
	{"CA", "NL", PCT(15, 0), "HST"},
	{"CA", "NS", PCT(14, 0), "HST"},
	{"CA", "NT", PCT(5, 0), "GST"},
	{"CA", "NU", PCT(5, 0), "GST"},
	{"CA", "ON", PCT(13, 0), "HST"},
	{"CA", "PE", PCT(15, 0), "HST"},
	{"CA", "QC", PCT(14, 975), "GST + QST"},
	{"CA", "SK", PCT(11, 0), "GST + PST"},
	{"CA", "YT", PCT(5, 0), "GST"},

	{"AU", NULL, PCT(10, 0), "GST"},
	{"NZ", NULL, PCT(15, 0), "GST"},
	{"JP", NULL, PCT(10, 0), "Consumption tax"},
	{"SG", NULL, PCT(9, 0), "GST"},
	{"IN", NULL, PCT(18, 0), "GST"},
	{"GB", NULL, PCT(20, 0), "VAT"},
	{"IE", NULL, PCT(23, 0), "VAT"},
	{"DE", NULL, PCT(19, 0), "VAT"},
	{"FR", NULL, PCT(20, 0), "VAT"},
	{"NL", NULL, PCT(21, 0), "VAT"},
	{"BE", NULL, PCT(21, 0), "VAT"},
	{"ES", NULL, PCT(21, 0), "VAT"},
	{"IT", NULL, PCT(22, 0), "VAT"},
	{"AT", NULL, PCT(20, 0), "VAT"},
	{"PL", NULL, PCT(23, 0), "VAT"},
	{"PT", NULL, PCT(23, 0), "VAT"},
	{"SE", NULL, PCT(25, 0), "VAT"},
	{"DK", NULL, PCT(25, 0), "VAT"},
	{"NO", NULL, PCT(25, 0), "VAT"},
	{"FI", NULL, PCT(25, 500), "VAT"},
	{"CH", NULL, PCT(8, 100), "VAT"},
};

static const struct tax_table default_table = {
	default_rows,
	sizeof(default_rows) / sizeof(default_rows[0]),
};

const struct tax_table *tax_default_table(void)
{
	return &default_table;
}

static char ascii_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static bool same_code(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (ascii_upper(*a) != ascii_upper(*b))
			return false;
	return *a == *b;
}

static bool is_alpha2(const char *s)
{
	for (int i = 0; i < 2; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
			return false;
	return s[2] == '\0';
}

enum tess_err tax_rate_lookup(const struct tax_table *t, const char *country, const char *region,
			      struct tax_rate *out, struct problem *p)
{
	const struct tax_rate_row *whole = NULL;
	bool by_region = false;

	if (country == NULL || strnlen(country, 3) != 2 || !is_alpha2(country))
		return problem_set(p, TESS_ERR_INVALID, "country_invalid", "country",
				   "The billing country must be a two-letter ISO 3166-1 code");
	if (region != NULL && region[0] == '\0')
		region = NULL;

	for (size_t i = 0; i < t->n; i++) {
		const struct tax_rate_row *r = &t->rows[i];
		if (!same_code(r->country, country))
			continue;
		if (r->region == NULL) {
			whole = r;
			continue;
		}
		by_region = true;
		if (region != NULL && same_code(r->region, region)) {
			out->rate_ppm = r->rate_ppm;
			out->label = r->label;
			return TESS_OK;
		}
	}
	if (by_region) {
		if (region == NULL)
			return problem_set(p, TESS_ERR_INVALID, "tax_region_required", "state",
					   "Billing addresses in %.2s need a state or province "
					   "to work out the tax",
					   country);
		return problem_set(p, TESS_ERR_REFUSED, "tax_region_unknown", "state",
				   "No tax rate is known for state or province '%.8s' in %.2s",
				   region, country);
	}
	if (whole == NULL)
		return problem_set(p, TESS_ERR_REFUSED, "tax_country_unknown", "country",
				   "No tax rate is known for billing country %.2s", country);
	out->rate_ppm = whole->rate_ppm;
	out->label = whole->label;
	return TESS_OK;
}

enum tess_err tax_amount(struct money net, int32_t rate_ppm, struct money *out)
{
	if (rate_ppm < 0 || rate_ppm > TAX_PPM_WHOLE)
		return TESS_ERR_INVALID;
	return money_scale(net, rate_ppm, TAX_PPM_WHOLE, out);
}

struct tax_address tax_address_for(struct tax_address customer, const struct tax_address *billing)
{
	struct tax_address a = customer;
	if (billing != NULL && billing->country != NULL && billing->country[0] != '\0')
		a = *billing;
	if (a.state != NULL && a.state[0] == '\0')
		a.state = NULL;
	return a;
}
