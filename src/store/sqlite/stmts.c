/*
 * The SQL text of every statement for SQLite, indexed by enum stmt_id.
 * Placeholders are numbered (?1, ?2...) so one value can serve twice.
 * Tenancy: ?1 is the caller's partner pk and ?2 its customer pk (0 = not
 * restricted); every statement that reads tenant rows checks both.
 */
#include "store/billing_rows.h"
#include "store/commerce_rows.h"
#include "store/core_rows.h"
#include "store/events_rows.h"
#include "store/orders_rows.h"
#include "store/orgs_rows.h"
#include "store/quotes_rows.h"
#include "store/sqlite/sqlite_int.h"
#include "store/subscriptions_rows.h"
#include "store/users_rows.h"

/* The tables of SUB_COLS. */
#define SUB_SELECT "SELECT " SUB_COLS " "

#define SUB_FROM                                                                                   \
	"FROM subscriptions s "                                                                    \
	"JOIN products p ON p.pk = s.product_pk "                                                  \
	"JOIN orgs cu ON cu.pk = s.customer_pk "                                                   \
	"JOIN orgs pa ON pa.pk = s.partner_pk "                                                    \
	"JOIN billing_accounts ba ON ba.pk = s.billing_account_pk "                                \
	"LEFT JOIN sites si ON si.pk = s.site_pk "                                                 \
	"LEFT JOIN subscriptions par ON par.pk = s.parent_pk "

/*
 * List filters: ?3 cursor pk, ?4 status (0 any, 1 upcoming, 2 active,
 * 3 inactive) derived from ?5 today, ?6 kind ('' any), ?7 parent pk
 * (0 any), ?8 limit.
 */
#define SUB_LIST_FILTERS                                                                           \
	"AND s.pk > ?3 "                                                                           \
	"AND (?4 = 0 OR (?4 = 1 AND s.state = 'live' AND s.start_date > ?5) "                      \
	"OR (?4 = 2 AND s.state = 'live' AND s.start_date <= ?5) "                                 \
	"OR (?4 = 3 AND s.state <> 'live')) "                                                      \
	"AND (?6 = '' OR s.kind = ?6) "                                                            \
	"AND (?7 = 0 OR s.parent_pk = ?7) "                                                        \
	"ORDER BY s.pk LIMIT ?8"

#define BILLING_ACCOUNT_SELECT                                                                     \
	"SELECT " BILLING_ACCOUNT_COLS " FROM billing_accounts ba "                                \
	"JOIN orgs pa ON pa.pk = ba.partner_pk "

/*
 * A customer is in a partner's tenancy when the partner manages it; list
 * pages take ?3 as the cursor pk and ?4 as the limit.
 */
#define CUSTOMER_SELECT                                                                            \
	"SELECT " CUSTOMER_COLS " FROM orgs cu LEFT JOIN orgs pa ON pa.pk = cu.partner_pk "

/* ?5: part of the name to look for, any case of ASCII letters ('' for every customer). */
#define CUSTOMER_PAGE                                                                              \
	"AND (?5 = '' OR instr(lower(cu.name), lower(?5)) > 0) "                                   \
	"AND cu.pk > ?3 ORDER BY cu.pk LIMIT ?4"

