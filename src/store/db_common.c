/* Parts of db.h that every backend shares. */
#include "store/db.h"

void db_bind_opt_pk(struct db_stmt *s, int i, int64_t pk)
{
	if (pk != 0)
		db_bind_i64(s, i, pk);
	else
		db_bind_null(s, i);
}

enum tess_err db_insert_returning(struct db_stmt *s, int64_t *pk_out)
{
	enum tess_err err;
	if (s == NULL)
		return TESS_ERR_INTERNAL;
	err = db_one_row(db_step(s));
	if (err == TESS_OK && pk_out != NULL)
		*pk_out = db_col_i64(s, 0);
	db_done(s);
	return err;
}
