/* pledge — see pledge.h. */
#include "domain/pledge.h"

#include <string.h>

#include "base/buf.h"
#include "domain/calendar.h"

static int days_in_month(int y, int m)
{
    static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return D[m - 1];
}

static int fail(char *field, size_t fieldsz, char *err, size_t errsz, const char *f, const char *msg)
{
    str_copy(field, fieldsz, f);
    str_copy(err, errsz, msg);
    return -1;
}

int pledge_equal_schedule(int64_t total, int n, civil_date first, pledge_line *out, char *field, size_t fieldsz,
                          char *err, size_t errsz)
{
    if (n < 1 || n > PLEDGE_MAX_INSTALMENTS) {
        char m[128];
        str_fmt(m, sizeof m, "分納回数は1から%d回までで指定してください。", PLEDGE_MAX_INSTALMENTS);
        return fail(field, fieldsz, err, errsz, "count", m);
    }
    if (total < n)
        return fail(field, fieldsz, err, errsz, "total", "分納の対象額が回数より少ないため、均等に分けられません。");
    if (!date_valid(first))
        return fail(field, fieldsz, err, errsz, "first", "初回納付日を YYYY-MM-DD で入力してください。");
    int64_t each = total / n, rest = total - each * n;
    for (int k = 0; k < n; k++) {
        int idx = first.y * 12 + (first.m - 1) + k;
        civil_date d = {idx / 12, idx % 12 + 1, first.d};
        int last = days_in_month(d.y, d.m);
        if (d.d > last)
            d.d = last;
        out[k].due = d;
        out[k].amount = each + (k == 0 ? rest : 0);
    }
    return 0;
}

int pledge_check_schedule(const pledge_line *lines, size_t n, int64_t total, civil_date today, char *field,
                          size_t fieldsz, char *err, size_t errsz)
{
    char f[32], m[256];
    if (n < 1 || n > PLEDGE_MAX_INSTALMENTS) {
        str_fmt(m, sizeof m, "分納回数は1から%d回までで指定してください。", PLEDGE_MAX_INSTALMENTS);
        return fail(field, fieldsz, err, errsz, "count", m);
    }
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!date_valid(lines[i].due)) {
            str_fmt(f, sizeof f, "due_%zu", i + 1);
            str_fmt(m, sizeof m, "第%zu回の納付日を YYYY-MM-DD で入力してください。", i + 1);
            return fail(field, fieldsz, err, errsz, f, m);
        }
        if (date_cmp(lines[i].due, today) < 0) {
            str_fmt(f, sizeof f, "due_%zu", i + 1);
            str_fmt(m, sizeof m, "第%zu回の納付日が過去の日付です。誓約日以降の日付を入力してください。", i + 1);
            return fail(field, fieldsz, err, errsz, f, m);
        }
        if (i > 0 && date_cmp(lines[i].due, lines[i - 1].due) <= 0) {
            str_fmt(f, sizeof f, "due_%zu", i + 1);
            str_fmt(m, sizeof m, "第%zu回の納付日は第%zu回より後の日付にしてください（日付が増えていません）。", i + 1, i);
            return fail(field, fieldsz, err, errsz, f, m);
        }
        if (lines[i].amount <= 0) {
            str_fmt(f, sizeof f, "amount_%zu", i + 1);
            str_fmt(m, sizeof m, "第%zu回の金額は1円以上で入力してください。", i + 1);
            return fail(field, fieldsz, err, errsz, f, m);
        }
        if (lines[i].amount > INT64_MAX / 2 - sum)
            return fail(field, fieldsz, err, errsz, "total", "分納額の合計が大きすぎます。");
        sum += lines[i].amount;
    }
    if (sum != total) {
        str_fmt(m, sizeof m, "分納額の合計（%lld円）が対象の未納額（%lld円）と一致しません。", (long long)sum,
                (long long)total);
        return fail(field, fieldsz, err, errsz, "total", m);
    }
    return 0;
}

civil_date pledge_grace_end(civil_date due, int grace_days)
{
    return grace_days > 0 ? calendar_add_business_days(due, grace_days) : due;
}

void pledge_progress_of(const pledge_line *lines, size_t n, int64_t paid, civil_date as_of, int grace_days,
                        pledge_progress *out)
{
    memset(out, 0, sizeof *out);
    out->paid = paid;
    int64_t cum = 0;
    bool all = true;
    for (size_t i = 0; i < n; i++) {
        cum += lines[i].amount;
        bool met = paid >= cum;
        if (met && all)
            out->met = i + 1;
        if (!met)
            all = false;
        if (date_cmp(lines[i].due, as_of) <= 0)
            out->due_so_far = cum;
        if (!met && !out->breached_seq) {
            civil_date end = pledge_grace_end(lines[i].due, grace_days);
            if (date_cmp(end, as_of) < 0) {
                out->breached_seq = (int)i + 1;
                out->breached_after = end;
            }
        }
    }
    out->state = n > 0 && all ? PLEDGE_KEPT : out->breached_seq ? PLEDGE_BREACHED : PLEDGE_ON_TRACK;
}

const char *pledge_status_label(const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, "active") == 0)
        return "履行中";
    if (strcmp(status, "kept") == 0)
        return "完了";
    if (strcmp(status, "breached") == 0)
        return "不履行";
    if (strcmp(status, "cancelled") == 0)
        return "取消";
    return "";
}
