-- Tessera schema, version 12: the billing dashboard counts subscriptions
-- by status (upcoming, active, inactive: SPEC rule 15, derived from the
-- state and the start date) for vendor staff over every subscription and
-- for a partner over its own. These indexes hold both columns, so each
-- count is a range of one index, read without touching the table. A
-- customer's subscriptions are few and are counted through
-- subscriptions_customer.
CREATE INDEX subscriptions_state ON subscriptions(state, start_date);
CREATE INDEX subscriptions_partner_state ON subscriptions(partner_pk, state, start_date);