const char *const sqlite_stmts[STMT__MAX] = {
	[STMT_BEGIN] = "BEGIN",
	[STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_SAVEPOINT] = "SAVEPOINT unit",
	[STMT_RELEASE] = "RELEASE unit",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO unit",

	[STMT_IDEM_GET] = "SELECT " IDEM_COLS " FROM idempotency_keys "
			  "WHERE user_pk = ?1 AND key = ?2",
	[STMT_IDEM_PUT] = "INSERT INTO idempotency_keys "
			  "(user_pk, key, request_hash, status, body, created_at, reply_kind, "
			  "reply_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",

	[STMT_USER_BY_EMAIL] = "SELECT " USER_COLS " FROM users WHERE email = ?1",
	[STMT_USER_MEMBERSHIPS] = "SELECT " MEMBERSHIP_COLS " FROM memberships m "
				  "JOIN orgs o ON o.pk = m.org_pk WHERE m.user_pk = ?1 "
				  "ORDER BY m.created_at, o.pk",
	[STMT_USER_INSERT] = "INSERT INTO users (id, email, name, password_hash, created_at) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_MEMBERSHIP_INSERT] = "INSERT INTO memberships (user_pk, org_pk, role, created_at) "
				   "VALUES (?1, ?2, ?3, ?4)",

	[STMT_CREDENTIAL_INSERT] = "INSERT INTO credentials (id, kind, secret_hash, user_pk, "
				   "org_pk, name, csrf_hash, created_at, expires_at) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[STMT_PRINCIPAL_BY_SECRET] =
		"SELECT " PRINCIPAL_COLS " FROM credentials c JOIN users u ON u.pk = c.user_pk "
		"JOIN orgs o ON o.pk = c.org_pk "
		"JOIN memberships m ON m.user_pk = c.user_pk AND m.org_pk = c.org_pk "
		"WHERE c.secret_hash = ?1 AND c.revoked_at IS NULL "
		"AND (c.expires_at IS NULL OR c.expires_at > ?2) AND u.disabled = 0",
	[STMT_CREDENTIAL_REVOKE] = "UPDATE credentials SET revoked_at = ?3 "
				   "WHERE user_pk = ?1 AND id = ?2 AND revoked_at IS NULL",
	[STMT_TOKENS_LIST] = "SELECT " CREDENTIAL_INFO_COLS " FROM credentials c "
			     "JOIN orgs o ON o.pk = c.org_pk "
			     "JOIN memberships m ON m.user_pk = c.user_pk AND m.org_pk = c.org_pk "
			     "WHERE c.user_pk = ?1 AND c.kind = 'token' AND c.revoked_at IS NULL "
			     "AND (c.expires_at IS NULL OR c.expires_at > ?2) ORDER BY c.pk DESC",

	[STMT_LOGIN_FAILURE_GET] = "SELECT failures, last_failure FROM login_throttle "
				   "WHERE key = ?1",
	[STMT_LOGIN_FAILURE_ADD] = "INSERT INTO login_throttle (key, failures, last_failure) "
				   "VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET "
				   "failures = CASE WHEN last_failure < ?3 THEN 1 "
				   "ELSE failures + 1 END, last_failure = ?2",
	[STMT_LOGIN_FAILURE_CLEAR] = "DELETE FROM login_throttle WHERE key = ?1",
	/* One forgotten record, the oldest: an IN list or RETURNING would build a temporary b-tree. */
	[STMT_LOGIN_FAILURE_PRUNE] = "DELETE FROM login_throttle WHERE key = "
				     "(SELECT key FROM login_throttle WHERE last_failure < ?1 "
				     "ORDER BY last_failure LIMIT 1)",

	[STMT_ORG_GET] = "SELECT " ORG_COLS " FROM orgs WHERE id = ?3 "
			 "AND (?1 = 0 OR pk = ?1 OR partner_pk = ?1) AND (?2 = 0 OR pk = ?2)",
	[STMT_ORG_GET_PK] = "SELECT " ORG_COLS " FROM orgs WHERE pk = ?1",
	[STMT_ORG_INSERT] = "INSERT INTO orgs (id, kind, name, tier, tier_discount_bp, partner_pk, "
			    "distributor_pk, eligibility, cloud_migration, country, state, "
			    "contact_name, contact_email, created_at) VALUES "
			    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",

	[STMT_BILLING_ACCOUNT_INSERT] = "INSERT INTO billing_accounts "
					"(id, partner_pk, name, currency, created_at) "
					"VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_PRODUCT_INSERT] = "INSERT INTO products "
				"(id, kind, code, name, hosting, description, created_at) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_PRICE_INSERT] = "INSERT INTO prices "
			      "(product_pk, edition, users, period, currency, amount_minor) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_APP_COMPAT_INSERT] = "INSERT INTO app_compat (app_pk, product_pk) VALUES (?1, ?2)",
	[STMT_STOREFRONT_ITEM_INSERT] = "INSERT INTO storefront_items "
					"(partner_pk, product_pk, markup_bp, published) "
					"VALUES (?1, ?2, ?3, ?4)",
	[STMT_SITE_INSERT] = "INSERT INTO sites (id, customer_pk, name, url, created_at) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_CONTACT_INSERT] = "INSERT INTO contacts (id, customer_pk, user_pk, name, email, "
				"phone, address_line, city, postal_code, country, state, "
				"created_at) VALUES "
				"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",

	[STMT_SUB_LIST_ALL] = SUB_SELECT SUB_FROM "WHERE (?1 = 0 OR s.partner_pk = ?1) "
						"AND (?2 = 0 OR s.customer_pk = ?2) " SUB_LIST_FILTERS,
	[STMT_SUB_LIST_PARTNER] = SUB_SELECT SUB_FROM "WHERE s.partner_pk = ?1 "
						    "AND (?2 = 0 OR s.customer_pk = ?2) " SUB_LIST_FILTERS,
	[STMT_SUB_LIST_CUSTOMER] = SUB_SELECT SUB_FROM "WHERE s.customer_pk = ?2 "
						     "AND (?1 = 0 OR s.partner_pk = ?1) " SUB_LIST_FILTERS,
	[STMT_SUB_GET] = SUB_SELECT SUB_FROM "WHERE s.id = ?3 AND (?1 = 0 OR s.partner_pk = ?1) "
					   "AND (?2 = 0 OR s.customer_pk = ?2)",
	[STMT_SUB_APPS] = SUB_SELECT SUB_FROM "WHERE s.parent_pk = ?1 ORDER BY s.pk",
	[STMT_SUB_INSTALLED_ON] = SUB_SELECT SUB_FROM
		"JOIN subscription_installs i ON i.product_sub_pk = s.pk "
		"WHERE i.app_sub_pk = ?1 ORDER BY s.pk",
	[STMT_SUB_CONTACTS] = "SELECT " CONTACT_COLS("sc.role") " FROM subscription_contacts sc "
			      "JOIN contacts c ON c.pk = sc.contact_pk WHERE sc.subscription_pk = ?1 "
			      "ORDER BY CASE sc.role WHEN 'customer' THEN 0 "
			      "WHEN 'technical_primary' THEN 1 WHEN 'technical_secondary' THEN 2 "
			      "ELSE 3 END, c.name, c.pk",
	[STMT_SUB_SET_STATE] = "UPDATE subscriptions SET state = ?2, ended_on = ?3, "
			       "cancel_at_period_end = ?4, updated_at = ?5 WHERE pk = ?1",
	[STMT_SUB_INSERT] = "INSERT INTO subscriptions (id, kind, parent_pk, customer_pk, "
			    "partner_pk, billing_account_pk, site_pk, product_pk, edition, "
			    "user_tier, quantity, active_users, entitlement_number, sen, "
			    "start_date, period_end, period, state, ended_on, "
			    "cancel_at_period_end, unit_price_minor, currency, discount_bp, "
			    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, "
			    "?24, ?24)",
	[STMT_SUB_CONTACT_ADD] = "INSERT INTO subscription_contacts "
				 "(subscription_pk, contact_pk, role) VALUES (?1, ?2, ?3)",
	[STMT_SUB_INSTALL_ADD] = "INSERT INTO subscription_installs "
				 "(app_sub_pk, product_sub_pk) VALUES (?1, ?2)",

	[STMT_PURCHASE_EVENT_ADD] = "INSERT INTO purchase_events (id, subscription_pk, at, kind, "
				    "actor_user_pk, quantity, amount_minor, currency, note, "
				    "order_line_pk) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[STMT_PURCHASE_EVENTS] =
		"SELECT " PURCHASE_EVENT_COLS " FROM purchase_events e "
		"JOIN subscriptions s ON s.pk = e.subscription_pk "
		"LEFT JOIN order_lines ol ON ol.pk = e.order_line_pk "
		"LEFT JOIN orders o ON o.pk = ol.order_pk WHERE e.subscription_pk = ?1 "
		"ORDER BY e.at, e.pk",
	[STMT_PURCHASE_EVENTS_WITH_APPS] =
		"SELECT " PURCHASE_EVENT_COLS " FROM purchase_events e "
		"JOIN subscriptions s ON s.pk = e.subscription_pk "
		"LEFT JOIN order_lines ol ON ol.pk = e.order_line_pk "
		"LEFT JOIN orders o ON o.pk = ol.order_pk "
		"WHERE e.subscription_pk = ?1 OR e.subscription_pk IN "
		"(SELECT pk FROM subscriptions WHERE parent_pk = ?1) ORDER BY e.at, e.pk",

	[STMT_AUDIT_ADD] = "INSERT INTO audit_events (id, at, actor_user_pk, actor_org_pk, action, "
			   "object_type, object_id, before_json, after_json, request_id) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[STMT_AUDIT_FOR_OBJECT] = "SELECT " AUDIT_COLS " FROM audit_events a "
				  "LEFT JOIN users u ON u.pk = a.actor_user_pk "
				  "WHERE a.object_id = ?1 ORDER BY a.pk",
#define AUDIT_LIST(head, cmp, dir)                                                                 \
	"SELECT " AUDIT_COLS " FROM audit_events a LEFT JOIN users u ON u.pk = a.actor_user_pk "   \
	"WHERE " head "(?1 = '' OR a.object_id = ?1) AND (?2 = 0 OR a.actor_user_pk = ?2) "        \
	"AND a.pk " cmp " ?3 ORDER BY a.pk " dir " LIMIT ?4"
	/*
	 * The log: ?1 object id ('' any), ?2 actor's user pk (0 any), ?3
	 * cursor pk, ?4 limit. One statement per leading column (none, object,
	 * actor) and order, each walking its index in order.
	 */
	[STMT_AUDIT_LIST] = AUDIT_LIST("", ">", "ASC"),
	[STMT_AUDIT_LIST_NEWEST] = AUDIT_LIST("", "<", "DESC"),
	[STMT_AUDIT_LIST_OBJECT] = AUDIT_LIST("a.object_id = ?1 AND ", ">", "ASC"),
	[STMT_AUDIT_LIST_OBJECT_NEWEST] = AUDIT_LIST("a.object_id = ?1 AND ", "<", "DESC"),
	[STMT_AUDIT_LIST_ACTOR] = AUDIT_LIST("a.actor_user_pk = ?2 AND ", ">", "ASC"),
	[STMT_AUDIT_LIST_ACTOR_NEWEST] = AUDIT_LIST("a.actor_user_pk = ?2 AND ", "<", "DESC"),
#undef AUDIT_LIST
	[STMT_AUDIT_ACTOR_PK] = "SELECT pk FROM users WHERE id = ?1",

	[STMT_COUNT_SUBSCRIPTIONS] = "SELECT count(*) FROM subscriptions",
	[STMT_COUNT_ORGS] = "SELECT count(*) FROM orgs",
	[STMT_COUNT_USERS] = "SELECT count(*) FROM users",

	[STMT_SETTING_GET] = "SELECT value FROM settings WHERE name = ?1",
	[STMT_SETTING_PUT] = "INSERT INTO settings (name, value) VALUES (?1, ?2) "
			     "ON CONFLICT (name) DO UPDATE SET value = excluded.value",

	[STMT_NEXT_NUMBER] = "UPDATE counters SET value = value + 1 WHERE name = ?1",
	[STMT_NUMBER_GET] = "SELECT value FROM counters WHERE name = ?1",
	[STMT_OUTBOX_ENQUEUE] = "INSERT INTO outbox (id, recipient, template, data_json, "
				"next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[STMT_PRODUCT_GET] = "SELECT " PRODUCT_COLS " FROM products WHERE id = ?1",
	[STMT_PRODUCTS_LIST] = "SELECT " PRODUCT_COLS " FROM products ORDER BY pk",
	[STMT_PRICE_GET] = "SELECT amount_minor FROM prices WHERE product_pk = ?1 AND "
			   "edition = ?2 AND users = ?3 AND period = ?4 AND currency = ?5",
	[STMT_PRICES_FOR_PRODUCT] = "SELECT " PRICE_COLS " FROM prices WHERE product_pk = ?1 "
				    "ORDER BY edition, period, currency, users",
	[STMT_STOREFRONT_ITEM_GET] = "SELECT markup_bp, published FROM storefront_items "
				     "WHERE partner_pk = ?1 AND product_pk = ?2",
	/* Billing accounts are the partner's: customer contacts see none. */
	[STMT_BILLING_ACCOUNT_GET] = BILLING_ACCOUNT_SELECT "WHERE ba.id = ?3 "
							  "AND (?1 = 0 OR ba.partner_pk = ?1) AND ?2 = 0",
	/* ?3 cursor pk, ?4 limit. */
	[STMT_BILLING_ACCOUNT_LIST] = BILLING_ACCOUNT_SELECT "WHERE (?1 = 0 OR ba.partner_pk = ?1) "
							   "AND ?2 = 0 AND ba.pk > ?3 "
							   "ORDER BY ba.pk LIMIT ?4",
	[STMT_SITE_BY_URL] = "SELECT " SITE_REF_COLS " FROM sites si "
			     "JOIN orgs cu ON cu.pk = si.customer_pk "
			     "WHERE (si.url = ?3 OR si.name = ?3) "
			     "AND (?1 = 0 OR cu.partner_pk = ?1) AND (?2 = 0 OR cu.pk = ?2)",
	/* One statement per tenancy shape, so that each can use its index. */
	[STMT_CUSTOMER_LIST_ALL] = CUSTOMER_SELECT "WHERE cu.kind = 'customer' "
						 "AND (?1 = 0 OR cu.partner_pk = ?1) "
						 "AND (?2 = 0 OR cu.pk = ?2) " CUSTOMER_PAGE,
	[STMT_CUSTOMER_LIST_PARTNER] = CUSTOMER_SELECT "WHERE cu.partner_pk = ?1 "
						     "AND cu.kind = 'customer' "
						     "AND (?2 = 0 OR cu.pk = ?2) " CUSTOMER_PAGE,
	[STMT_CUSTOMER_LIST_CUSTOMER] = CUSTOMER_SELECT "WHERE cu.pk = ?2 AND cu.kind = 'customer' "
						      "AND (?1 = 0 OR cu.partner_pk = ?1) " CUSTOMER_PAGE,
	/* The sites of the tenancy's customers with pks from ?3 to ?4 (one page of them). */
	[STMT_CUSTOMER_SITES] = "SELECT " SITE_REF_COLS " FROM sites si "
				"JOIN orgs cu ON cu.pk = si.customer_pk "
				"WHERE si.customer_pk BETWEEN ?3 AND ?4 "
				"AND (?1 = 0 OR cu.partner_pk = ?1) AND (?2 = 0 OR cu.pk = ?2) "
				"ORDER BY si.customer_pk, si.pk",
	[STMT_SUB_BY_SEN] = SUB_SELECT SUB_FROM "WHERE s.sen = ?3 "
						"AND (?1 = 0 OR s.partner_pk = ?1) "
						"AND (?2 = 0 OR s.customer_pk = ?2)",
	[STMT_CUSTOMER_BILLING_CONTACT] =
		"SELECT " CONTACT_COLS("'billing'") " FROM contacts c WHERE c.customer_pk = ?1 "
		"AND EXISTS (SELECT 1 FROM subscription_contacts sc WHERE sc.contact_pk = c.pk "
		"AND sc.role = 'billing') "
		"UNION ALL SELECT " CONTACT_COLS("'billing'") " FROM contacts c "
		"WHERE c.customer_pk = ?1 AND c.country <> '' LIMIT 1",
	[STMT_CUSTOMER_CONTACT_BY_EMAIL] =
		"SELECT " CONTACT_COLS("'customer'") " FROM contacts c "
		"WHERE c.customer_pk = ?1 AND c.email = ?2",
	[STMT_CUSTOMER_GET] = CUSTOMER_SELECT "WHERE cu.id = ?3 AND cu.kind = 'customer' "
					    "AND (?1 = 0 OR cu.partner_pk = ?1) AND (?2 = 0 OR cu.pk = ?2)",
	/*
	 * The customer's contacts, once as a customer contact (one who signs
	 * in, or is named so on a subscription) and once as a technical
	 * contact of its subscriptions or licenses (primary if it is one
	 * anywhere); by role ('customer' < 'technical_primary' <
	 * 'technical_secondary'), then name. At most ?2 rows.
	 */
	[STMT_CUSTOMER_CONTACTS] =
		"SELECT " CONTACT_COLS("'customer'") " FROM contacts c WHERE c.customer_pk = ?1 "
		"AND (c.user_pk IS NOT NULL OR EXISTS (SELECT 1 FROM subscription_contacts sc "
		"WHERE sc.contact_pk = c.pk AND sc.role = 'customer')) "
		"UNION ALL SELECT " CONTACT_COLS(
			"CASE WHEN EXISTS (SELECT 1 FROM subscription_contacts sc "
			"WHERE sc.contact_pk = c.pk AND sc.role = 'technical_primary') "
			"OR EXISTS (SELECT 1 FROM licenses l JOIN license_contacts lc ON lc.license_pk = l.pk "
			"WHERE l.customer_pk = ?1 AND lc.contact_pk = c.pk AND lc.role = 'technical_primary') "
			"THEN 'technical_primary' ELSE 'technical_secondary' END")
		" FROM contacts c WHERE c.customer_pk = ?1 "
		"AND (EXISTS (SELECT 1 FROM subscription_contacts sc WHERE sc.contact_pk = c.pk "
		"AND sc.role IN ('technical_primary', 'technical_secondary')) "
		"OR EXISTS (SELECT 1 FROM licenses l JOIN license_contacts lc ON lc.license_pk = l.pk "
		"WHERE l.customer_pk = ?1 AND lc.contact_pk = c.pk)) "
		"ORDER BY 12, 4, 1 LIMIT ?2",

#include "store/sqlite/stmts_quotes.inc"
#include "store/sqlite/stmts_orders.inc"
#include "store/sqlite/stmts_billing.inc"
#include "store/sqlite/stmts_dashboard.inc"
};
