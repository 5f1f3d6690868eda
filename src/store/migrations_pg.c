/* migrations_pg — the statements that migrations of migrations.c run on
 * PostgreSQL alone (see migrate_pg_list in migrations.h): what SQLite has no
 * words for or no need of, keyed by the migration's version.
 *
 * Ownership: static data. */
#include "store/migrations.h"

/* Migration 57: the references of the month's tables, as (table, column,
 * referenced table); every one references the other table's id. */
#define REFS_57                                                                                               \
    "('readings', 'tap_id', 'taps'), ('readings', 'meter_id', 'meters'),"                                     \
    " ('bills', 'tap_id', 'taps'), ('bills', 'customer_id', 'customers'), ('bills', 'reading_id', 'readings'),"  \
    " ('bill_lines', 'bill_id', 'bills'), ('bill_open', 'bill_id', 'bills'), ('bill_balances', 'bill_id', 'bills'),"\
    " ('payments', 'tap_id', 'taps'), ('payments', 'customer_id', 'customers'), ('payments', 'bill_id', 'bills'),"  \
    " ('payments', 'file_id', 'import_files'), ('payments', 'reverses', 'payments'),"                           \
    " ('allocations', 'payment_id', 'payments'), ('allocations', 'bill_id', 'bills'),"                          \
    " ('debit_items', 'batch_id', 'debit_batches'), ('debit_items', 'bill_id', 'bills'),"                       \
    " ('debit_items', 'mandate_id', 'mandates'), ('debit_items', 'payment_id', 'payments')"

