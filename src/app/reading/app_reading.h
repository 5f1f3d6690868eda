/* app_reading — meter reading: readings, routes, meters, imports, devices (app/reading/, app/account/app_device.c).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_READING_APP_READING_H
#define SUIDO_READING_APP_READING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* ---- meter reading (app_reading.c, app_reading_import.c, app_route.c,
 *      app_meter.c, app_device.c) ------------------------------------- */

/* One reading as it arrives (from a form, the JSON API, a CSV row).  Text
 * fields are validated here; NULL or "" meter_no means the tap's current
 * meter (required when the meter was replaced during the period). */
typedef struct app_reading_in {
    const char *tap_no, *meter_no, *read_on, *value;
    const char *client_id;    /* optional idempotency key (mobile app) */
    const char *source;       /* "office", "handheld", "csv", "mobile", "api" */
} app_reading_in;

/* Why a reading was refused (nothing stored). */
enum app_refusal {
    RF_NONE, RF_BAD_VALUE, RF_BAD_DATE, RF_FUTURE, RF_UNKNOWN_TAP, RF_CLOSED, RF_NO_METER, RF_UNKNOWN_METER,
    RF_REMOVED_METER, RF_METER_REQUIRED, RF_DIGITS, RF_OUTSIDE_CYCLE, RF_NOT_AFTER_PREV, RF_DUPLICATE,
    RF_CYCLE_DONE, RF__COUNT
};
const char *app_refusal_code(int rf);

typedef struct app_reading_out {
    int status;               /* READING_ACCEPTED, READING_HELD, READING_REFUSED */
    int64_t reading_id;       /* 0 when refused */
    int64_t usage;            /* m³ of the period (when not refused) */
    unsigned reasons;         /* enum reading_reason bits (when not refused) */
    int refusal;              /* enum app_refusal when refused */
    char message[256];        /* Japanese: the refusal with its particulars */
    bool duplicate;           /* the same reading was already stored: this is its answer */
    char cycle[8];
} app_reading_out;

/* Record one reading (its own transaction and audit row).  A refusal is not
 * an error: rc 0 with out->status READING_REFUSED. */
int app_reading_record(app_ctx *ctx, const app_reading_in *in, app_reading_out *out, err_t *e);

/* Several readings at once, all-or-nothing (mode "all": any refusal rolls the
 * whole file back) or "clean" (the clean rows are applied and the refused ones
 * kept in the rejects list for a clerk).  Idempotent: a row already stored
 * with the same value is answered as a duplicate, not stored twice.
 *
 * At most reading.max_import_rows rows (setting, default 200,000) per import:
 * more is refused whole (ERR_TOO_LARGE naming the limit; nothing stored).
 * The report is the one summary that the API, the screen and the CLI show:
 * counts, counts by reason, the first APP_IMPORT_SHOWN refused rows (in line
 * order), and, when any row was refused, the batch under which the full list
 * of refused rows is kept for download (app_reading_import_refusals_csv) —
 * also when an all-or-nothing import stored nothing else — for
 * APP_IMPORT_KEEP_DAYS. */
#define APP_IMPORT_SHOWN 100
#define APP_IMPORT_MAX_ROWS_DEFAULT 200000
#define APP_IMPORT_KEEP_DAYS 60   /* the refused rows of an import can be downloaded this long */
typedef struct app_import_row {
    int64_t line;             /* line in the file (1 = header) or index in a JSON array */
    char tap_no[32], meter_no[32], read_on[16], value[24];
    char client_id[48];
} app_import_row;
typedef struct app_import_result {
    int64_t line;
    app_reading_out out;      /* status READING_REFUSED, refusal and message */
} app_import_result;
typedef struct app_import_report {
    int64_t rows, accepted, held, refused, duplicates, skipped;
    int64_t by_refusal[RF__COUNT];   /* refused rows per enum app_refusal */
    int64_t max_rows;         /* the limit that applied */
    bool applied;             /* false: nothing was stored (mode "all" with refusals) */
    bool refusals_kept;       /* the full list is stored under batch */
    char batch[40];
    app_import_result *refusals;   /* the first APP_IMPORT_SHOWN by line; malloc'd; app_import_report_free */
    size_t nrefusals;
    double seconds;           /* wall time of the checks and writes, commit included */
    double commit_seconds;    /* of which the commit */
    double parse_seconds;     /* before that: decoding and parsing the CSV file (0 for JSON) */
} app_import_report;
/* The row limit in force (reading.max_import_rows); app_reading_import_fits:
 * 0, or ERR_TOO_LARGE naming the limit (on field) when n rows exceed it. */
