-- Tessera schema, version 1: organizations, people, catalog, sites,
-- subscriptions, contacts, credentials, idempotency, history and audit.
-- Every table has an integer key (pk) for joins and, where the API names
-- the object, an opaque public id. Dates are 'YYYY-MM-DD' text (UTC),
-- timestamps RFC 3339 text, money integer minor units beside a currency.

CREATE TABLE orgs (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('vendor', 'partner', 'distributor', 'customer')),
	name TEXT NOT NULL,
	tier TEXT CHECK (tier IN ('unaffiliated', 'corporate', 'partner')),
	tier_discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (tier_discount_bp BETWEEN 0 AND 10000),
	partner_pk INTEGER REFERENCES orgs(pk),
	distributor_pk INTEGER REFERENCES orgs(pk),
	eligibility TEXT NOT NULL DEFAULT 'none'
		CHECK (eligibility IN ('none', 'nonprofit', 'academic', 'government')),
	cloud_migration INTEGER NOT NULL DEFAULT 0 CHECK (cloud_migration IN (0, 1)),
	country TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT '',
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	CHECK ((kind = 'partner') = (tier IS NOT NULL)),
	CHECK (kind = 'customer' OR partner_pk IS NULL)
);
CREATE INDEX orgs_partner ON orgs(partner_pk) WHERE partner_pk IS NOT NULL;

CREATE TABLE users (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL
);

CREATE TABLE memberships (
	user_pk INTEGER NOT NULL REFERENCES users(pk),
	org_pk INTEGER NOT NULL REFERENCES orgs(pk),
	role TEXT NOT NULL
		CHECK (role IN ('vendor_admin', 'vendor_support', 'partner_user', 'customer_contact')),
	created_at TEXT NOT NULL,
	PRIMARY KEY (user_pk, org_pk)
) WITHOUT ROWID;
CREATE INDEX memberships_org ON memberships(org_pk);

-- Sessions (cookie) and API tokens (bearer) are both credentials: only the
-- BLAKE2b hash of the secret is kept.
CREATE TABLE credentials (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('session', 'token')),
	secret_hash BLOB NOT NULL UNIQUE,
	user_pk INTEGER NOT NULL REFERENCES users(pk),
	org_pk INTEGER NOT NULL REFERENCES orgs(pk),
	name TEXT NOT NULL DEFAULT '',
	csrf_token TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	expires_at TEXT,
	revoked_at TEXT
);
CREATE INDEX credentials_user ON credentials(user_pk);

