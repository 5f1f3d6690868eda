/* app_debit — the direct-debit request and result files (see app_debit.h). */
#include "app/collect/app_debit.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_import.h"
#include "app/collect/app_payment.h"
#include "store/db.h"
#include "base/date.h"
#include "domain/alloc.h"
#include "domain/calendar.h"
#include "domain/role.h"
#include "domain/zengin.h"
#include "store/billing/bill_store.h"
#include "store/collect/debit_store.h"

/* ---- settings --------------------------------------------------------- */

typedef struct debit_settings {
    const char *consignor_code, *consignor_name, *bank, *bank_name, *branch, *branch_name, *account;
    int account_type;
    const char *on_failure;    /* "retry" or "slip" */
} debit_settings;

static int load_settings(const app_ctx *ctx, debit_settings *s, err_t *e)
{
    const config *c = ctx->env->cfg;
    s->consignor_code = config_get(c, "debit.consignor_code", "1234567890");
    s->consignor_name = config_get(c, "debit.consignor_name", "サンキョウシスイドウキョク");
    s->bank = config_get(c, "debit.bank", "0001");
    s->bank_name = config_get(c, "debit.bank_name", "ミズホ");
    s->branch = config_get(c, "debit.branch", "001");
    s->branch_name = config_get(c, "debit.branch_name", "トウキヨウ");
    s->account = config_get(c, "debit.account", "1234567");
    s->on_failure = config_get(c, "debit.on_failure", "retry");
    long long ty = 1;
    int rc = config_get_int(c, "debit.account_type", 1, 1, 9, &ty, e);
    if (rc)
        return rc;
    s->account_type = (int)ty;
    if (strcmp(s->on_failure, "retry") && strcmp(s->on_failure, "slip"))
        return err_set(e, ERR_INVALID, "debit.on_failure",
                       "設定 [debit] on_failure は retry（再振替）か slip（納付書）にしてください。",
                       "debit.on_failure: %s", s->on_failure);
    return 0;
}

/* ---- the request -------------------------------------------------------- */

static void customer_ref(int64_t batch_id, int64_t bill_id, char out[24])
{
    str_fmt(out, 24, "%08lld%012lld", (long long)batch_id, (long long)bill_id);
}

/* The bank master's kana for a bank or branch name field: zengin_kana
 * writes no '-' or '.' there except from ー, so the published full-width
 * hyphen becomes ー and the full stop a space. */
static void name_kana(const char *in, char *out, size_t outsz)
{
    buf_t b;
    buf_init(&b, 0);
    for (const char *p = in; *p;) {
        if (strncmp(p, "\xEF\xBC\x8D", 3) == 0 || *p == '-') {        /* U+FF0D, '-' */
            buf_puts(&b, "\xE3\x83\xBC");                            /* U+30FC */
            p += *p == '-' ? 1 : 3;
        } else if (strncmp(p, "\xEF\xBC\x8E", 3) == 0 || *p == '.') { /* U+FF0E, '.' */
            buf_putc(&b, ' ');
            p += *p == '.' ? 1 : 3;
        } else
            buf_putc(&b, *p++);
    }
    if (b.failed || !str_copy(out, outsz, buf_cstr(&b)))
        out[0] = '\0';
    buf_free(&b);
}

