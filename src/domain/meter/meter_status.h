/* meter_status — a meter's life (量水器の状態) as a pure state machine
 * (docs/meters.md):
 *
 *   発注 → 在庫 → 庫出(貸出) → 設置 → 撤去 → 修理 / 検定 / 廃棄
 *            ↑  ←── 返却 ──┘    ↑            │      │
 *            │ (or 設置 from 在庫: an office exchange) │
 *            └───────── 修理済・再検定済で在庫へ ────┘
 *
 * Every status has exactly one kind of place: 発注 the supplier (not yet
 * ours), 在庫 and 撤去 the store (撤去品 wait there), 庫出 a contractor,
 * 設置 a tap, 修理 and 検定 the maker or the testing body, 廃棄 none.  The
 * schema holds the same rule (meters.contractor_id set exactly when 庫出,
 * tap_id set when 設置: migration 37), so a meter is in one place at a
 * time.
 *
 * The status codes are those stored in meters.status: "stock",
 * "installed" and "removed" are older than this module (the reading and
 * exchange code use them).
 *
 * Pure: no I/O.  Strings returned are static. */
#ifndef SUIDO_METER_STATUS_H
#define SUIDO_METER_STATUS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum meter_status {
    METER_ORDERED,     /* ordered:   発注 */
    METER_STOCK,       /* stock:     在庫 */
    METER_ISSUED,      /* issued:    庫出（貸出） */
    METER_INSTALLED,   /* installed: 設置 */
    METER_REMOVED,     /* removed:   撤去 */
    METER_REPAIR,      /* repair:    修理 */
    METER_TESTING,     /* testing:   検定 */
    METER_SCRAPPED,    /* scrapped:  廃棄 */
    METER__COUNT
} meter_status;

typedef enum meter_place {
    METER_AT_SUPPLIER,   /* 納入前（発注先） */
    METER_AT_STORE,      /* 倉庫 */
    METER_AT_CONTRACTOR, /* 工事事業者 */
    METER_AT_TAP,        /* 水栓 */
    METER_AT_MAKER,      /* メーカー・検定機関 */
    METER_AT_NONE,       /* なし（廃棄） */
    METER_PLACE__COUNT
} meter_place;

/* "stock", ...; "" for an unknown value. */
const char *meter_status_code(meter_status s);
/* 「在庫」, ...; 「不明」 for an unknown value. */
const char *meter_status_label(meter_status s);
/* The status of a code, or -1. */
int meter_status_parse(const char *code);
meter_place meter_status_place(meter_status s);
/* 「倉庫」, ... */
const char *meter_place_label(meter_place p);

/* May a meter go from `from` to `to`?  true, or false with the reason in
 * Japanese in why (size whysz), naming both statuses, e.g.
 * 「庫出中のメーターは廃棄できません（先に返却してください）」. */
bool meter_transition_ok(meter_status from, meter_status to, char *why, size_t whysz);

/* Does a meter of status code name its places as the schema requires (a
 * contractor exactly when 庫出, a tap when 設置)?  true, or false with the
 * reason in Japanese in why, e.g.
 * 「庫出（貸出）のメーターには貸し出した工事事業者が必要です」
 * (an unknown code too).  For rows that arrive whole (the interchange
 * import). */
bool meter_status_places_ok(const char *code, bool has_tap, bool has_contractor, char *why, size_t whysz);

#endif