-- Failed logins, counted per account and per client address.
CREATE TABLE login_failures (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	window_start INTEGER NOT NULL,
	locked_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE billing_accounts (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	partner_pk INTEGER NOT NULL REFERENCES orgs(pk),
	name TEXT NOT NULL,
	currency TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX billing_accounts_partner ON billing_accounts(partner_pk);

CREATE TABLE products (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('product', 'app')),
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	hosting TEXT NOT NULL CHECK (hosting IN ('cloud', 'datacenter', 'server')),
	description TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

-- The price of a whole user tier (up to `users` users) of an edition, for
-- a billing period, in a currency.
CREATE TABLE prices (
	pk INTEGER PRIMARY KEY,
	product_pk INTEGER NOT NULL REFERENCES products(pk),
	edition TEXT NOT NULL CHECK (edition IN ('free', 'standard', 'premium', 'enterprise')),
	users INTEGER NOT NULL CHECK (users > 0),
	period TEXT NOT NULL CHECK (period IN ('monthly', 'annual')),
	currency TEXT NOT NULL,
	amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
	UNIQUE (product_pk, edition, users, period, currency)
);

-- Apps install on products.
CREATE TABLE app_compat (
	app_pk INTEGER NOT NULL REFERENCES products(pk),
	product_pk INTEGER NOT NULL REFERENCES products(pk),
	PRIMARY KEY (app_pk, product_pk)
) WITHOUT ROWID;

-- A partner publishes catalog items on its storefront with a markup.
CREATE TABLE storefront_items (
	partner_pk INTEGER NOT NULL REFERENCES orgs(pk),
	product_pk INTEGER NOT NULL REFERENCES products(pk),
	markup_bp INTEGER NOT NULL DEFAULT 0 CHECK (markup_bp BETWEEN 0 AND 100000),
	published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
	PRIMARY KEY (partner_pk, product_pk)
) WITHOUT ROWID;

CREATE TABLE sites (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	customer_pk INTEGER NOT NULL REFERENCES orgs(pk),
	name TEXT NOT NULL UNIQUE,
	url TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
CREATE INDEX sites_customer ON sites(customer_pk);

CREATE TABLE contacts (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	customer_pk INTEGER NOT NULL REFERENCES orgs(pk),
	user_pk INTEGER REFERENCES users(pk),
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	phone TEXT NOT NULL DEFAULT '',
	address_line TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL DEFAULT '',
	country TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (customer_pk, email)
);

CREATE TABLE subscriptions (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('product', 'app')),
	parent_pk INTEGER REFERENCES subscriptions(pk),
	customer_pk INTEGER NOT NULL REFERENCES orgs(pk),
	partner_pk INTEGER NOT NULL REFERENCES orgs(pk),
	billing_account_pk INTEGER NOT NULL REFERENCES billing_accounts(pk),
	site_pk INTEGER REFERENCES sites(pk),
	product_pk INTEGER NOT NULL REFERENCES products(pk),
	edition TEXT NOT NULL CHECK (edition IN ('free', 'standard', 'premium', 'enterprise')),
	user_tier INTEGER NOT NULL CHECK (user_tier > 0),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	active_users INTEGER NOT NULL DEFAULT 0 CHECK (active_users >= 0),
	entitlement_number TEXT NOT NULL UNIQUE,
	sen TEXT NOT NULL UNIQUE,
	start_date TEXT NOT NULL,
	period_end TEXT NOT NULL,
	period TEXT NOT NULL CHECK (period IN ('monthly', 'annual')),
	state TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'cancelled', 'expired')),
	ended_on TEXT,
	cancel_at_period_end INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
	unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
	currency TEXT NOT NULL,
	discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK ((kind = 'app') = (parent_pk IS NOT NULL)),
	CHECK ((state = 'live') = (ended_on IS NULL))
);
-- Keyset pages per tenant, optionally by state.
CREATE INDEX subscriptions_partner ON subscriptions(partner_pk, pk);
CREATE INDEX subscriptions_customer ON subscriptions(customer_pk, pk);
CREATE INDEX subscriptions_parent ON subscriptions(parent_pk) WHERE parent_pk IS NOT NULL;
CREATE INDEX subscriptions_period_end ON subscriptions(period_end) WHERE state = 'live';

-- The products an app subscription is installed on.
CREATE TABLE subscription_installs (
	app_sub_pk INTEGER NOT NULL REFERENCES subscriptions(pk),
	product_sub_pk INTEGER NOT NULL REFERENCES subscriptions(pk),
	PRIMARY KEY (app_sub_pk, product_sub_pk)
) WITHOUT ROWID;

-- Contacts on a subscription: customer contacts, one primary and any
-- number of secondary technical contacts, billing contacts.
CREATE TABLE subscription_contacts (
	subscription_pk INTEGER NOT NULL REFERENCES subscriptions(pk),
	contact_pk INTEGER NOT NULL REFERENCES contacts(pk),
	role TEXT NOT NULL
		CHECK (role IN ('customer', 'technical_primary', 'technical_secondary', 'billing')),
	PRIMARY KEY (subscription_pk, contact_pk, role)
) WITHOUT ROWID;
CREATE UNIQUE INDEX subscription_one_primary
	ON subscription_contacts(subscription_pk) WHERE role = 'technical_primary';
CREATE INDEX subscription_contacts_contact ON subscription_contacts(contact_pk);

CREATE TABLE purchase_events (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	subscription_pk INTEGER NOT NULL REFERENCES subscriptions(pk),
	at TEXT NOT NULL,
	kind TEXT NOT NULL,
	actor_user_pk INTEGER REFERENCES users(pk),
	quantity INTEGER,
	amount_minor INTEGER,
	currency TEXT,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purchase_events_subscription ON purchase_events(subscription_pk, pk);

CREATE TABLE audit_events (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	at TEXT NOT NULL,
	actor_user_pk INTEGER REFERENCES users(pk),
	actor_org_pk INTEGER REFERENCES orgs(pk),
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id TEXT NOT NULL,
	before_json TEXT,
	after_json TEXT,
	request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_object ON audit_events(object_id, pk);

-- Idempotency keys: the response of a POST, kept with the request's hash,
-- written in the same transaction as the POST's effects.
CREATE TABLE idempotency_keys (
	user_pk INTEGER NOT NULL REFERENCES users(pk),
	key TEXT NOT NULL,
	request_hash BLOB NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (user_pk, key)
) WITHOUT ROWID;

-- Process-wide settings, such as the vendor's license signing key pair.
CREATE TABLE settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