/* The request file of the lines into file (CR LF after every record). */
static int build_file(app_ctx *ctx, const debit_settings *st, const char *debit_on, int64_t batch_id,
                      const debit_line *lines, size_t n, buf_t *file, int64_t *amount, int64_t *first, err_t *e)
{
    char rec[ZENGIN_REC + 1], msg[256];
    /* header, n records, trailer and end, each with its line end: a city's
     * request (730,000 records at 2,000,000 taps) is above a buffer's default cap */
    buf_allow(file, (n + 4) * (ZENGIN_REC + 2));
    zengin_header_in h = {.consignor_code = st->consignor_code, .consignor_name = st->consignor_name,
                          .debit_on = debit_on, .bank = st->bank, .bank_name = st->bank_name,
                          .branch = st->branch, .branch_name = st->branch_name,
                          .account_type = st->account_type, .account = st->account};
    if (zengin_header(&h, rec, msg, sizeof msg)) {
        char m2[320];
        str_fmt(m2, sizeof m2, "設定 [debit] が正しくありません: %s", msg);
        return err_set(e, ERR_INVALID, "debit", m2, "debit settings invalid");
    }
    buf_append(file, rec, ZENGIN_REC);
    buf_append(file, "\r\n", 2);
    *amount = 0;
    *first = 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const debit_line *l = &lines[i];
        char ref[24];
        customer_ref(batch_id, l->bill_id, ref);
        char *acct = crypto_open(ctx->env->keys, l->account_enc);
        char *holder = crypto_open(ctx->env->keys, l->holder_enc);
        if (!acct || !holder)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "mandate %lld: cannot open sealed fields",
                         (long long)l->mandate_id);
        char bank_kana[128], branch_kana[128];
        name_kana(l->bank_kana, bank_kana, sizeof bank_kana);
        name_kana(l->branch_kana, branch_kana, sizeof branch_kana);
        zengin_data_in d = {.bank = l->bank, .bank_name = bank_kana, .branch = l->branch,
                            .branch_name = branch_kana, .account_type = (int)l->account_type,
                            .account = acct, .holder = holder, .amount = l->amount,
                            .new_code = l->first_done ? 0 : 1, .customer = ref};
        if (!rc && zengin_data(&d, rec, msg, sizeof msg)) {
            char m2[400];
            str_fmt(m2, sizeof m2, "調定 %lld の口座振替（依頼書 %lld）を書けません: %s", (long long)l->bill_id,
                    (long long)l->mandate_id, msg);
            rc = err_set(e, ERR_INVALID, "mandate", m2, "debit record for bill %lld", (long long)l->bill_id);
        }
        free(acct);
        free(holder);
        if (!rc) {
            buf_append(file, rec, ZENGIN_REC);
            buf_append(file, "\r\n", 2);
            *amount += l->amount;
            *first += d.new_code == 1;
        }
    }
    if (rc)
        return rc;
    if (zengin_trailer((int64_t)n, *amount, 0, 0, 0, 0, rec, msg, sizeof msg))
        return err_set(e, ERR_INVALID, NULL, msg, "debit trailer overflow");
    buf_append(file, rec, ZENGIN_REC);
    buf_append(file, "\r\n", 2);
    zengin_end(rec);
    buf_append(file, rec, ZENGIN_REC);
    buf_append(file, "\r\n", 2);
    if (file->failed)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "debit file: out of memory");
    return 0;
}

/* Write data to path.tmp, fsync; the caller renames it when committed. */
static int write_temp(const char *path, const void *data, size_t len, char *tmp, size_t tmpsz, err_t *e)
{
    str_fmt(tmp, tmpsz, "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0)
        goto fail;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            goto fail;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(tmp);
        goto fail;
    }
    return 0;
fail:;
    char msg[1200];
    str_fmt(msg, sizeof msg, "ファイルを書けません: %s（%s）", path, strerror(errno));
    return err_set(e, ERR_IO, "out", msg, "cannot write %s: %s", path, strerror(errno));
}

static int check_date(const char *debit_on, civil_date *d, err_t *e)
{
    if (!debit_on || !date_parse(debit_on, d))
        return err_field(e, "date", "引落日は YYYY-MM-DD の形式で指定してください。");
    if (!calendar_is_business_day(*d)) {
        char next[11];
        date_format_iso(calendar_next_business_day(*d), next);
        const char *hol = calendar_holiday(*d);
        int wd = calendar_weekday(*d);
        return err_field(e, "date", "引落日 %s は金融機関の休業日（%s）です。次の営業日は %s です。", debit_on,
                         hol ? hol : wd == 0 ? "日曜日" : wd == 6 ? "土曜日" : "年末年始", next);
    }
    return 0;
}

