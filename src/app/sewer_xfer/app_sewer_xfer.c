/* app_sewer_xfer — see app_sewer_xfer.h.  One transaction: read what was
 * sent, make the file, record the new batch, audit, commit; only then is
 * the file put where it was asked for (a temporary file renamed), so a
 * kill leaves either no batch and no file or both. */
#include "app/sewer_xfer/app_sewer_xfer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_seal.h"
#include "app/reading/app_reading.h"
#include "app/registry/app_registry.h"
#include "domain/role.h"
#include "domain/sewer_xfer/sewer_xfer.h"
#include "domain/tapinfo.h"
#include "store/db.h"
#include "store/sewer_xfer/sewer_xfer_store.h"

static const app_sewer_operator OPERATORS[] = {
    {"chuo", "中央市"}, {"kai", "甲斐市"}, {"showa", "昭和町"}, {NULL, NULL},
};

const app_sewer_operator *app_sewer_operators(void)
{
    return OPERATORS;
}

static const char *operator_label(const char *code)
{
    for (const app_sewer_operator *o = OPERATORS; code && o->code; o++)
        if (strcmp(o->code, code) == 0)
            return o->label;
    return NULL;
}

static int check_in(const app_sewer_export_in *in, int *format, err_t *e)
{
    if (!operator_label(in->operator_code))
        return err_field(e, "operator", "下水道事業者は chuo（中央市）・kai（甲斐市）・showa（昭和町）のいずれかを指定してください。");
    int y, m;
    int rc = app_cycle_field(in->cycle, &y, &m, e);
    if (rc)
        return rc;
    *format = sewer_xfer_format_parse(in->format ? in->format : "csv");
    if (*format < 0)
        return err_field(e, "format", "形式は csv（CSV）か fixed（固定長）を指定してください。");
    if (in->batch_no < 0 || in->batch_no > 99)
        return err_field(e, "batch", "送付回は 1〜99 で指定してください。");
    if (in->batch_no && in->corrections)
        return err_field(e, "batch", "送付回の指定と差分（訂正）の作成は同時に指定できません。");
    return 0;
}

/* Sealed rows (bills: the place is the area's name and the sealed rest)
 * into plain records. */
static sewer_xfer_rec *open_rows(app_ctx *ctx, const sewer_xfer_row *rows, size_t n, bool bills)
{
    sewer_xfer_rec *r = calloc(n ? n : 1, sizeof *r);
    for (size_t i = 0; r && i < n; i++) {
        const sewer_xfer_row *w = &rows[i];
        r[i].entry = bills ? SEWER_XFER_NEW : sewer_xfer_entry_parse(w->entry);
        r[i].bill_id = w->bill_id;
        str_copy(r[i].tap_no, sizeof r[i].tap_no, w->tap_no);
        if (bills)
            app_registry_place_format(ctx, w->area_name, w->place_enc, r[i].place, sizeof r[i].place);
        else
            app_open_into(ctx, w->place_enc, r[i].place, sizeof r[i].place);
        app_open_into(ctx, w->user_enc, r[i].user, sizeof r[i].user);
        str_copy(r[i].period_from, sizeof r[i].period_from, w->period_from);
        str_copy(r[i].period_to, sizeof r[i].period_to, w->period_to);
        r[i].water_m3 = w->water_m3;
        r[i].sewer_m3 = w->sewer_m3;
        if (bills)
            sewer_xfer_split(w->water_m3, w->sewer_m3, &r[i].deduct_m3, &r[i].well_m3);
        else {
            r[i].deduct_m3 = w->deduct_m3;
            r[i].well_m3 = w->well_m3;
        }
    }
    return r;
}

