/*
 * The names of the countries and regions Tessera bills in, for documents
 * that print an address ("Oregon", "United States" for US-OR): the
 * countries of the tax table (domain/tax.h) with the regions of those
 * that tax by region (US states and DC, Canadian provinces and
 * territories), and the states of Australia and Germany that addresses
 * carry. Codes are ISO 3166-1 alpha-2 and ISO 3166-2 subdivisions without
 * the country, matched without regard to case.
 */
#ifndef TESSERA_DOMAIN_PLACES_H
#define TESSERA_DOMAIN_PLACES_H

/* "United States" for "US"; NULL for a code the table does not hold. */
const char *place_country_name(const char *country);
/* "Oregon" for "US", "OR"; NULL for a region the table does not hold. */
const char *place_region_name(const char *country, const char *region);

#endif
