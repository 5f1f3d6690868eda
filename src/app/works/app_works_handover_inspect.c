/* app_works_handover_inspect — the meters of a passing completion
 * inspection, checked against the application and recorded (see
 * app_works_handover.h and docs/works.md 「完成検査」). */
#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_handover_internal.h"
#include "base/buf.h"
#include "domain/validate.h"
#include "domain/works/works_progress.h"
#include "store/reading/meter_store.h"

#define MAX_DIGITS 6

void app_works_handover_field(char out[40], const char *base, int64_t dwelling)
{
    if (dwelling > 0)
        str_fmt(out, 40, "%s_%lld", base, (long long)dwelling);
    else
        str_copy(out, 40, base);
}

/* The number as the meter records keep it (app_meter's rule). */
static bool meter_no_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    bool ok = n >= 4 && n <= 20;
    for (size_t i = 0; ok && i < n; i++)
        ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-';
    return ok;
}

static int check_new_meter(app_ctx *ctx, const app_works_meter_input *m, const app_works_meter_check *k,
                           works_meter_row *out, err_t *e)
{
    char f[40], label[96];
    long long v;
    int rc;
    app_works_handover_field(f, "meter_no", k->dwelling);
    if (!app_works_handover_given(m->meter_no))
        return err_field(e, f, "%s設置したメーターの番号を入力してください。", k->label);
    if (!meter_no_ok(m->meter_no))
        return err_field(e, f, "%sメーター番号は英大文字・数字・ハイフンの4〜20文字で入力してください。", k->label);
    meter_row *have = calloc(1, sizeof *have);
    if (!have)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = meter_store_get_by_no(ctx->db, m->meter_no, have, e);
    if (rc == 0 && strcmp(have->status, "stock") != 0)
        rc = err_field(e, f, "%sメーター %s は在庫にありません（設置中または撤去済み）。番号を確かめてください。", k->label,
                       m->meter_no);
    else if (rc == ERR_NOTFOUND) {
        err_clear(e);
        rc = 0;
    }
    free(have);
    if (rc)
        return rc;
    app_works_handover_field(f, "meter_maker", k->dwelling);
    str_fmt(label, sizeof label, "%sメーターのメーカー", k->label);
    if ((rc = validate_text(m->maker, true, 30, f, label, e)))
        return rc;
    app_works_handover_field(f, "meter_diameter", k->dwelling);
    if (app_works_handover_given(m->diameter)) {
        str_fmt(label, sizeof label, "%sメーターの口径", k->label);
        if ((rc = validate_int(m->diameter, 13, 300, f, label, &v, e)))
            return rc;
        if (v != k->diameter)
            return err_field(e, f, "%sメーターの口径（%lld mm）が申込の口径（%lld mm）と違います。", k->label, v,
                             (long long)k->diameter);
    }
    app_works_handover_field(f, "meter_digits", k->dwelling);
    v = 4;
    str_fmt(label, sizeof label, "%sメーターの桁数", k->label);
    if (app_works_handover_given(m->digits) && (rc = validate_int(m->digits, 4, MAX_DIGITS, f, label, &v, e)))
        return rc;
    out->digits = v;
    app_works_handover_field(f, "meter_reading", k->dwelling);
    str_fmt(label, sizeof label, "%s取付指針", k->label);
    if ((rc = validate_int(m->reading, 0, 999999, f, label, &v, e)))
        return rc;
    long long span = 1;
    for (int64_t i = 0; i < out->digits; i++)
        span *= 10;
    if (v >= span)
        return err_field(e, f, "%s取付指針がメーターの桁数（%lld桁）を超えています。", k->label, (long long)out->digits);
    out->start_value = v;
    str_copy(out->meter_no, sizeof out->meter_no, m->meter_no);
    str_copy(out->maker, sizeof out->maker, m->maker);
    out->diameter = k->diameter;
    return 0;
}

int app_works_handover_check_meter(app_ctx *ctx, const app_works_meter_input *m, const app_works_meter_check *k,
                                   works_meter_row *out, err_t *e)
{
    static const app_works_meter_input NONE = {0};
    if (!m)
        m = &NONE;
    out->dwelling_no = k->dwelling;
    out->old_final = -1;
    int rc = k->with_new ? check_new_meter(ctx, m, k, out, e) : 0;
    if (!rc && !k->with_new && app_works_handover_given(m->meter_no))
        return err_field(e, "meter_no", "撤去の工事では新しいメーターは設置しません（メーター番号は空にしてください）。");
    if (!rc && k->with_old) {
        long long v;
        char f[40], label[128];
        app_works_handover_field(f, "old_final", k->dwelling);
        str_fmt(label, sizeof label, "%s取り外したメーターの指針", k->label);
        if ((rc = validate_int(m->old_final, 0, 999999, f, label, &v, e)))
            return rc;
        out->old_final = v;
    }
    return rc;
}

/* The inspection of a 特団改造: a new dwelling's meter; a kept one's new
 * meter when its diameter changes (or one is given) with the old one's last
 * dial; a closing one's last dial (「2号室の撤去時指針」). */
