/* reception — see reception.h. */
#include "domain/reception.h"

#include <string.h>

#include "base/buf.h"
#include "domain/calendar.h"

const char *const RECEPTION_SOURCES[] = {"phone", "counter", "mail", "web", NULL};

static const char *label(const char *const (*table)[2], size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(table[i][0], code) == 0)
            return table[i][1];
    return NULL;
}

const char *reception_kind_label(const char *kind)
{
    static const char *const T[][2] = {{"start", "使用開始（開栓）"}, {"stop", "使用中止（閉栓）"},
                                       {"name_change", "名義変更"},  {"mail_address", "送付先の変更"},
                                       {"pay_method", "支払方法の変更"},
                                       {"stoppage", "給水停止"}, {"reopen", "給水停止の解除（再開栓）"}};
    return label(T, sizeof T / sizeof T[0], kind);
}

const char *reception_source_label(const char *source)
{
    static const char *const T[][2] = {{"phone", "電話"}, {"counter", "窓口"}, {"mail", "郵送"}, {"web", "ウェブ"}, {"office", "職権"}, {"works", "給水工事"}};
    return label(T, sizeof T / sizeof T[0], source);
}

const char *reception_status_label(const char *status)
{
    static const char *const T[][2] = {{"scheduled", "予定"}, {"done", "完了"}, {"cancelled", "取消"},
                                         {"held", "指針確認待ち"}};
    return label(T, sizeof T / sizeof T[0], status);
}

/* "12月4日（木）" */
static void day_text(civil_date d, char *out, size_t outsz)
{
    static const char *const WD[] = {"日", "月", "火", "水", "木", "金", "土"};
    str_fmt(out, outsz, "%d年%d月%d日（%s）", d.y, d.m, d.d, WD[calendar_weekday(d)]);
}

bool reception_day_ok(const reception_rules *r, reception_from from, bool urgent, civil_date today, civil_date day,
                      civil_date *earliest, char *msg, size_t msgsz)
{
    civil_date first = calendar_add_business_days(today, r->lead_business_days);
    *earliest = first;
    int64_t t = date_to_days(today), d = date_to_days(day);
    char a[48], b[48];
    if (d > t + r->max_days_ahead) {
        day_text(date_from_days(t + r->max_days_ahead), b, sizeof b);
        str_fmt(msg, msgsz, "%d日先（%s）までの日を指定してください。", r->max_days_ahead, b);
        return false;
    }
    if (from == RECEPTION_WEB) {
        if (date_to_days(day) < date_to_days(first)) {
            day_text(first, a, sizeof a);
            str_fmt(msg, msgsz, "お申し込みは%d営業日前までにお願いしています。%s以降の日を指定してください。",
                    r->lead_business_days, a);
            return false;
        }
        return true;
    }
    if (d < t - r->past_days) {
        day_text(date_from_days(t - r->past_days), b, sizeof b);
        str_fmt(msg, msgsz, "%d日前（%s）より前の日は受け付けられません。", r->past_days, b);
        return false;
    }
    if (d >= t && d < date_to_days(first) && !urgent) {
        day_text(first, a, sizeof a);
        str_fmt(msg, msgsz, "%d営業日前までの受付が原則です（%s以降）。急ぎの場合は「至急」を選んでください。",
                r->lead_business_days, a);
        return false;
    }
    return true;
}
