/* app_daily — see app_daily.h. */
#include "app/collect/app_daily.h"

#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "app/collect/app_payment.h"
#include "store/db.h"
#include "base/csv.h"
#include "domain/journal.h"
#include "domain/role.h"
#include "store/collect/ledger_store.h"

#define JOURNAL_MAX_DAYS 366

static int day_field(const char *v, const char *field, const char *label, civil_date *d, err_t *e)
{
    if (!v || !*v)
        return err_field(e, field, "%sを入力してください（YYYY-MM-DD）。", label);
    if (strlen(v) != 10 || !date_parse(v, d))
        return err_field(e, field, "%sは YYYY-MM-DD の形の正しい日付で入力してください（%.20s）。", label, v);
    return 0;
}

const char *app_daily_row_label(const char *channel)
{
    if (channel && strcmp(channel, DAILY_SETOFF) == 0)
        return "過誤納充当";
    if (channel && strcmp(channel, JOURNAL_REFUND_ROW) == 0)
        return "過誤納還付";
    if (channel && strcmp(channel, JOURNAL_WORKS_REFUND_ROW) == 0)
        return "工事還付";
    return app_payment_channel_label(channel);
}

/* The sums of from..to in one read snapshot. */
static int read_sums(app_ctx *ctx, const char *from, const char *to, ledger_sum **rows, size_t *n, err_t *e)
{
    int rc = db_begin_read(ctx->db, e);
    if (rc)
        return rc;
    rc = ledger_store_sums(ctx->db, from, to, rows, n, e);
    db_end_read(ctx->db);
    return rc;
}

/* The table of one day from its sums (rows[0..n) all of that day). */
static void build(const ledger_sum *rows, size_t n, daily_table *t)
{
    daily_fact *f = calloc(n ? n : 1, sizeof *f);
    if (!f) {
        daily_table_build(NULL, 0, t);
        t->balanced = false;
        return;
    }
    for (size_t i = 0; i < n; i++)
        f[i] = (daily_fact){.channel = rows[i].channel, .src = rows[i].src, .kind = rows[i].kind,
                            .count = rows[i].count, .reversals = rows[i].reversals, .amount = rows[i].amount,
                            .suspense_in = rows[i].suspense_in, .water = rows[i].water, .sewer = rows[i].sewer,
                            .tax = rows[i].tax};
    daily_table_build(f, n, t);
    free(f);
}

int app_daily_totals(app_ctx *ctx, const char *date, app_daily *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    civil_date d;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc || (rc = day_field(date, "date", "計上日", &d, e)))
        return rc;
    date_format_iso(d, out->date);
    ledger_sum *rows = NULL;
    size_t n = 0;
    if ((rc = read_sums(ctx, out->date, out->date, &rows, &n, e)))
        return rc;
    build(rows, n, &out->t);
    free(rows);
    str_copy(out->utility, sizeof out->utility, app_utility_name(ctx));
    app_staff_display_name(ctx, ctx->actor.username, out->printed_by, sizeof out->printed_by);
    out->printed_at = date_now_unix();
    char obj[32];
    str_fmt(obj, sizeof obj, "daily:%s", out->date);
    app_audit_detail detail;
    app_audit_detail_begin(&detail);
    jsonw_kv_int(&detail.w, "amount", out->t.check_in);
    jsonw_kv_bool(&detail.w, "balanced", out->t.balanced);
    return app_audit_now_json(ctx, "report.daily", obj, &detail, e);
}

/* ---- the journal ------------------------------------------------------ */

/* [journal] keys of the fixed accounts (enum journal_account; the cash
 * account is per channel: cash_<channel>) and their defaults. */
static const struct { const char *key, *def; } ACCOUNTS[JOURNAL__MAX] = {
    [JOURNAL_CASH] = {"journal.cash_other", "1119 預金（その他の収納）"},
    [JOURNAL_WATER] = {"journal.water", "4110 水道料金収入"},
    [JOURNAL_SEWER] = {"journal.sewer", "4120 下水道使用料収入"},
    [JOURNAL_TAX] = {"journal.tax", "2150 仮受消費税"},
    [JOURNAL_CREDIT] = {"journal.credit", "2160 過誤納金（預り金）"},
    [JOURNAL_SUSPENSE] = {"journal.suspense", "2170 仮受金（未消込）"},
    [JOURNAL_REFUND] = {"journal.refund", "1118 預金（還付払出）"},
    [JOURNAL_LATE] = {"journal.late_charge", "4190 延滞金・督促手数料収入"},
    [JOURNAL_KANYUKIN] = {"journal.kanyukin", "4410 加入金収入"},
    [JOURNAL_WORKS_FEE] = {"journal.works_fee", "4180 給水工事手数料収入"},
};
static const struct { const char *channel, *def; } CASH[] = {
    {"debit", "1111 預金（口座振替）"},     {"cvs", "1112 預金（コンビニ収納）"},
    {"app", "1113 預金（スマホ決済）"},     {"card", "1114 預金（クレジットカード）"},
    {"counter", "1101 現金（窓口収納）"}, {"bank", "1115 預金（金融機関窓口）"},
};

