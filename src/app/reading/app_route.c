/* app_route — routes, the reading schedule, route progress and the reading
 * list a reader walks with (see app.h). */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>

#include "app/reading/reading_engine.h"
#include "app/reading/app_reading.h"
#include "store/db.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/text.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/registry/customer_store.h"

void app_cycle_today(char out[8])
{
    civil_date d = date_today_jst();
    str_fmt(out, 8, "%04d-%02d", d.y % 10000, d.m % 100);
}

/* "YYYY-MM" -> year and month; false otherwise. */
static bool parse_cycle(const char *s, int *y, int *m)
{
    if (!s || strlen(s) != 7 || s[4] != '-')
        return false;
    char buf[11];
    str_fmt(buf, sizeof buf, "%s-01", s);
    civil_date d;
    if (!date_parse(buf, &d))
        return false;
    *y = d.y;
    *m = d.m;
    return true;
}

int app_cycle_field(const char *cycle, int *y, int *m, err_t *e)
{
    if (!parse_cycle(cycle, y, m))
        return err_field(e, "cycle", "検針周期は YYYY-MM（例: 2026-11）の形式で指定してください。");
    return 0;
}

static bool route_due(const char *grp, int month)
{
    return strcmp(grp, "monthly") == 0 || (strcmp(grp, "odd") == 0 && month % 2 == 1) ||
           (strcmp(grp, "even") == 0 && month % 2 == 0);
}

