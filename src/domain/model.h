/*
 * The objects of SPEC section 2 as plain structs and enums, with their
 * names as the API spells them. No I/O here: the store fills these in,
 * the rules in the other domain/ files decide over them.
 */
#ifndef TESSERA_DOMAIN_MODEL_H
#define TESSERA_DOMAIN_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "util/date.h"
#include "util/id.h"
#include "util/money.h"

enum org_kind { ORG_VENDOR, ORG_PARTNER, ORG_DISTRIBUTOR, ORG_CUSTOMER, ORG_KIND__MAX };

/* A partner's tier decides its discount and whether it may run a storefront. */
enum partner_tier { TIER_UNAFFILIATED, TIER_CORPORATE, TIER_PARTNER, TIER__MAX };

/* Customer eligibility for the special discounts of SPEC rule 7. */
enum eligibility { ELIG_NONE, ELIG_NONPROFIT, ELIG_ACADEMIC, ELIG_GOVERNMENT, ELIG__MAX };

/* Login roles of SPEC section 1 (technical and billing contacts are contacts, not logins). */
enum role { ROLE_VENDOR_ADMIN, ROLE_VENDOR_SUPPORT, ROLE_PARTNER_USER, ROLE_CUSTOMER_CONTACT, ROLE__MAX };

#define ROLE_BIT(r) (1u << (r))
#define ROLES_VENDOR (ROLE_BIT(ROLE_VENDOR_ADMIN) | ROLE_BIT(ROLE_VENDOR_SUPPORT))
#define ROLES_ALL (ROLES_VENDOR | ROLE_BIT(ROLE_PARTNER_USER) | ROLE_BIT(ROLE_CUSTOMER_CONTACT))

enum hosting { HOSTING_CLOUD, HOSTING_DATACENTER, HOSTING_SERVER, HOSTING__MAX };
enum edition { EDITION_FREE, EDITION_STANDARD, EDITION_PREMIUM, EDITION_ENTERPRISE, EDITION__MAX };
enum billing_period { PERIOD_MONTHLY, PERIOD_ANNUAL, PERIOD__MAX };
enum product_kind { PRODUCT_PRODUCT, PRODUCT_APP, PRODUCT_KIND__MAX };

/* What is stored about a subscription's life; its status is derived (lifecycle.h). */
enum sub_state { SUB_STATE_LIVE, SUB_STATE_CANCELLED, SUB_STATE_EXPIRED, SUB_STATE__MAX };
/* What users see: SPEC rule 15. */
enum sub_status { SUB_UPCOMING, SUB_ACTIVE, SUB_INACTIVE, SUB_STATUS__MAX };

enum contact_role {
	CONTACT_CUSTOMER,
	CONTACT_TECHNICAL_PRIMARY,
	CONTACT_TECHNICAL_SECONDARY,
	CONTACT_BILLING,
	CONTACT_ROLE__MAX
};

enum payment_method {
	PAY_CARD,
	PAY_PAYPAL,
	PAY_BANK_TRANSFER,
	PAY_CHECK,
	PAY_ACH,
	PAY_NET30, /* the invoice's terms (pay within 30 days), not a way to pay it */
	PAY__MAX
};

/* An invoice's status; a payment marks it paid, a refund refunded. */
enum invoice_status {
	INVOICE_OPEN,
	INVOICE_PAID,
	INVOICE_VOID,
	INVOICE_REFUNDED,
	INVOICE_STATUS__MAX
};

enum order_status {
	ORDER_PENDING_RESELLER_APPROVAL,
	ORDER_PENDING_REVIEW,
	ORDER_IN_PROGRESS,
	ORDER_EXECUTED,
	ORDER_CANCELED,
	ORDER_STATUS__MAX
};

/*
 * A quote's status. Open, ordered and cancelled are stored; expired is
 * what an open quote past its expiry date is shown as (quote_status_at,
 * domain/orders.h), never stored.
 */
enum quote_status {
	QUOTE_OPEN,
	QUOTE_EXPIRED,
	QUOTE_ORDERED,
	QUOTE_CANCELLED,
	QUOTE_STATUS__MAX
};

/*
 * Which rows a caller may see. 0 means "not restricted on this column":
 * the vendor has both 0; a partner user has partner_pk set; a customer
 * contact has customer_pk set. Every store read of tenant data takes one.
 */
struct tenancy {
	int64_t partner_pk;
	int64_t customer_pk;
};

struct org {
	int64_t pk;
	char id[ID_MAX];
	enum org_kind kind;
	const char *name;
	enum partner_tier tier;  /* partners only */
	int32_t tier_discount_bp; /* partners only */
	int64_t partner_pk;      /* customers: the partner that manages them */
	int64_t distributor_pk;  /* partners: a distributor they would buy through, or 0 */
	enum eligibility eligibility;
	bool cloud_migration;
	const char *country; /* ISO 3166-1 alpha-2 */
	const char *state;   /* ISO 3166-2 subdivision code without country, or "" */
	const char *contact_name;
	const char *contact_email;
};

