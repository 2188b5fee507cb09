/*
 * What the quote files of api/ share (api-internal): reading the body of
 * POST /quotes (api/quote_create.c) and a priced quote not yet saved as
 * its preview shows it (api/quotes.c).
 */
#ifndef TESSERA_API_QUOTES_INT_H
#define TESSERA_API_QUOTES_INT_H

#include <jansson.h>

#include "http/handler.h"
#include "ops/quotes.h"

/*
 * Reads and checks r's body, the body of POST /quotes and of its preview,
 * into in (strings in r's arena); every shape error is a 400.
 */
enum tess_err quote_body_read(struct req *r, struct quote_save_in *in, struct problem *p);

/*
 * The quote q with its n lines as POST /quotes/preview answers it: the
 * saved quote's shape without id, number, status, created_at and pdf,
 * its customer's id null when the quote would create it. A new
 * reference, NULL when out of memory.
 */
json_t *quotes_preview_json(const struct quote *q, const struct quote_line *lines, size_t n,
                            tdate today);

#endif
