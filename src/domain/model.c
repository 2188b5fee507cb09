#include "domain/model.h"

#include <string.h>

static bool parse_name(const char *const *names, int n, const char *s, int *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

/*
 * One name table per enum, NULL-terminated so that input validation takes
 * it as its choices (fn_choices), and its two accessors.
 */
#define NAMES(type, fn, ...)                                                                       \
	const char *const fn##_choices[] = {__VA_ARGS__, NULL};                                   \
	enum { fn##_count = sizeof(fn##_choices) / sizeof(fn##_choices[0]) - 1 };                 \
	const char *fn##_name(enum type v)                                                         \
	{                                                                                          \
		if ((int)v < 0 || (int)v >= fn##_count)                                            \
			return "";                                                                 \
		return fn##_choices[v];                                                            \
	}                                                                                          \
	bool fn##_parse(const char *s, enum type *out)                                             \
	{                                                                                          \
		int i;                                                                             \
		if (!parse_name(fn##_choices, fn##_count, s, &i))                                  \
			return false;                                                              \
		*out = (enum type)i;                                                               \
		return true;                                                                       \
	}

NAMES(org_kind, org_kind, "vendor", "partner", "distributor", "customer")
NAMES(partner_tier, partner_tier, "unaffiliated", "corporate", "partner")
NAMES(eligibility, eligibility, "none", "nonprofit", "academic", "government")
NAMES(role, role, "vendor_admin", "vendor_support", "partner_user", "customer_contact")
NAMES(hosting, hosting, "cloud", "datacenter", "server")
NAMES(edition, edition, "free", "standard", "premium", "enterprise")
NAMES(billing_period, billing_period, "monthly", "annual")
NAMES(product_kind, product_kind, "product", "app")
NAMES(sub_state, sub_state, "live", "cancelled", "expired")
NAMES(sub_status, sub_status, "upcoming", "active", "inactive")
NAMES(contact_role, contact_role, "customer", "technical_primary", "technical_secondary",
      "billing")
NAMES(payment_method, payment_method, "card", "paypal", "bank_transfer", "check", "ach",
      "net30")
NAMES(invoice_status, invoice_status, "open", "paid", "void", "refunded")
NAMES(order_status, order_status, "pending_reseller_approval", "pending_review", "in_progress",
      "executed", "cancelled")
NAMES(quote_status, quote_status, "open", "expired", "ordered", "cancelled")
NAMES(credential_kind, credential_kind, "session", "token")

struct tenancy tenancy_of(const struct principal *who)
{
	struct tenancy t = {0, 0};
	switch (who->role) {
	case ROLE_VENDOR_ADMIN:
	case ROLE_VENDOR_SUPPORT:
		break;
	case ROLE_PARTNER_USER:
		t.partner_pk = who->org_pk;
		break;
	case ROLE_CUSTOMER_CONTACT:
		t.customer_pk = who->org_pk;
		break;
	case ROLE__MAX:
		/* An unknown role sees nothing: no row has pk -1. */
		t.partner_pk = -1;
		t.customer_pk = -1;
		break;
	}
	return t;
}

int billing_period_months(enum billing_period v)
{
	switch (v) {
	case PERIOD_MONTHLY: return 1;
	case PERIOD_ANNUAL: return 12;
	case PERIOD__MAX: break;
	}
	return 0;
}

const char *payment_method_label(enum payment_method m)
{
	static const char *const labels[PAY__MAX] = {
		[PAY_CARD] = "Credit card",
		[PAY_PAYPAL] = "PayPal",
		[PAY_BANK_TRANSFER] = "Bank transfer",
		[PAY_CHECK] = "Check",
		[PAY_ACH] = "ACH",
		[PAY_NET30] = "Net-30 terms",
	};
	return (int)m >= 0 && m < PAY__MAX ? labels[m] : "";
}

bool payment_method_pays(enum payment_method m)
{
	return (int)m >= 0 && m < PAY__MAX && m != PAY_NET30;
}