/* The configured account ("CODE NAME" or "NAME") split into code and name. */
static void account_of(const config *cfg, int account, const char *channel, char code[32], char name[128])
{
    const char *v = NULL;
    if (account == JOURNAL_CASH) {
        char key[64];
        str_fmt(key, sizeof key, "journal.cash_%s", channel);
        for (size_t i = 0; !v && i < sizeof CASH / sizeof CASH[0]; i++)
            if (strcmp(CASH[i].channel, channel) == 0)
                v = config_get(cfg, key, CASH[i].def);
        if (!v)
            v = config_get(cfg, key, NULL);
    }
    if (!v)
        v = config_get(cfg, ACCOUNTS[account].key, ACCOUNTS[account].def);
    const char *sp = strchr(v, ' ');
    bool coded = sp && sp != v;
    for (const char *p = v; coded && p < sp; p++)
        coded = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-';
    if (coded && (size_t)(sp - v) < 32) {
        str_fmt(code, 32, "%.*s", (int)(sp - v), v);
        while (*sp == ' ')
            sp++;
        str_copy(name, 128, sp);
    } else {
        code[0] = '\0';
        str_copy(name, 128, v);
    }
}

static int range_fields(const char *from, const char *to, char f[11], char t[11], err_t *e)
{
    civil_date a, b;
    int rc = day_field(from, "from", "開始日", &a, e);
    if (rc || (rc = day_field(to, "to", "終了日", &b, e)))
        return rc;
    if (date_cmp(a, b) > 0)
        return err_field(e, "to", "終了日（%s）は開始日（%s）以後の日付にしてください。", to, from);
    if (date_to_days(b) - date_to_days(a) >= JOURNAL_MAX_DAYS)
        return err_field(e, "to", "期間は %d 日以内で指定してください。", JOURNAL_MAX_DAYS);
    date_format_iso(a, f);
    date_format_iso(b, t);
    return 0;
}

static int encoding_field(const char *encoding, int *enc, err_t *e)
{
    *enc = encoding && *encoding ? csv_encoding_parse(encoding) : CSV_UTF8_BOM;
    if (*enc < 0)
        return err_field(e, "encoding", "文字コードは utf8、utf8bom、cp932 のいずれかです（%.20s）。", encoding);
    return 0;
}

static int finish_csv(buf_t *utf8, int enc, buf_t *csv, err_t *e)
{
    bool ok = !utf8->failed && csv_encode(utf8, enc, csv);
    buf_free(utf8);
    if (!ok)
        return err_set(e, ERR_INVALID, "encoding", "CSV を指定の文字コードに変換できませんでした。", "csv encode failed");
    return 0;
}

/* The lines of one day's table into w; ERR_CONFLICT when it does not balance. */
static int journal_day(app_ctx *ctx, const char *day, const daily_table *t, csv_writer *w, size_t *count, err_t *e)
{
    if (!t->balanced) {
        char msg[256];
        str_fmt(msg, sizeof msg, "計上日 %s の収納額（%lld 円）と消込額（%lld 円）が一致しないため、仕訳を作成できません。日計表の検算を確認してください。",
                day, (long long)t->check_in, (long long)t->check_out);
        return err_set(e, ERR_CONFLICT, NULL, msg, "journal %s unbalanced: in %lld out %lld", day,
                       (long long)t->check_in, (long long)t->check_out);
    }
    journal_line lines[JOURNAL_MAX_LINES];
    size_t k = journal_lines(t, lines, JOURNAL_MAX_LINES);
    if (k > JOURNAL_MAX_LINES)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "journal lines overflow");
    for (size_t i = 0; i < k; i++) {
        char code[32], name[128], memo[160];
        account_of(ctx->env->cfg, lines[i].account, lines[i].channel, code, name);
        const char *label = app_daily_row_label(lines[i].channel);
        bool receipt = strcmp(lines[i].channel, DAILY_SETOFF) != 0 && strcmp(lines[i].channel, JOURNAL_REFUND_ROW) != 0 &&
                       strcmp(lines[i].channel, JOURNAL_WORKS_REFUND_ROW) != 0;
        str_fmt(memo, sizeof memo, "%s%s %s", receipt ? "収納 " : "", label, day);
        csv_field(w, day);
        csv_field(w, lines[i].channel);
        csv_field(w, label);
        csv_field(w, code);
        csv_field(w, name);
        csv_field_i64(w, lines[i].debit);
        csv_field_i64(w, lines[i].credit);
        csv_field(w, memo);
        csv_end_row(w);
    }
    *count += k;
    return 0;
}

