/* meter_store — meters (量水器) as far as reading needs them: number, maker,
 * diameter, digits, certification expiry, and where each one is installed.
 * A meter's status is one of domain/meter/meter_status.h: here "stock" or
 * "issued" (a contractor holds it) before it is installed, "installed"
 * (tap_id set) and "removed"; the stock side of the same rows is
 * store/meter/meter_master_store.h. */
#ifndef SUIDO_METER_STORE_H
#define SUIDO_METER_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "store/db.h"
#include "store/registry/tap_store.h"

typedef struct meter_row {
    int64_t id;
    char meter_no[24];
    char maker[64];
    int64_t diameter;
    int64_t digits;
    char certified_until[11];   /* 検定満了 YYYY-MM-DD */
    int64_t tap_id;             /* 0 when not installed */
    char installed_on[11], removed_on[11];
    char status[12];
    int64_t created_at;
} meter_row;

int meter_store_insert(db_conn *c, const meter_row *m, int64_t *id_out, err_t *e);
int meter_store_get_by_no(db_conn *c, const char *meter_no, meter_row *out, err_t *e);
int meter_store_get(db_conn *c, int64_t id, meter_row *out, err_t *e);
/* The meter installed at a tap; ERR_NOTFOUND when none. */
int meter_store_current(db_conn *c, int64_t tap_id, meter_row *out, err_t *e);
/* A tap by number with its installed meter, in one lookup (for the reading
 * checks): t gets id, tap_no, route and status only; *has_meter false when
 * no meter is installed (m untouched).  ERR_NOTFOUND for an unknown tap. */
int meter_store_at_tap_no(db_conn *c, const char *tap_no, tap_row *t, meter_row *m, bool *has_meter, err_t *e);
/* The same for up to METER_STORE_BATCH taps in one query (an import reads
 * ahead): out[k] for tap_nos[k], found false for an unknown tap. */
#define METER_STORE_BATCH 64
typedef struct meter_at {
    bool found, has_meter;
    tap_row tap;
    meter_row meter;
} meter_at;
int meter_store_at_tap_nos(db_conn *c, const char *const *tap_nos, size_t n, meter_at *out, err_t *e);
/* Every meter that has been at the tap, newest installation first;
 * malloc'd array, free(). */
int meter_store_list_tap(db_conn *c, int64_t tap_id, meter_row **rows, size_t *n, err_t *e);
/* Install a meter in store or issued to a contractor (it leaves the
 * contractor); ERR_CONFLICT when it is neither. */
int meter_store_install(db_conn *c, int64_t id, int64_t tap_id, const char *on, err_t *e);
int meter_store_remove(db_conn *c, int64_t id, const char *on, err_t *e);

#endif