struct subscription {
	int64_t pk;
	char id[ID_MAX];
	enum product_kind kind;
	int64_t parent_pk; /* apps: the product subscription; 0 for products */
	char parent_id[ID_MAX];
	int64_t customer_pk;
	char customer_id[ID_MAX];
	const char *customer_name;
	int64_t partner_pk;
	char partner_id[ID_MAX];
	const char *partner_name;
	int64_t billing_account_pk;
	char billing_account_id[ID_MAX];
	int64_t site_pk; /* 0: no site yet ("Site setup required") */
	char site_id[ID_MAX];
	const char *site_url;
	int64_t product_pk;
	char product_id[ID_MAX];
	const char *product_code;
	const char *product_name;
	enum hosting hosting;
	enum edition edition;
	int32_t user_tier; /* users the tier allows */
	int32_t quantity;
	int32_t active_users;
	const char *entitlement_number;
	const char *sen;
	tdate start_date;
	tdate period_end; /* the bill date */
	enum billing_period period;
	enum sub_state state;
	tdate ended_on; /* cancelled or expired on; valid when state != LIVE */
	bool cancel_at_period_end;
	struct money unit_price;
	int32_t discount_bp;
	int32_t app_count; /* apps on a product subscription (filled by reads that ask) */
};

/* Names as the API and the database spell them; _parse returns false on an unknown name. */
/*
 * Every name of an enum in its order, NULL-terminated: the one list of the
 * names the API accepts (the choices of an enum field).
 */
extern const char *const edition_choices[EDITION__MAX + 1];
extern const char *const billing_period_choices[PERIOD__MAX + 1];
extern const char *const product_kind_choices[PRODUCT_KIND__MAX + 1];
extern const char *const sub_status_choices[SUB_STATUS__MAX + 1];
extern const char *const payment_method_choices[PAY__MAX + 1];
extern const char *const invoice_status_choices[INVOICE_STATUS__MAX + 1];
extern const char *const order_status_choices[ORDER_STATUS__MAX + 1];
extern const char *const quote_status_choices[QUOTE_STATUS__MAX + 1];

const char *org_kind_name(enum org_kind v);
bool org_kind_parse(const char *s, enum org_kind *out);
const char *partner_tier_name(enum partner_tier v);
bool partner_tier_parse(const char *s, enum partner_tier *out);
const char *eligibility_name(enum eligibility v);
bool eligibility_parse(const char *s, enum eligibility *out);
const char *role_name(enum role v);
bool role_parse(const char *s, enum role *out);
const char *hosting_name(enum hosting v);
bool hosting_parse(const char *s, enum hosting *out);
const char *edition_name(enum edition v);
bool edition_parse(const char *s, enum edition *out);
const char *billing_period_name(enum billing_period v);
bool billing_period_parse(const char *s, enum billing_period *out);
/* The calendar months one term of the period lasts: 1 or 12 (0 for no period). */
int billing_period_months(enum billing_period v);
const char *product_kind_name(enum product_kind v);
bool product_kind_parse(const char *s, enum product_kind *out);
const char *sub_state_name(enum sub_state v);
bool sub_state_parse(const char *s, enum sub_state *out);
const char *sub_status_name(enum sub_status v);
bool sub_status_parse(const char *s, enum sub_status *out);
const char *contact_role_name(enum contact_role v);
bool contact_role_parse(const char *s, enum contact_role *out);
const char *payment_method_name(enum payment_method v);
bool payment_method_parse(const char *s, enum payment_method *out);
/* What a reader calls m on a document ("Credit card"); "" for no method. */
const char *payment_method_label(enum payment_method m);
/* Whether m is a way to pay an invoice: every method but net30, which is terms. */
bool payment_method_pays(enum payment_method m);
const char *invoice_status_name(enum invoice_status v);
bool invoice_status_parse(const char *s, enum invoice_status *out);
const char *order_status_name(enum order_status v);
bool order_status_parse(const char *s, enum order_status *out);
const char *quote_status_name(enum quote_status v);
bool quote_status_parse(const char *s, enum quote_status *out);

enum credential_kind { CRED_SESSION, CRED_TOKEN, CRED_KIND__MAX };

/* Who is calling: a user acting in one organization with one role. */
struct principal {
	int64_t user_pk;
	char user_id[ID_MAX];
	const char *email;
	const char *name;
	int64_t org_pk;
	char org_id[ID_MAX];
	enum org_kind org_kind;
	const char *org_name;
	enum role role;
	char credential_id[ID_MAX];
	enum credential_kind credential_kind;
	/* A session's CSRF token, as its BLAKE2b-256 hash (none for API tokens). */
	bool has_csrf;
	unsigned char csrf_hash[32];
};

/* The rows a principal may see (SPEC section 1: tenancy). */
struct tenancy tenancy_of(const struct principal *who);
const char *credential_kind_name(enum credential_kind v);
bool credential_kind_parse(const char *s, enum credential_kind *out);

#endif
