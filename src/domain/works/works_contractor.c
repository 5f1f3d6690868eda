/* works_contractor — see works_contractor.h. */
#include "domain/works/works_contractor.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"

static const struct {
    const char *code, *label;
} EVENTS[WORKS_EV__COUNT] = {
    [WORKS_EV_DESIGNATED] = {"designated", "指定"},
    [WORKS_EV_EDITED] = {"edited", "変更"},
    [WORKS_EV_RENEWED] = {"renewed", "更新"},
    [WORKS_EV_SUSPENDED] = {"suspended", "指定停止"},
    [WORKS_EV_REINSTATED] = {"reinstated", "停止解除"},
    [WORKS_EV_REVOKED] = {"revoked", "指定取消"},
    [WORKS_EV_ENGINEER_ADDED] = {"engineer_added", "主任技術者登録"},
    [WORKS_EV_ENGINEER_REMOVED] = {"engineer_removed", "主任技術者削除"},
};

const char *works_event_code(works_event_kind k)
{
    return (unsigned)k < WORKS_EV__COUNT ? EVENTS[k].code : "";
}

const char *works_event_label(works_event_kind k)
{
    return (unsigned)k < WORKS_EV__COUNT ? EVENTS[k].label : "";
}

int works_event_from_code(const char *code)
{
    for (int k = 0; code && k < WORKS_EV__COUNT; k++)
        if (strcmp(code, EVENTS[k].code) == 0)
            return k;
    return -1;
}

/* ---- periods ---------------------------------------------------------- */

static bool open_ended(civil_date d)
{
    return d.y == 0;
}

static bool covers(stat_period p, civil_date on)
{
    return date_cmp(p.from, on) <= 0 && (open_ended(p.until) || date_cmp(on, p.until) <= 0);
}

static civil_date day_before(civil_date d)
{
    return date_from_days(date_to_days(d) - 1);
}

size_t works_contractor_suspensions(const works_event *ev, size_t n, stat_period *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].kind == WORKS_EV_SUSPENDED && k < max) {
            out[k].from = ev[i].from;
            out[k].until = ev[i].until;
            k++;
        } else if (ev[i].kind == WORKS_EV_REINSTATED) {
            /* ends the suspensions still running on that day (one starting
             * on it or later is void: its until falls before its from) */
            for (size_t j = 0; j < k; j++)
                if (open_ended(out[j].until) || date_cmp(out[j].until, ev[i].from) >= 0)
                    out[j].until = day_before(ev[i].from);
        }
    }
    return k;
}

/* ---- standing --------------------------------------------------------- */

static void wareki(civil_date d, char out[32])
{
    date_format_wareki(d, out, 32);
}

works_standing works_contractor_standing(const works_standing_input *in, civil_date on, char *reason,
                                         size_t reasonsz)
{
    char a[32], b[32];
    str_copy(reason, reasonsz, "");
    if (date_cmp(on, in->designated_on) < 0) {
        wareki(in->designated_on, a);
        str_fmt(reason, reasonsz, "指定日（%s）より前です", a);
        return WORKS_STANDING_NOT_DESIGNATED;
    }
    if (in->revoked && date_cmp(in->revoked_on, on) <= 0) {
        wareki(in->revoked_on, a);
        str_fmt(reason, reasonsz, "%sに指定を取り消されています", a);
        return WORKS_STANDING_REVOKED;
    }
    if (date_cmp(on, in->valid_until) > 0) {
        wareki(in->valid_until, a);
        str_fmt(reason, reasonsz, "指定の有効期限（%s）を過ぎています", a);
        return WORKS_STANDING_EXPIRED;
    }
    for (size_t i = 0; i < in->nsuspensions; i++) {
        stat_period p = in->suspensions[i];
        if (!covers(p, on))
            continue;
        wareki(p.from, a);
        if (open_ended(p.until))
            str_fmt(reason, reasonsz, "%sから指定停止中です", a);
        else {
            wareki(p.until, b);
            str_fmt(reason, reasonsz, "%sから%sまで指定停止中です", a, b);
        }
        return WORKS_STANDING_SUSPENDED;
    }
    for (size_t i = 0; i < in->nengineers; i++)
        if (covers(in->engineers[i], on))
            return WORKS_STANDING_OK;
    str_copy(reason, reasonsz, "主任技術者が登録されていません");
    return WORKS_STANDING_NO_ENGINEER;
}

/* ---- validity --------------------------------------------------------- */

