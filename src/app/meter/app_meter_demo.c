/* app_meter_demo — the demo city's meter stock (see app_meter_demo.h). */
#include "app/meter/app_meter_demo.h"

#include <stdlib.h>
#include <string.h>

#include "app/meter/app_meter_stock.h"
#include "base/buf.h"
#include "domain/demo_gen.h"
#include "domain/role.h"
#include "store/account/user_store.h"
#include "store/works/works_application_store.h"

#define MAX_LOT 5000   /* METER_RANGE_MAX: one delivery line */

static const struct {
    int diameter;
    int64_t per_taps;   /* a year's lot: one meter per so many taps */
    int64_t least;
    const char *maker, *model, *mark;
} LOTS[] = {
    {13, 40, 10, "金門製作所", "SKT-13", "K"},
    {20, 80, 5, "愛知時計", "SD-20", "A"},
    {25, 400, 2, "愛知時計", "SD-25", "A"},
};
#define NLOTS (sizeof LOTS / sizeof LOTS[0])

/* Act as the demo's staff member user (made by app_demo_generate). */
static int act_as(app_ctx *ctx, const char *user, int role, err_t *e)
{
    user_row u;
    int rc = user_store_get_by_name(ctx->db, user, &u, e);
    if (rc)
        return rc;
    ctx->actor.user_id = u.id;
    ctx->actor.role = role;
    str_copy(ctx->actor.username, sizeof ctx->actor.username, user);
    return 0;
}

static void iso_of(int64_t day, char out[11])
{
    date_format_iso(date_from_days(day), out);
}

/* A few meters of the lot lent to designated contractors on day (庫出):
 * the first contractor, in 指定番号 order, who may take works that day. */
static int lend(app_ctx *ctx, const char *mark, int64_t yy, int dia, int64_t from, int64_t n, int64_t day,
                const works_choice_row *cs, size_t ncs, err_t *e)
{
    char on[11];
    iso_of(day, on);
    for (int64_t k = 0; k < n; k++) {
        char serial[24];
        str_fmt(serial, sizeof serial, "%s%02lld%02d%05lld", mark, (long long)yy, dia, (long long)(from + k));
        int rc = ERR_NOTFOUND;
        for (size_t i = 0; rc && i < ncs; i++) {   /* from the k-th contractor on, round */
            rc = app_meter_issue(ctx, serial, cs[((size_t)k + i) % ncs].designation_no, on, NULL, 0, e);
            if (rc == ERR_CONFLICT || rc == ERR_INVALID)
                err_clear(e);   /* not designated that day, or suspended: the next one */
            else if (rc)
                return rc;
        }
        /* nobody could take it that day: it stays in store */
    }
    return 0;
}

/* The stocktake of day: every diameter in store counted as the book has it,
 * but missing meters (one of 13 mm: missing > 0), explained; approved by the
 * chief. */
static int count_stock(app_ctx *ctx, int64_t day, int64_t missing, err_t *e)
{
    app_meter_stock_row *rows = NULL;
    size_t n = 0;
    int rc = act_as(ctx, "tanto", ROLE_CLERK, e);
    if (!rc)
        rc = app_meter_stock(ctx, &rows, &n, e);
    app_meter_count *lines = rc ? NULL : calloc(n ? n : 1, sizeof *lines);
    char (*text)[2][24] = rc ? NULL : calloc(n ? n : 1, sizeof *text);
    if (!rc && (!lines || !text))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t k = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (rows[i].in_store <= 0)
            continue;
        int64_t counted = rows[i].in_store - (rows[i].diameter == 13 ? missing : 0);
        str_fmt(text[k][0], sizeof text[k][0], "%lld", (long long)rows[i].diameter);
        str_fmt(text[k][1], sizeof text[k][1], "%lld", (long long)(counted < 0 ? 0 : counted));
        lines[k] = (app_meter_count){text[k][0], text[k][1],
                                     counted != rows[i].in_store ? "破損により廃棄したが報告漏れ（次回の庫出で確認）" : ""};
        k++;
    }
    char on[11];
    iso_of(day, on);
    int64_t id = 0;
    if (!rc && k > 0)
        rc = app_meter_stocktake(ctx, on, lines, k, "年度末の棚卸", &id, e);
    app_meter_stocktake_info info;
    app_meter_stocktake_line *got = NULL;
    size_t ngot = 0;
    if (!rc && id)
        rc = app_meter_stocktake_get(ctx, id, &info, &got, &ngot, e);
    free(got);
    if (!rc && id && (rc = act_as(ctx, "kakaricho", ROLE_CHIEF, e)) == 0)
        rc = app_approval_decide(ctx, info.approval_id, true, "確認しました", e);
    free(rows);
    free(lines);
    free(text);
    return rc;
}

