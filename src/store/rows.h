/* Readers of column lists that several store files select (store-internal). */
#ifndef TESSERA_STORE_ROWS_H
#define TESSERA_STORE_ROWS_H

#include "store/db.h"
#include "store/store.h"

/* Reads the SUB_COLS columns of the current row into a struct subscription. */
enum tess_err row_subscription(struct db_stmt *st, struct arena *a, void *out);
/* Reads the 13 contact columns (pk, id, customer_pk, name, email, phone,
 * address_line, city, postal_code, country, state, role, has_login) into a struct contact. */
enum tess_err row_contact(struct db_stmt *st, struct arena *a, void *out);

#endif