int app_journal(app_ctx *ctx, const char *from, const char *to, buf_t *csv, const char *encoding, size_t *lines,
                err_t *e)
{
    if (lines)
        *lines = 0;
    char f[11], t[11];
    int enc;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc || (rc = range_fields(from, to, f, t, e)) || (rc = encoding_field(encoding, &enc, e)))
        return rc;
    ledger_sum *rows = NULL;
    size_t n = 0;
    if ((rc = read_sums(ctx, f, t, &rows, &n, e)))
        return rc;
    static const char *const HEAD[] = {"計上日", "区分コード", "区分", "科目コード", "科目名", "借方金額", "貸方金額", "摘要"};
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++)
        csv_field(&w, HEAD[i]);
    csv_end_row(&w);
    size_t count = 0;
    daily_table *table = malloc(sizeof *table);
    if (!table)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    /* rows are ordered by day: one table per run of the same day */
    for (size_t i = 0; !rc && i < n;) {
        size_t j = i;
        while (j < n && strcmp(rows[j].posted_on, rows[i].posted_on) == 0)
            j++;
        build(rows + i, j - i, table);
        rc = journal_day(ctx, rows[i].posted_on, table, &w, &count, e);
        i = j;
    }
    free(table);
    free(rows);
    if (rc) {
        buf_free(&utf8);
        return rc;
    }
    if ((rc = finish_csv(&utf8, enc, csv, e)))
        return rc;
    if (lines)
        *lines = count;
    char obj[48];
    str_fmt(obj, sizeof obj, "journal:%s..%s", f, t);
    app_audit_detail detail;
    app_audit_detail_begin(&detail);
    jsonw_kv_int(&detail.w, "lines", (int64_t)count);
    return app_audit_now_json(ctx, "report.journal", obj, &detail, e);
}

int app_journal_detail(app_ctx *ctx, const char *from, const char *to, buf_t *csv, const char *encoding,
                       err_t *e)
{
    char f[11], t[11];
    int enc;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc || (rc = range_fields(from, to, f, t, e)) || (rc = encoding_field(encoding, &enc, e)))
        return rc;
    ledger_bill *rows = NULL;
    size_t n = 0;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = ledger_store_bills(ctx->db, f, t, &rows, &n, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    static const char *const HEAD[] = {"計上日", "区分コード", "区分", "種別", "水栓番号", "調定年月", "調定番号",
                                       "金額", "水道料金", "下水道使用料", "消費税等"};
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++)
        csv_field(&w, HEAD[i]);
    csv_end_row(&w);
    for (size_t i = 0; i < n; i++) {
        const ledger_bill *r = &rows[i];
        const char *kind = strcmp(r->kind, "setoff") == 0 ? "充当" : strcmp(r->kind, "reversal") == 0 ? "取消" : "収納";
        csv_field(&w, r->posted_on);
        csv_field(&w, r->channel);
        csv_field(&w, app_payment_channel_label(r->channel));
        csv_field(&w, kind);
        csv_field(&w, r->tap_no);
        csv_field(&w, r->cycle);
        csv_field_i64(&w, r->bill_id);
        csv_field_i64(&w, r->amount);
        csv_field_i64(&w, r->water);
        csv_field_i64(&w, r->sewer);
        csv_field_i64(&w, r->tax);
        csv_end_row(&w);
    }
    free(rows);
    if ((rc = finish_csv(&utf8, enc, csv, e)))
        return rc;
    char obj[48];
    str_fmt(obj, sizeof obj, "journal:%s..%s", f, t);
    app_audit_detail detail;
    app_audit_detail_begin(&detail);
    jsonw_kv_int(&detail.w, "bills", (int64_t)n);
    return app_audit_now_json(ctx, "report.journal_detail", obj, &detail, e);
}
