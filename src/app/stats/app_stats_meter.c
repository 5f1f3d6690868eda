/* app_stats_meter — the meter statistics (docs/meters.md 「メーターの統計」,
 * issue 21 item 5 and issue 22 item 1), from the meter master and its
 * history (store/stats/stats_meter_store):
 *   meter_expiry: the meters by the fiscal year their certification
 *     expires, by status, and the forecast of the ten years from this
 *     one by diameter (domain/stats/stats_meter), charted;
 *   meter_moves: 庫入・庫出・返却・設置・撤去 of the period by month and
 *     diameter;
 *   meter_lot: the meters by maker and lot.
 * The master holds the meters as they are now: meter_expiry and meter_lot
 * show today's state whatever the period. */
#include "app/stats/app_stats_reports.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "domain/stats/stat_labels.h"
#include "domain/stats/stats_meter.h"
#include "domain/tapinfo.h"
#include "store/stats/stats_meter_store.h"

#define OOM(e) err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory")

static void fy_label(int fy, char *out, size_t outsz)
{
    if (fy < 0)
        str_copy(out, outsz, "（満了年月なし）");
    else if (fy >= 2019)
        str_fmt(out, outsz, "%d年度（令和%d年度）", fy, fy - 2018);
    else
        str_fmt(out, outsz, "%d年度（平成%d年度）", fy, fy - 1988);
}

/* ---- meter_expiry ----------------------------------------------------------- */

static const stat_col STATUS_COLS[] = {
    {"meters", "台数", STAT_COUNT, 0, 0},    {"stock", "在庫", STAT_COUNT, 0, 0},
    {"issued", "庫出", STAT_COUNT, 0, 0},    {"installed", "設置", STAT_COUNT, 0, 0},
    {"removed", "撤去", STAT_COUNT, 0, 0},   {"away", "修理・検定", STAT_COUNT, 0, 0},
};
#define NSTATUS ((int)(sizeof STATUS_COLS / sizeof STATUS_COLS[0]))

static const stat_col FORECAST_COLS[STATS_FORECAST_NCOLS] = {
    {"d13", "13mm", STAT_COUNT, 0, 0}, {"d20", "20mm", STAT_COUNT, 0, 0}, {"d25", "25mm", STAT_COUNT, 0, 0},
    {"d30", "30mm", STAT_COUNT, 0, 0}, {"d40", "40mm", STAT_COUNT, 0, 0}, {"d50", "50mm", STAT_COUNT, 0, 0},
    {"d75", "75mm", STAT_COUNT, 0, 0}, {"other", "その他", STAT_COUNT, 0, 0}, {"due", "計", STAT_COUNT, 0, 0},
};

/* The forecast section: the meters that are or will be at taps (在庫,
 * 庫出, 設置) by the year they expire. */
static int forecast(stat_report *r, const stats_store_row *cells, size_t n, int fy0, err_t *e)
{
    stats_expiry_cell *in = calloc(n ? n : 1, sizeof *in);
    if (!in)
        return OOM(e);
    for (size_t i = 0; i < n; i++) {
        str_copy(in[i].month, sizeof in[i].month, cells[i].key);
        in[i].diameter = strtoll(cells[i].label, NULL, 10);
        in[i].count = cells[i].v[STATS_MT_STOCK] + cells[i].v[STATS_MT_ISSUED] + cells[i].v[STATS_MT_INSTALLED];
    }
    stats_forecast f;
    stats_meter_forecast(in, n, fy0, &f);
    free(in);
    stat_section *s = stat_section_add(r, "forecast", "検定満了予測（10年・口径別）",
                                       "満了年度", FORECAST_COLS, STATS_FORECAST_NCOLS);
    if (!s)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (int y = 0; y <= STATS_FORECAST_YEARS; y++) {
        char key[16], label[64];
        if (y == 0) {
            str_copy(key, sizeof key, "overdue");
            str_fmt(label, sizeof label, "満了済（%d年度より前）", fy0);
        } else {
            str_fmt(key, sizeof key, "%d", fy0 + y - 1);
            fy_label(fy0 + y - 1, label, sizeof label);
        }
        if (!stat_row_addv(s, key, label, f.count[y], STATS_FORECAST_NCOLS))
            return OOM(e);
    }
    return 0;
}

