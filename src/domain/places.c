/* Country and region names (domain/places.h). */
#include "domain/places.h"

#include <stdbool.h>
#include <stddef.h>

struct place_name {
	const char *code;
	const char *name;
};

static const struct place_name countries[] = {
    {"US", "United States"}, {"CA", "Canada"},    {"AU", "Australia"},   {"NZ", "New Zealand"},
    {"JP", "Japan"},         {"SG", "Singapore"}, {"IN", "India"},       {"GB", "United Kingdom"},
    {"IE", "Ireland"},       {"DE", "Germany"},   {"FR", "France"},      {"NL", "Netherlands"},
    {"BE", "Belgium"},       {"ES", "Spain"},     {"IT", "Italy"},       {"AT", "Austria"},
    {"PL", "Poland"},        {"PT", "Portugal"},  {"SE", "Sweden"},      {"DK", "Denmark"},
    {"NO", "Norway"},        {"FI", "Finland"},   {"CH", "Switzerland"},
};

static const struct place_name us_states[] = {
    {"AL", "Alabama"},        {"AK", "Alaska"},         {"AZ", "Arizona"},
    {"AR", "Arkansas"},       {"CA", "California"},     {"CO", "Colorado"},
    {"CT", "Connecticut"},    {"DE", "Delaware"},       {"DC", "District of Columbia"},
    {"FL", "Florida"},        {"GA", "Georgia"},        {"HI", "Hawaii"},
    {"ID", "Idaho"},          {"IL", "Illinois"},       {"IN", "Indiana"},
    {"IA", "Iowa"},           {"KS", "Kansas"},         {"KY", "Kentucky"},
    {"LA", "Louisiana"},      {"ME", "Maine"},          {"MD", "Maryland"},
    {"MA", "Massachusetts"},  {"MI", "Michigan"},       {"MN", "Minnesota"},
    {"MS", "Mississippi"},    {"MO", "Missouri"},       {"MT", "Montana"},
    {"NE", "Nebraska"},       {"NV", "Nevada"},         {"NH", "New Hampshire"},
    {"NJ", "New Jersey"},     {"NM", "New Mexico"},     {"NY", "New York"},
    {"NC", "North Carolina"}, {"ND", "North Dakota"},   {"OH", "Ohio"},
    {"OK", "Oklahoma"},       {"OR", "Oregon"},         {"PA", "Pennsylvania"},
    {"RI", "Rhode Island"},   {"SC", "South Carolina"}, {"SD", "South Dakota"},
    {"TN", "Tennessee"},      {"TX", "Texas"},          {"UT", "Utah"},
    {"VT", "Vermont"},        {"VA", "Virginia"},       {"WA", "Washington"},
    {"WV", "West Virginia"},  {"WI", "Wisconsin"},      {"WY", "Wyoming"},
};

static const struct place_name ca_provinces[] = {
    {"AB", "Alberta"},
    {"BC", "British Columbia"},
    {"MB", "Manitoba"},
    {"NB", "New Brunswick"},
    {"NL", "Newfoundland and Labrador"},
    {"NS", "Nova Scotia"},
    {"NT", "Northwest Territories"},
    {"NU", "Nunavut"},
    {"ON", "Ontario"},
    {"PE", "Prince Edward Island"},
    {"QC", "Quebec"},
    {"SK", "Saskatchewan"},
    {"YT", "Yukon"},
};

static const struct place_name au_states[] = {
    {"ACT", "Australian Capital Territory"},
    {"NSW", "New South Wales"},
    {"NT", "Northern Territory"},
    {"QLD", "Queensland"},
    {"SA", "South Australia"},
    {"TAS", "Tasmania"},
    {"VIC", "Victoria"},
    {"WA", "Western Australia"},
};

static const struct place_name de_states[] = {
    {"BW", "Baden-Württemberg"},
    {"BY", "Bavaria"},
    {"BE", "Berlin"},
    {"BB", "Brandenburg"},
    {"HB", "Bremen"},
    {"HH", "Hamburg"},
    {"HE", "Hesse"},
    {"MV", "Mecklenburg-Vorpommern"},
    {"NI", "Lower Saxony"},
    {"NW", "North Rhine-Westphalia"},
    {"RP", "Rhineland-Palatinate"},
    {"SL", "Saarland"},
    {"SN", "Saxony"},
    {"ST", "Saxony-Anhalt"},
    {"SH", "Schleswig-Holstein"},
    {"TH", "Thuringia"},
};

static const struct {
	const char *country;
	const struct place_name *regions;
	size_t n;
} region_tables[] = {
    {"US", us_states, sizeof(us_states) / sizeof(us_states[0])},
    {"CA", ca_provinces, sizeof(ca_provinces) / sizeof(ca_provinces[0])},
    {"AU", au_states, sizeof(au_states) / sizeof(au_states[0])},
    {"DE", de_states, sizeof(de_states) / sizeof(de_states[0])},
};

static char ascii_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* code (upper case) equals text, ignoring the case of text. */
static bool same_code(const char *code, const char *text)
{
	for (; *code != '\0' && *text != '\0'; code++, text++)
		if (*code != ascii_upper(*text))
			return false;
	return *code == *text;
}

static const char *find(const struct place_name *t, size_t n, const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (same_code(t[i].code, code))
			return t[i].name;
	return NULL;
}

const char *place_country_name(const char *country)
{
	return find(countries, sizeof(countries) / sizeof(countries[0]), country);
}

const char *place_region_name(const char *country, const char *region)
{
	if (country == NULL || region == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(region_tables) / sizeof(region_tables[0]); i++)
		if (same_code(region_tables[i].country, country))
			return find(region_tables[i].regions, region_tables[i].n, region);
	return NULL;
}