/* Plain records into rows to store, the name and place sealed. */
static int seal_rows(app_ctx *ctx, const sewer_xfer_rec *r, size_t n, sewer_xfer_row **out, err_t *e)
{
    sewer_xfer_row *w = calloc(n ? n : 1, sizeof *w);
    if (!w)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        str_copy(w[i].entry, sizeof w[i].entry, sewer_xfer_entry_code(r[i].entry));
        w[i].bill_id = r[i].bill_id;
        str_copy(w[i].tap_no, sizeof w[i].tap_no, r[i].tap_no);
        rc = app_seal_into(ctx, r[i].place, w[i].place_enc, sizeof w[i].place_enc, e);
        if (!rc)
            rc = app_seal_into(ctx, r[i].user, w[i].user_enc, sizeof w[i].user_enc, e);
        str_copy(w[i].period_from, sizeof w[i].period_from, r[i].period_from);
        str_copy(w[i].period_to, sizeof w[i].period_to, r[i].period_to);
        w[i].water_m3 = r[i].water_m3;
        w[i].deduct_m3 = r[i].deduct_m3;
        w[i].well_m3 = r[i].well_m3;
        w[i].sewer_m3 = r[i].sewer_m3;
    }
    if (rc)
        free(w);
    else
        *out = w;
    return rc;
}

/* The records of one batch (a repeat), from what was stored. */
static int batch_records(app_ctx *ctx, const app_sewer_export_in *in, int64_t batch_no, sewer_xfer_rec **recs,
                         size_t *n, err_t *e)
{
    sewer_xfer_row *rows = NULL;
    size_t k = 0;
    int rc = sewer_xfer_store_records(ctx->db, in->operator_code, in->cycle, batch_no, &rows, &k, e);
    if (rc)
        return rc;
    size_t first = 0;
    while (first < k && rows[first].batch_no < batch_no)
        first++;
    *n = k - first;
    *recs = open_rows(ctx, rows + first, *n, false);
    free(rows);
    return *recs ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
}

/* The records a new batch carries: every bill (the first), or the
 * differences from what the batches so far left the operator holding. */
static int new_records(app_ctx *ctx, const app_sewer_export_in *in, bool first, sewer_xfer_rec **recs, size_t *n,
                       err_t *e)
{
    sewer_xfer_row *bills = NULL, *sent = NULL;
    size_t nb = 0, ns = 0;
    int rc = sewer_xfer_store_bills(ctx->db, in->operator_code, in->cycle, &bills, &nb, e);
    if (!rc && !first)
        rc = sewer_xfer_store_records(ctx->db, in->operator_code, in->cycle, 0, &sent, &ns, e);
    sewer_xfer_rec *now = rc ? NULL : open_rows(ctx, bills, nb, true);
    sewer_xfer_rec *old = rc || first ? NULL : open_rows(ctx, sent, ns, false);
    free(bills);
    free(sent);
    if (!rc && (!now || (!first && !old)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && first) {
        sewer_xfer_sort(now, nb);
        *recs = now;
        *n = nb;
        return 0;
    }
    sewer_xfer_rec *held = rc ? NULL : calloc(ns ? ns : 1, sizeof *held);
    sewer_xfer_rec *diff = rc ? NULL : calloc(ns + nb ? ns + nb : 1, sizeof *diff);
    if (!rc && (!held || !diff))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc) {
        size_t nh = sewer_xfer_net(old, ns, held);
        *n = sewer_xfer_diff(held, nh, now, nb, diff);
        *recs = diff;
        diff = NULL;
    }
    free(now);
    free(old);
    free(held);
    free(diff);
    return rc;
}

static int audit(app_ctx *ctx, const app_sewer_export_in *in, const app_sewer_export_out *out, int format, err_t *e)
{
    char obj[48];
    str_fmt(obj, sizeof obj, "sewer:%s:%s", in->operator_code, in->cycle);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_int(&d.w, "batch", out->batch_no);
    jsonw_kv_bool(&d.w, "again", out->again);
    jsonw_kv_string(&d.w, "format", format == SEWER_XFER_FIXED ? "fixed" : "csv");
    jsonw_kv_int(&d.w, "records", out->records);
    jsonw_kv_int(&d.w, "cancels", out->cancels);
    char sha[65];
    crypto_sha256_hex(out->file.data, out->file.len, sha);
    jsonw_kv_string(&d.w, "sha256", sha);
    return app_audit_json(ctx, "sewer.export", obj, &d, e);
}

/* The day (Asia/Tokyo) of a unix time. */
static void day_of(int64_t at, char out[11])
{
    char ts[20];
    date_format_ts_jst(at, ts);
    str_copy(out, 11, ts);
}

