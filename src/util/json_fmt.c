#include "util/json_fmt.h"

json_t *json_date(tdate d)
{
	char s[11];
	date_format(d, s);
	return json_string(s);
}

json_t *json_ts(int64_t ts)
{
	char s[21];
	ts_format(ts, s);
	return json_string(s);
}

json_t *json_money(struct money m)
{
	char s[32];
	money_format(m, s);
	return json_pack("{s:s, s:s}", "amount", s, "currency", m.currency);
}
