/* app_stats_more — see app_stats_more.h. */
#include "app/stats/app_stats_more.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "domain/reception.h"
#include "domain/role.h"
#include "domain/stats/stats_meter.h"
#include "domain/stats/stats_span.h"
#include "domain/tapinfo.h"
#include "store/db.h"
#include "store/stats/stats_meter_store.h"
#include "store/stats/stats_reading_store.h"
#include "store/stats/stats_reception_store.h"
#include "store/stats/stats_registry_store.h"

enum report_id {
    R_READING_ROUTE,
    R_READING_READER,
    R_RECEPTION,
    R_REGISTRY_USE,
    R_REGISTRY_DIAMETER,
    R_METER_EXPIRY,
    R_METER_FORECAST,
    R_METER_LOT,
    R_METER_MOVES,
    R__COUNT
};

static const app_stats_more_info REPORTS[R__COUNT] = {
    [R_READING_ROUTE] = {"reading_route", "検針統計（路線別）", APP_STATS_PERIOD, PERM_CUSTOMER_VIEW},
    [R_READING_READER] = {"reading_reader", "検針統計（検針員別）", APP_STATS_PERIOD, PERM_CUSTOMER_VIEW},
    [R_RECEPTION] = {"reception", "受付統計（受付経路別）", APP_STATS_PERIOD, PERM_CUSTOMER_VIEW},
    [R_REGISTRY_USE] = {"registry_use", "水栓数・使用者数（用途別）", APP_STATS_DAY, PERM_CUSTOMER_VIEW},
    [R_REGISTRY_DIAMETER] = {"registry_diameter", "水栓数・使用者数（口径別）", APP_STATS_DAY, PERM_CUSTOMER_VIEW},
    [R_METER_EXPIRY] = {"meter_expiry", "メーター検定満了年度別", APP_STATS_NOW, PERM_METER_VIEW},
    [R_METER_FORECAST] = {"meter_forecast", "検定満了予測（年度・口径別・10年）", APP_STATS_NOW, PERM_METER_VIEW},
    [R_METER_LOT] = {"meter_lot", "メーター メーカー・ロット別", APP_STATS_NOW, PERM_METER_VIEW},
    [R_METER_MOVES] = {"meter_moves", "メーター在庫移動（月別・口径別）", APP_STATS_PERIOD, PERM_METER_VIEW},
};

const app_stats_more_info *app_stats_more_list(size_t *n)
{
    *n = R__COUNT;
    return REPORTS;
}

const app_stats_more_info *app_stats_more_find(const char *name)
{
    for (int i = 0; name && i < R__COUNT; i++)
        if (strcmp(REPORTS[i].name, name) == 0)
            return &REPORTS[i];
    return NULL;
}

/* ---- the tables' columns ------------------------------------------------ */

static const char *const READING_COLS[] = {"検針件数", "実検針", "認定", "保留中", "保留後確認", "漏水の疑い"};
static const char *const READING_KEYS[] = {"total", "actual", "estimated", "held", "confirmed", "leak"};
static const char *const RECEPTION_COLS[] = {"受付件数", "使用開始", "使用中止", "名義変更", "その他", "うち取消"};
static const char *const RECEPTION_KEYS[] = {"total", "start", "stop", "name_change", "other", "cancelled"};
static const char *const REGISTRY_COLS[] = {"水栓数", "使用中", "未使用（閉栓・休止）", "使用者数"};
static const char *const REGISTRY_KEYS[] = {"taps", "in_use", "idle", "customers"};
static const char *const EXPIRY_COLS[] = {"計", "在庫", "庫出", "設置", "撤去", "修理・検定"};
static const char *const EXPIRY_KEYS[] = {"total", "stock", "issued", "installed", "removed", "away"};
static const char *const LOT_COLS[] = {"計", "在庫", "庫出", "設置", "撤去", "修理・検定", "廃棄", "最初の満了年月"};
static const char *const LOT_KEYS[] = {"total",   "stock",   "issued",  "installed",
                                       "removed", "away",    "scrapped", "first_expiry"};