int64_t app_reading_import_max_rows(const app_ctx *ctx);
int app_reading_import_fits(const app_ctx *ctx, size_t n, const char *field, err_t *e);
/* Japanese text of an enum app_refusal (static). */
const char *app_refusal_text(int rf);
int app_reading_import_rows(app_ctx *ctx, const app_import_row *rows, size_t n, const char *mode, const char *source,
                            app_import_report *rep, err_t *e);
/* A CSV file (UTF-8 with or without BOM, or CP932; encoding "auto", "utf8" or
 * "cp932") with a header row naming the columns 水栓番号 (tap_no), 検針日
 * (read_on), 指針 (value) and optionally メーター番号 (meter_no); other
 * columns are ignored, so a route list exported by suido can be filled in and
 * imported.  Rows with an empty 指針 are skipped (not read).  The file is
 * decoded and parsed a line at a time (no copy of it is made). */
int app_reading_import_csv(app_ctx *ctx, const char *data, size_t len, const char *encoding, const char *mode,
                           app_import_report *rep, err_t *e);
void app_import_report_free(app_import_report *rep);
/* The full list of an import's refused rows as CSV (UTF-8 with BOM; columns
 * 行,水栓番号,メーター番号,検針日,指針,理由コード,理由), appended to out.
 * Only for whoever sent the import (the same device or staff account), or
 * staff with PERM_READING_ENTER; a staff view is audited.  ERR_NOTFOUND for
 * an unknown batch or one the actor may not see. */
int app_reading_import_refusals_csv(app_ctx *ctx, const char *batch, buf_t *out, err_t *e);

/* Held readings: confirm (a second person: not whoever entered it), ask for
 * a re-read, or replace by an estimate (認定) when the meter cannot be read. */
/* Confirm a held reading (a second person; reason required: every held
 * reading is out of the ordinary, and the audit row keeps why it stands).
 * A reading held as exchange_start (below its new meter's start dial: the
 * 玉野 case) is never confirmed (ERR_CONFLICT): a re-read or an estimate
 * replaces it. */
int app_reading_confirm(app_ctx *ctx, int64_t reading_id, const char *reason, err_t *e);
int app_reading_request_reread(app_ctx *ctx, int64_t reading_id, err_t *e);
/* Estimated usage by the rule in settings; cause: a code of
 * domain/reading_cause.h ("locked", "car", ...). */
int app_reading_estimate(app_ctx *ctx, const char *tap_no, const char *read_on, const char *cause,
                         app_reading_out *out, err_t *e);
/* What app_reading_estimate would record, worked out without writing
 * anything (it is recorded and priced inside a transaction that is rolled
 * back): the usage, the dial it implies, the periods it is based on (newest
 * first) and the amount it would bill, for the person to see before
 * committing.  out->status
 * READING_REFUSED (with out->message) when the date cannot be estimated. */
typedef struct app_estimate_preview {
    char read_on[11], prev_read_on[11];
    int64_t usage, days, value;
    bool last_year;               /* the rule: the same period last year (else the average of three) */
    bool replaces_held;           /* a held reading of the cycle will be replaced */
    bool priced;                  /* the bill it would make could be priced: */
    int64_t total_yen;            /*   its total */
    int64_t prev_total_yen;       /*   the tap's newest current bill's total (0: none) */
    char unpriced[256];           /* else why not (Japanese) */
    struct {
        char read_on[11];
        int64_t usage, days;
    } basis[3];
    int nbasis;
} app_estimate_preview;
int app_reading_estimate_preview(app_ctx *ctx, const char *tap_no, const char *read_on, const char *cause,
                                 app_reading_out *out, app_estimate_preview *pv, err_t *e);

typedef struct app_reading {
    int64_t id;
    char tap_no[16], meter_no[24], cycle[8], read_on[11];
    int64_t value, prev_value, days, usage;
    char kind[12], status[12], source[16], entered_by[64], decided_by[64];
    unsigned reasons;
    bool reread;
} app_reading;
/* A tap's readings, newest first (not the replaced ones). */
int app_reading_history(app_ctx *ctx, const char *tap_no, size_t limit, app_reading **rows, size_t *n, err_t *e);
/* Readings with status "held" (cycle "" = all), oldest first. */
int app_reading_held(app_ctx *ctx, const char *cycle, app_reading **rows, size_t *n, err_t *e);
/* How many readings wait in the held queue, every cycle. */
int app_reading_held_count(app_ctx *ctx, int64_t *n, err_t *e);
/* The held queue as the office works through it (cycle "" = every cycle,
 * route "" = every route; at most 2,000): by route and route order, each
 * with the tap's previous regular usage and that of the same cycle a year
 * before (-1: none).  ERR_INVALID naming "cycle" or "route". */