int app_meter_demo_stock(app_ctx *ctx, uint64_t seed, int years, int64_t taps, err_t *e)
{
    app_actor was = ctx->actor;
    demo_rng rng;
    demo_rng_seed(&rng, seed ^ 0x6d6574657273ULL);   /* "meters": a stream of its own */
    int64_t today = date_to_days(date_today_jst());
    works_choice_row *cs = NULL;
    size_t ncs = 0;
    int rc = works_app_store_contractor_choices(ctx->db, false, &cs, &ncs, e);
    /* Serials are mark, year, diameter and a number: two deliveries in one calendar year (the
     * years counted back from today need not fall in different ones) number on from the last. */
    int64_t last_yy[NLOTS], next_no[NLOTS];
    for (size_t l = 0; l < NLOTS; l++)
        last_yy[l] = -1, next_no[l] = 1;
    for (int y = years < 1 ? 1 : years; !rc && y >= 1; y--) {
        int64_t base = today - 365 * (int64_t)y + 20 + demo_rng_below(&rng, 20);
        int64_t yy = date_from_days(base).y % 100;
        for (size_t l = 0; !rc && l < NLOTS; l++) {
            int64_t qty = taps / LOTS[l].per_taps;
            qty = qty < LOTS[l].least ? LOTS[l].least : qty > MAX_LOT ? MAX_LOT : qty;
            char dia[8], q[24], ordered[11], received[11], order[24], serials[48];
            str_fmt(dia, sizeof dia, "%d", LOTS[l].diameter);
            str_fmt(q, sizeof q, "%lld", (long long)qty);
            iso_of(base, ordered);
            iso_of(base + 14 + demo_rng_below(&rng, 7), received);
            int64_t order_id = 0;
            if ((rc = act_as(ctx, "tanto", ROLE_CLERK, e)) ||
                (rc = app_meter_order(ctx, dia, LOTS[l].maker, LOTS[l].model, q, ordered, &order_id, e)))
                break;
            str_fmt(order, sizeof order, "%lld", (long long)order_id);
            if (last_yy[l] != yy)
                last_yy[l] = yy, next_no[l] = 1;
            int64_t first = next_no[l];
            next_no[l] += qty;
            str_fmt(serials, sizeof serials, "%s%02lld%02d%05lld-%s%02lld%02d%05lld", LOTS[l].mark, (long long)yy,
                    LOTS[l].diameter, (long long)first, LOTS[l].mark, (long long)yy, LOTS[l].diameter,
                    (long long)(first + qty - 1));
            char lot[24];
            str_fmt(lot, sizeof lot, "L%02lld-%02d", (long long)yy, LOTS[l].diameter);
            app_meter_receive_input in = {.diameter = dia, .maker = LOTS[l].maker, .model = LOTS[l].model,
                                          .serials = serials, .lot = lot, .received_on = received, .order = order};
            app_meter_receive_result got;
            if ((rc = app_meter_receive(ctx, &in, &got, e)))
                break;
            int64_t lent = qty / 20 < 1 ? 1 : qty / 20 > 30 ? 30 : qty / 20;
            rc = lend(ctx, LOTS[l].mark, yy, LOTS[l].diameter, first, lent, base + 30, cs, ncs, e);
        }
        if (!rc)   /* the count: one year (the second oldest, or the only) finds a 13 mm meter missing */
            rc = count_stock(ctx, base + 60, y == (years > 1 ? years - 1 : 1) ? 1 : 0, e);
    }
    for (size_t l = 0; !rc && l < NLOTS; l++) {
        int64_t qty = taps / LOTS[l].per_taps;
        qty = qty < LOTS[l].least ? LOTS[l].least : qty > MAX_LOT ? MAX_LOT : qty;
        char dia[8], point[24];
        str_fmt(dia, sizeof dia, "%d", LOTS[l].diameter);
        str_fmt(point, sizeof point, "%lld", (long long)(qty / 4 < 1 ? 1 : qty / 4));
        if (!(rc = act_as(ctx, "tanto", ROLE_CLERK, e)))
            rc = app_meter_reorder_set(ctx, dia, point, e);
    }
    free(cs);
    ctx->actor = was;
    return rc;
}