/* The finished file to where it goes: mem when given, else path.tmp (tmp). */
static int deliver(const char *path, buf_t *mem, const buf_t *file, char *tmp, size_t tmpsz, err_t *e)
{
    if (!mem)
        return write_temp(path, file->data, file->len, tmp, tmpsz, e);
    buf_allow(mem, mem->len + file->len);
    buf_append(mem, file->data, file->len);
    return mem->failed ? err_set(e, ERR_INTERNAL, NULL, NULL, "debit file: out of memory") : 0;
}

/* The audit row of a request file written (its hash names the file). */
static int audit_export(app_ctx *ctx, const char *day, const char *sha, const app_debit_export_out *out, err_t *e)
{
    app_audit_detail det;
    app_audit_detail_begin(&det);
    jsonw_kv_string(&det.w, "debit_on", day);
    jsonw_kv_int(&det.w, "attempt", out->attempt);
    jsonw_kv_int(&det.w, "records", out->records);
    jsonw_kv_int(&det.w, "amount", out->amount);
    jsonw_kv_string(&det.w, "sha256", sha);
    char obj[40];
    str_fmt(obj, sizeof obj, "debit_batch:%lld", (long long)out->batch_id);
    return app_audit_json(ctx, "debit.export", obj, &det, e);
}

static int export_to(app_ctx *ctx, const char *debit_on, bool retry, const char *out_path, buf_t *mem,
                     app_debit_export_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->attempt = retry ? 2 : 1;
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (rc)
        return rc;
    civil_date d;
    if ((rc = check_date(debit_on, &d, e)))
        return rc;
    if (!mem && (!out_path || !*out_path))
        return err_field(e, "out", "出力ファイルを指定してください。");
    char day[11];
    date_format_iso(d, day);
    debit_settings st;
    if ((rc = load_settings(ctx, &st, e)))
        return rc;

    debit_line *lines = NULL;
    size_t n = 0;
    buf_t file;
    buf_init(&file, 0);
    char tmp[4200] = "";
    rc = db_begin(ctx->db, e);
    if (rc) {
        buf_free(&file);
        return rc;
    }
    debit_batch b;
    int found = debit_store_batch_sent(ctx->db, day, out->attempt, &b, e);
    if (found == 0) {
        /* the same request again: write its file again, record nothing */
        out->batch_id = b.id;
        out->rewritten = true;
        rc = debit_store_batch_lines(ctx->db, b.id, &lines, &n, e);
        if (!rc)
            rc = build_file(ctx, &st, day, b.id, lines, n, &file, &out->amount, &out->first, e);
        out->records = (int64_t)n;
        char sha[65];
        if (!rc) {
            crypto_sha256_hex(file.data, file.len, sha);
            if (strcmp(sha, b.sha256) != 0)
                rc = err_set(e, ERR_CONFLICT, "date",
                             "この引落日の依頼（結果待ち）は作成後に口座振替の登録が変わったため、同じファイルを作り直せません。"
                             "作成済みのファイルを使うか、システム管理者に連絡してください。",
                             "debit batch %lld: file no longer reproducible", (long long)b.id);
        }
        db_rollback(ctx->db);
        if (!rc)
            rc = deliver(out_path, mem, &file, tmp, sizeof tmp, e);
        if (!rc) {
            /* the file carries account numbers: who made it again is recorded */
            char obj[40];
            str_fmt(obj, sizeof obj, "debit_batch:%lld", (long long)b.id);
            app_audit_detail det;
            app_audit_detail_begin(&det);
            jsonw_kv_int(&det.w, "records", (int64_t)n);
            jsonw_kv_bool(&det.w, "again", true);
            rc = app_audit_now_json(ctx, "debit.export", obj, &det, e);
        }
    } else if (found == ERR_NOTFOUND) {
        rc = debit_store_candidates(ctx->db, day, retry, &lines, &n, e);
        if (!rc && n > 0) {
            debit_batch nb = {.attempt = out->attempt, .status = "sent", .created_at = date_now_unix()};
            str_copy(nb.debit_on, sizeof nb.debit_on, day);
            str_copy(nb.created_by, sizeof nb.created_by, ctx->actor.username);
            rc = debit_store_batch_insert(ctx->db, &nb, &out->batch_id, e);
            debit_item *its = rc ? NULL : calloc(n, sizeof *its);
            if (!rc && !its)
                rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            for (size_t i = 0; i < n && !rc; i++) {
                its[i] = (debit_item){.batch_id = out->batch_id, .bill_id = lines[i].bill_id,
                                      .mandate_id = lines[i].mandate_id, .amount = lines[i].amount};
                customer_ref(out->batch_id, lines[i].bill_id, its[i].customer_ref);
            }
            if (!rc)
                rc = debit_store_items_insert(ctx->db, its, n, e);
            free(its);
            if (!rc)
                rc = build_file(ctx, &st, day, out->batch_id, lines, n, &file, &out->amount, &out->first, e);
            out->records = (int64_t)n;
            char sha[65];
            if (!rc) {
                crypto_sha256_hex(file.data, file.len, sha);
                rc = debit_store_batch_set_file(ctx->db, out->batch_id, sha, out->records, out->amount, e);
            }
            if (!rc)
                rc = deliver(out_path, mem, &file, tmp, sizeof tmp, e);
            if (!rc)
                rc = audit_export(ctx, day, sha, out, e);
            rc = app_tx_end(ctx, rc, e);
        } else
            db_rollback(ctx->db);
    } else {
        rc = found;
        db_rollback(ctx->db);
    }
    if (tmp[0]) {
        if (!rc && rename(tmp, out_path) != 0) {
            char msg[1200];
            str_fmt(msg, sizeof msg, "ファイルを書けません: %s（%s）。同じ指定でもう一度実行すると作り直します。", out_path,
                    strerror(errno));
            rc = err_set(e, ERR_IO, "out", msg, "rename %s: %s", out_path, strerror(errno));
        }
        if (rc)
            unlink(tmp);
    }
    free(lines);
    buf_free(&file);
    if (rc) {
        out->batch_id = 0;
        out->records = out->amount = 0;
    }
    return rc;
}

