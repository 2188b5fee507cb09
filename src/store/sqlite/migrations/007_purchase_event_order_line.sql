-- Tessera schema, version 7: a purchase event names the order line it
-- came from, so that its amount is shown as SPEC rule 16 lets the reader
-- see that line's (who placed the order, whether the item was published
-- on the partner's storefront). Events without one (the demo's, and every
-- event of an earlier version) count as the partner's purchases.
ALTER TABLE purchase_events ADD COLUMN order_line_pk INTEGER REFERENCES order_lines(pk);