/* The batch to repeat or the next one; records in *recs. */
static int plan(app_ctx *ctx, const app_sewer_export_in *in, app_sewer_export_out *out, sewer_xfer_rec **recs,
                size_t *n, err_t *e)
{
    sewer_xfer_batch *bs = NULL;
    size_t nbs = 0;
    int rc = sewer_xfer_store_batches(ctx->db, in->operator_code, in->cycle, &bs, &nbs, e);
    if (rc)
        return rc;
    out->batches = (int64_t)nbs;
    if (nbs && !in->corrections) {
        int64_t want = in->batch_no ? in->batch_no : 1;
        if (want > (int64_t)nbs)
            rc = err_field(e, "batch", "%s の %s 周期の送付は第 %zu 回までです。", out->operator_label, in->cycle, nbs);
        else {
            out->batch_no = want;
            out->again = true;
            day_of(bs[want - 1].created_at, out->created_on);
            rc = batch_records(ctx, in, want, recs, n, e);
        }
    } else if (in->batch_no)
        rc = err_field(e, "batch", "%s の %s 周期はまだ送付していません。", out->operator_label, in->cycle);
    else {
        rc = new_records(ctx, in, nbs == 0, recs, n, e);
        if (!rc && nbs == 0 && *n == 0)
            rc = err_set(e, ERR_NOTFOUND, "cycle", NULL, "no bills of %s in %s", in->operator_code, in->cycle);
        if (rc == ERR_NOTFOUND)
            str_fmt(e->user, sizeof e->user, "%s 周期には %s が下水道を受け持つ水栓の調定がありません。", in->cycle,
                    out->operator_label);
        out->batch_no = *n ? (int64_t)nbs + 1 : 0;
        date_format_iso(date_today_jst(), out->created_on);
    }
    free(bs);
    return rc;
}

static int record_batch(app_ctx *ctx, const app_sewer_export_in *in, app_sewer_export_out *out,
                        const sewer_xfer_rec *recs, size_t n, err_t *e)
{
    sewer_xfer_row *rows = NULL;
    int rc = seal_rows(ctx, recs, n, &rows, e);
    if (rc)
        return rc;
    sewer_xfer_batch b = {.batch_no = out->batch_no, .records = out->records, .water_m3 = out->water_m3,
                          .sewer_m3 = out->sewer_m3, .created_at = date_now_unix()};
    str_copy(b.operator_code, sizeof b.operator_code, in->operator_code);
    str_copy(b.cycle, sizeof b.cycle, in->cycle);
    str_copy(b.created_by, sizeof b.created_by, ctx->actor.username);
    rc = sewer_xfer_store_insert(ctx->db, &b, rows, n, e);
    free(rows);
    out->batches += rc ? 0 : 1;
    return rc;
}

/* data to path.tmp (0600), fsync; *tmp names it for the rename. */
static int write_temp(const char *path, const buf_t *data, char *tmp, size_t tmpsz, err_t *e)
{
    str_fmt(tmp, tmpsz, "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0;
    for (size_t off = 0; ok && off < data->len;) {
        ssize_t w = write(fd, data->data + off, data->len - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    ok = ok && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok)
        return 0;
    int err = errno;
    unlink(tmp);
    tmp[0] = '\0';
    char msg[1200];
    str_fmt(msg, sizeof msg, "ファイルを書けません: %s（%s）", path, strerror(err));
    return err_set(e, ERR_IO, "out", msg, "cannot write %s: %s", path, strerror(err));
}

int app_sewer_export(app_ctx *ctx, const app_sewer_export_in *in, app_sewer_export_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->file, 0);
    int format = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_EXPORT, e);
    if (!rc)
        rc = check_in(in, &format, e);
    if (rc)
        return rc;
    str_copy(out->operator_label, sizeof out->operator_label, operator_label(in->operator_code));
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    sewer_xfer_rec *recs = NULL;
    size_t n = 0;
    char tmp[1100] = "";
    rc = plan(ctx, in, out, &recs, &n, e);
    if (!rc && out->batch_no) {
        sewer_xfer_sums s = sewer_xfer_sum(recs, n);
        out->records = s.records;
        out->cancels = s.cancels;
        out->water_m3 = s.water_m3;
        out->sewer_m3 = s.sewer_m3;
        sewer_xfer_head h = {.operator_code = in->operator_code, .cycle = in->cycle, .batch_no = out->batch_no};
        if (!sewer_xfer_write(&h, recs, n, format, &out->file))
            rc = err_set(e, ERR_INVALID, NULL, "下水データの項目が様式の桁に収まりません（水量・調定番号の桁数）。",
                         "sewer file: a field does not fit");
        if (!rc && !out->again)
            rc = record_batch(ctx, in, out, recs, n, e);
        if (!rc)
            rc = audit(ctx, in, out, format, e);
        if (!rc && in->out_path)
            rc = write_temp(in->out_path, &out->file, tmp, sizeof tmp, e);
    }
    free(recs);
    if (rc || !out->batch_no)
        db_rollback(ctx->db);   /* nothing to keep: an error, or no differences */
    else
        rc = app_tx_end(ctx, rc, e);
    if (tmp[0]) {
        if (!rc && rename(tmp, in->out_path) != 0)
            rc = err_set(e, ERR_IO, "out", NULL, "rename %s: %s", in->out_path, strerror(errno));
        if (rc)
            unlink(tmp);
    }
    if (rc)
        app_sewer_export_free(out);
    return rc;
}

