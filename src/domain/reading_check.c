/* reading_check — see reading_check.h. */
#include "domain/reading_check.h"

#include <string.h>

void reading_rules_default(reading_rules *r)
{
    r->high_pct = 200;
    r->low_pct = 30;
    r->min_diff_m3 = 10;
    r->zero_hold_m3 = 5;
    r->leak_pct = 150;
    r->ly_window_days = 20;
    r->estimate_last_year = false;
}

int64_t reading_dial_span(int digits)
{
    int64_t s = 1;
    for (int i = 0; i < digits && i < 9; i++)
        s *= 10;
    return s;
}

/* usage over p.days scaled to days, rounded half up. */
static int64_t scale(reading_period p, int64_t days)
{
    if (p.days <= 0 || days <= 0)
        return p.usage;
    return (p.usage * days * 2 + p.days) / (2 * p.days);
}

bool reading_expected_usage(const reading_basis *b, int64_t *usage)
{
    if (b->has_prev_period) {
        *usage = scale(b->prev_period, b->days);
        return true;
    }
    if (b->has_last_year) {
        *usage = scale(b->last_year, b->days);
        return true;
    }
    return false;
}

/* Above this is "far above" an expectation e. */
static int64_t high_limit(const reading_rules *r, int64_t e)
{
    int64_t by_pct = e * r->high_pct / 100;
    int64_t by_diff = e + r->min_diff_m3;
    return by_pct > by_diff ? by_pct : by_diff;
}

static bool far_below(const reading_rules *r, int64_t usage, int64_t e)
{
    return usage * 100 < e * r->low_pct && e - usage >= r->min_diff_m3;
}

static bool leak_like(const reading_rules *r, int64_t usage, int64_t e)
{
    return usage * 100 >= e * r->leak_pct && usage - e >= r->min_diff_m3;
}

static int64_t mod_span(int64_t v, int64_t span)
{
    v %= span;
    return v < 0 ? v + span : v;
}

bool reading_expected_range(const reading_rules *r, const reading_basis *b, int64_t *low, int64_t *high)
{
    int64_t e;
    if (!b->has_prev || !reading_expected_usage(b, &e))
        return false;
    int64_t span = reading_dial_span(b->digits);
    int64_t lo = e * r->low_pct / 100 - b->other_meters_m3;
    int64_t hi = high_limit(r, e) - b->other_meters_m3;
    if (lo < 0)
        lo = 0;
    if (hi < lo)
        hi = lo;
    if (hi >= span)
        hi = span - 1;
    *low = mod_span(b->prev_value + lo, span);
    *high = mod_span(b->prev_value + hi, span);
    return true;
}

int64_t reading_period_usage(const reading_basis *b, int64_t meter_usage)
{
    int64_t u = meter_usage + b->other_meters_m3 - (b->has_prev && b->exchanged ? b->flush_m3 : 0);
    return u < 0 ? 0 : u;
}