static const char *const MOVE_COLS[] = {"庫入", "庫出", "返却", "設置", "撤去", "その他", "計"};
static const char *const MOVE_KEYS[] = {"received", "issued", "returned", "installed", "removed", "other", "total"};

static void diameter_label(int64_t d, char *out, size_t outsz)
{
    str_fmt(out, outsz, "%lldmm", (long long)d);
}

static void fy_label(int fy, char *out, size_t outsz)
{
    if (fy >= 2019)
        str_fmt(out, outsz, "%d年度（令和%d年度）", fy, fy - 2018);
    else
        str_fmt(out, outsz, "%d年度（平成%d年度）", fy, fy - 1988);
}

static void month_label(const char *ym, char *out, size_t outsz)
{
    int fy = stats_span_fiscal_year_of(ym);
    if (fy < 0) {
        str_copy(out, outsz, ym[0] ? ym : "（日付なし）");
        return;
    }
    int m = (ym[5] - '0') * 10 + (ym[6] - '0');
    str_fmt(out, outsz, "%.4s年%d月", ym, m);
}

/* ---- building ----------------------------------------------------------- */

static int reading(app_ctx *ctx, int id, const stats_span *sp, stats_table *t, err_t *e)
{
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = id == R_READING_ROUTE
                 ? stats_reading_store_by_route(ctx->db, sp->from_cycle, sp->to_cycle, &rows, &n, e)
                 : stats_reading_store_by_reader(ctx->db, sp->from_cycle, sp->to_cycle, &rows, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        char label[200];
        if (id == R_READING_ROUTE && rows[i].label[0])
            str_fmt(label, sizeof label, "%s %s", rows[i].key, rows[i].label);
        else
            str_copy(label, sizeof label, rows[i].key);
        stats_table_add(t, label, rows[i].v);
    }
    free(rows);
    return rc;
}

static int reception(app_ctx *ctx, const stats_span *sp, stats_table *t, err_t *e)
{
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = stats_reception_store_by_channel(ctx->db, sp->from_s, sp->to_s, &rows, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        const char *label = reception_source_label(rows[i].key);
        stats_table_add(t, label ? label : rows[i].key, rows[i].v);
    }
    free(rows);
    return rc;
}

static int registry(app_ctx *ctx, int id, const stats_span *sp, stats_table *t, err_t *e)
{
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = id == R_REGISTRY_USE ? stats_registry_store_by_use(ctx->db, sp->from_iso, sp->to_s, &rows, &n, e)
                                  : stats_registry_store_by_diameter(ctx->db, sp->from_iso, sp->to_s, &rows, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        char label[64];
        if (id == R_REGISTRY_USE)
            str_copy(label, sizeof label, tapinfo_label(TAPINFO_USES, rows[i].key));
        else
            diameter_label(rows[i].key2, label, sizeof label);
        stats_table_add(t, label, rows[i].v);
    }
    free(rows);
    int64_t customers = 0;
    if (!rc)
        rc = stats_registry_store_customers(ctx->db, sp->from_iso, sp->to_s, &customers, e);
    if (!rc) {
        stats_table_sum(t);
        t->total[STATS_RG_CUSTOMERS] = customers;   /* one customer of two taps is one */
    }
    return rc;
}

/* The expiry months folded into fiscal years, by status. */
static void expiry_years(const stats_store_row *rows, size_t n, stats_table *t)
{
    int fy = -2;
    int64_t acc[STATS_TABLE_MAXCOLS] = {0};
    char label[64];
    for (size_t i = 0; i <= n; i++) {
        int this = i < n ? stats_span_fiscal_year_of(rows[i].key) : -3;
        if (this != fy && fy != -2) {
            if (fy < 0)
                str_copy(label, sizeof label, "（満了年月なし）");
            else
                fy_label(fy, label, sizeof label);
            stats_table_add(t, label, acc);
            memset(acc, 0, sizeof acc);
        }
        if (i == n)
            break;
        fy = this;
        for (int k = 0; k < t->ncols; k++)
            acc[k] += rows[i].v[k];
    }
}

