#include "ops/actor.h"

#include <string.h>

struct actor actor_of(const struct principal *who, int64_t now, tdate today, const char *trace)
{
	struct actor a;

	memset(&a, 0, sizeof(a));
	a.user_pk = who->user_pk;
	a.email = who->email != NULL ? who->email : "";
	a.name = who->name != NULL ? who->name : "";
	a.org_pk = who->org_pk;
	a.role = who->role;
	a.tenancy = tenancy_of(who);
	a.now = now;
	a.today = today;
	a.trace = trace != NULL ? trace : "";
	return a;
}
