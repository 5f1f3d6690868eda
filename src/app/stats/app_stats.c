/* app_stats — see app_stats.h. */
#include "app/stats/app_stats.h"

#include <string.h>

#include "app/stats/app_stats_reports.h"
#include "base/buf.h"
#include "base/date.h"
#include "domain/role.h"
#include "store/db.h"

const app_stats_def APP_STATS_REPORTS[] = {
    {"billing", "調定統計", "調定件数・有収水量・水道料金・下水道使用料・消費税等を月別・用途別・口径別・地区別・下水道別に、更正と減免も",
     PERM_CUSTOMER_VIEW, app_stats_billing},
    {"collections", "収納統計", "収納を経路別・計上月別・調定年度別（現年度・過年度）に、収納率、未収額とその経過期間",
     PERM_CUSTOMER_VIEW, app_stats_collect},
    {"yearend", "決算・水道統計", "年度の給水件数・有収水量・料金収入を用途別・口径別に（決算書・水道統計の様式）",
     PERM_CUSTOMER_VIEW, app_stats_yearend},
    {"reading", "検針統計", "検針件数・実検針・認定・保留・漏水の疑いを月別・路線別・検針員別に", PERM_CUSTOMER_VIEW,
     app_stats_reading},
    {"reception", "受付統計", "使用開始・中止・名義変更などの受付件数を受付経路（窓口・電話・ウェブ・郵送）別に",
     PERM_CUSTOMER_VIEW, app_stats_reception},
    {"registry", "水栓・使用者統計", "期間末日現在の水栓数・使用中・未使用・使用者数を用途別・口径別に", PERM_CUSTOMER_VIEW,
     app_stats_registry},
    {"meter_expiry", "メーター検定満了・満了予測", "メーターを検定満了年度別に、今後10年の満了予測を口径別に（グラフ）",
     PERM_METER_VIEW, app_stats_meter_expiry},
    {"meter_moves", "メーター在庫移動", "庫入・庫出・返却・設置・撤去の件数を月別・口径別に", PERM_METER_VIEW,
     app_stats_meter_moves},
    {"meter_lot", "メーター メーカー・ロット別", "メーターの台数と状態をメーカー別・製造ロット別に", PERM_METER_VIEW,
     app_stats_meter_lot},
};
const size_t APP_STATS_NREPORTS = sizeof APP_STATS_REPORTS / sizeof APP_STATS_REPORTS[0];

const char *const APP_STATS_FORMATS[] = {"json", "csv", "csv-sjis", "xlsx", "pdf", NULL};

bool app_stats_format_ok(const char *fmt)
{
    for (size_t i = 0; fmt && APP_STATS_FORMATS[i]; i++)
        if (strcmp(fmt, APP_STATS_FORMATS[i]) == 0)
            return true;
    return false;
}

const app_stats_def *app_stats_find(const char *name)
{
    for (size_t i = 0; name && i < APP_STATS_NREPORTS; i++)
        if (strcmp(APP_STATS_REPORTS[i].name, name) == 0)
            return &APP_STATS_REPORTS[i];
    return NULL;
}

int app_stats_run(app_ctx *ctx, const char *name, const app_stats_args *a, stat_report *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    const app_stats_def *d = app_stats_find(name);
    if (!d)
        return err_field(e, "name", "統計「%s」はありません。統計の一覧から選んでください。", name ? name : "");
    int rc = app_require(ctx, d->perm, e);
    stat_period p;
    civil_date today = date_today_jst();
    if (rc || (rc = stat_period_args(a->month, a->year, a->from, a->to, today, &p, e)))
        return rc;
    char day[11];
    date_format_iso(today, day);
    stat_report_init(out, d->name, d->title, &p, day);
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = d->build(ctx, out, e);
    db_end_read(ctx->db);
    if (rc)
        stat_report_free(out);
    return rc;
}

int app_stats_export_audit(app_ctx *ctx, const stat_report *r, const char *fmt, err_t *e)
{
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "report", r->name);
    jsonw_kv_string(&d.w, "period", r->period.code);
    jsonw_kv_string(&d.w, "format", fmt);
    return app_audit_now_json(ctx, "stats.export", r->name, &d, e);
}