int app_stats_meter_expiry(app_ctx *ctx, stat_report *r, err_t *e)
{
    stats_store_row *cells = NULL;
    size_t n = 0;
    int rc = stats_meter_store_by_expiry(ctx->db, &cells, &n, e);
    stat_section *y = rc ? NULL : stat_section_add(r, "by_year", "検定満了年度別（状態別）", "満了年度",
                                                   STATUS_COLS, NSTATUS);
    if (!rc && !y)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (size_t i = 0; !rc && i < n; i++) {
        int fy = stats_meter_fiscal_year_of(cells[i].key);
        char key[16], label[64];
        str_fmt(key, sizeof key, "%d", fy);
        fy_label(fy, label, sizeof label);
        if (!stat_row_addv(y, key, label, cells[i].v, NSTATUS))
            rc = OOM(e);
    }
    civil_date today = date_today_jst();
    if (!rc)
        rc = forecast(r, cells, n, stat_fiscal_year(today), e);
    free(cells);
    if (rc)
        return rc;
    stat_report_finish(r);
    const stat_section *fs = &r->sec[1];
    int64_t overdue = fs->rows[0].v[STATS_FORECAST_TOTAL], this_year = fs->rows[1].v[STATS_FORECAST_TOTAL];
    stat_headline_add(r, "meters", "メーター台数（廃棄を除く）", STAT_COUNT, y->total.v[0]);
    stat_headline_add(r, "installed", "うち設置中", STAT_COUNT, y->total.v[3]);
    stat_headline_add(r, "overdue", "検定満了済（在庫・庫出・設置）", STAT_COUNT, overdue);
    stat_headline_add(r, "due_this_year", "今年度に満了", STAT_COUNT, this_year);
    r->note = "メーター台帳の今の状態を数えます（期間の指定にかかわらず今日現在）。検定満了は年度（4月〜翌3月）で"
              "まとめます。満了予測は、在庫・庫出・設置のメーター（取り替えて使い続けるもの）を満了年度・口径別に"
              "数え、今年度より前に満了したものは「満了済」とします。";
    r->chart_sec = 1;
    r->chart_col = STATS_FORECAST_TOTAL;
    r->chart_title = "検定満了予測（年度別台数）";
    return 0;
}

/* ---- meter_moves ------------------------------------------------------------ */

static const stat_col MOVE_COLS[STATS_MV_NCOLS] = {
    {"received", "庫入", STAT_COUNT, 0, 0},  {"issued", "庫出", STAT_COUNT, 0, 0},
    {"returned", "返却", STAT_COUNT, 0, 0},  {"installed", "設置", STAT_COUNT, 0, 0},
    {"removed", "撤去", STAT_COUNT, 0, 0},   {"other", "その他", STAT_COUNT, 0, 0},
    {"moves", "計", STAT_COUNT, 0, 0},
};

int app_stats_meter_moves(app_ctx *ctx, stat_report *r, err_t *e)
{
    static const char *const KEYS[3][3] = {
        {"by_month", "月別", "年月"}, {"by_diameter", "口径別", "口径"}, {"by_month_diameter", "月・口径別", "年月・口径"}};
    stats_store_row *cells = NULL;
    size_t n = 0;
    int rc = stats_meter_store_moves(ctx->db, r->period.from_iso, r->period.to_iso, &cells, &n, e);
    stat_section *sec[3] = {0};
    if (!rc)
        rc = app_stats_sections(r, KEYS, 3, MOVE_COLS, STATS_MV_NCOLS, sec, e);
    /* every month of the period has its row, moves or not (the trend) */
    for (int i = 0; !rc && i < r->period.months; i++) {
        char month[8], label[32];
        stat_period_month(&r->period, i, month);
        stat_month_label(month, label, sizeof label);
        if (!stat_row_get(sec[0], month, label))
            rc = OOM(e);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        const stats_store_row *c = &cells[i];
        char month[32], label[64], key[64];
        stat_month_label(c->key, month, sizeof month);
        str_fmt(label, sizeof label, "%smm", c->label);
        str_fmt(key, sizeof key, "%s|%s", c->key, c->label);
        bool ok = stat_row_addv(sec[0], c->key, month, c->v, STATS_MV_NCOLS) &&
                  stat_row_addv(sec[1], c->label, label, c->v, STATS_MV_NCOLS);
        str_fmt(label, sizeof label, "%s %smm", month, c->label);
        if (!ok || !stat_row_addv(sec[2], key, label, c->v, STATS_MV_NCOLS))
            rc = OOM(e);
    }
    free(cells);
    if (rc)
        return rc;
    stat_section_sort(sec[1]);
    stat_report_finish(r);
    for (int c = 0; c < STATS_MV_NCOLS; c++)
        stat_headline_add(r, MOVE_COLS[c].key, MOVE_COLS[c].title, STAT_COUNT, sec[0]->total.v[c]);
    r->note = "メーターの履歴のうち、期間内の日付の移動を数えます。庫入は納品（と取替時の登録）、庫出は工事事業者への"
              "貸出、返却は貸出からの戻り、設置・撤去は水栓への取付と取外し、その他は修理・検定・廃棄と修理後の在庫戻し"
              "です。台帳作成時の「移行」の記録は移動として数えません。";
    r->chart_sec = 0;
    r->chart_col = STATS_MV_TOTAL;
    r->chart_title = "在庫移動の件数（月別）";
    return 0;
}

