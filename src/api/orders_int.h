/*
 * What api/orders.c shares with the other API resources (api-internal):
 * the order as a viewer sees it.
 */
#ifndef TESSERA_API_ORDERS_INT_H
#define TESSERA_API_ORDERS_INT_H

#include <jansson.h>

#include "store/orders.h"

/*
 * The order as viewer sees it (SPEC rules 12, 16), with its n lines when
 * with_lines. A new reference, NULL when out of memory.
 */
json_t *orders_json(const struct order *o, const struct order_line *lines, size_t n,
		    bool with_lines, enum role viewer);

#endif