static const char PG_57[] =
    /* A statement's new rows (suido_new; on an update, suido_old too): each
     * reference given as (column, referenced table) pairs in the trigger's
     * arguments must name an existing row.  On an update only the values
     * that no row held before the statement are looked up: the others were
     * checked when they were written, and referenced rows are not deleted. */
    "CREATE FUNCTION suido_refs_check() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
    "DECLARE i int := 0; bad bigint;\n"
    "BEGIN\n"
    "  WHILE i + 1 < TG_NARGS LOOP\n"
    "    IF TG_OP = 'UPDATE' THEN\n"
    "      EXECUTE format('SELECT d.v FROM (SELECT n.%1$I AS v FROM suido_new n WHERE n.%1$I IS NOT NULL'\n"
    "        ' EXCEPT SELECT o.%1$I FROM suido_old o) d'\n"
    "        ' WHERE NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.id = d.v) LIMIT 1', TG_ARGV[i], TG_ARGV[i + 1]) INTO bad;\n"
    "    ELSE\n"
    "      EXECUTE format('SELECT d.v FROM (SELECT DISTINCT n.%1$I AS v FROM suido_new n WHERE n.%1$I IS NOT NULL) d'\n"
    "        ' WHERE NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.id = d.v) LIMIT 1', TG_ARGV[i], TG_ARGV[i + 1]) INTO bad;\n"
    "    END IF;\n"
    "    IF bad IS NOT NULL THEN\n"
    "      RAISE EXCEPTION 'insert or update on table \"%\" violates foreign key: % = % is not present in table \"%\"',\n"
    "        TG_TABLE_NAME, TG_ARGV[i], bad, TG_ARGV[i + 1] USING ERRCODE = 'foreign_key_violation';\n"
    "    END IF;\n"
    "    i := i + 2;\n"
    "  END LOOP;\n"
    "  RETURN NULL;\n"
    "END $f$;\n"
    /* A referenced row: not deleted, its id not changed, while a row names
     * it (arguments: (table, column) pairs of the rows that may). */
    "CREATE FUNCTION suido_refs_keep() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
    "DECLARE i int := 0; found boolean;\n"
    "BEGIN\n"
    "  WHILE i + 1 < TG_NARGS LOOP\n"
    "    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1)', TG_ARGV[i], TG_ARGV[i + 1]) INTO found USING OLD.id;\n"
    "    IF found THEN\n"
    "      RAISE EXCEPTION 'update or delete on table \"%\" violates foreign key: id = % is still referenced from table \"%\"',\n"
    "        TG_TABLE_NAME, OLD.id, TG_ARGV[i] USING ERRCODE = 'foreign_key_violation';\n"
    "    END IF;\n"
    "    i := i + 2;\n"
    "  END LOOP;\n"
    "  RETURN OLD;\n"
    "END $f$;\n"
    /* TRUNCATE of a referenced table while a table naming it has rows. */
    "CREATE FUNCTION suido_refs_keep_all() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
    "DECLARE i int := 0; found boolean;\n"
    "BEGIN\n"
    "  WHILE i < TG_NARGS LOOP\n"
    "    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_ARGV[i]) INTO found;\n"
    "    IF found THEN\n"
    "      RAISE EXCEPTION 'cannot truncate table \"%\": table \"%\" references it', TG_TABLE_NAME, TG_ARGV[i]\n"
    "        USING ERRCODE = 'feature_not_supported';\n"
    "    END IF;\n"
    "    i := i + 1;\n"
    "  END LOOP;\n"
    "  RETURN NULL;\n"
    "END $f$;\n"
    "DO $d$\n"
    "DECLARE r record;\n"
    "BEGIN\n"
    "  CREATE TEMP TABLE refs57 (tbl text, col text, parent text) ON COMMIT DROP;\n"
    "  INSERT INTO refs57 VALUES " REFS_57 ";\n"
    /* the constraints (their names as PostgreSQL made them, found by column) */
    "  FOR r IN SELECT c.conrelid::regclass AS tbl, c.conname FROM pg_constraint c JOIN refs57 x\n"
    "      ON c.conrelid = x.tbl::regclass AND c.confrelid = x.parent::regclass\n"
    "      AND c.conkey = ARRAY[(SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = x.tbl::regclass AND a.attname = x.col)]\n"
    "      WHERE c.contype = 'f' LOOP\n"
    "    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);\n"
    "  END LOOP;\n"
    "  FOR r IN SELECT tbl, string_agg(quote_literal(col) || ', ' || quote_literal(parent), ', ' ORDER BY col) AS args\n"
    "      FROM refs57 GROUP BY tbl LOOP\n"
    "    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS suido_new'\n"
    "      ' FOR EACH STATEMENT EXECUTE FUNCTION suido_refs_check(%s)', r.tbl || '_refs_insert', r.tbl, r.args);\n"
    "    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS suido_old NEW TABLE AS suido_new'\n"
    "      ' FOR EACH STATEMENT EXECUTE FUNCTION suido_refs_check(%s)', r.tbl || '_refs_update', r.tbl, r.args);\n"
    "  END LOOP;\n"
    "  FOR r IN SELECT parent, string_agg(quote_literal(tbl) || ', ' || quote_literal(col), ', ' ORDER BY tbl, col) AS args,\n"
    "      string_agg(DISTINCT quote_literal(tbl), ', ') AS tbls FROM refs57 GROUP BY parent LOOP\n"
    "    EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I FOR EACH ROW EXECUTE FUNCTION suido_refs_keep(%s)',\n"
    "      r.parent || '_refs_delete', r.parent, r.args);\n"
    "    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OF id ON %I FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)'\n"
    "      ' EXECUTE FUNCTION suido_refs_keep(%s)', r.parent || '_refs_id', r.parent, r.args);\n"
    "    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION suido_refs_keep_all(%s)',\n"
    "      r.parent || '_refs_truncate', r.parent, r.tbls);\n"
    "  END LOOP;\n"
    "END $d$;";

const migration_pg migrate_pg_list[] = {
    {50, "ALTER TABLE debit_items SET (fillfactor = 40)"},
    {57, PG_57},
};

const int migrate_pg_count = (int)(sizeof migrate_pg_list / sizeof migrate_pg_list[0]);
