/* meter_status — the allowed moves of a meter (see meter_status.h). */
#include "domain/meter/meter_status.h"

#include <string.h>

#include "base/buf.h"

static const char *const CODES[METER__COUNT] = {
    [METER_ORDERED] = "ordered",     [METER_STOCK] = "stock",   [METER_ISSUED] = "issued",
    [METER_INSTALLED] = "installed", [METER_REMOVED] = "removed", [METER_REPAIR] = "repair",
    [METER_TESTING] = "testing",     [METER_SCRAPPED] = "scrapped",
};
static const char *const LABELS[METER__COUNT] = {
    [METER_ORDERED] = "発注",   [METER_STOCK] = "在庫",   [METER_ISSUED] = "庫出（貸出）",
    [METER_INSTALLED] = "設置", [METER_REMOVED] = "撤去", [METER_REPAIR] = "修理",
    [METER_TESTING] = "検定",   [METER_SCRAPPED] = "廃棄",
};
static const meter_place PLACES[METER__COUNT] = {
    [METER_ORDERED] = METER_AT_SUPPLIER,  [METER_STOCK] = METER_AT_STORE,   [METER_ISSUED] = METER_AT_CONTRACTOR,
    [METER_INSTALLED] = METER_AT_TAP,     [METER_REMOVED] = METER_AT_STORE, [METER_REPAIR] = METER_AT_MAKER,
    [METER_TESTING] = METER_AT_MAKER,     [METER_SCRAPPED] = METER_AT_NONE,
};
static const char *const PLACE_LABELS[METER_PLACE__COUNT] = {
    [METER_AT_SUPPLIER] = "納入前（発注先）", [METER_AT_STORE] = "倉庫", [METER_AT_CONTRACTOR] = "工事事業者",
    [METER_AT_TAP] = "水栓", [METER_AT_MAKER] = "メーカー・検定機関", [METER_AT_NONE] = "なし",
};

#define Y true
#define n false
/* Rows: from; columns: to, in the enum's order.
 *                      ORDERED STOCK ISSUED INSTALLED REMOVED REPAIR TESTING SCRAPPED */
static const bool MOVES[METER__COUNT][METER__COUNT] = {
    [METER_ORDERED]   = {n,      Y,    n,     n,        n,      n,     n,      n},   /* 庫入 */
    [METER_STOCK]     = {n,      n,    Y,     Y,        n,      Y,     Y,      Y},   /* 庫出, office exchange, to the maker, scrap */
    [METER_ISSUED]    = {n,      Y,    n,     Y,        n,      n,     n,      n},   /* 返却, 設置 by the contractor */
    [METER_INSTALLED] = {n,      n,    n,     n,        Y,      n,     n,      n},   /* 撤去 (an exchange) */
    [METER_REMOVED]   = {n,      n,    n,     n,        n,      Y,     Y,      Y},
    [METER_REPAIR]    = {n,      Y,    n,     n,        n,      n,     Y,      Y},   /* 修理済 → 在庫 or 検定 */
    [METER_TESTING]   = {n,      Y,    n,     n,        n,      Y,     n,      Y},   /* 検定合格 → 在庫 */
    [METER_SCRAPPED]  = {n,      n,    n,     n,        n,      n,     n,      n},
};
#undef Y
#undef n

/* What to do instead, for the refusals a clerk meets most. */
static const char *hint(meter_status from, meter_status to)
{
    if (from == METER_ISSUED)
        return "（先に返却してください）";
    if (from == METER_INSTALLED)
        return "（先にメーター取替で撤去してください）";
    if (from == METER_ORDERED)
        return "（先に庫入してください）";
    if (from == METER_REMOVED && to == METER_STOCK)
        return "（撤去品は修理または検定を経て在庫に戻します）";
    if (to == METER_ISSUED)
        return "（庫出できるのは在庫のメーターだけです）";
    return "";
}

const char *meter_status_code(meter_status s)
{
    return (int)s >= 0 && s < METER__COUNT ? CODES[s] : "";
}

const char *meter_status_label(meter_status s)
{
    return (int)s >= 0 && s < METER__COUNT ? LABELS[s] : "不明";
}

int meter_status_parse(const char *code)
{
    for (int i = 0; code && i < METER__COUNT; i++)
        if (strcmp(code, CODES[i]) == 0)
            return i;
    return -1;
}

meter_place meter_status_place(meter_status s)
{
    return (int)s >= 0 && s < METER__COUNT ? PLACES[s] : METER_AT_NONE;
}

const char *meter_place_label(meter_place p)
{
    return (int)p >= 0 && p < METER_PLACE__COUNT ? PLACE_LABELS[p] : "不明";
}

bool meter_transition_ok(meter_status from, meter_status to, char *why, size_t whysz)
{
    if (whysz)
        why[0] = '\0';
    if ((int)from < 0 || from >= METER__COUNT || (int)to < 0 || to >= METER__COUNT) {
        str_fmt(why, whysz, "メーターの状態が不明です。");
        return false;
    }
    if (MOVES[from][to])
        return true;
    if (from == to)
        str_fmt(why, whysz, "このメーターは既に%sです。", LABELS[to]);
    else
        str_fmt(why, whysz, "%sのメーターは%sにできません%s。", LABELS[from], LABELS[to], hint(from, to));
    return false;
}

bool meter_status_places_ok(const char *code, bool has_tap, bool has_contractor, char *why, size_t whysz)
{
    if (whysz)
        why[0] = '\0';
    int s = meter_status_parse(code);
    if (s < 0) {
        str_fmt(why, whysz, "メーターの状態 %.20s は使えません（ordered, stock, issued, installed, removed, repair,"
                            " testing, scrapped のどれかにしてください）。", code);
        return false;
    }
    if (s == METER_ISSUED && !has_contractor) {
        str_fmt(why, whysz, "%sのメーターには貸し出した工事事業者が必要です。", LABELS[s]);
        return false;
    }
    if (s != METER_ISSUED && has_contractor) {
        str_fmt(why, whysz, "%sのメーターに工事事業者は書けません（庫出のときだけです）。", LABELS[s]);
        return false;
    }
    if (s == METER_INSTALLED && !has_tap) {
        str_fmt(why, whysz, "%sのメーターには水栓番号が必要です。", LABELS[s]);
        return false;
    }
    return true;
}