typedef struct app_held_item {
    app_reading reading;
    char route[16];
    int64_t prev_usage, prev_days, ly_usage, ly_days;
} app_held_item;
int app_reading_held_list(app_ctx *ctx, const char *cycle, const char *route, app_held_item **rows, size_t *n,
                          err_t *e);
/* One held reading as the person confirming it sees it: the usage against
 * the previous period and the same period last year (-1: none), and the
 * amount it would bill against the tap's newest bill (priced as the billing
 * run prices it; nothing is written). */
typedef struct app_held_view {
    app_reading reading;
    int64_t prev_usage, prev_days, last_year_usage, last_year_days;
    char prev_read_on[11], last_year_read_on[11];
    bool priced;
    int64_t total_yen, prev_total_yen;
    char unpriced[256];
} app_held_view;
int app_reading_held_view(app_ctx *ctx, int64_t reading_id, app_held_view *out, err_t *e);
/* Leak suspects of a cycle (宅内漏水簡易調査). */
int app_reading_leaks(app_ctx *ctx, const char *cycle, app_reading **rows, size_t *n, err_t *e);

/* Rejected rows kept from "clean" imports. */
typedef struct app_reject {
    int64_t id, line, created_at;
    char batch[40], tap_no[32], meter_no[32], read_on[16], value[24], reason[64], created_by[64];
} app_reject;
int app_reading_rejects(app_ctx *ctx, app_reject **rows, size_t *n, err_t *e);
int app_reading_reject_resolve(app_ctx *ctx, int64_t id, err_t *e);

/* Routes and the schedule (app_route.c). */
typedef struct app_route_progress {
    char code[16], name[96], grp[12], from_on[11], to_on[11];
    int64_t taps, read, held;
} app_route_progress;
/* The current cycle ("YYYY-MM" of today in JST) into out (size 8). */
void app_cycle_today(char out[8]);
/* Check a cycle "YYYY-MM" (the field error names "cycle"); y and m receive
 * the year and month. */
int app_cycle_field(const char *cycle, int *y, int *m, err_t *e);
/* Schedule the routes due in a cycle (odd/even months, monthly ones every
 * month) with the month as the window; idempotent: *added counts new rows. */
int app_schedule_make(app_ctx *ctx, const char *cycle, int *added, err_t *e);
/* Register a route or change its name and group ("odd", "even", "monthly"). */
int app_route_save(app_ctx *ctx, const char *code, const char *name, const char *grp, err_t *e);
typedef struct app_route_def { char code[16], name[96], grp[12]; int64_t taps; } app_route_def;
/* Every registered route; with count_taps, its number of taps read this
 * month (a whole progress count: costly on a large city), else taps -1. */
int app_route_defs(app_ctx *ctx, bool count_taps, app_route_def **rows, size_t *n, err_t *e);
/* The routes scheduled in a cycle with their progress. */
int app_route_progress_list(app_ctx *ctx, const char *cycle, app_route_progress **rows, size_t *n, err_t *e);

typedef struct app_route_item {
    char tap_no[16], meter_no[24], address[256], name[96], note[256];
    int64_t order, digits;
    bool has_prev, has_range;
    char prev_read_on[11];
    int64_t prev_value, expected_low, expected_high;
    bool read;                 /* a reading of this cycle exists */
    char read_on[11], read_status[12];
    int64_t read_value, read_usage;
    unsigned read_reasons;
    bool reread;               /* a re-read is asked for */
    char stopped_on[11];       /* 給水停止 since ("" not stopped): no reading expected */
} app_route_item;
typedef struct app_route_list {
    app_route_progress route;
    char cycle[8];
    app_route_item *items;     /* malloc'd: app_route_list_free */
    size_t n;
} app_route_list;
/* A route's reading list for a cycle, in walking order (audited: it shows
 * names and addresses). */
int app_route_list_get(app_ctx *ctx, const char *route, const char *cycle, app_route_list *out, err_t *e);
void app_route_list_free(app_route_list *l);
/* The list as CSV for handheld terminals (docs/api.md lists the columns). */
int app_route_export_csv(app_ctx *ctx, const char *route, const char *cycle, const char *encoding, buf_t *out,
                         err_t *e);