/* ---- meter_lot -------------------------------------------------------------- */

static const stat_col LOT_COLS[] = {
    {"meters", "台数", STAT_COUNT, 0, 0},    {"stock", "在庫", STAT_COUNT, 0, 0},
    {"issued", "庫出", STAT_COUNT, 0, 0},    {"installed", "設置", STAT_COUNT, 0, 0},
    {"removed", "撤去", STAT_COUNT, 0, 0},   {"away", "修理・検定", STAT_COUNT, 0, 0},
    {"scrapped", "廃棄", STAT_COUNT, 0, 0},
};
#define NLOT ((int)(sizeof LOT_COLS / sizeof LOT_COLS[0]))

int app_stats_meter_lot(app_ctx *ctx, stat_report *r, err_t *e)
{
    stats_store_row *cells = NULL;
    size_t n = 0;
    int rc = stats_meter_store_by_lot(ctx->db, &cells, &n, e);
    stat_section *mk = rc ? NULL : stat_section_add(r, "by_maker", "メーカー別", "メーカー", LOT_COLS, NLOT);
    stat_section *lot = rc ? NULL : stat_section_add(r, "by_lot", "メーカー・製造ロット・口径別", "メーカー／ロット／口径（最初の満了）",
                                                     LOT_COLS, NLOT);
    if (!rc && (!mk || !lot))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (size_t i = 0; !rc && i < n; i++) {
        const stats_store_row *c = &cells[i];
        const char *maker = c->key[0] ? c->key : "（メーカー不明）";
        long long d = (long long)c->v[STATS_MT_DIAMETER], x = (long long)c->v[STATS_MT_FIRST_EXPIRY];
        char key[80], label[200];
        str_fmt(key, sizeof key, "%lld", (long long)i);
        str_fmt(label, sizeof label, "%s／%s／%lldmm（%lld年%lld月）", maker, c->label[0] ? c->label : "ロットなし", d,
                x / 100, x % 100);
        if (!stat_row_addv(mk, c->key, maker, c->v, NLOT) || !stat_row_addv(lot, key, label, c->v, NLOT))
            rc = OOM(e);
    }
    free(cells);
    if (rc)
        return rc;
    stat_report_finish(r);
    stat_headline_add(r, "meters", "メーター台数（廃棄を含む）", STAT_COUNT, mk->total.v[0]);
    stat_headline_add(r, "makers", "メーカー数", STAT_COUNT, (int64_t)mk->n);
    stat_headline_add(r, "lots", "ロット・口径の組数", STAT_COUNT, (int64_t)lot->n);
    r->note = "メーター台帳のすべてのメーター（廃棄済みを含む）を、メーカー・製造ロット・口径ごとに今の状態で数えます"
              "（期間の指定にかかわらず今日現在）。括弧内はそのロットで最も早い検定満了の年月です。";
    r->chart_sec = 0;
    r->chart_col = 0;
    r->chart_title = "メーカー別台数";
    return 0;
}
