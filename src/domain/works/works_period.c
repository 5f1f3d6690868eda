/* works_period — see works_period.h. */
#include "domain/works/works_period.h"

#include <string.h>

#include "base/buf.h"

int works_fiscal_year(civil_date d)
{
    return d.m >= 4 ? d.y : d.y - 1;
}

static bool given(const char *s)
{
    return s && *s;
}

/* n digits at s into *v. */
static bool digits(const char *s, size_t n, int *v)
{
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

static void set_month(works_period *p, int y, int m)
{
    p->year = false;
    p->y = y;
    p->m = m;
    p->fy = works_fiscal_year((civil_date){y, m, 1});
    p->from = (civil_date){y, m, 1};
    civil_date next = m == 12 ? (civil_date){y + 1, 1, 1} : (civil_date){y, m + 1, 1};
    p->to = date_from_days(date_to_days(next) - 1);
    str_fmt(p->label, sizeof p->label, "%d年%d月", y, m);
    str_fmt(p->code, sizeof p->code, "%04d-%02d", y, m);
}

static void set_year(works_period *p, int fy)
{
    p->year = true;
    p->fy = fy;
    p->from = (civil_date){fy, 4, 1};
    p->to = (civil_date){fy + 1, 3, 31};
    if (fy >= 2019)
        str_fmt(p->label, sizeof p->label, "%d年度（令和%d年度）", fy, fy - 2018);
    else
        str_fmt(p->label, sizeof p->label, "%d年度（平成%d年度）", fy, fy - 1988);
    str_fmt(p->code, sizeof p->code, "%04d", fy);
}

int works_period_parse(const char *month, const char *year, civil_date today, works_period *p, err_t *e)
{
    memset(p, 0, sizeof *p);
    int y = 0, m = 0;
    if (given(month) && given(year))
        return err_field(e, "year", "月と年度はどちらか一方を指定してください。");
    if (given(year)) {
        if (strlen(year) != 4 || !digits(year, 4, &y) || y < 2000 || y > 2099)
            return err_field(e, "year", "年度は「2026」のように西暦4桁（2000〜2099）で入力してください。");
        set_year(p, y);
    } else if (given(month)) {
        if (strlen(month) != 7 || month[4] != '-' || !digits(month, 4, &y) || !digits(month + 5, 2, &m) || m < 1 ||
            m > 12 || y < 2000 || y > 2099)
            return err_field(e, "month", "月は「2026-04」のように年-月で入力してください。");
        set_month(p, y, m);
    } else {
        set_month(p, today.y, today.m);
    }
    date_format_iso(p->from, p->from_iso);
    date_format_iso(p->to, p->to_iso);
    return 0;
}
