-- Tessera schema, version 2: quotes, orders, invoices, payments, refunds,
-- credit notes, licenses, the email outbox and document number counters.

-- Gap-free document numbers per series ('quote', 'order', 'invoice',
-- 'credit_note', 'sen'), taken inside the transaction that uses them.
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES
	('quote', 0), ('order', 0), ('invoice', 0), ('credit_note', 0), ('sen', 50000000);

CREATE TABLE quotes (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	number TEXT NOT NULL UNIQUE,
	partner_pk INTEGER NOT NULL REFERENCES orgs(pk),
	customer_pk INTEGER NOT NULL REFERENCES orgs(pk),
	billing_account_pk INTEGER NOT NULL REFERENCES billing_accounts(pk),
	site_pk INTEGER REFERENCES sites(pk),
	created_by_user_pk INTEGER NOT NULL REFERENCES users(pk),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ordered', 'cancelled')),
	currency TEXT NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	coterm_end TEXT,
	technical_contact_name TEXT NOT NULL DEFAULT '',
	technical_contact_email TEXT NOT NULL DEFAULT '',
	tax_country TEXT NOT NULL,
	tax_state TEXT NOT NULL DEFAULT '',
	tax_rate_ppm INTEGER NOT NULL,
	tax_label TEXT NOT NULL DEFAULT '',
	subtotal_minor INTEGER NOT NULL,
	discount_minor INTEGER NOT NULL,
	markup_minor INTEGER NOT NULL DEFAULT 0,
	net_minor INTEGER NOT NULL,
	tax_minor INTEGER NOT NULL,
	total_minor INTEGER NOT NULL,
	expires_on TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX quotes_partner ON quotes(partner_pk, pk);
CREATE INDEX quotes_customer ON quotes(customer_pk, pk);

-- One priced line; the discounts are kept as computed so that the quote
-- reads the same later whatever happens to price lists.
CREATE TABLE quote_lines (
	pk INTEGER PRIMARY KEY,
	quote_pk INTEGER NOT NULL REFERENCES quotes(pk),
	line_no INTEGER NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('new', 'renew', 'upgrade')),
	product_pk INTEGER NOT NULL REFERENCES products(pk),
	edition TEXT NOT NULL,
	user_tier INTEGER NOT NULL CHECK (user_tier > 0),
	period TEXT NOT NULL CHECK (period IN ('monthly', 'annual')),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	subscription_pk INTEGER REFERENCES subscriptions(pk),
	license_pk INTEGER,
	start_date TEXT NOT NULL,
	end_date TEXT NOT NULL,
	list_minor INTEGER NOT NULL,
	eligibility_kind TEXT NOT NULL DEFAULT 'none',
	eligibility_bp INTEGER NOT NULL DEFAULT 0,
	eligibility_discount_minor INTEGER NOT NULL DEFAULT 0,
	tier_bp INTEGER NOT NULL DEFAULT 0,
	tier_discount_minor INTEGER NOT NULL DEFAULT 0,
	markup_minor INTEGER NOT NULL DEFAULT 0,
	amount_minor INTEGER NOT NULL,
	UNIQUE (quote_pk, line_no)
);

CREATE TABLE orders (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	number TEXT NOT NULL UNIQUE,
	quote_pk INTEGER UNIQUE REFERENCES quotes(pk),
	origin TEXT NOT NULL CHECK (origin IN ('partner', 'customer')),
	partner_pk INTEGER NOT NULL REFERENCES orgs(pk),
	customer_pk INTEGER NOT NULL REFERENCES orgs(pk),
	billing_account_pk INTEGER NOT NULL REFERENCES billing_accounts(pk),
	placed_by_user_pk INTEGER NOT NULL REFERENCES users(pk),
	status TEXT NOT NULL CHECK (status IN ('pending_reseller_approval', 'pending_review',
		'in_progress', 'executed', 'canceled')),
	payment_method TEXT CHECK (payment_method IN ('card', 'paypal', 'bank_transfer', 'check',
		'ach', 'net30')),
	currency TEXT NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	coterm_end TEXT,
	needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1)),
	tax_rate_ppm INTEGER NOT NULL DEFAULT 0,
	subtotal_minor INTEGER NOT NULL,
	discount_minor INTEGER NOT NULL,
	markup_minor INTEGER NOT NULL DEFAULT 0,
	net_minor INTEGER NOT NULL,
	tax_minor INTEGER NOT NULL,
	total_minor INTEGER NOT NULL,
	decided_by_user_pk INTEGER REFERENCES users(pk),
	decision_note TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX orders_partner ON orders(partner_pk, pk);
CREATE INDEX orders_customer ON orders(customer_pk, pk);
CREATE INDEX orders_status ON orders(status, pk);