static int meter_expiry(app_ctx *ctx, int id, civil_date today, stats_table *t, err_t *e)
{
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = stats_meter_store_by_expiry(ctx->db, &rows, &n, e);
    if (rc)
        return rc;
    if (id == R_METER_EXPIRY) {
        expiry_years(rows, n, t);   /* months come sorted: each year's rows are together */
        free(rows);
        return 0;
    }
    /* The forecast: the meters that are or will be at taps (在庫, 庫出, 設置). */
    stats_expiry_cell *cells = calloc(n ? n : 1, sizeof *cells);
    if (!cells) {
        free(rows);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        str_copy(cells[i].month, sizeof cells[i].month, rows[i].key);
        cells[i].diameter = rows[i].key2;
        cells[i].count = rows[i].v[STATS_MT_STOCK] + rows[i].v[STATS_MT_ISSUED] + rows[i].v[STATS_MT_INSTALLED];
    }
    stats_forecast f;
    int fy0 = today.m >= 4 ? today.y : today.y - 1;
    stats_meter_forecast(cells, n, fy0, &f);
    free(cells);
    free(rows);
    const char *cols[STATS_TABLE_MAXCOLS], *keys[STATS_TABLE_MAXCOLS];
    char names[STATS_TABLE_MAXCOLS][2][24];
    int nd = f.ndiam < STATS_TABLE_MAXCOLS - 1 ? f.ndiam : STATS_TABLE_MAXCOLS - 1;
    for (int k = 0; k < nd; k++) {
        diameter_label(f.diameters[k], names[k][0], sizeof names[k][0]);
        str_fmt(names[k][1], sizeof names[k][1], "d%lld", (long long)f.diameters[k]);
        cols[k] = names[k][0];
        keys[k] = names[k][1];
    }
    cols[nd] = "計";
    keys[nd] = "total";
    char name[32], title[96], head[48], period[96];
    str_copy(period, sizeof period, t->period);
    str_copy(name, sizeof name, t->name);
    str_copy(title, sizeof title, t->title);
    str_copy(head, sizeof head, t->head);
    stats_table_init(t, name, title, head, cols, keys, nd + 1);
    str_copy(t->period, sizeof t->period, period);
    for (int y = 0; y <= STATS_FORECAST_YEARS; y++) {
        int64_t v[STATS_TABLE_MAXCOLS] = {0};
        for (int k = 0; k < nd; k++) {
            v[k] = f.count[y][k];
            v[nd] += v[k];
        }
        char label[64];
        if (y == 0)
            str_fmt(label, sizeof label, "満了済（%d年度より前）", fy0);
        else
            fy_label(fy0 + y - 1, label, sizeof label);
        stats_table_add(t, label, v);
    }
    t->chart_from = 0;
    t->chart_to = nd - 1;
    return 0;
}

static int meter_lot(app_ctx *ctx, stats_table *t, err_t *e)
{
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = stats_meter_store_by_lot(ctx->db, &rows, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        char label[256];
        str_fmt(label, sizeof label, "%s／ロット %s／%lldmm", rows[i].key[0] ? rows[i].key : "（メーカー不明）",
                rows[i].label[0] ? rows[i].label : "なし", (long long)rows[i].key2);
        stats_table_add(t, label, rows[i].v);
    }
    free(rows);
    if (!rc) {
        stats_table_sum(t);
        t->total[STATS_MT_FIRST_EXPIRY] = 0;   /* not a sum */
    }
    return rc;
}

static int meter_moves(app_ctx *ctx, const stats_span *sp, stats_table *t, err_t *e)
{
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = stats_meter_store_moves(ctx->db, sp->from_iso, sp->to_iso, &rows, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        char month[32], label[64];
        month_label(rows[i].key, month, sizeof month);
        str_fmt(label, sizeof label, "%s %lldmm", month, (long long)rows[i].key2);
        stats_table_add(t, label, rows[i].v);
    }
    free(rows);
    t->chart_from = STATS_MV_RECEIVED;
    t->chart_to = STATS_MV_REMOVED;
    return rc;
}