int app_debit_export(app_ctx *ctx, const char *debit_on, bool retry, const char *out_path,
                     app_debit_export_out *out, err_t *e)
{
    return export_to(ctx, debit_on, retry, out_path, NULL, out, e);
}

int app_debit_export_data(app_ctx *ctx, const char *debit_on, bool retry, buf_t *data, app_debit_export_out *out,
                          err_t *e)
{
    return export_to(ctx, debit_on, retry, NULL, data, out, e);
}

/* ---- the result ----------------------------------------------------------- */

/* The customer number's batch and bill. */
static bool parse_ref(const char *ref, int64_t *batch, int64_t *bill)
{
    if (strlen(ref) != 20)
        return false;
    int64_t a = 0, b = 0;
    for (int i = 0; i < 20; i++) {
        if (ref[i] < '0' || ref[i] > '9')
            return false;
        if (i < 8)
            a = a * 10 + (ref[i] - '0');
        else
            b = b * 10 + (ref[i] - '0');
    }
    *batch = a;
    *bill = b;
    return a > 0 && b > 0;
}

/* A request carries zeros in the trailer's split: refuse it as a result. */
static bool trailer_split_zero(const char *data, size_t len)
{
    bool crlf = len > ZENGIN_REC + 1 && data[ZENGIN_REC] == '\r';
    size_t stride = crlf ? ZENGIN_REC + 2 : ZENGIN_REC;
    size_t nlines = crlf ? (len + 2) / stride : len / stride;
    if (nlines < 2)
        return false;
    const char *t = data + (nlines - 2) * stride;
    for (size_t i = 19; i < 55; i++)
        if (t[i] != '0')
            return false;
    return true;
}

static int line_err(err_t *e, size_t line, const char *field, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int line_err(err_t *e, size_t line, const char *field, const char *fmt, ...)
{
    buf_t what;
    buf_init(&what, 0);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&what, fmt, ap);
    va_end(ap);
    char msg[512];
    str_fmt(msg, sizeof msg, "%zu 行目の%s: %s 結果ファイルは取り込んでいません（何も計上していません）。", line, field,
            buf_cstr(&what));
    buf_free(&what);
    return err_set(e, ERR_INVALID, "file", msg, "debit result line %zu: %s", line, field);
}