static int check_block(app_ctx *ctx, const app_works_block_dwelling *p, size_t np, const app_works_meter_input *m,
                       size_t n, works_meter_row *out, err_t *e)
{
    static const app_works_meter_input NONE = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < np; i++) {
        const app_works_block_dwelling *d = &p[i];
        const app_works_meter_input *in = (size_t)d->no <= n ? &m[d->no - 1] : &NONE;
        char label[96];
        str_fmt(label, sizeof label, "%sの", d->label);
        out[i].dwelling_no = d->no;
        out[i].old_final = -1;
        if (d->kind == APP_WORKS_DW_CLOSE) {
            char f[40], what[128];
            long long v;
            app_works_handover_field(f, "old_final", d->no);
            str_fmt(what, sizeof what, "%s撤去時指針", label);
            if (d->has_meter && !(rc = validate_int(in->old_final, 0, 999999, f, what, &v, e)))
                out[i].old_final = v;
            continue;
        }
        bool with_new = d->kind != APP_WORKS_DW_KEEP || app_works_handover_given(in->meter_no);
        app_works_meter_check k = {d->no, d->diameter, label, d->kind != APP_WORKS_DW_NEW && d->has_meter && with_new,
                                   with_new};
        rc = app_works_handover_check_meter(ctx, in, &k, &out[i], e);
    }
    return rc;
}

static int check_dwellings(app_ctx *ctx, const works_app_row *r, const app_works_meter_input *m, size_t n,
                           works_meter_row **out, size_t *nout, err_t *e)
{
    app_works_block_dwelling *p = NULL;
    size_t np = 0;
    int rc = app_works_handover_plan_tx(ctx, r, &p, &np, e);
    if (!rc && !np) {   /* a new 特団: a new tap and meter for each dwelling */
        works_dwelling_row *dw = NULL;
        size_t nd = 0;
        rc = works_dwelling_store_list(ctx->db, r->id, &dw, &nd, e);
        if (!rc && nd && !(p = calloc(nd, sizeof *p)))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        for (size_t i = 0; !rc && i < nd; i++) {
            p[i] = (app_works_block_dwelling){.no = dw[i].no, .kind = APP_WORKS_DW_NEW, .diameter = dw[i].diameter};
            str_copy(p[i].label, sizeof p[i].label, dw[i].label);
        }
        np = rc ? 0 : nd;
        free(dw);
    }
    if (!rc && np && !(*out = calloc(np, sizeof **out)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc)
        rc = check_block(ctx, p, np, m, n, *out, e);
    for (size_t i = 0; !rc && i < np; i++)
        for (size_t j = 0; !rc && j < i; j++)
            if ((*out)[i].meter_no[0] && strcmp((*out)[j].meter_no, (*out)[i].meter_no) == 0) {
                char f[40];
                app_works_handover_field(f, "meter_no", p[i].no);
                rc = err_field(e, f, "メーター番号 %s が %s と %s の2戸にあります。", (*out)[i].meter_no, p[j].label,
                               p[i].label);
            }
    if (!rc)
        *nout = np;
    free(p);
    return rc;
}

int app_works_handover_inspect_tx(app_ctx *ctx, const works_app_row *r, const app_works_meter_input *m, size_t n,
                                  const char *on, err_t *e)
{
    works_meter_row *rows = NULL, one;
    size_t nrows = 0;
    memset(&one, 0, sizeof one);
    int rc = 0;
    int type = works_type_parse(r->type);
    if (type == WORKS_COMPLEX) {
        rc = check_dwellings(ctx, r, m, n, &rows, &nrows, e);
    } else if (type == WORKS_NEW || type == WORKS_BRANCH) {
        app_works_meter_check k = {0, r->diameter, "", false, true};
        rc = app_works_handover_check_meter(ctx, n ? &m[0] : NULL, &k, &one, e);
        rows = &one;
        nrows = 1;
    } else {
        tap_row *t = calloc(1, sizeof *t);
        bool has_meter = false;
        if (!t)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        rc = app_works_handover_named_tap(ctx, r, t, &has_meter, e);
        /* 改造: a new meter when the diameter changes (or one is given);
         * 撤去: none, the old one's last dial */
        bool new_meter = type == WORKS_REMODEL &&
                         (t->diameter != r->diameter || (n && app_works_handover_given(m[0].meter_no)));
        app_works_meter_check k = {0, r->diameter, "", has_meter && (new_meter || type == WORKS_REMOVAL), new_meter};
        if (!rc && (k.with_new || k.with_old)) {
            rc = app_works_handover_check_meter(ctx, n ? &m[0] : NULL, &k, &one, e);
            rows = &one;
            nrows = 1;
        }
        free(t);
    }
    for (size_t i = 0; !rc && i < nrows; i++) {
        rows[i].application_id = r->id;
        str_copy(rows[i].recorded_on, sizeof rows[i].recorded_on, on);
    }
    if (!rc)
        rc = works_meter_store_replace(ctx->db, r->id, rows, nrows, e);
    if (rows != &one)
        free(rows);
    return rc;
}
