/*
 * The column lists the readers of store/events.c read, each in the order
 * its reader reads it (store-internal). A backend's statements select a
 * list as it stands, over the table aliases named here; one that must
 * spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_EVENTS_ROWS_H
#define TESSERA_STORE_EVENTS_ROWS_H

/*
 * A purchase event (e) with its subscription (s) and the order line (ol)
 * and order (o) it came from, both may be missing: row_purchase_event.
 */
#define PURCHASE_EVENT_COLS                                                                        \
	"e.id, e.subscription_pk, s.id, e.at, e.kind, e.actor_user_pk, e.quantity, "               \
	"e.amount_minor, e.currency, e.note, o.origin, ol.published"

/* An audit event (a) with the user who acted (u, may be missing): row_audit. */
#define AUDIT_COLS                                                                                 \
	"a.id, a.at, COALESCE(u.id, ''), a.action, a.object_type, a.object_id, a.before_json, "    \
	"a.after_json, a.pk"

#endif