/* The skeleton's state for one result file (app_import.h): arg is a
 * debit_job.  check reads the whole file against its request before any
 * row; each row marks a failure at once or queues its payment; finish posts
 * the queued payments together and closes the batch. */
typedef struct debit_job {
    const debit_settings *st;
    const char *data;
    size_t len;
    const zengin_file *f;
    app_debit_import_out *out;
    debit_batch b;
    debit_item *items;       /* the request's item of each record */
    app_pay_in *pins;        /* the debits that went through, posted in finish */
    app_pay_out *pouts;
    char (*refs)[32];
    size_t np;
    /* the debits that failed, their items' results and bills' next way of
     * collecting written together in finish */
    int64_t *fbills;
    const char **fcodes, **ftexts, **fnext;
    size_t nf;
} debit_job;

static void job_free(debit_job *j)
{
    free(j->items);
    free(j->pins);
    free(j->pouts);
    free(j->refs);
    free(j->fbills);
    free(j->fcodes);
    free(j->ftexts);
    free(j->fnext);
}

/* Every record names the same batch (*batch_id). */
static int check_batch_ref(const zengin_file *f, int64_t *batch_id, err_t *e)
{
    int64_t bill = 0;
    for (size_t i = 0; i < f->n; i++) {
        int64_t bi = 0;
        if (!parse_ref(f->records[i].customer, &bi, &bill))
            return line_err(e, i + 2, "顧客番号", "%s は当局の依頼した顧客番号ではありません。", f->records[i].customer);
        if (i == 0)
            *batch_id = bi;
        else if (bi != *batch_id)
            return line_err(e, i + 2, "顧客番号", "%s は1行目のデータと別の依頼のものです（1ファイルに1回分の依頼です）。",
                            f->records[i].customer);
    }
    return 0;
}

/* The file against its request as a whole: consignor, batch, date, count. */
static int check_header(app_ctx *ctx, debit_job *j, err_t *e)
{
    const zengin_file *f = j->f;
    if (strcmp(f->consignor_code, j->st->consignor_code) != 0)
        return line_err(e, 1, "委託者コード", "%s は当局の委託者コード（%s）ではありません。", f->consignor_code,
                        j->st->consignor_code);
    int64_t batch_id = 0;
    int rc = check_batch_ref(f, &batch_id, e);
    if (!rc)
        rc = debit_store_batch_get(ctx->db, batch_id, &j->b, e);
    if (rc == ERR_NOTFOUND)
        return line_err(e, 2, "顧客番号", "%s に当たる依頼がありません。", f->records[0].customer);
    if (rc)
        return rc;
    const debit_batch *b = &j->b;
    if (strcmp(b->status, "sent") != 0) {
        char msg[256];
        str_fmt(msg, sizeof msg, "引落日 %s の口座振替（依頼 %lld）の結果は取込済みです。", b->debit_on, (long long)b->id);
        return err_set(e, ERR_CONFLICT, "file", msg, "debit batch %lld already has its result", (long long)b->id);
    }
    /* a request carries no split in its trailer (zengin_parse accepts both) */
    if (trailer_split_zero(j->data, j->len))
        return line_err(e, f->n + 2, "振替済・振替不能", "件数がありません（これは依頼ファイルで、結果ファイルではありません）。");
    char mmdd[5] = {b->debit_on[5], b->debit_on[6], b->debit_on[8], b->debit_on[9], 0};
    if (strcmp(f->debit_mmdd, mmdd) != 0)
        return line_err(e, 1, "引落日", "%s は依頼の引落日（%s）と違います。", f->debit_mmdd, b->debit_on);
    civil_date don;
    if (date_parse(b->debit_on, &don) && !alloc_money_date_ok(don, date_today_jst())) {
        char msg[256];
        str_fmt(msg, sizeof msg, "引落日 %s より前に結果ファイルは取り込めません（引落日以後に取り込んでください）。何も計上していません。",
                b->debit_on);
        return err_set(e, ERR_CONFLICT, "file", msg, "debit result before its debit date %s", b->debit_on);
    }
    if ((int64_t)f->n != b->records)
        return line_err(e, f->n + 2, "合計件数", "結果は %zu 件ですが、依頼は %lld 件です。", f->n, (long long)b->records);
    return 0;
}

