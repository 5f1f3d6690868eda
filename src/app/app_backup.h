/* app_backup — `suido backup` for the SQLite flavour: online snapshots of
 * the database sent to a restic repository, the list of them, restores
 * that check what they wrote, restore drills, and retention.
 *
 * A snapshot holds two files: suido.db (a copy made through SQLite's online
 * backup API while the server may be writing: never a copy of the live
 * file) and manifest.txt (domain/backup_manifest.h: schema, each table's
 * rows and checksum, the file's SHA-256, suido's version, the time).  It is
 * tagged "suido", "schema=N", "version=V" and "bytes=N" so that the list
 * needs no download.  The key file is NOT in the snapshot (docs/operations.md:
 * key escrow); a restore says when the key for the restored data is missing.
 *
 * Settings ([backup] in suido.ini; environment in brackets):
 *   repository  (SUIDO_BACKUP_REPO)           restic repository: a path, sftp:..., rest:...
 *   password_file (SUIDO_BACKUP_PASSWORD_FILE) the repository's password, a 0600 file
 *   keep_daily / keep_weekly / keep_monthly    retention for `backup prune` (14 / 8 / 12)
 *   work_dir   where snapshots are staged (default: the database's directory)
 *   restic     the restic program (default "restic" on PATH)
 *
 * Ownership: result structs are filled by value; arrays from app_backup_list
 * are malloc'd and released with free(). */
#ifndef SUIDO_APP_BACKUP_H
#define SUIDO_APP_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "domain/backup_retention.h"

typedef struct app_backup_settings {
    char repository[1024];
    char password_file[1024];
    char work_dir[1024];
    char restic[256];
    backup_retention keep;
} app_backup_settings;

/* Read and check [backup] (and the database URL: SQLite only).  A missing
 * or wrong setting is ERR_INVALID naming it (Japanese), e.g. no repository,
 * a password file that is missing or readable by others. */
int app_backup_settings_load(const config *cfg, app_backup_settings *s, err_t *e);

/* Create the repository (restic init); ERR_CONFLICT when one is there. */
int app_backup_init(const app_backup_settings *s, err_t *e);

typedef struct app_backup_result {
    char snapshot[72];      /* restic's snapshot id */
    int64_t bytes;          /* the database file's size */
    int64_t schema;
    int64_t tables;
} app_backup_result;
/* One snapshot of ctx's database (the usual connection) into the
 * repository; the staging directory (0700, unique) is removed whatever
 * happens.  version: suido's version for the manifest.  Audited
 * (backup.run). */
int app_backup_run(app_ctx *ctx, const app_backup_settings *s, const char *version, app_backup_result *r,
                   err_t *e);

typedef struct app_backup_snapshot {
    char id[72];
    char short_id[16];
    char time[40];          /* as restic wrote it (ISO 8601 with offset) */
    int64_t bytes;          /* -1: not tagged */
    int64_t schema;         /* -1: not tagged */
    char version[32];
} app_backup_snapshot;
/* The repository's suido snapshots, oldest first. */
int app_backup_list(const app_backup_settings *s, app_backup_snapshot **rows, size_t *n, err_t *e);

typedef enum app_backup_key_state {
    APP_BACKUP_KEY_OK,          /* the key file opens the restored data */
    APP_BACKUP_KEY_MISSING,     /* no key file (or unreadable) at key_file */
    APP_BACKUP_KEY_WRONG,       /* a key file, but not the one for this data */
    APP_BACKUP_KEY_UNTESTED,    /* nothing sealed in the audit log to try it on */
} app_backup_key_state;

typedef struct app_backup_restore_report {
    char snapshot[72];
    char db_path[1100];
    bool file_ok;               /* SHA-256 as in the manifest */
    char integrity[128];        /* "ok" or SQLite's first complaint */
    int64_t schema, manifest_schema;
    int latest_schema;          /* this binary's */
    bool audit_checked;         /* the chain needs the key: not checked without it */
    int64_t audit_rows, audit_bad_seq;
    char audit_problem[256];
    int key_state;              /* app_backup_key_state */
    char key_file[1024];
    char key_problem[256];
    bool ok;                    /* the database checks passed (the key aside) */
} app_backup_restore_report;
/* Restore snapshot id ("latest" allowed) to dir/suido.db and check it.  dir
 * is created (0700) when missing; a non-empty dir is refused (ERR_CONFLICT
 * naming it).  key_file: where the key for the restored data is expected
 * (crypto.key_file).  Returns 0 when restored (see rep for the checks). */
int app_backup_restore(const app_backup_settings *s, const char *id, const char *dir, const char *key_file,
                       app_backup_restore_report *rep, err_t *e);

typedef struct app_backup_check_report {
    char snapshot[72];
    int64_t tables;
    bool drill_ok;
    char drill_problem[256];    /* the first difference, naming the table */
    bool repo_ok;
    char repo_problem[512];     /* the end of restic check's complaint */
} app_backup_check_report;
/* A restore drill of snapshot id ("latest") into a private temporary place:
 * the file's SHA-256, the integrity check, every table's rows and checksum
 * against the manifest; then `restic check --read-data` (subset: e.g. "10%"
 * for --read-data-subset; NULL or "" reads all the data).  Returns 0 when
 * both ran (see rep). */
int app_backup_check(const app_backup_settings *s, const char *id, const char *subset, app_backup_check_report *rep,
                     err_t *e);

/* Retention: restic forget --prune with the keep_* settings. */
int app_backup_prune(const app_backup_settings *s, char *summary, size_t summarysz, err_t *e);

#endif