void reading_check(const reading_rules *r, const reading_basis *b, int64_t value, reading_verdict *out)
{
    memset(out, 0, sizeof *out);
    int64_t span = reading_dial_span(b->digits);
    int64_t e_prev = 0, e_ly = 0;
    bool has_p = b->has_prev_period, has_l = b->has_last_year;
    if (has_p)
        e_prev = scale(b->prev_period, b->days);
    if (has_l)
        e_ly = scale(b->last_year, b->days);
    int64_t expected = 0;
    bool has_e = reading_expected_usage(b, &expected);

    unsigned why = 0;
    if (b->has_prev && b->exchanged) {
        /* a meter set in this period: old part + new part - test flush, and never a rollover */
        meter_exchange_in x = {.digits = b->digits, .start = b->prev_value, .flush_m3 = b->flush_m3,
                               .old_m3 = b->other_meters_m3, .old_pending = b->old_pending};
        meter_exchange_out mx;
        meter_exchange_usage(&x, value, &mx);
        static const unsigned FAULT_BIT[MX__COUNT] = {
            [MX_BELOW_START] = RR_EXCHANGE_START, [MX_FLUSH_OVER] = RR_EXCHANGE_FLUSH,
            [MX_OLD_PENDING] = RR_EXCHANGE_OLD};
        out->meter_usage = mx.new_m3;
        out->usage = mx.usage;
        why |= FAULT_BIT[mx.fault];
    } else if (!b->has_prev) {
        out->meter_usage = value;   /* a meter read for the first time counts from zero */
    } else if (value >= b->prev_value) {
        out->meter_usage = value - b->prev_value;
    } else {
        int64_t rolled = value + span - b->prev_value;
        bool plausible = has_e && rolled + b->other_meters_m3 <= high_limit(r, expected);
        if (plausible) {
            out->meter_usage = rolled;
            why |= RR_ROLLOVER;
        } else if (b->prev_estimated) {
            out->meter_usage = value - b->prev_value;   /* the estimate was too high: settle by hand */
            why |= RR_BELOW_ESTIMATE;
        } else {
            out->meter_usage = rolled;                  /* what it would be if it did roll over */
            why |= RR_LOWER;
        }
    }
    if (!(b->has_prev && b->exchanged))
        out->usage = out->meter_usage + b->other_meters_m3;
    int64_t u = out->usage;

    if (!(why & (RR_LOWER | RR_BELOW_ESTIMATE | RR_EXCHANGE_MASK))) {
        if (has_p && u > high_limit(r, e_prev))
            why |= RR_HIGH_PREV;
        if (has_l && u > high_limit(r, e_ly))
            why |= RR_HIGH_LAST_YEAR;
        if (u == 0 && has_e && expected >= r->zero_hold_m3)
            why |= RR_ZERO;
        else if ((has_p || has_l) && (!has_p || far_below(r, u, e_prev)) && (!has_l || far_below(r, u, e_ly)))
            why |= RR_LOW;
        if (!(why & RR_HOLD_MASK) && (has_p || has_l) && (!has_p || leak_like(r, u, e_prev)) &&
            (!has_l || leak_like(r, u, e_ly)))
            why |= RR_LEAK;
    }
    if (!has_p && !has_l)
        why |= RR_FIRST;
    out->reasons = why;
    out->status = (why & RR_HOLD_MASK) ? READING_HELD : READING_ACCEPTED;
}

bool reading_estimate(const reading_rules *r, const reading_period *recent, int n, const reading_basis *b,
                      int64_t days, int64_t *usage)
{
    if (r->estimate_last_year && b->has_last_year) {
        *usage = scale(b->last_year, days);
        return true;
    }
    int k = n < 3 ? n : 3;
    if (k == 0) {
        if (b->has_last_year) {
            *usage = scale(b->last_year, days);
            return true;
        }
        return false;
    }
    int64_t sum = 0;
    for (int i = 0; i < k; i++)
        sum += scale(recent[i], days);
    *usage = (sum * 2 + k) / (2 * k);
    return true;
}

static const struct { const char *code, *text; } REASONS[RR__COUNT] = {
    {"high_prev", "前回の使用水量に比べて著しく多い（日数換算）"},
    {"high_last_year", "前年同期の使用水量に比べて著しく多い（日数換算）"},
    {"low", "前回・前年同期に比べて著しく少ない"},
    {"zero", "普段使用があるのに使用水量が0（メーター停止の疑い）"},
    {"lower", "指針が前回より小さく、メーターの一巡とは考えにくい"},
    {"below_estimate", "指針が前回の認定指針より小さい（認定水量の精算が必要）"},
    {"rollover", "メーターが一巡（桁あふれ）しています"},
    {"first", "比較できる過去の使用水量がありません"},
    {"leak", "漏水の疑い（前回・前年同期より増加）"},
    {"estimated", "認定水量（規定により算定）"},
    {"confirmed", "保留後、別の職員が確認して確定"},
    {"exchange_start", "取替後の指針が新メーターの取付指針より小さい（取付指針の設定誤りの疑い：一巡とはみなしません）"},
    {"exchange_flush", "試験通水量が新メーターの使用水量を超えている（取付指針か試験通水量の誤りの疑い）"},
    {"exchange_old", "旧メーターの取外し指針が保留中（旧メーター分の水量が確定していません）"},
};

static int bit_index(unsigned bit)
{
    for (int i = 0; i < RR__COUNT; i++)
        if (bit == 1u << i)
            return i;
    return -1;
}

const char *reading_reason_code(unsigned bit)
{
    int i = bit_index(bit);
    return i < 0 ? "unknown" : REASONS[i].code;
}

const char *reading_reason_text(unsigned bit)
{
    int i = bit_index(bit);
    return i < 0 ? "不明" : REASONS[i].text;
}

unsigned reading_reasons_parse(const char *codes)
{
    unsigned bits = 0;
    const char *p = codes ? codes : "";
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        for (int i = 0; i < RR__COUNT; i++)
            if (strlen(REASONS[i].code) == len && strncmp(REASONS[i].code, p, len) == 0)
                bits |= 1u << i;
        p += len;
        if (*p == ',')
            p++;
    }
    return bits;
}
