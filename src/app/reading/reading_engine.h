/* reading_engine — the checks and writes of one reading inside a caller's
 * transaction, shared by single readings, imports and estimates (app-internal).
 *
 * The engine caches the reading schedule for the length of one use case, so
 * an import of tens of thousands of rows looks each row's cycle up in memory.
 * It never begins or ends a transaction and writes no audit row: that is the
 * calling use case's job. */
#ifndef SUIDO_READING_ENGINE_H
#define SUIDO_READING_ENGINE_H

#include "app/app.h"
#include "app/reading/app_reading.h"
#include "store/reading/meter_store.h"
#include "store/reading/reading_store.h"
#include "store/reading/route_store.h"
#include "store/registry/tap_store.h"

#define READING_HISTORY 16

typedef struct reading_engine {
    app_ctx *ctx;
    schedule_row *sched;     /* sorted by route, then from_on */
    size_t nsched;
    char today[11];
    int64_t now;
    struct reading_context *scratch;   /* reused by reading_engine_record */
    bool stop;               /* a stop's final reading (中止): allowed off the schedule (its cycle is the
                              * date's month) and after the cycle's regular reading */
    /* reading_engine_defer: new readings are kept here and written
     * READING_STORE_BATCH at a time (their ids are then 0 in the answers) */
    reading_row *pending;
    size_t npending;
} reading_engine;

/* What is known about a tap's meter before a new reading: the basis for the
 * checks, and the rows that matter. */
typedef struct reading_context {
    /* Cleared for each reading: everything up to `recent`. */
    tap_row tap;
    meter_row meter;
    int64_t flush_m3;             /* a "start" reading: the test flush at the meter's setting */
    reading_row recent[READING_HISTORY];   /* newest first */
    size_t nrecent;
    const reading_row *prev;      /* previous reading on this meter (NULL: none) */
    const reading_row *replace;   /* a held reading this one replaces (re-read), or NULL */
    const reading_row *periods[READING_HISTORY];   /* accepted regular readings, newest first */
    size_t nperiods;
    reading_basis basis;
    char cycle[8];
    char on[11];                  /* the reading's date, YYYY-MM-DD */
} reading_context;

int reading_engine_init(reading_engine *g, app_ctx *ctx, err_t *e);
/* From now on, write new readings in batches (an import: one round trip per
 * READING_STORE_BATCH readings on PostgreSQL).  The caller flushes before
 * its transaction ends; the engine flushes by itself before it reads the
 * database (reading_engine_record).  The answers' reading_id is then 0. */
int reading_engine_defer(reading_engine *g, err_t *e);
int reading_engine_flush(reading_engine *g, err_t *e);
/* Unflushed readings are dropped (the caller rolls back). */
void reading_engine_free(reading_engine *g);
/* Check and store one reading.  Refusals fill out (status READING_REFUSED)
 * and return 0; rc is a database error only (the caller rolls back). */
int reading_engine_record(reading_engine *g, const app_reading_in *in, app_reading_out *out, err_t *e);
/* The rest of reading_engine_record once the context is gathered (c may
 * have been gathered on another connection holding the same snapshot). */
int reading_engine_finish(reading_engine *g, reading_context *c, const app_reading_in *in, int64_t value,
                          app_reading_out *out, err_t *e);
/* A dial value as typed: ASCII digits (at most 9), spaces around allowed. */
bool reading_parse_dial(const char *s, int64_t *v);
/* What an import's reader has read ahead for one tap: its meter lookup and
 * its readings on or after `from`, newest first (pointers into the reader's
 * chunk).  The gathering then asks the database only when the tap's history
 * reaches further back. */
typedef struct reading_lookup {
    const meter_at *at;
    const reading_row *recent;
    size_t nrecent;
    char from[11];
} reading_lookup;

/* Gather the context for a reading of tap_no's meter on read_on (no value
 * yet), from lk when given (NULL: from the database).  Refusals as above;
 * out->status stays READING_ACCEPTED when the context is usable. */
int reading_engine_gather(reading_engine *g, const char *tap_no, const char *meter_no, const char *read_on,
                          const reading_lookup *lk, reading_context *rc_out, app_reading_out *out, err_t *e);
/* From c->meter and c->recent (filled by the caller), find the previous
 * reading, a held one to replace, the past periods, and build c->basis for
 * a reading on `on`. */
void reading_context_derive(const reading_engine *g, reading_context *c, const char *on);
/* Store a checked reading: kind, status and reasons decided by the caller;
 * marks ctx->replace as replaced. */
int reading_engine_store(reading_engine *g, reading_context *c, const char *kind, int status, int64_t value,
                         int64_t meter_usage, unsigned reasons, const char *source, const char *client_id,
                         app_reading_out *out, err_t *e);
/* Reason bits as "code,code" into out. */
void reading_reasons_join(unsigned bits, char *out, size_t outsz);
/* The Japanese text of a refusal (generic; out->message has particulars). */
const char *reading_refusal_text(int rf);

#endif
