/* JSON values of dates, times and amounts, as the API and the records write them. New references. */
#ifndef TESSERA_UTIL_JSON_FMT_H
#define TESSERA_UTIL_JSON_FMT_H

#include <jansson.h>
#include <stdint.h>

#include "util/date.h"
#include "util/money.h"

/* "YYYY-MM-DD". */
json_t *json_date(tdate d);
/* RFC 3339 UTC timestamp. */
json_t *json_ts(int64_t ts);
/* {"amount": "123.45", "currency": "USD"} */
json_t *json_money(struct money m);

#endif
