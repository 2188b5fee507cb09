/*
 * The column lists the readers of store/users.c read, each in the order
 * its reader reads it (store-internal). A backend's statements select a
 * list as it stands, over the table aliases named here; one that must
 * spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_USERS_ROWS_H
#define TESSERA_STORE_USERS_ROWS_H

/* A user, from users alone: row_user. */
#define USER_COLS "pk, id, email, name, password_hash, disabled"

/* An organization (o) a user belongs to through a membership (m): row_membership. */
#define MEMBERSHIP_COLS "o.pk, o.id, o.name, o.kind, m.role"

/*
 * A credential (c) with its user (u), the organization it acts for (o)
 * and the user's membership of it (m): row_principal.
 */
#define PRINCIPAL_COLS                                                                             \
	"c.id, c.kind, m.role, c.csrf_hash, u.pk, u.id, u.email, u.name, o.pk, o.id, "             \
	"o.kind, o.name"

/* A credential (c), its organization (o) and the role it has there (m): row_credential_info. */
#define CREDENTIAL_INFO_COLS "c.id, c.kind, c.name, m.role, o.id, c.created_at, c.expires_at"

#endif