/* The reader's note on a tap (犬あり, 鍵箱 1234 ...); sealed in the database. */
int app_reader_note_set(app_ctx *ctx, const char *tap_no, const char *note, err_t *e);
/* The note in plain text into out ("" when none). */
int app_reader_note_get(app_ctx *ctx, const char *tap_no, char *out, size_t outsz, err_t *e);

/* Meters (app_meter.c). */
typedef struct app_meter_input {
    const char *meter_no, *maker, *diameter, *digits, *certified_until;
} app_meter_input;
typedef struct app_meter {
    char meter_no[24], maker[64], certified_until[11], installed_on[11], removed_on[11], status[12];
    int64_t diameter, digits;
    bool expired;              /* certification has run out */
} app_meter;
/* Register a meter in stock. */
int app_meter_add(app_ctx *ctx, const app_meter_input *m, err_t *e);
/* Install a meter at a tap, or replace the one there: the old meter's final
 * dial (old_final) and the new meter's start dial are recorded as readings on
 * `on`, so the period's usage is the sum of both parts.  The new meter is
 * registered when it is not in stock yet (m gives its particulars).  A meter
 * of another diameter than the tap's registered one is refused (field
 * "confirm_diameter", naming both) unless diameter_confirmed: then the tap's
 * diameter changes from `on` and the bill splits the period by days. */
int app_meter_replace(app_ctx *ctx, const char *tap_no, const char *on, const char *old_final,
                      const app_meter_input *m, const char *start_value, bool diameter_confirmed, err_t *e);
/* The same inside the caller's transaction (no permission checked; on a
 * valid YYYY-MM-DD, start the new meter's dial): the works hand-over
 * installs the meter set at the completion inspection. */
int app_meter_replace_tx(app_ctx *ctx, const char *tap_no, const char *on, const char *old_final,
                         const app_meter_input *m, int64_t start, err_t *e);
/* The exchange with all its particulars, inside the caller's transaction
 * (no permission checked): on a valid YYYY-MM-DD at tap_no, the old
 * meter's final dial (field "old_final"; NULL when no meter is there),
 * the new meter (registered when unknown, unless must_exist: then
 * ERR_INVALID naming "serial"), its start dial and the test flush
 * (試験通水量, kept on its start reading and taken off the period's usage:
 * domain/meter/meter_exchange.h).  contractor_id > 0: the new meter must
 * be lent to that contractor (庫出; field "serial").  diameter_check: a new
 * meter of another diameter than the tap's is refused (ERR_INVALID naming
 * "confirm_diameter" and both diameters) unless diameter_confirmed, and
 * then the tap's diameter changes from `on` (tap_diameter_changes, so the
 * bill splits by days) and the audit row records it. */
typedef struct app_meter_exchange {
    const char *tap_no, *on, *old_final;
    const app_meter_input *meter;
    int64_t start, flush_m3, contractor_id;
    bool must_exist, diameter_check, diameter_confirmed;
} app_meter_exchange;
typedef struct app_meter_exchange_done {
    char old_no[24], new_no[24];
    int64_t old_diameter, new_diameter;   /* the tap's, before and after (equal: unchanged) */
    int64_t old_final, final_reading_id;
    bool final_held;                      /* the old meter's final dial is held */
} app_meter_exchange_done;
int app_meter_exchange_tx(app_ctx *ctx, const app_meter_exchange *x, app_meter_exchange_done *done, err_t *e);
/* Meters that have been at a tap, newest first. */
int app_meter_list_tap(app_ctx *ctx, const char *tap_no, app_meter **rows, size_t *n, err_t *e);

/* Handheld terminals' API tokens (app_device.c). */
typedef struct app_device {
    int64_t id;
    char name[64], created_by[64];
    int64_t created_at, revoked_at, last_used_at;
} app_device;
/* Issue a token for a new device: token_out (size 65) is shown once. */
int app_device_issue(app_ctx *ctx, const char *name, char token_out[65], int64_t *id_out, err_t *e);
int app_device_revoke(app_ctx *ctx, int64_t id, err_t *e);
int app_device_list(app_ctx *ctx, app_device **rows, size_t *n, err_t *e);
/* Resolve a bearer token into ctx->actor (role 検針, name "device:<name>");
 * ERR_AUTH when unknown or revoked. */
int app_auth_device(app_ctx *ctx, const char *token, err_t *e);

#endif