/* Record i against the batch's items (ordered by bill, found by bisection). */
static int check_record(const debit_item *all, size_t nall, bool *seen, const zengin_record *r, size_t i,
                        debit_item *item, err_t *e)
{
    int64_t bi, bill = 0;
    parse_ref(r->customer, &bi, &bill);
    size_t lo = 0, hi = nall;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (all[mid].bill_id < bill)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == nall || all[lo].bill_id != bill)
        return line_err(e, i + 2, "顧客番号", "%s に当たる依頼がありません。", r->customer);
    if (seen[lo])
        return line_err(e, i + 2, "顧客番号", "%s が二度あります。", r->customer);
    if (all[lo].amount != r->amount)
        return line_err(e, i + 2, "引落金額", "%lld 円ですが、依頼は %lld 円です。", (long long)r->amount,
                        (long long)all[lo].amount);
    if (!zengin_result_text(r->result))
        return line_err(e, i + 2, "振替結果コード", "「%c」は規格にないコードです（推測では計上しません）。",
                        r->result >= ' ' && r->result < 0x7f ? r->result : '?');
    seen[lo] = true;
    *item = all[lo];
    return 0;
}

/* Every record is checked before anything is posted: the batch's items are
 * read once and each record found by bisection. */
static int job_check(app_ctx *ctx, void *arg, int64_t file_id, err_t *e)
{
    debit_job *j = arg;
    int rc = check_header(ctx, j, e);
    if (rc)
        return rc;
    const zengin_file *f = j->f;
    j->out->batch_id = j->b.id;
    j->out->attempt = j->b.attempt;
    str_copy(j->out->debit_on, sizeof j->out->debit_on, j->b.debit_on);
    j->out->records = (int64_t)f->n;
    debit_item *all = NULL;
    size_t nall = 0;
    if ((rc = debit_store_items_of_batch(ctx->db, j->b.id, &all, &nall, e)))
        return rc;
    size_t n1 = f->n ? f->n : 1;
    bool *seen = calloc(nall ? nall : 1, sizeof *seen);
    j->items = calloc(n1, sizeof *j->items);
    j->pins = calloc(n1, sizeof *j->pins);
    j->pouts = calloc(n1, sizeof *j->pouts);
    j->refs = calloc(n1, sizeof *j->refs);
    j->fbills = calloc(n1, sizeof *j->fbills);
    j->fcodes = calloc(n1, sizeof *j->fcodes);
    j->ftexts = calloc(n1, sizeof *j->ftexts);
    j->fnext = calloc(n1, sizeof *j->fnext);
    if (!seen || !j->items || !j->pins || !j->pouts || !j->refs || !j->fbills || !j->fcodes || !j->ftexts || !j->fnext)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < f->n && !rc; i++)
        rc = check_record(all, nall, seen, &f->records[i], i, &j->items[i], e);
    free(all);
    free(seen);
    return rc;
}

/* A debit that went through is queued for finish; so is a failure, whose
 * item is marked and whose bill goes to the next way of collecting (written
 * together in finish, before the payments). */
