/*
 * What api/quotes.c shares with api/quote_create.c (api-internal): the
 * quote as a reply, re-read inside the unit that wrote it.
 */
#ifndef TESSERA_API_QUOTES_INT_H
#define TESSERA_API_QUOTES_INT_H

#include "http/handler.h"
#include "store/store.h"

/* Re-reads quote id inside the unit and sets it as the unit's reply with status. */
enum tess_err reply_quote(struct store_conn *c, struct store_unit *u, struct req *r,
                          const char *id, int status);

#endif
