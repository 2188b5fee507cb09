/*
 * jansson's memory. While a thread has an arena set (a request on a
 * worker, a unit of work on the writer), the JSON values it builds come
 * from that arena and freeing them costs nothing: the arena releases them
 * all at once. Without one, values use malloc and free as usual.
 *
 * Rules: every value made under an arena is released (json_decref) before
 * the thread sets another arena or none; no such value outlives its
 * arena. Text for the outside (replies, stored bodies) comes from
 * json_text(), which is plain malloc'd memory whatever the arena.
 */
#ifndef TESSERA_UTIL_JSON_MEM_H
#define TESSERA_UTIL_JSON_MEM_H

#include <jansson.h>

struct arena;

/* Points jansson at this module; call once, before any JSON value exists. */
void json_mem_install(void);
/* Sets the calling thread's arena (NULL for none); returns the one it replaces. */
struct arena *json_mem_use(struct arena *a);
/* v serialised with jansson's flags into a malloc'd string (free() it); NULL on failure. */
char *json_text(const json_t *v, size_t flags);

#endif