void app_sewer_export_free(app_sewer_export_out *out)
{
    buf_free(&out->file);
}

int app_sewer_batches(app_ctx *ctx, int64_t limit, app_sewer_batch **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_EXPORT, e);
    sewer_xfer_batch *bs = NULL;
    size_t k = 0;
    if (!rc)
        rc = sewer_xfer_store_recent(ctx->db, limit, &bs, &k, e);
    if (rc)
        return rc;
    *rows = calloc(k ? k : 1, sizeof **rows);
    if (!*rows) {
        free(bs);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        app_sewer_batch *o = &(*rows)[i];
        str_copy(o->operator_code, sizeof o->operator_code, bs[i].operator_code);
        const char *l = operator_label(bs[i].operator_code);
        str_copy(o->operator_label, sizeof o->operator_label, l ? l : bs[i].operator_code);
        str_copy(o->cycle, sizeof o->cycle, bs[i].cycle);
        str_copy(o->created_by, sizeof o->created_by, bs[i].created_by);
        day_of(bs[i].created_at, o->created_on);
        o->batch_no = bs[i].batch_no;
        o->records = bs[i].records;
        o->water_m3 = bs[i].water_m3;
        o->sewer_m3 = bs[i].sewer_m3;
    }
    *n = k;
    free(bs);
    return 0;
}

typedef struct reseal_state { app_ctx *ctx; int64_t count; err_t *e; } reseal_state;

/* Open sealed and seal it again under the current key into out. */
static bool reseal_one(const app_ctx *ctx, const char *sealed, char *out, size_t outsz)
{
    if (!*sealed) {
        out[0] = '\0';
        return true;
    }
    char *plain = crypto_open(ctx->env->keys, sealed);
    char *again = plain ? crypto_seal(ctx->env->keys, plain) : NULL;
    bool ok = again && str_copy(out, outsz, again);
    free(plain);
    free(again);
    return ok;
}

static int reseal_record(int64_t batch_id, int64_t seq, const char *place_enc, const char *user_enc, void *arg)
{
    reseal_state *st = arg;
    sewer_xfer_row *w = malloc(sizeof *w);
    int rc = w ? 0 : err_set(st->e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && (!reseal_one(st->ctx, place_enc, w->place_enc, sizeof w->place_enc) ||
                !reseal_one(st->ctx, user_enc, w->user_enc, sizeof w->user_enc)))
        rc = err_set(st->e, ERR_INTERNAL, NULL, NULL, "sewer record %lld/%lld cannot be re-encrypted",
                     (long long)batch_id, (long long)seq);
    if (!rc)
        rc = sewer_xfer_store_set_enc(st->ctx->db, batch_id, seq, w->place_enc, w->user_enc, st->e);
    st->count += !rc;
    free(w);
    return rc;
}

int app_sewer_xfer_reseal_tx(app_ctx *ctx, int64_t *count, err_t *e)
{
    reseal_state st = {ctx, 0, e};
    int rc = sewer_xfer_store_walk_enc(ctx->db, reseal_record, &st, e);
    *count = st.count;
    return rc;
}