CREATE TABLE order_lines (
	pk INTEGER PRIMARY KEY,
	order_pk INTEGER NOT NULL REFERENCES orders(pk),
	line_no INTEGER NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('new', 'renew', 'upgrade', 'add_licenses',
		'decrease', 'cancel', 'cancel_addon')),
	product_pk INTEGER NOT NULL REFERENCES products(pk),
	edition TEXT NOT NULL,
	user_tier INTEGER NOT NULL CHECK (user_tier > 0),
	period TEXT NOT NULL CHECK (period IN ('monthly', 'annual')),
	quantity INTEGER NOT NULL CHECK (quantity > 0),
	subscription_pk INTEGER REFERENCES subscriptions(pk),
	license_pk INTEGER,
	start_date TEXT,
	end_date TEXT,
	published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	unit_minor INTEGER NOT NULL DEFAULT 0,
	list_minor INTEGER NOT NULL DEFAULT 0,
	discount_minor INTEGER NOT NULL DEFAULT 0,
	markup_minor INTEGER NOT NULL DEFAULT 0,
	amount_minor INTEGER NOT NULL DEFAULT 0,
	effective TEXT CHECK (effective IN ('now', 'term_end')),
	instructions TEXT NOT NULL DEFAULT '',
	UNIQUE (order_pk, line_no)
);

CREATE TABLE invoices (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	number TEXT NOT NULL UNIQUE,
	order_pk INTEGER NOT NULL UNIQUE REFERENCES orders(pk),
	partner_pk INTEGER NOT NULL REFERENCES orgs(pk),
	customer_pk INTEGER NOT NULL REFERENCES orgs(pk),
	billing_account_pk INTEGER NOT NULL REFERENCES billing_accounts(pk),
	currency TEXT NOT NULL,
	net_minor INTEGER NOT NULL,
	tax_minor INTEGER NOT NULL,
	total_minor INTEGER NOT NULL,
	terms TEXT NOT NULL CHECK (terms IN ('due_on_receipt', 'net30')),
	issued_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'void', 'refunded')),
	paid_on TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX invoices_partner ON invoices(partner_pk, pk);
CREATE INDEX invoices_customer ON invoices(customer_pk, pk);

-- An invoice is paid in full by one payment.
CREATE TABLE payments (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	invoice_pk INTEGER NOT NULL UNIQUE REFERENCES invoices(pk),
	method TEXT NOT NULL CHECK (method IN ('card', 'paypal', 'bank_transfer', 'check', 'ach')),
	amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
	currency TEXT NOT NULL,
	paid_on TEXT NOT NULL,
	reference TEXT NOT NULL DEFAULT '',
	recorded_by_user_pk INTEGER NOT NULL REFERENCES users(pk),
	created_at TEXT NOT NULL
);

CREATE TABLE refunds (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	invoice_pk INTEGER NOT NULL REFERENCES invoices(pk),
	payment_pk INTEGER NOT NULL REFERENCES payments(pk),
	amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
	currency TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	refunded_on TEXT NOT NULL,
	requested_by_user_pk INTEGER NOT NULL REFERENCES users(pk),
	created_at TEXT NOT NULL
);
CREATE INDEX refunds_invoice ON refunds(invoice_pk);

CREATE TABLE credit_notes (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	number TEXT NOT NULL UNIQUE,
	invoice_pk INTEGER NOT NULL REFERENCES invoices(pk),
	refund_pk INTEGER NOT NULL UNIQUE REFERENCES refunds(pk),
	amount_minor INTEGER NOT NULL,
	currency TEXT NOT NULL,
	issued_on TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Self-managed (server, datacenter) licenses and their signed keys.
CREATE TABLE licenses (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	sen TEXT NOT NULL UNIQUE,
	customer_pk INTEGER NOT NULL REFERENCES orgs(pk),
	purchaser_partner_pk INTEGER REFERENCES orgs(pk),
	order_pk INTEGER REFERENCES orders(pk),
	product_pk INTEGER NOT NULL REFERENCES products(pk),
	edition TEXT NOT NULL,
	user_tier INTEGER NOT NULL CHECK (user_tier > 0),
	license_key TEXT NOT NULL,
	maintenance_start TEXT NOT NULL,
	maintenance_end TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'refunded')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX licenses_customer ON licenses(customer_pk, pk);
CREATE INDEX licenses_partner ON licenses(purchaser_partner_pk, pk);

-- Technical contacts of a license (SPEC section 1: one primary, any secondaries).
CREATE TABLE license_contacts (
	license_pk INTEGER NOT NULL REFERENCES licenses(pk),
	contact_pk INTEGER NOT NULL REFERENCES contacts(pk),
	role TEXT NOT NULL CHECK (role IN ('technical_primary', 'technical_secondary')),
	PRIMARY KEY (license_pk, contact_pk)
) WITHOUT ROWID;
CREATE UNIQUE INDEX license_one_primary
	ON license_contacts(license_pk) WHERE role = 'technical_primary';

-- Emails waiting to be delivered (the sender is a background job).
CREATE TABLE outbox (
	pk INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	recipient TEXT NOT NULL,
	template TEXT NOT NULL,
	data_json TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	sent_at TEXT
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_recipient ON outbox(recipient, pk);