/* The same day years later (29 February → 1 March in a common year). */
static civil_date add_years(civil_date d, int years)
{
    civil_date r = {d.y + years, d.m, d.d};
    if (!date_valid(r))
        r = (civil_date){d.y + years, 3, 1};
    return r;
}

civil_date works_contractor_first_until(civil_date designated_on)
{
    /* 水道法施行令附則: the first expiry of a designation made before the
     * 2019 amendment, by the last day of each band */
    static const struct {
        civil_date last;
        civil_date until;
    } BANDS[] = {
        {{1999, 3, 31}, {2020, 9, 29}}, {{2003, 3, 31}, {2021, 9, 29}}, {{2007, 3, 31}, {2022, 9, 29}},
        {{2013, 3, 31}, {2023, 9, 29}}, {{2019, 9, 30}, {2024, 9, 29}},
    };
    for (size_t i = 0; i < sizeof BANDS / sizeof BANDS[0]; i++)
        if (date_cmp(designated_on, BANDS[i].last) <= 0)
            return BANDS[i].until;
    return day_before(add_years(designated_on, WORKS_VALID_YEARS));
}

civil_date works_contractor_renewal_start(civil_date old_until)
{
    return date_from_days(date_to_days(old_until) + 1);
}

civil_date works_contractor_renewed_until(civil_date old_until)
{
    return day_before(add_years(works_contractor_renewal_start(old_until), WORKS_VALID_YEARS));
}

civil_date works_contractor_suspension_last(civil_date from)
{
    int m0 = from.m - 1 + WORKS_SUSPEND_MAX_MONTHS;
    civil_date end = {from.y + m0 / 12, m0 % 12 + 1, from.d};
    if (!date_valid(end)) {   /* no such day in that month: the period ends with the month */
        int m1 = m0 + 1;
        end = (civil_date){from.y + m1 / 12, m1 % 12 + 1, 1};
    }
    return day_before(end);
}

bool works_contractor_designated_on_ok(civil_date d, civil_date today, char *err, size_t errsz)
{
    static const civil_date FIRST = {1998, 4, 1};
    const char *why = "";
    if (date_cmp(d, FIRST) < 0)
        why = "指定日は平成10年4月1日以降の日付にしてください。";
    else if (date_cmp(d, today) > 0)
        why = "指定日に未来の日付は入力できません。";
    str_copy(err, errsz, why);
    return !*why;
}

/* ---- numbers ---------------------------------------------------------- */

/* NFKC of in with 第 … 号 around it and spaces dropped, into out. */
static bool strip_dai_go(const char *in, char *out, size_t outsz)
{
    if (!in)
        return false;
    char *n = text_nfkc(in);
    if (!n)
        return false;
    const char *p = n;
    size_t len = strlen(p);
    static const char DAI[] = "第", GO[] = "号";
    if (strncmp(p, DAI, sizeof DAI - 1) == 0) {
        p += sizeof DAI - 1;
        len -= sizeof DAI - 1;
    }
    if (len >= sizeof GO - 1 && strcmp(p + len - (sizeof GO - 1), GO) == 0)
        len -= sizeof GO - 1;
    size_t k = 0;
    bool ok = true;
    for (size_t i = 0; i < len && ok; i++) {
        if (p[i] == ' ')
            continue;
        if (k + 1 >= outsz)
            ok = false;
        else
            out[k++] = p[i];
    }
    out[k] = '\0';
    free(n);
    return ok;
}

bool works_contractor_designation_no(const char *in, char *out, size_t outsz)
{
    char t[64];
    if (outsz < WORKS_DESIGNATION_NO_MAX + 1 || !strip_dai_go(in, t, sizeof t))
        return false;
    size_t len = strlen(t);
    bool digit = false;
    if (len == 0 || len > WORKS_DESIGNATION_NO_MAX || t[0] == '-')
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = t[i];
        if (ch >= 'a' && ch <= 'z')
            t[i] = (char)(ch - 'a' + 'A');
        else if (ch >= '0' && ch <= '9')
            digit = true;
        else if (!(ch >= 'A' && ch <= 'Z') && ch != '-')
            return false;
    }
    return digit && str_copy(out, outsz, t);
}

bool works_contractor_licence_no(const char *in, char *out, size_t outsz)
{
    char t[64];
    if (outsz < WORKS_LICENCE_NO_MAX + 1 || !strip_dai_go(in, t, sizeof t))
        return false;
    size_t len = strlen(t);
    if (len == 0 || len > WORKS_LICENCE_NO_MAX || strspn(t, "0123456789") != len)
        return false;
    return str_copy(out, outsz, t);
}
