/*
 * The column list the reader of store/core.c reads, in the order it reads
 * it (store-internal). A backend's statements select it as it stands; one
 * that must spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_CORE_ROWS_H
#define TESSERA_STORE_CORE_ROWS_H

/* A stored reply, from idempotency_keys alone: row_idem_reply. */
#define IDEM_COLS "request_hash, status, body, reply_kind, reply_id"

#endif
