/* meter_master_store — the meter master (量水器台帳: table meters with the
 * columns of migration 37) as the stock needs it: every particular of a
 * meter, where it is (contractor, tap), moves of its status guarded by the
 * status it was read in, and the serials a delivery would clash with.
 * The reading side's view of the same rows is store/reading/meter_store.h.
 *
 * Ownership: rows are filled by value; lists are malloc'd arrays, free(). */
#ifndef SUIDO_METER_MASTER_STORE_H
#define SUIDO_METER_MASTER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct meter_master_row {
    int64_t id;
    char serial[24];             /* meters.meter_no */
    char maker[64], model[64], lot[40];
    int64_t diameter, digits;
    char certified_until[11];    /* 検定満了 YYYY-MM-DD */
    char status[12];             /* domain/meter/meter_status.h codes */
    int64_t receipt_id;          /* 0: not received through 庫入 */
    int64_t contractor_id;       /* 0 unless issued */
    char contractor_no[24], contractor_name[256];
    int64_t tap_id;              /* the tap it is (or was last) at; 0 none */
    char tap_no[16];
    char installed_on[11], removed_on[11];
    int64_t created_at;
} meter_master_row;

/* A new meter (status, receipt_id, lot, model as given; contractor and tap
 * none).  ERR_CONFLICT (field "serials") naming the serial when it exists. */
int meter_master_store_insert(db_conn *c, const meter_master_row *m, int64_t *id_out, err_t *e);
/* ERR_NOTFOUND (field "serial", message for the user) when there is none. */
int meter_master_store_get(db_conn *c, const char *serial, meter_master_row *out, err_t *e);
/* Move meter id from status `from` to `to`, holding contractor_id (0:
 * none).  ERR_CONFLICT when it is no longer in `from` (another move came
 * first). */
int meter_master_store_move(db_conn *c, int64_t id, const char *from, const char *to, int64_t contractor_id,
                            err_t *e);
/* A new certification expiry (a meter passed its 検定 again). */
int meter_master_store_recertify(db_conn *c, int64_t id, const char *certified_until, err_t *e);
/* The existing serials of the same length as lo and hi, between them
 * (byte order), in that order: those a range lo..hi could clash with
 * (the caller keeps those that are in the range).  malloc'd, free(). */
typedef struct meter_serial_row { char serial[24]; } meter_serial_row;
int meter_master_store_between(db_conn *c, const char *lo, const char *hi, meter_serial_row **rows, size_t *n,
                               err_t *e);
/* Search: serial prefix (q ""= any), status ("" any), diameter (0 any),
 * contractor id (0 any); by serial, at most limit. */
typedef struct meter_master_filter {
    const char *q, *status;
    int64_t diameter, contractor_id, limit;
} meter_master_filter;
int meter_master_store_find(db_conn *c, const meter_master_filter *f, meter_master_row **rows, size_t *n, err_t *e);

#endif
