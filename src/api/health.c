/* GET /api/v1/health: the process answers and the schema it runs. */
#include "api/api.h"

enum tess_err api_health(struct req *r, struct problem *p)
{
	json_t *o;
	enum tess_err err = req_query_allow(r, NULL, p);

	if (err != TESS_OK)
		return err;
	o = json_pack("{s:s, s:i}", "status", "ok", "schema_version",
	              store_schema_version(r->store));
	if (o == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "health: json_pack failed");
	req_reply(r, 200, o);
	return TESS_OK;
}