static int job_row(app_ctx *ctx, void *arg, int64_t file_id, size_t i, err_t *e)
{
    debit_job *j = arg;
    const zengin_record *r = &j->f->records[i];
    const debit_item *it = &j->items[i];
    app_debit_import_out *out = j->out;
    int k = r->result - '0';
    out->code_count[k]++;
    out->code_amount[k] += r->amount;
    if (r->result == '0') {
        str_fmt(j->refs[j->np], sizeof j->refs[j->np], "B%lld-%lld", (long long)j->b.id, (long long)it->bill_id);
        j->pins[j->np] = (app_pay_in){.channel = PAY_DEBIT, .bill_id = it->bill_id, .amount = r->amount,
                                      .paid_on = j->b.debit_on, .posted_on = j->b.debit_on, .ref = j->refs[j->np],
                                      .file_id = file_id, .line = (int64_t)i + 2, .exact = true};
        j->np++;
        out->done_count++;
        out->done_amount += r->amount;
        return 0;
    }
    static const char *const CODES[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    const char *next = strcmp(it->collect, "retry") == 0 || j->b.attempt >= 2 ? "slip" : j->st->on_failure;
    j->fbills[j->nf] = it->bill_id;
    j->fcodes[j->nf] = CODES[k];
    j->ftexts[j->nf] = zengin_result_text(r->result);
    j->fnext[j->nf] = next;
    j->nf++;
    out->failed_count++;
    out->failed_amount += r->amount;
    if (strcmp(next, "slip") == 0)
        out->to_slip++;
    else
        out->to_retry++;
    return 0;
}

/* The debits that went through are posted together (payments written a
 * batch at a time) and their items' results written at once. */
static int post_done(app_ctx *ctx, debit_job *j, err_t *e)
{
    int rc = app_payment_post_exact_many_tx(ctx, j->pins, j->np, j->pouts, e);
    int64_t *bills = calloc(j->np ? j->np : 1, sizeof *bills), *pids = calloc(j->np ? j->np : 1, sizeof *pids);
    if (!rc && (!bills || !pids))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < j->np; i++) {
        j->out->suspense += j->pouts[i].suspense_id > 0;
        bills[i] = j->pins[i].bill_id;
        pids[i] = j->pouts[i].payment_id;
    }
    if (!rc)
        rc = debit_store_items_done(ctx->db, j->b.id, zengin_result_text('0'), bills, pids, j->np, e);
    free(bills);
    free(pids);
    return rc;
}

static int job_finish(app_ctx *ctx, void *arg, int64_t file_id, app_import_totals *t, err_t *e)
{
    debit_job *j = arg;
    int rc = debit_store_items_failed(ctx->db, j->b.id, j->fbills, j->fcodes, j->ftexts, j->nf, e);
    if (!rc)
        rc = bill_store_set_collect_many(ctx->db, j->fbills, j->fnext, j->nf, e);
    if (!rc)
        rc = post_done(ctx, j, e);
    /* A debit gone through, or refused for lack of funds (the bank knows
     * the account and the mandate): the next request is no longer a first. */
    if (!rc)
        rc = debit_store_mandates_first_done(ctx->db, j->b.id, e);
    if (!rc)
        rc = debit_store_batch_done(ctx->db, j->b.id, file_id, e);
    if (!rc)
        rc = bill_store_open_changed(ctx->db, e);   /* most of the month's bills are now paid */
    const app_debit_import_out *out = j->out;
    *t = (app_import_totals){.records = out->records, .amount = j->f->total_amount,
                             .posted = out->done_count - out->suspense, .suspense = out->suspense};
    return rc;
}

static void job_audit(const void *arg, const app_import_in *in, int64_t file_id, char *object, size_t osz,
                      jsonw *d)
{
    const debit_job *j = arg;
    const app_debit_import_out *out = j->out;
    str_fmt(object, osz, "debit_batch:%lld", (long long)j->b.id);
    jsonw_kv_int(d, "file", file_id);
    jsonw_kv_int(d, "records", out->records);
    jsonw_kv_int(d, "done", out->done_count);
    jsonw_kv_int(d, "done_amount", out->done_amount);
    jsonw_kv_int(d, "failed", out->failed_count);
    jsonw_kv_int(d, "failed_amount", out->failed_amount);
    jsonw_kv_int(d, "suspense", out->suspense);
    jsonw_kv_int(d, "retry", out->to_retry);
    jsonw_kv_int(d, "slip", out->to_slip);
}

/* Debit errors name the line and the field in their own words (line_err). */
static const app_import_kind DEBIT_IMPORT = {
    .audit_action = "debit.import", .bulk = true, .check = job_check, .row = job_row, .finish = job_finish,
    .audit = job_audit,
};