int app_schedule_make(app_ctx *ctx, const char *cycle, int *added, err_t *e)
{
    *added = 0;
    int y, m;
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    if (rc || (rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    route_row *routes = NULL;
    size_t n = 0;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = route_store_list(ctx->db, &routes, &n, e);
    civil_date first = {y, m, 1};
    civil_date last = date_from_days(date_to_days((civil_date){m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1}) - 1);
    for (size_t i = 0; !rc && i < n; i++) {
        if (!route_due(routes[i].grp, m))
            continue;
        schedule_row s;
        memset(&s, 0, sizeof s);
        str_copy(s.cycle, sizeof s.cycle, cycle);
        str_copy(s.route, sizeof s.route, routes[i].code);
        date_format_iso(first, s.from_on);
        date_format_iso(last, s.to_on);
        int one = 0;
        rc = schedule_store_add(ctx->db, &s, &one, e);
        *added += one;
    }
    free(routes);
    if (!rc && *added) {
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "cycle", cycle);
        jsonw_kv_int(&d.w, "routes", *added);
        rc = app_audit_json(ctx, "reading.schedule", "schedule", &d, e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_route_save(app_ctx *ctx, const char *code, const char *name, const char *grp, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    if (rc)
        return rc;
    size_t n = code ? strlen(code) : 0;
    bool ok = n >= 1 && n <= 8;
    for (size_t i = 0; ok && i < n; i++)
        ok = (code[i] >= '0' && code[i] <= '9') || (code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= 'a' && code[i] <= 'z');
    if (!ok)
        return err_field(e, "code", "検針区は半角英数字1〜8文字で入力してください。");
    if ((rc = validate_text(name, true, 40, "name", "検針区の名称", e)))
        return rc;
    if (!grp || (strcmp(grp, "odd") != 0 && strcmp(grp, "even") != 0 && strcmp(grp, "monthly") != 0))
        return err_field(e, "grp", "検針月は 奇数月・偶数月・毎月 から選んでください。");
    route_row r;
    memset(&r, 0, sizeof r);
    str_copy(r.code, sizeof r.code, code);
    str_copy(r.name, sizeof r.name, name);
    str_copy(r.grp, sizeof r.grp, grp);
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = route_store_upsert(ctx->db, &r, e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "route:%s", code);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "group", grp);
        rc = app_audit_json(ctx, "route.save", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_route_defs(app_ctx *ctx, bool count_taps, app_route_def **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    route_row *r = NULL;
    route_count *cnt = NULL;
    size_t nr = 0, nc = 0;
    char cycle[8];
    app_cycle_today(cycle);
    if (!rc && !(rc = route_store_list(ctx->db, &r, &nr, e)) &&
        !(count_taps && (rc = route_store_counts(ctx->db, cycle, &cnt, &nc, e)))) {
        *rows = nr ? calloc(nr, sizeof **rows) : NULL;
        if (nr && !*rows)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        for (size_t i = 0; !rc && i < nr; i++) {
            app_route_def *d = &(*rows)[i];
            str_copy(d->code, sizeof d->code, r[i].code);
            str_copy(d->name, sizeof d->name, r[i].name);
            str_copy(d->grp, sizeof d->grp, r[i].grp);
            d->taps = count_taps ? 0 : -1;
            for (size_t k = 0; k < nc; k++)
                if (strcmp(cnt[k].route, r[i].code) == 0)
                    d->taps = cnt[k].taps;
        }
        if (!rc)
            *n = nr;
    }
    free(r);
    free(cnt);
    return rc;
}

static void fill_progress(app_route_progress *p, const route_row *r, const schedule_row *s, const route_count *cnt,
                          size_t ncnt)
{
    memset(p, 0, sizeof *p);
    str_copy(p->code, sizeof p->code, r ? r->code : s->route);
    if (r) {
        str_copy(p->name, sizeof p->name, r->name);
        str_copy(p->grp, sizeof p->grp, r->grp);
    }
    if (s) {
        str_copy(p->from_on, sizeof p->from_on, s->from_on);
        str_copy(p->to_on, sizeof p->to_on, s->to_on);
    }
    for (size_t k = 0; k < ncnt; k++)
        if (strcmp(cnt[k].route, p->code) == 0) {
            p->taps = cnt[k].taps;
            p->read = cnt[k].read;
            p->held = cnt[k].held;
        }
}

int app_route_progress_list(app_ctx *ctx, const char *cycle, app_route_progress **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int y, m;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc || (rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    schedule_row *sched = NULL;
    route_row *routes = NULL;
    route_count *cnt = NULL;
    size_t ns = 0, nr = 0, nc = 0;
    if (!(rc = schedule_store_list(ctx->db, cycle, &sched, &ns, e)) &&
        !(rc = route_store_list(ctx->db, &routes, &nr, e)) && !(rc = route_store_counts(ctx->db, cycle, &cnt, &nc, e))) {
        *rows = ns ? calloc(ns, sizeof **rows) : NULL;
        if (ns && !*rows)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        for (size_t i = 0; !rc && i < ns; i++) {
            const route_row *r = NULL;
            for (size_t k = 0; k < nr && !r; k++)
                if (strcmp(routes[k].code, sched[i].route) == 0)
                    r = &routes[k];
            fill_progress(&(*rows)[i], r, &sched[i], cnt, nc);
        }
        if (!rc)
            *n = ns;
    }
    free(sched);
    free(routes);
    free(cnt);
    return rc;
}

void app_route_list_free(app_route_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

static void open_into(const app_ctx *ctx, const char *sealed, char *dst, size_t dstsz)
{
    dst[0] = '\0';
    if (!sealed || !*sealed)
        return;
    char *p = crypto_open(ctx->env->keys, sealed);
    str_copy(dst, dstsz, p ? p : "（復号できません）");
    free(p);
}

/* The current occupant's name, or "" when the tap is vacant. */
static int occupant_name(app_ctx *ctx, int64_t tap_id, char *dst, size_t dstsz, err_t *e)
{
    dst[0] = '\0';
    occupancy_row o;
    int rc = occupancy_store_current(ctx->db, tap_id, &o, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    customer_row c;
    if (rc || (rc = customer_store_get(ctx->db, o.customer_id, &c, e)))
        return rc;
    open_into(ctx, c.name_enc, dst, dstsz);
    return 0;
}

/* One tap of the list: previous reading, expected range, this cycle's reading. */
static int list_item(app_ctx *ctx, reading_engine *g, reading_context *c, const route_tap *t, const char *cycle,
                     const char *on, app_route_item *it, err_t *e)
{
    memset(c, 0, sizeof *c);
    c->meter.id = t->meter_id;
    c->meter.digits = t->digits;
    size_t n = 0;
    int rc = reading_store_recent(ctx->db, t->tap_id, c->recent, READING_HISTORY, &n, e);
    if (rc)
        return rc;
    /* This cycle's regular reading is shown as read; the rest is the history. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const reading_row *r = &c->recent[i];
        bool regular = strcmp(r->kind, "actual") == 0 || strcmp(r->kind, "estimated") == 0;
        if (regular && strcmp(r->cycle, cycle) == 0) {
            if (!it->read) {
                it->read = true;
                str_copy(it->read_on, sizeof it->read_on, r->read_on);
                str_copy(it->read_status, sizeof it->read_status, r->status);
                it->read_value = r->value;
                it->read_usage = r->usage;
                it->read_reasons = reading_reasons_parse(r->reasons);
                it->reread = r->reread != 0;
            }
            continue;
        }
        if (k != i)
            c->recent[k] = *r;
        k++;
    }
    c->nrecent = k;
    if (t->meter_id)
        reading_context_derive(g, c, on);
    if (c->prev) {
        it->has_prev = true;
        str_copy(it->prev_read_on, sizeof it->prev_read_on, c->prev->read_on);
        it->prev_value = c->prev->value;
        it->has_range = reading_expected_range(&ctx->env->reading, &c->basis, &it->expected_low, &it->expected_high);
    }
    return 0;
}

int app_route_list_get(app_ctx *ctx, const char *route, const char *cycle, app_route_list *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int y, m;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc || (rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    route_row r;
    if ((rc = route_store_get(ctx->db, route ? route : "", &r, e)))
        return rc;
    schedule_row *sched = NULL;
    size_t ns = 0;
    if ((rc = schedule_store_list(ctx->db, cycle, &sched, &ns, e)))
        return rc;
    const schedule_row *s = NULL;
    for (size_t i = 0; i < ns && !s; i++)
        if (strcmp(sched[i].route, r.code) == 0)
            s = &sched[i];
    if (!s) {
        free(sched);
        char msg[160];
        str_fmt(msg, sizeof msg, "検針区 %s は %s の検針予定にありません。", r.code, cycle);
        return err_set(e, ERR_NOTFOUND, "cycle", msg, "route %s not scheduled in %s", r.code, cycle);
    }
    fill_progress(&out->route, &r, s, NULL, 0);
    str_copy(out->cycle, sizeof out->cycle, cycle);
    /* Expected ranges are for today, kept inside the cycle's window. */
    char on[11];
    date_format_iso(date_today_jst(), on);
    if (strcmp(on, s->from_on) < 0)
        str_copy(on, sizeof on, s->from_on);
    if (strcmp(on, s->to_on) > 0)
        str_copy(on, sizeof on, s->to_on);
    free(sched);

    route_tap *taps = NULL;
    size_t nt = 0;
    area_row *areas = NULL;
    size_t na = 0;
    reading_engine g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    reading_context *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if ((rc = route_store_taps(ctx->db, r.code, &taps, &nt, e)) || (rc = area_store_list(ctx->db, &areas, &na, e)))
        goto out;
    out->items = nt ? calloc(nt, sizeof *out->items) : NULL;
    if (nt && !out->items) {
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; !rc && i < nt; i++) {
        const route_tap *t = &taps[i];
        app_route_item *it = &out->items[i];
        str_copy(it->tap_no, sizeof it->tap_no, t->tap_no);
        str_copy(it->meter_no, sizeof it->meter_no, t->meter_no);
        str_copy(it->stopped_on, sizeof it->stopped_on, t->stopped_on);
        it->order = t->route_order;
        it->digits = t->digits;
        char addr[200];
        open_into(ctx, t->address_enc, addr, sizeof addr);
        const char *area = "";
        for (size_t k = 0; k < na; k++)
            if (strcmp(areas[k].code, t->area_code) == 0)
                area = areas[k].name;
        str_fmt(it->address, sizeof it->address, "%s%s", area, addr);
        open_into(ctx, t->note_enc, it->note, sizeof it->note);
        if ((rc = occupant_name(ctx, t->tap_id, it->name, sizeof it->name, e)))
            break;
        rc = list_item(ctx, &g, c, t, cycle, on, it, e);
    }
    if (!rc) {
        out->n = nt;
        for (size_t i = 0; i < nt; i++) {
            if (out->items[i].stopped_on[0] && !out->items[i].read)
                continue;   /* 給水停止: no reading expected, not 未検針 */
            out->route.taps++;
            if (out->items[i].read && strcmp(out->items[i].read_status, "accepted") == 0)
                out->route.read++;
            else if (out->items[i].read)
                out->route.held++;
        }
        char obj[40];
        str_fmt(obj, sizeof obj, "route:%s", r.code);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "cycle", cycle);
        jsonw_kv_int(&d.w, "taps", (int64_t)nt);
        rc = app_audit_now_json(ctx, "route.list", obj, &d, e);
    }
out:
    free(c);
    free(taps);
    free(areas);
    if (rc)
        app_route_list_free(out);
    return rc;
}

int app_route_export_csv(app_ctx *ctx, const char *route, const char *cycle, const char *encoding, buf_t *out,
                         err_t *e)
{
    int enc = csv_encoding_parse(encoding && *encoding ? encoding : "utf8bom");
    if (enc < 0)
        return err_field(e, "encoding", "文字コードは utf8, utf8bom, cp932 のいずれかを指定してください。");
    app_route_list l;
    int rc = app_route_list_get(ctx, route, cycle, &l, e);
    if (rc)
        return rc;
    buf_t tmp;
    buf_init(&tmp, 0);
    csv_writer w;
    csv_begin(&w, &tmp, false);
    static const char *const H[] = {"検針区", "順路", "水栓番号", "メーター番号", "桁数", "給水場所", "お客様名",
                                    "前回検針日", "前回指針", "予想下限", "予想上限", "メモ", "検針日", "指針"};
    for (size_t i = 0; i < sizeof H / sizeof H[0]; i++)
        csv_field(&w, H[i]);
    csv_end_row(&w);
    for (size_t i = 0; i < l.n; i++) {
        const app_route_item *it = &l.items[i];
        csv_field(&w, l.route.code);
        csv_field_i64(&w, it->order);
        csv_field(&w, it->tap_no);
        csv_field(&w, it->meter_no);
        csv_field_i64(&w, it->digits);
        csv_field(&w, it->address);
        csv_field(&w, it->name);
        csv_field(&w, it->has_prev ? it->prev_read_on : "");
        if (it->has_prev)
            csv_field_i64(&w, it->prev_value);
        else
            csv_field(&w, "");
        if (it->has_range) {
            csv_field_i64(&w, it->expected_low);
            csv_field_i64(&w, it->expected_high);
        } else {
            csv_field(&w, "");
            csv_field(&w, "");
        }
        csv_field(&w, it->note);
        csv_field(&w, it->read ? it->read_on : "");
        if (it->read)
            csv_field_i64(&w, it->read_value);
        else
            csv_field(&w, "");
        csv_end_row(&w);
    }
    app_route_list_free(&l);
    bool ok = !tmp.failed && csv_encode(&tmp, enc, out);
    buf_free(&tmp);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "CSV encoding failed");
}

int app_reader_note_set(app_ctx *ctx, const char *tap_no, const char *note, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc)
        return rc;
    if (!note || !text_is_clean(note, false) || text_len_chars(note) > 80)
        return err_field(e, "note", "検針メモは改行なしの80文字以内で入力してください。");
    int vrc = validate_visible(note, "note", "検針メモ", e);
    if (vrc)
        return vrc;
    tap_row t;
    if ((rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", &t, e)))
        return rc;
    char *sealed = *note ? crypto_seal(ctx->env->keys, note) : strdup("");
    if (!sealed)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "sealing failed");
    if ((rc = db_begin(ctx->db, e))) {
        free(sealed);
        return rc;
    }
    rc = reading_store_set_note(ctx->db, t.id, sealed, e);
    free(sealed);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
        rc = app_audit(ctx, "reading.note", obj, "{}", e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_reader_note_get(app_ctx *ctx, const char *tap_no, char *out, size_t outsz, err_t *e)
{
    out[0] = '\0';
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    tap_row t;
    if (rc || (rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", &t, e)))
        return rc;
    char sealed[1024];
    if ((rc = reading_store_get_note(ctx->db, t.id, sealed, sizeof sealed, e)))
        return rc;
    open_into(ctx, sealed, out, outsz);
    return 0;
}
