/* Readers of column lists that several store files select (store-internal). */
#ifndef TESSERA_STORE_ROWS_H
#define TESSERA_STORE_ROWS_H

#include "store/db.h"
#include "store/store.h"

/* Reads the SUB_COLS columns of the current row (store/sqlite/stmts.c). */
enum tess_err row_subscription(struct db_stmt *st, struct arena *a, struct subscription *s);
/* Reads the 13 contact columns (pk, id, customer_pk, name, email, phone,
 * address_line, city, postal_code, country, state, role, has_login). */
enum tess_err row_contact(struct db_stmt *st, struct arena *a, struct contact *ct);

#endif