int app_debit_import(app_ctx *ctx, const char *name, const char *data, size_t len, app_debit_import_out *out,
                     err_t *e)
{
    memset(out, 0, sizeof *out);
    double t0 = date_mono_seconds();
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (rc)
        return rc;
    debit_settings st;
    if ((rc = load_settings(ctx, &st, e)))
        return rc;
    zengin_file f;
    char msg[400];
    if (zengin_parse(data, len, &f, msg, sizeof msg)) {
        char m2[512];
        str_fmt(m2, sizeof m2, "%s 結果ファイルは取り込んでいません（何も計上していません）。", msg);
        return err_set(e, ERR_INVALID, "file", m2, "debit result malformed");
    }
    if (f.n == 0) {
        zengin_file_free(&f);
        return err_set(e, ERR_INVALID, "file", "結果ファイルにデータレコードがありません。", "empty debit result");
    }
    debit_job job = {.st = &st, .data = data, .len = len, .f = &f, .out = out};
    app_import_in in = {.file_kind = "debit", .name = name, .data = data, .len = len, .nrows = f.n, .arg = &job};
    rc = app_import_run(ctx, &DEBIT_IMPORT, &in, &out->file_id, e);
    job_free(&job);
    zengin_file_free(&f);
    if (rc) {
        app_debit_import_out keep = *out;
        memset(out, 0, sizeof *out);
        out->batch_id = keep.batch_id;
    }
    out->seconds = date_mono_seconds() - t0;
    return rc;
}

/* A batch as the screens and the command line see it. */
static void batch_out(const debit_batch *b, app_debit_batch *out)
{
    out->id = b->id;
    out->attempt = b->attempt;
    out->records = b->records;
    out->amount = b->amount;
    str_copy(out->debit_on, sizeof out->debit_on, b->debit_on);
    str_copy(out->status, sizeof out->status, b->status);
}

int app_debit_items(app_ctx *ctx, int64_t batch_id, app_debit_batch *batch, app_debit_item **rows, size_t *n,
                    err_t *e)
{
    *rows = NULL;
    *n = 0;
    memset(batch, 0, sizeof *batch);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    rc = db_begin_read(ctx->db, e);
    if (rc)
        return rc;
    debit_batch b;
    debit_item_tap *its = NULL;
    size_t ni = 0;
    rc = debit_store_batch_get(ctx->db, batch_id, &b, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, "batch", "その口座振替の依頼はありません。", "debit batch %lld not found",
                     (long long)batch_id);
    if (!rc)
        rc = debit_store_items_batch(ctx->db, batch_id, &its, &ni, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_debit_item *out = calloc(ni ? ni : 1, sizeof *out);
    if (!out) {
        free(its);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < ni; i++) {
        const debit_item *it = &its[i].it;
        out[i].bill_id = it->bill_id;
        out[i].amount = it->amount;
        out[i].payment_id = it->payment_id;
        str_copy(out[i].tap_no, sizeof out[i].tap_no, its[i].tap_no);
        str_copy(out[i].customer_ref, sizeof out[i].customer_ref, it->customer_ref);
        str_copy(out[i].result, sizeof out[i].result, it->result);
        str_copy(out[i].result_text, sizeof out[i].result_text, it->result_text);
        str_copy(out[i].collect, sizeof out[i].collect, it->collect);
    }
    free(its);
    batch_out(&b, batch);
    *rows = out;
    *n = ni;
    return 0;
}

int app_debit_batches(app_ctx *ctx, size_t limit, app_debit_batch **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (limit < 1 || limit > 1000)
        limit = limit < 1 ? 1 : 1000;
    rc = db_begin_read(ctx->db, e);
    if (rc)
        return rc;
    debit_batch *bs = NULL;
    size_t nb = 0;
    rc = debit_store_batch_list(ctx->db, limit, &bs, &nb, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_debit_batch *out = calloc(nb ? nb : 1, sizeof *out);
    if (!out) {
        free(bs);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < nb; i++)
        batch_out(&bs[i], &out[i]);
    free(bs);
    *rows = out;
    *n = nb;
    return 0;
}