static void init_table(int id, stats_table *t)
{
    const app_stats_more_info *r = &REPORTS[id];
    switch (id) {
    case R_READING_ROUTE:
    case R_READING_READER:
        stats_table_init(t, r->name, r->title, id == R_READING_ROUTE ? "路線" : "検針員（入力者）", READING_COLS,
                         READING_KEYS, STATS_RD_NCOLS);
        break;
    case R_RECEPTION:
        stats_table_init(t, r->name, r->title, "受付経路", RECEPTION_COLS, RECEPTION_KEYS, STATS_RC_NCOLS);
        break;
    case R_REGISTRY_USE:
    case R_REGISTRY_DIAMETER:
        stats_table_init(t, r->name, r->title, id == R_REGISTRY_USE ? "用途" : "口径", REGISTRY_COLS, REGISTRY_KEYS,
                         STATS_RG_NCOLS);
        break;
    case R_METER_EXPIRY:
    case R_METER_FORECAST:
        stats_table_init(t, r->name, r->title, "検定満了年度", EXPIRY_COLS, EXPIRY_KEYS, 6);
        break;
    case R_METER_LOT:
        stats_table_init(t, r->name, r->title, "メーカー／ロット／口径", LOT_COLS, LOT_KEYS, STATS_MT_NCOLS);
        break;
    default:
        stats_table_init(t, r->name, r->title, "年月・口径", MOVE_COLS, MOVE_KEYS, STATS_MV_NCOLS);
        break;
    }
}

static int audit_export(app_ctx *ctx, const app_stats_more_info *r, const stats_table *t, const char *format,
                        err_t *e)
{
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "report", r->name);
    jsonw_kv_string(&d.w, "period", t->period);
    jsonw_kv_string(&d.w, "format", format);
    jsonw_kv_int(&d.w, "rows", (long long)t->nrows);
    return app_audit_now_json(ctx, "stats.export", r->name, &d, e);
}

int app_stats_more_build(app_ctx *ctx, const char *name, const app_stats_params *p, const char *format,
                         stats_table *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->chart_from = out->chart_to = -1;
    const app_stats_more_info *r = app_stats_more_find(name);
    if (!r)
        return err_set(e, ERR_INVALID, "report", "その名前の統計はありません（suido report list で一覧）",
                       "stats: no report");
    int id = (int)(r - REPORTS);
    int rc = app_require(ctx, r->perm, e);
    if (rc)
        return rc;
    civil_date today = date_today_jst();
    stats_span sp;
    memset(&sp, 0, sizeof sp);
    if (r->kind == APP_STATS_PERIOD)
        rc = stats_span_parse(p->month, p->year, p->from, p->to, today, &sp, e);
    else if (r->kind == APP_STATS_DAY)
        rc = stats_span_day(p->on, today, &sp, e);
    else
        rc = stats_span_day(NULL, today, &sp, e);
    if (rc)
        return rc;
    init_table(id, out);
    str_copy(out->period, sizeof out->period, sp.label);
    if ((rc = db_begin_read(ctx->db, e))) {
        stats_table_free(out);
        return rc;
    }
    switch (id) {
    case R_READING_ROUTE:
    case R_READING_READER: rc = reading(ctx, id, &sp, out, e); break;
    case R_RECEPTION: rc = reception(ctx, &sp, out, e); break;
    case R_REGISTRY_USE:
    case R_REGISTRY_DIAMETER: rc = registry(ctx, id, &sp, out, e); break;
    case R_METER_EXPIRY:
    case R_METER_FORECAST: rc = meter_expiry(ctx, id, today, out, e); break;
    case R_METER_LOT: rc = meter_lot(ctx, out, e); break;
    default: rc = meter_moves(ctx, &sp, out, e); break;
    }
    db_end_read(ctx->db);
    if (!rc && out->failed)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    if (!rc && !out->has_total)
        stats_table_sum(out);
    if (!rc && format && *format)
        rc = audit_export(ctx, r, out, format, e);
    if (rc)
        stats_table_free(out);
    return rc;
}
