/* reading_store — meter readings (検針), rejected import rows kept for a
 * clerk, and the reader's note on a tap (stored sealed by the caller).
 *
 * kind: "actual" (read by a person), "estimated" (認定), "final" (the last
 * reading of a meter taken out), "start" (a new meter's first dial).
 * status: "accepted" (billable), "held" (not billable until confirmed or
 * replaced), "replaced" (superseded by a re-read; kept for the record). */
#ifndef SUIDO_READING_STORE_H
#define SUIDO_READING_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct reading_row {
    int64_t id, tap_id, meter_id;
    char meter_no[24];          /* joined from meters on reads */
    char tap_no[16];            /* joined from taps on list reads */
    char cycle[8];
    char read_on[11];
    int64_t value, prev_value, days, meter_usage, usage;
    char kind[12], status[12];
    char reasons[200];          /* comma-separated reason codes */
    int64_t reread;             /* 1: a re-read has been asked for */
    char source[16];
    char client_id[48];
    char entered_by[64], decided_by[64];
    int64_t decided_at, created_at;
    int64_t flush_m3;           /* kind "start": the test flush at the meter's setting (試験通水量) */
} reading_row;

int reading_store_insert(db_conn *c, const reading_row *r, int64_t *id_out, err_t *e);
/* n new readings, READING_STORE_BATCH per statement (one round trip each on
 * PostgreSQL); their ids are not returned. */
#define READING_STORE_BATCH 64
int reading_store_insert_many(db_conn *c, const reading_row *rows, size_t n, err_t *e);
int reading_store_get(db_conn *c, int64_t id, reading_row *out, err_t *e);
/* The reading sent with this client id (ERR_NOTFOUND when none). */
int reading_store_by_client(db_conn *c, const char *client_id, reading_row *out, err_t *e);
/* The newest readings of a tap (status not "replaced"), newest first, up to
 * max into out (caller's array); *n receives the count. */
int reading_store_recent(db_conn *c, int64_t tap_id, reading_row *out, size_t max, size_t *n, err_t *e);
/* Same, for the checks: only readings on or after `since`, or between
 * also_from and also_to (NULL: no second window); dates YYYY-MM-DD; without
 * meter_no / tap_no (left ""). */
int reading_store_recent_since(db_conn *c, int64_t tap_id, const char *since, const char *also_from,
                               const char *also_to, reading_row *out, size_t max, size_t *n, err_t *e);
/* For up to READING_STORE_BATCH taps at once (an import reads ahead): every
 * reading not replaced on or after `from`, ordered by tap, then newest
 * first as above; malloc'd array, free(). */
int reading_store_recent_taps(db_conn *c, const int64_t *tap_ids, size_t n, const char *from, reading_row **rows,
                              size_t *nrows, err_t *e);
/* How many readings are held, every cycle (the partial index readings_held). */
int reading_store_count_held(db_conn *c, int64_t *n, err_t *e);
/* Change a reading's status where it still has `from` (ERR_CONFLICT if not). */
int reading_store_decide(db_conn *c, int64_t id, const char *from, const char *to, const char *reasons,
                         const char *by, int64_t at, err_t *e);
int reading_store_set_reread(db_conn *c, int64_t id, int64_t flag, err_t *e);
/* Readings with a status (and of a cycle, "" = any), oldest first, with
 * tap_no; malloc'd array, free(). */
int reading_store_list_status(db_conn *c, const char *status, const char *cycle, size_t limit, reading_row **rows,
                              size_t *n, err_t *e);
/* Readings of a cycle whose reasons include code (e.g. "leak"). */
int reading_store_list_reason(db_conn *c, const char *cycle, const char *code, reading_row **rows, size_t *n,
                              err_t *e);
int reading_store_set_note(db_conn *c, int64_t tap_id, const char *note_enc, err_t *e);
/* The sealed note ("" when none) into note_enc. */
int reading_store_get_note(db_conn *c, int64_t tap_id, char *note_enc, size_t size, err_t *e);

typedef struct reject_row {
    int64_t id;
    char batch[40];
    int64_t line;
    char tap_no[32], meter_no[32], read_on[16], value[24];
    char reasons[200];
    char created_by[64];
    int64_t created_at;
} reject_row;

int reject_store_insert(db_conn *c, const reject_row *r, err_t *e);
/* Rows not yet resolved, oldest first; malloc'd, free(). */
int reject_store_list_open(db_conn *c, size_t limit, reject_row **rows, size_t *n, err_t *e);
int reject_store_resolve(db_conn *c, int64_t id, int64_t at, err_t *e);

/* An import's summary and its refused rows (reading_imports,
 * reading_import_refusals), kept for the sender to download. */
typedef struct import_row {
    char batch[40], created_by[64], mode[8];
    int64_t created_at, nrows, refused;
    bool applied;
} import_row;
typedef struct import_refusal_row {
    int64_t seq, line;
    const char *tap_no, *meter_no, *read_on, *value, *code, *message;
} import_refusal_row;
int import_store_insert(db_conn *c, const import_row *r, err_t *e);
int import_store_refusal_insert(db_conn *c, const char *batch, const import_refusal_row *r, err_t *e);
/* Forget the imports made before `before` (unix seconds) and their refused rows. */
int import_store_purge(db_conn *c, int64_t before, err_t *e);
/* ERR_NOTFOUND (e untouched) when there is no such import. */
int import_store_get(db_conn *c, const char *batch, import_row *out, err_t *e);
/* Each refused row of batch in line order; fn's strings are valid during the
 * call only; a non-zero return from fn stops (and is returned). */
int import_store_refusals_each(db_conn *c, const char *batch, int (*fn)(const import_refusal_row *r, void *arg),
                               void *arg, err_t *e);

#endif
