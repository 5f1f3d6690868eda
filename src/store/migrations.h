/* migrations — the schema's history: every migration in version order,
 * applied by migrate.c.  A new one goes at the end with the next version
 * (gaps are allowed: migrate_apply runs those above the database's current
 * version).  SQL is shared by both engines; "@ID@" stands for the
 * auto-increment primary key, spelled per engine.  Personal-data columns hold
 * ciphertext (suffix _enc) and blind indexes (suffix _bidx) only.
 *
 * Ownership: static data. */
#ifndef SUIDO_MIGRATIONS_H
#define SUIDO_MIGRATIONS_H

typedef struct migration {
    int version;
    const char *name;
    const char *sql;
    /* A table whose rows this migration shrinks: on a database that had rows
     * before it, the pages keep the old rows' room until the table is
     * rewritten (SQLite: VACUUM of the file; PostgreSQL: VACUUM FULL of the
     * table), which migrate_apply does once after the migrations. */
    const char *compact;
} migration;

extern const migration migrate_list[];
extern const int migrate_count;

/* PostgreSQL only (migrations_pg.c): statements that a migration of migrate_list runs after
 * its sql, in the same transaction (what SQLite has no words for, such as a
 * table's storage parameters; that migration's sql may be "", nothing on
 * SQLite).  Keyed by the migration's version. */
typedef struct migration_pg {
    int version;
    const char *sql;
} migration_pg;

extern const migration_pg migrate_pg_list[];
extern const int migrate_pg_count;

#endif
