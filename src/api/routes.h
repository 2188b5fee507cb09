/*
 * The API's route table and its reply kinds (api/routes.c), which the
 * command line gives the server at start (struct server_config.routes):
 * the HTTP layer knows the route type, not the API.
 */
#ifndef TESSERA_API_ROUTES_H
#define TESSERA_API_ROUTES_H

#include <stddef.h>

#include "http/router.h"

/* Every route of the API, and their count. */
extern const struct route api_routes[];
extern const size_t api_routes_count;

/* The kinds of replies built after a commit (unit_reply_ref), and their count. */
extern const struct reply_kind api_reply_kinds[];
extern const size_t api_reply_kinds_count;

/* Both, as the server takes them. */
extern const struct route_table api_route_table;

#endif
