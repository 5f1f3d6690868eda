/* stats_span — see stats_span.h. */
#include "domain/stats/stats_span.h"

#include <string.h>

#include "base/buf.h"
#include "domain/works/works_period.h"

static bool given(const char *s)
{
    return s && *s;
}

int64_t stats_span_jst_midnight(civil_date d)
{
    return date_to_days(d) * 86400 - 9 * 3600;
}

static void finish(stats_span *s)
{
    date_format_iso(s->from, s->from_iso);
    date_format_iso(s->to, s->to_iso);
    str_fmt(s->from_cycle, sizeof s->from_cycle, "%04d-%02d", s->from.y, s->from.m);
    str_fmt(s->to_cycle, sizeof s->to_cycle, "%04d-%02d", s->to.y, s->to.m);
    s->from_s = stats_span_jst_midnight(s->from);
    s->to_s = stats_span_jst_midnight(s->to) + 86400;
}

/* One month typed in field: into *p, or ERR_INVALID naming field. */
static int one_month(const char *v, const char *field, civil_date today, works_period *p, err_t *e)
{
    err_t ignored;
    if (works_period_parse(v, NULL, today, p, &ignored))
        return err_set(e, ERR_INVALID, field, "年月は YYYY-MM の形で入力してください（例: 2026-04）",
                       "stats: bad %s", field);
    return 0;
}

int stats_span_parse(const char *month, const char *year, const char *from, const char *to, civil_date today,
                     stats_span *s, err_t *e)
{
    memset(s, 0, sizeof *s);
    int kinds = given(month) + given(year) + given(from);
    if (kinds > 1)
        return err_set(e, ERR_INVALID, given(from) ? "from" : "year",
                       "期間は 月・年度・範囲（開始月〜終了月）のいずれか一つで指定してください", "stats: two periods");
    if (given(to) && !given(from))
        return err_set(e, ERR_INVALID, "from", "終了月を指定するときは開始月も指定してください", "stats: to alone");
    works_period p;
    if (given(year)) {
        err_t ignored;
        if (works_period_parse(NULL, year, today, &p, &ignored))
            return err_set(e, ERR_INVALID, "year", "年度は西暦4桁で入力してください（例: 2026）", "stats: bad year");
        s->from = p.from;
        s->to = p.to;
        str_copy(s->label, sizeof s->label, p.label);
    } else if (given(from)) {
        works_period a, b;
        if (one_month(from, "from", today, &a, e) || one_month(given(to) ? to : from, "to", today, &b, e))
            return ERR_INVALID;
        if (date_cmp(b.from, a.from) < 0)
            return err_set(e, ERR_INVALID, "to", "終了月が開始月より前です", "stats: to before from");
        int months = (b.y - a.y) * 12 + (b.m - a.m) + 1;
        if (months > STATS_SPAN_MAX_MONTHS)
            return err_set(e, ERR_INVALID, "to", "期間は120か月（10年）以内で指定してください", "stats: span too long");
        s->from = a.from;
        s->to = b.to;
        if (months == 1)
            str_copy(s->label, sizeof s->label, a.label);
        else
            str_fmt(s->label, sizeof s->label, "%s〜%s", a.label, b.label);
    } else {
        if (one_month(given(month) ? month : NULL, "month", today, &p, e))
            return ERR_INVALID;
        s->from = p.from;
        s->to = p.to;
        str_copy(s->label, sizeof s->label, p.label);
    }
    finish(s);
    return 0;
}

int stats_span_day(const char *on, civil_date today, stats_span *s, err_t *e)
{
    memset(s, 0, sizeof *s);
    civil_date d = today;
    if (given(on) && (strlen(on) != 10 || !date_parse(on, &d)))
        return err_set(e, ERR_INVALID, "on", "基準日は YYYY-MM-DD の形で入力してください（例: 2026-04-01）",
                       "stats: bad day");
    s->from = s->to = d;
    str_fmt(s->label, sizeof s->label, "%d年%d月%d日現在", d.y, d.m, d.d);
    finish(s);
    return 0;
}

int stats_span_fiscal_year_of(const char *ym)
{
    if (!ym || strlen(ym) < 7 || ym[4] != '-')
        return -1;
    int y = 0, m = 0;
    for (int i = 0; i < 4; i++) {
        if (ym[i] < '0' || ym[i] > '9')
            return -1;
        y = y * 10 + (ym[i] - '0');
    }
    for (int i = 5; i < 7; i++) {
        if (ym[i] < '0' || ym[i] > '9')
            return -1;
        m = m * 10 + (ym[i] - '0');
    }
    if (m < 1 || m > 12)
        return -1;
    return m >= 4 ? y : y - 1;
}
