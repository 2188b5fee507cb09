-- Tessera schema, version 5: CHECK constraints on a column's few allowed
-- values are written as comparisons joined by OR instead of IN lists.
-- SQLite checks an IN list of more than two constants through a temporary
-- b-tree, which it builds for every row it inserts (and every update of
-- the column): a few microseconds each, a dozen times an order. The two
-- forms accept exactly the same values (NULL included, which passes both),
-- so the table definitions are edited in place, as SQLite documents for
-- changes that leave the stored rows as they are; the rows and indexes are
-- untouched.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (kind IN (''vendor'', ''partner'', ''distributor'', ''customer''))',
	'CHECK (kind = ''vendor'' OR kind = ''partner'' OR kind = ''distributor'''
	|| ' OR kind = ''customer'')')
	WHERE type = 'table' AND name = 'orgs';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (tier IN (''unaffiliated'', ''corporate'', ''partner''))',
	'CHECK (tier = ''unaffiliated'' OR tier = ''corporate'' OR tier = ''partner'')')
	WHERE type = 'table' AND name = 'orgs';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (eligibility IN (''none'', ''nonprofit'', ''academic'', ''government''))',
	'CHECK (eligibility = ''none'' OR eligibility = ''nonprofit'''
	|| ' OR eligibility = ''academic'' OR eligibility = ''government'')')
	WHERE type = 'table' AND name = 'orgs';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (role IN (''vendor_admin'', ''vendor_support'', ''partner_user'''
	|| ', ''customer_contact''))',
	'CHECK (role = ''vendor_admin'' OR role = ''vendor_support'''
	|| ' OR role = ''partner_user'' OR role = ''customer_contact'')')
	WHERE type = 'table' AND name = 'memberships';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (hosting IN (''cloud'', ''datacenter'', ''server''))',
	'CHECK (hosting = ''cloud'' OR hosting = ''datacenter'' OR hosting = ''server'')')
	WHERE type = 'table' AND name = 'products';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (edition IN (''free'', ''standard'', ''premium'', ''enterprise''))',
	'CHECK (edition = ''free'' OR edition = ''standard'' OR edition = ''premium'''
	|| ' OR edition = ''enterprise'')')
	WHERE type = 'table' AND name = 'prices';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (edition IN (''free'', ''standard'', ''premium'', ''enterprise''))',
	'CHECK (edition = ''free'' OR edition = ''standard'' OR edition = ''premium'''
	|| ' OR edition = ''enterprise'')')
	WHERE type = 'table' AND name = 'subscriptions';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (state IN (''live'', ''cancelled'', ''expired''))',
	'CHECK (state = ''live'' OR state = ''cancelled'' OR state = ''expired'')')
	WHERE type = 'table' AND name = 'subscriptions';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (role IN (''customer'', ''technical_primary'', ''technical_secondary'', ''billing''))',
	'CHECK (role = ''customer'' OR role = ''technical_primary'''
	|| ' OR role = ''technical_secondary'' OR role = ''billing'')')
	WHERE type = 'table' AND name = 'subscription_contacts';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''open'', ''ordered'', ''cancelled''))',
	'CHECK (status = ''open'' OR status = ''ordered'' OR status = ''cancelled'')')
	WHERE type = 'table' AND name = 'quotes';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (action IN (''new'', ''renew'', ''upgrade''))',
	'CHECK (action = ''new'' OR action = ''renew'' OR action = ''upgrade'')')
	WHERE type = 'table' AND name = 'quote_lines';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''pending_reseller_approval'''
	|| ', ''pending_review'',' || char(10) || char(9) || char(9) || '''in_progress'''
	|| ', ''executed'', ''canceled''))',
	'CHECK (status = ''pending_reseller_approval'' OR status = ''pending_review'''
	|| ' OR status = ''in_progress'' OR status = ''executed'' OR status = ''canceled'')')
	WHERE type = 'table' AND name = 'orders';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (payment_method IN (''card'', ''paypal'', ''bank_transfer'''
	|| ', ''check'',' || char(10) || char(9) || char(9) || '''ach'', ''net30''))',
	'CHECK (payment_method = ''card'' OR payment_method = ''paypal'''
	|| ' OR payment_method = ''bank_transfer'' OR payment_method = ''check'''
	|| ' OR payment_method = ''ach'' OR payment_method = ''net30'')')
	WHERE type = 'table' AND name = 'orders';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (action IN (''new'', ''renew'', ''upgrade'''
	|| ', ''add_licenses'',' || char(10) || char(9) || char(9) || '''decrease'''
	|| ', ''cancel'', ''cancel_addon''))',
	'CHECK (action = ''new'' OR action = ''renew'' OR action = ''upgrade'''
	|| ' OR action = ''add_licenses'' OR action = ''decrease'' OR action = ''cancel'''
	|| ' OR action = ''cancel_addon'')')
	WHERE type = 'table' AND name = 'order_lines';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''open'', ''paid'', ''void'', ''refunded''))',
	'CHECK (status = ''open'' OR status = ''paid'' OR status = ''void'' OR status = ''refunded'')')
	WHERE type = 'table' AND name = 'invoices';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (method IN (''card'', ''paypal'', ''bank_transfer'', ''check'', ''ach''))',
	'CHECK (method = ''card'' OR method = ''paypal'' OR method = ''bank_transfer'''
	|| ' OR method = ''check'' OR method = ''ach'')')
	WHERE type = 'table' AND name = 'payments';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''pending'', ''sent'', ''failed''))',
	'CHECK (status = ''pending'' OR status = ''sent'' OR status = ''failed'')')
	WHERE type = 'table' AND name = 'outbox';
PRAGMA writable_schema = RESET;
