/* portal_role_store — what the citizen portal's database connection may
 * touch, written once and enforced per engine: on PostgreSQL as the grants
 * of its own LOGIN role (`suido portal grant ROLE`), on SQLite as an
 * authorizer on its connection (db_restrict, in-process only).
 *
 * The portal may insert an application (receipt_no, secret_hash, kind,
 * effective_on, payload_sealed, created_at) and read its status (id,
 * receipt_no, secret_hash, kind, status, effective_on, reject_reason,
 * created_at) — never the sealed payload back, never another table. */
#ifndef SUIDO_PORTAL_ROLE_STORE_H
#define SUIDO_PORTAL_ROLE_STORE_H

#include "store/db.h"

/* Restrict c to the portal's grants (SQLite: authorizer; PostgreSQL: no-op). */
int portal_role_restrict(db_conn *c, err_t *e);

/* PostgreSQL only, in one transaction: create the role (LOGIN, no other
 * attribute) with password, or set the password of an existing one (refused
 * when it is a superuser or the connected role itself); revoke everything
 * on the schema's tables and sequences; grant the portal's columns, USAGE
 * on the schema and on applications' id sequence; then check that the role
 * reaches no other table or sequence (e.g. through a grant to PUBLIC):
 * ERR_CONFLICT naming it otherwise.  role: [a-z_][a-z0-9_]{0,62}.
 * *created tells whether the role was made now. */
int portal_role_grant(db_conn *c, const char *role, const char *password, bool *created, err_t *e);

#endif
