/* tariff — see tariff.h and docs/tariff-format.md. */
#include "domain/tariff.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/jcheck.h"
#include "base/jsonw.h"

typedef __int128 i128;

#define MAX_DIAMETER 10000
#define MAX_MONTHS 12
#define MAX_DAYS 366

/* The worst quote: a split into MAX_MONTHS parts (period_months 1), each with
 * its base, every band, its tax and rounding (scope "part"), plus the bill's
 * own tax and rounding lines. */
_Static_assert(TARIFF_MAX_LINES >= MAX_MONTHS * (1 + TARIFF_MAX_BANDS + 2) + 2, "TARIFF_MAX_LINES too small");

/* ---- parsing ------------------------------------------------------------ */

static int fail(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    return -1;
}

/* Why a price string is not one: NULL when it is (sen set). */
static const char *yen_problem(const char *s, int64_t *sen)
{
    if (!s || !*s)
        return "金額が空です。";
    if (*s == '-')
        return "負の金額は使えません。";
    int64_t whole = 0;
    const char *p = s;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (++digits > 8)
            return "金額は 99999999.99 円までです。";
        whole = whole * 10 + (*p++ - '0');
    }
    if (digits == 0)
        return "金額は \"146.30\" のように数字で書いてください。";
    int64_t frac = 0;
    if (*p == '.') {
        p++;
        int fd = 0;
        while (*p >= '0' && *p <= '9') {
            if (++fd > 2)
                return "小数点以下は2桁までです。";
            frac = frac * 10 + (*p++ - '0');
        }
        if (fd == 0)
            return "小数点の後に数字がありません。";
        if (fd == 1)
            frac *= 10;
    }
    if (*p)
        return "金額は \"146.30\" のように数字で書いてください（符号・指数・桁区切りは使えません）。";
    *sen = whole * 100 + frac;
    return NULL;
}

bool tariff_parse_yen(const char *s, int64_t *sen)
{
    int64_t v = 0;
    if (yen_problem(s, &v))
        return false;
    *sen = v;
    return true;
}

/* Every key of o must be one of allowed; path is the object's ("classes[1]", "" at the top). */
static int only_keys(json_t *o, const char *path, const char *const *allowed, char *err, size_t errsz)
{
    char prefix[240];
    str_fmt(prefix, sizeof prefix, "%s%s", path, *path ? "." : "");
    return jcheck_only_keys(o, prefix, allowed, err, errsz);
}

static int get_int(json_t *o, const char *key, const char *path, int64_t lo, int64_t hi, int64_t *out, char *err,
                   size_t errsz)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return fail(err, errsz, "%s%s: 必須のキーがありません。", path, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return fail(err, errsz, "%s%s: %lld〜%lld の整数で指定してください。", path, key, (long long)lo, (long long)hi);
    *out = (int64_t)json_integer_value(v);
    return 0;
}

/* A price: a decimal string with at most two decimals. */
static int get_price(json_t *v, const char *path, int64_t *sen, char *err, size_t errsz)
{
    if (!json_is_string(v))
        return fail(err, errsz, "%s: 金額は \"146.30\" のように文字列で書いてください（JSON の数値は使えません）。", path);
    const char *why = yen_problem(json_string_value(v), sen);
    if (why)
        return fail(err, errsz, "%s: %s（「%.40s」）", path, why, json_string_value(v));
    return 0;
}

/* A diameter written as an object key: the canonical decimal, 1..MAX_DIAMETER. */
static bool diameter_key(const char *k, int *d)
{
    long long v = 0;
    char back[16];
    if (!str_to_i64(k, &v) || v < 1 || v > MAX_DIAMETER)
        return false;
    str_fmt(back, sizeof back, "%lld", v);
    if (strcmp(back, k) != 0)
        return false;
    *d = (int)v;
    return true;
}

static bool class_has_use(const tariff_class *c, const char *use)
{
    if (c->nuses == 0)
        return true;
    if (!use)
        return false;
    for (int i = 0; i < c->nuses; i++)
        if (strcmp(c->uses[i], use) == 0)
            return true;
    return false;
}

static int dia_index(const tariff_class *c, int diameter)
{
    for (int i = 0; i < c->ndiameters; i++)
        if (c->diameters[i] == diameter)
            return i;
    return -1;
}

static bool class_takes(const tariff_class *c, const char *use, int diameter)
{
    return class_has_use(c, use) && (c->ndiameters == 0 || dia_index(c, diameter) >= 0);
}

/* Can classes[n] ever be chosen?  It cannot when, for every use and diameter
 * it covers, an earlier class is chosen first.  A class for every use ("*")
 * or every diameter stands for infinitely many; but uses (diameters) that no
 * earlier class names all behave alike, so one stand-in (NULL use, diameter
 * 0) represents them, which makes the check exact.  Returns -1 when the class
 * can be chosen, else the number of earlier classes that take its taps, their
 * indexes in by[] (up to nby). */
static int dead_class(const tariff *t, int n, int *by, int nby)
{
    const tariff_class *b = &t->classes[n];
    const char *uses[TARIFF_MAX_CLASSES * TARIFF_MAX_USES + 1];
    int dias[TARIFF_MAX_CLASSES * TARIFF_MAX_DIAMETERS + 1];
    int nu = 0, nd = 0;
    /* the stand-ins first: the pair most likely left to this class */
    if (b->nuses) {
        for (int i = 0; i < b->nuses; i++)
            uses[nu++] = b->uses[i];
    } else {
        uses[nu++] = NULL;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < t->classes[k].nuses; i++)
                uses[nu++] = t->classes[k].uses[i];
    }
    if (b->ndiameters) {
        for (int i = 0; i < b->ndiameters; i++)
            dias[nd++] = b->diameters[i];
    } else {
        dias[nd++] = 0;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < t->classes[k].ndiameters; i++)
                dias[nd++] = t->classes[k].diameters[i];
    }
    bool taking[TARIFF_MAX_CLASSES] = {false};
    for (int u = 0; u < nu; u++)
        for (int d = 0; d < nd; d++) {
            int k = 0;
            while (k < n && !class_takes(&t->classes[k], uses[u], dias[d]))
                k++;
            if (k == n)
                return -1;
            taking[k] = true;
        }
    int count = 0;
    for (int k = 0; k < n; k++)
        if (taking[k]) {
            if (count < nby)
                by[count] = k;
            count++;
        }
    return count;
}

static int parse_uses(json_t *u, const char *path, tariff_class *c, char *err, size_t errsz)
{
    if (json_is_string(u)) {
        const char *s = json_string_value(u);
        if (strcmp(s, "*") == 0)
            return 0;
        if (!*s || !str_copy(c->uses[0], sizeof c->uses[0], s))
            return fail(err, errsz, "%s.use: 用途コードが空か、長すぎます（%zu バイトまで）。", path,
                        sizeof c->uses[0] - 1);
        c->nuses = 1;
        return 0;
    }
    if (!json_is_array(u) || json_array_size(u) == 0 || json_array_size(u) > TARIFF_MAX_USES)
        return fail(err, errsz, "%s.use: 用途コードの文字列、その配列（%d 個まで）、または \"*\" で指定してください。", path,
                    TARIFF_MAX_USES);
    size_t i;
    json_t *v;
    json_array_foreach(u, i, v) {
        if (!json_is_string(v) || !*json_string_value(v) || strcmp(json_string_value(v), "*") == 0 ||
            !str_copy(c->uses[i], sizeof c->uses[i], json_string_value(v)))
            return fail(err, errsz, "%s.use[%zu]: 用途コードを文字列で指定してください（\"*\" は配列の外で使います）。",
                        path, i);
        for (size_t k = 0; k < i; k++)
            if (strcmp(c->uses[k], c->uses[i]) == 0)
                return fail(err, errsz, "%s.use[%zu]: 用途「%s」が重複しています。", path, i, c->uses[i]);
        c->nuses = (int)i + 1;
    }
    return 0;
}

static int parse_base(json_t *o, const char *path, tariff_class *c, char *err, size_t errsz)
{
    json_t *dias = json_object_get(o, "diameters");
    json_t *base = json_object_get(o, "base");
    char p[160];
    if (!base)
        return fail(err, errsz, "%s.base: 必須のキーがありません。", path);
    if (!json_is_object(base)) {
        str_fmt(p, sizeof p, "%s.base", path);
        if (get_price(base, p, &c->base_sen, err, errsz))
            return -1;
        c->base_flat = true;
        return 0;
    }
    const char *k;
    json_t *v;
    int d;
    json_object_foreach(base, k, v) {
        if (!diameter_key(k, &d))
            return fail(err, errsz, "%s.base.%.20s: 口径別の基本料金のキーは口径（mm）の整数 1〜%d です。", path, k,
                        MAX_DIAMETER);
        if (dias) {
            if (dia_index(c, d) < 0)
                return fail(err, errsz, "%s.base.%s: diameters にない口径の基本料金です。", path, k);
        } else {
            /* without "diameters", the class covers the diameters base names */
            if (c->ndiameters == TARIFF_MAX_DIAMETERS)
                return fail(err, errsz, "%s.base: 口径は %d 個までです。", path, TARIFF_MAX_DIAMETERS);
            c->diameters[c->ndiameters++] = d;
        }
    }
    if (c->ndiameters == 0)
        return fail(err, errsz, "%s.base: 口径別の基本料金が空です。", path);
    for (int i = 0; i < c->ndiameters; i++) {
        char key[16];
        str_fmt(key, sizeof key, "%d", c->diameters[i]);
        json_t *bv = json_object_get(base, key);
        if (!bv)
            return fail(err, errsz, "%s.base: 口径 %d mm の基本料金がありません。", path, c->diameters[i]);
        str_fmt(p, sizeof p, "%s.base.%s", path, key);
        if (get_price(bv, p, &c->base_by_dia[i], err, errsz))
            return -1;
    }
    return 0;
}

static int parse_bands(json_t *o, const char *path, tariff_class *c, char *err, size_t errsz)
{
    json_t *bands = json_object_get(o, "bands");
    if (!bands)
        return fail(err, errsz, "%s.bands: 必須のキーがありません。", path);
    if (!json_is_array(bands) || json_array_size(bands) == 0 || json_array_size(bands) > TARIFF_MAX_BANDS)
        return fail(err, errsz, "%s.bands: 水量区分の配列で指定してください（1〜%d 区分）。", path, TARIFF_MAX_BANDS);
    size_t i;
    json_t *b;
    int64_t prev = c->included_m3;
    json_array_foreach(bands, i, b) {
        static const char *const BKEYS[] = {"up_to_m3", "yen_per_m3", NULL};
        char bp[200], pp[220];
        str_fmt(bp, sizeof bp, "%s.bands[%zu]", path, i);
        if (!json_is_object(b))
            return fail(err, errsz, "%s: オブジェクトで指定してください。", bp);
        if (only_keys(b, bp, BKEYS, err, errsz))
            return -1;
        tariff_band *band = &c->bands[i];
        json_t *up = json_object_get(b, "up_to_m3");
        bool last = i + 1 == json_array_size(bands);
        if (!up)
            return fail(err, errsz, "%s.up_to_m3: 必須のキーがありません（上限なしは null）。", bp);
        if (json_is_null(up)) {
            if (!last)
                return fail(err, errsz, "%s.up_to_m3: 上限なし（null）は最後の区分だけに使えます。", bp);
            band->open = true;
        } else if (!json_is_integer(up) || json_integer_value(up) < 1 || json_integer_value(up) > TARIFF_MAX_USAGE) {
            return fail(err, errsz, "%s.up_to_m3: 1〜%d の整数（m³）か null で指定してください。", bp, TARIFF_MAX_USAGE);
        } else {
            band->up_to_m3 = (int64_t)json_integer_value(up);
            if (band->up_to_m3 <= prev)
                return i == 0 ? fail(err, errsz,
                                     "%s.up_to_m3: 最初の区分の上限は基本水量 included_m3（%lld m³）より大きくしてください。",
                                     bp, (long long)prev)
                              : fail(err, errsz, "%s.up_to_m3: 区分は水量の昇順に並べてください（前の区分の上限 %lld m³ 以下です）。",
                                     bp, (long long)prev);
            if (last)
                return fail(err, errsz,
                            "%s.up_to_m3: 最後の区分は上限なし（null）にしてください（超えた水量を計算できません）。", bp);
            prev = band->up_to_m3;
        }
        str_fmt(pp, sizeof pp, "%s.yen_per_m3", bp);
        json_t *price = json_object_get(b, "yen_per_m3");
        if (!price)
            return fail(err, errsz, "%s: 必須のキーがありません。", pp);
        if (get_price(price, pp, &band->sen_per_m3, err, errsz))
            return -1;
        c->nbands = (int)i + 1;
    }
    return 0;
}

static int parse_class(json_t *o, const char *path, tariff_class *c, char *err, size_t errsz)
{
    static const char *const KEYS[] = {"use", "diameters", "base", "included_m3", "bands", "note", NULL};
    if (!json_is_object(o))
        return fail(err, errsz, "%s: オブジェクトで指定してください。", path);
    char p[160];
    str_fmt(p, sizeof p, "%s.", path);
    if (only_keys(o, path, KEYS, err, errsz) || jcheck_free_text(o, "note", p, err, errsz))
        return -1;
    json_t *u = json_object_get(o, "use");
    if (!u)
        return fail(err, errsz, "%s.use: 必須のキーがありません。", path);
    if (parse_uses(u, path, c, err, errsz))
        return -1;
    json_t *dias = json_object_get(o, "diameters");
    if (dias) {
        if (!json_is_array(dias) || json_array_size(dias) == 0 || json_array_size(dias) > TARIFF_MAX_DIAMETERS)
            return fail(err, errsz, "%s.diameters: 口径（mm）の整数の配列で指定してください（1〜%d 個）。", path,
                        TARIFF_MAX_DIAMETERS);
        size_t i;
        json_t *v;
        json_array_foreach(dias, i, v) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > MAX_DIAMETER)
                return fail(err, errsz, "%s.diameters[%zu]: 口径は 1〜%d の整数（mm）で指定してください。", path, i,
                            MAX_DIAMETER);
            c->diameters[i] = (int)json_integer_value(v);
            for (size_t k = 0; k < i; k++)
                if (c->diameters[k] == c->diameters[i])
                    return fail(err, errsz, "%s.diameters[%zu]: 口径 %d が重複しています。", path, i, c->diameters[i]);
            c->ndiameters = (int)i + 1;
        }
        c->diameters_listed = true;
    }
    if (parse_base(o, path, c, err, errsz) ||
        get_int(o, "included_m3", p, 0, TARIFF_MAX_USAGE, &c->included_m3, err, errsz))
        return -1;
    return parse_bands(o, path, c, err, errsz);
}

static int parse_rounding(json_t *root, tariff *t, char *err, size_t errsz)
{
    static const char *const RK[] = {"unit_yen", "mode", "scope", NULL};
    json_t *r = json_object_get(root, "rounding");
    if (!json_is_object(r))
        return fail(err, errsz, "rounding: 必須のオブジェクトです（unit_yen, mode, scope）。");
    char mode[16], scope[16];
    int64_t v;
    if (only_keys(r, "rounding", RK, err, errsz) || get_int(r, "unit_yen", "rounding.", 1, 10, &v, err, errsz))
        return -1;
    if (v != 1 && v != 10)
        return fail(err, errsz, "rounding.unit_yen: 1 か 10 を指定してください（%lld）。", (long long)v);
    t->round_unit = (int)v;
    if (jcheck_string(r, "mode", "rounding.", mode, sizeof mode, err, errsz) ||
        jcheck_string(r, "scope", "rounding.", scope, sizeof scope, err, errsz))
        return -1;
    if (strcmp(mode, "floor") == 0)
        t->round_mode = TARIFF_FLOOR;
    else if (strcmp(mode, "round") == 0)
        t->round_mode = TARIFF_ROUND;
    else if (strcmp(mode, "ceil") == 0)
        t->round_mode = TARIFF_CEIL;
    else
        return fail(err, errsz, "rounding.mode: floor（切捨て）・round（四捨五入）・ceil（切上げ）のいずれかです（%s）。",
                    mode);
    if (strcmp(scope, "bill") != 0 && strcmp(scope, "part") != 0)
        return fail(err, errsz, "rounding.scope: bill か part を指定してください（%s）。", scope);
    t->round_per_part = strcmp(scope, "part") == 0;
    return 0;
}

static int parse_multi_month(json_t *root, tariff *t, char *err, size_t errsz)
{
    static const char *const MK[] = {"method", "odd_m3", NULL};
    json_t *mm = json_object_get(root, "multi_month");
    if (!json_is_object(mm))
        return fail(err, errsz, "multi_month: 必須のオブジェクトです（method, odd_m3）。");
    char method[16], odd[16] = "last";
    if (only_keys(mm, "multi_month", MK, err, errsz) ||
        jcheck_string(mm, "method", "multi_month.", method, sizeof method, err, errsz))
        return -1;
    if (strcmp(method, "scale") != 0 && strcmp(method, "split") != 0)
        return fail(err, errsz, "multi_month.method: scale か split を指定してください（%s）。", method);
    t->split = strcmp(method, "split") == 0;
    if (json_object_get(mm, "odd_m3")) {
        if (!t->split)
            return fail(err, errsz, "multi_month.odd_m3: method が split のときだけ指定できます。");
        if (jcheck_string(mm, "odd_m3", "multi_month.", odd, sizeof odd, err, errsz))
            return -1;
    }
    if (strcmp(odd, "first") != 0 && strcmp(odd, "last") != 0)
        return fail(err, errsz, "multi_month.odd_m3: first か last を指定してください（%s）。", odd);
    t->odd_first = strcmp(odd, "first") == 0;
    return 0;
}

static int parse_partial(json_t *root, tariff *t, char *err, size_t errsz)
{
    static const char *const PK[] = {"unit_days", "period_days", "scale", NULL};
    json_t *pp = json_object_get(root, "partial_period");
    if (!pp)
        return 0;
    if (!json_is_object(pp))
        return fail(err, errsz, "partial_period: オブジェクトで指定してください（unit_days, period_days, scale）。");
    if (only_keys(pp, "partial_period", PK, err, errsz) ||
        get_int(pp, "unit_days", "partial_period.", 1, MAX_DAYS, &t->partial_unit_days, err, errsz) ||
        get_int(pp, "period_days", "partial_period.", 1, MAX_DAYS, &t->partial_period_days, err, errsz))
        return -1;
    if (t->partial_unit_days > t->partial_period_days)
        return fail(err, errsz, "partial_period.unit_days: period_days（%lld 日）以下にしてください（%lld 日）。",
                    (long long)t->partial_period_days, (long long)t->partial_unit_days);
    json_t *sc = json_object_get(pp, "scale");
    if (!json_is_array(sc) || json_array_size(sc) == 0)
        return fail(err, errsz, "partial_period.scale: [\"base\", \"bands\"] のように配列で指定してください。");
    size_t i;
    json_t *x;
    json_array_foreach(sc, i, x) {
        const char *s = json_string_value(x);
        if (s && strcmp(s, "base") == 0 && !t->partial_base)
            t->partial_base = true;
        else if (s && strcmp(s, "bands") == 0 && !t->partial_bands)
            t->partial_bands = true;
        else
            return fail(err, errsz, "partial_period.scale[%zu]: base か bands を（それぞれ1回まで）指定してください。", i);
    }
    t->has_partial = true;
    return 0;
}

static int parse_root(json_t *root, tariff *t, char *err, size_t errsz)
{
    static const char *const KEYS[] = {"format", "id", "name", "service", "effective_from", "period_months",
                                       "prices_include_tax", "tax_percent", "rounding", "multi_month",
                                       "partial_period", "classes", "source", "note", NULL};
    char format[32];
    int64_t v;
    civil_date day;
    if (!json_is_object(root))
        return fail(err, errsz, "最上位は JSON オブジェクトにしてください。");
    if (only_keys(root, "", KEYS, err, errsz) || jcheck_string(root, "format", "", format, sizeof format, err, errsz))
        return -1;
    if (strcmp(format, "suido-tariff/1") != 0)
        return fail(err, errsz, "format: \"suido-tariff/1\" ではありません（%s）。", format);
    if (jcheck_free_text(root, "source", "", err, errsz) || jcheck_free_text(root, "note", "", err, errsz) ||
        jcheck_string(root, "id", "", t->id, sizeof t->id, err, errsz) ||
        jcheck_string(root, "name", "", t->name, sizeof t->name, err, errsz) ||
        jcheck_string(root, "service", "", t->service, sizeof t->service, err, errsz))
        return -1;
    for (const char *p = t->id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
            return fail(err, errsz, "id: 英小文字・数字・- _ . だけで書いてください（%s）。", t->id);
    if (strcmp(t->service, "water") != 0 && strcmp(t->service, "sewer") != 0)
        return fail(err, errsz, "service: water（水道）か sewer（下水道）を指定してください（%s）。", t->service);
    if (jcheck_string(root, "effective_from", "", t->effective_from, sizeof t->effective_from, err, errsz))
        return -1;
    if (!date_parse(t->effective_from, &day) || t->effective_from[4] != '-')
        return fail(err, errsz, "effective_from: 実在する日付を YYYY-MM-DD で指定してください（%s）。", t->effective_from);
    if (get_int(root, "period_months", "", 1, 2, &v, err, errsz))
        return -1;
    t->period_months = (int)v;
    json_t *x = json_object_get(root, "prices_include_tax");
    if (!json_is_boolean(x))
        return fail(err, errsz, "prices_include_tax: true（税込単価）か false（税抜単価）を指定してください。");
    t->prices_include_tax = json_is_true(x);
    if (get_int(root, "tax_percent", "", 0, 100, &v, err, errsz))
        return -1;
    if (v != 0 && v != 3 && v != 5 && v != 8 && v != 10)
        return fail(err, errsz, "tax_percent: 消費税率は 0・3・5・8・10 のいずれかです（%lld）。", (long long)v);
    t->tax_percent = (int)v;
    if (parse_rounding(root, t, err, errsz) || parse_multi_month(root, t, err, errsz) ||
        parse_partial(root, t, err, errsz))
        return -1;
    json_t *classes = json_object_get(root, "classes");
    if (!json_is_array(classes) || json_array_size(classes) == 0 || json_array_size(classes) > TARIFF_MAX_CLASSES)
        return fail(err, errsz, "classes: 料金区分の配列で指定してください（1〜%d 区分）。", TARIFF_MAX_CLASSES);
    size_t i;
    json_array_foreach(classes, i, x) {
        char path[32];
        str_fmt(path, sizeof path, "classes[%zu]", i);
        if (parse_class(x, path, &t->classes[i], err, errsz))
            return -1;
        int by[4];
        int n = dead_class(t, (int)i, by, 4);
        if (n > 0) {
            char list[96] = "";
            size_t len = 0;
            for (int k = 0; k < n && k < 4; k++) {
                str_fmt(list + len, sizeof list - len, "%sclasses[%d]", k ? "・" : "", by[k]);
                len = strlen(list);
            }
            return fail(err, errsz, "%s: 先にある %s%s が同じ用途・口径をすべて受け持つため、この区分は使われません。", path,
                        list, n > 4 ? " ほか" : "");
        }
        t->nclasses = (int)i + 1;
    }
    return 0;
}

int tariff_parse(const char *json, size_t len, tariff *t, char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return fail(err, errsz, "JSON として読めません（%d 行 %d 桁: %s）。", je.line, je.column, je.text);
    int rc = parse_root(root, t, err, errsz);
    json_decref(root);
    if (rc)
        memset(t, 0, sizeof *t);
    return rc;
}

const tariff_class *tariff_class_for(const tariff *t, const char *use, int diameter)
{
    if (!use)
        return NULL;
    for (int i = 0; i < t->nclasses; i++)
        if (class_takes(&t->classes[i], use, diameter))
            return &t->classes[i];
    return NULL;
}

/* ---- display ------------------------------------------------------------ */

/* Digits of v right-aligned ending at end; returns the start. */
static char *digits(char *end, uint64_t v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

void tariff_fmt_sen(char out[32], int64_t sen)
{
    char t[32], *end = t + sizeof t - 1;
    *end = '\0';
    uint64_t a = sen < 0 ? (uint64_t)0 - (uint64_t)sen : (uint64_t)sen;
    *--end = (char)('0' + a % 10);
    *--end = (char)('0' + a / 10 % 10);
    *--end = '.';
    char *p = digits(end, a / 100);
    if (sen < 0)
        *--p = '-';
    memcpy(out, p, (size_t)(t + sizeof t - p));
}

void tariff_fmt_price(char out[32], int64_t sen)
{
    tariff_fmt_sen(out, sen);
    if (sen % 100 == 0)
        out[strlen(out) - 3] = '\0';
}

void tariff_fmt_m3(char out[32], int64_t num, int64_t den)
{
    if (den <= 0)
        den = 1;
    if (num < 0)
        num = 0;
    int64_t whole = num / den, rest = num % den;
    char t[32], *end = t + sizeof t - 1;
    *end = '\0';
    if (rest) {
        int64_t cents = (int64_t)((i128)rest * 100 / den);
        *--end = (char)('0' + cents % 10);
        *--end = (char)('0' + cents / 10 % 10);
        *--end = '.';
    }
    char *p = digits(end, (uint64_t)whole);
    memcpy(out, p, (size_t)(t + sizeof t - p));
}

/* ---- pricing ------------------------------------------------------------ */

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

static void reduce(int64_t *num, int64_t *den)
{
    int64_t g = gcd64(*num, *den);
    if (g > 1) {
        *num /= g;
        *den /= g;
    }
}

static i128 div_round(i128 num, i128 den, int mode)
{
    /* num >= 0, den > 0 */
    if (mode == TARIFF_CEIL)
        return (num + den - 1) / den;
    if (mode == TARIFF_ROUND)
        return (2 * num + den) / (2 * den);
    return num / den;
}

static void add_line(tariff_quote *q, const char *kind, int part, int64_t m3_num, int64_t m3_den, int64_t unit,
                     int64_t amount, int64_t from, int64_t to)
{
    /* cannot be full: see the _Static_assert on TARIFF_MAX_LINES */
    if (q->nlines >= TARIFF_MAX_LINES)
        return;
    tariff_line *l = &q->lines[q->nlines++];
    memset(l, 0, sizeof *l);
    str_copy(l->kind, sizeof l->kind, kind);
    l->part = part;
    l->m3_num = m3_num;
    l->m3_den = m3_den;
    l->unit_sen = unit;
    l->amount_sen = amount;
    l->from_m3_num = from;
    l->to_m3_num = to;
}

/* An exact amount: num / den sen, and the sum of its lines' amounts (each
 * line cut to the sen). */
typedef struct exact {
    i128 num;
    int64_t den;
    int64_t lines_sen;
} exact;

/* One priced stretch of usage (a whole bill, or one part of a split): usage
 * u m³, the base times bn/bd, the included volume and band limits times
 * vn/vd.  Adds the base and band lines (part number part). */
static exact price_part(const tariff_class *c, int64_t base_sen, int64_t u, int64_t bn, int64_t bd, int64_t vn,
                        int64_t vd, int part, tariff_quote *q)
{
    exact e = {.num = (i128)base_sen * bn * vd, .den = bd * vd, .lines_sen = 0};
    int64_t base_line = (int64_t)((i128)base_sen * bn / bd);
    add_line(q, "base", part, 0, 1, base_sen, base_line, 0, 0);
    e.lines_sen += base_line;
    /* volumes in units of 1/vd m³ */
    i128 used = (i128)u * vd;
    i128 lo = (i128)c->included_m3 * vn;
    for (int i = 0; i < c->nbands && used > lo; i++) {
        const tariff_band *b = &c->bands[i];
        i128 hi = b->open ? used : (i128)b->up_to_m3 * vn;
        i128 top = used < hi ? used : hi;
        if (top > lo) {
            i128 vol = top - lo;
            i128 amount = vol * b->sen_per_m3;   /* over vd */
            int64_t line = (int64_t)(amount / vd);
            e.num += amount * bd;
            e.lines_sen += line;
            add_line(q, "band", part, (int64_t)vol, vd, b->sen_per_m3, line, (int64_t)lo, b->open ? -1 : (int64_t)hi);
        }
        lo = hi;
    }
    return e;
}

/* Round an exact amount per the tariff and add its tax and rounding lines
 * (part number part), so that its base and band lines + tax + rounding =
 * total, to the sen.  Returns the total in yen; *tax_yen and *subtotal_sen
 * (the exact amount cut to the sen) set. */
static int64_t settle(const tariff *t, exact e, int part, tariff_quote *q, int64_t *tax_yen, int64_t *subtotal_sen)
{
    i128 unit = t->round_unit, tax = t->tax_percent;
    i128 total;
    int64_t tax_line;
    *subtotal_sen = (int64_t)(e.num / e.den);
    if (t->prices_include_tax) {
        /* the prices contain the tax: round the amount; the tax is what it contains */
        total = div_round(e.num, (i128)e.den * 100 * unit, t->round_mode) * unit;
        *tax_yen = (int64_t)(total * tax / (100 + tax));
        tax_line = 0;
        add_line(q, "tax_included", part, 0, 1, 0, *tax_yen * 100, 0, 0);
    } else {
        /* tax added: round amount × (100 + tax) / 100; the tax is the total less
         * the amount cut to the yen (税込 − 税抜), never below 0, and 0 at 0 % */
        total = div_round(e.num * (100 + tax), (i128)e.den * 100 * 100 * unit, t->round_mode) * unit;
        i128 added = total - e.num / ((i128)e.den * 100);
        *tax_yen = tax == 0 || added < 0 ? 0 : (int64_t)added;
        tax_line = *tax_yen * 100;
        add_line(q, "tax", part, 0, 1, 0, tax_line, 0, 0);
    }
    add_line(q, "rounding", part, 0, 1, 0, (int64_t)(total * 100) - e.lines_sen - tax_line, 0, 0);
    return (int64_t)total;
}

int tariff_quote_for(const tariff *t, const char *use, int diameter, int64_t usage_m3, int months, int days,
                     tariff_quote *q, char *err, size_t errsz)
{
    /* the head only: the lines are written one by one (a billing run quotes
     * every tap, and the lines are most of the struct) */
    memset(q, 0, offsetof(tariff_quote, lines));
    if (!use || !*use)
        return fail(err, errsz, "用途が指定されていません。");
    if (usage_m3 < 0 || usage_m3 > TARIFF_MAX_USAGE)
        return fail(err, errsz, "使用水量は 0〜%d m³ で指定してください（%lld）。", TARIFF_MAX_USAGE, (long long)usage_m3);
    if (months == 0)
        months = t->period_months;
    if (months < 1 || months > MAX_MONTHS)
        return fail(err, errsz, "月数は 1〜%d で指定してください（%d）。", MAX_MONTHS, months);
    if (days < 0 || days > MAX_DAYS)
        return fail(err, errsz, "日数は 0〜%d で指定してください（%d）。", MAX_DAYS, days);
    const tariff_class *c = tariff_class_for(t, use, diameter);
    if (!c) {
        bool any_use = false;
        for (int i = 0; i < t->nclasses && !any_use; i++)
            any_use = class_has_use(&t->classes[i], use);
        return any_use ? fail(err, errsz, "料金表 %s に用途「%s」・口径 %d mm の区分がありません。", t->id, use, diameter)
                       : fail(err, errsz, "料金表 %s に用途「%s」の区分がありません。", t->id, use);
    }
    int pm = t->period_months;
    if (t->split && months % pm != 0)
        return fail(err, errsz,
                    "料金表 %s は %d か月分ずつに分けて計算します（multi_month.method split）。%d か月の請求は計算できません。",
                    t->id, pm, months);
    q->class_index = (int)(c - t->classes);
    str_copy(q->use, sizeof q->use, use);
    q->diameter = diameter;
    q->usage_m3 = usage_m3;
    q->months = months;
    q->days = days;
    int64_t base_sen = c->base_flat ? c->base_sen : c->base_by_dia[dia_index(c, diameter)];

    /* Each priced stretch has the table's base and limits times s: months /
     * period_months for scale (the whole bill at once), 1 for each part of a
     * split. */
    int parts = t->split ? months / pm : 1;
    int64_t sn = t->split ? 1 : months, sd = t->split ? 1 : pm;
    /* Partial period: the days covered, ceil(days / unit) × unit, against the
     * bill's full length, period_days × months / period_months: the factor p
     * = covered × period_months / (period_days × months) when below 1.  (For
     * months = period_months that is covered / period_days.) */
    int64_t pn = 1, pd = 1;
    if (days > 0 && t->has_partial) {
        int64_t covered = (days + t->partial_unit_days - 1) / t->partial_unit_days * t->partial_unit_days;
        if (covered * pm < t->partial_period_days * months) {
            pn = covered * pm;
            pd = t->partial_period_days * months;
        }
    }
    int64_t bn = sn * (t->partial_base ? pn : 1), bd = sd * (t->partial_base ? pd : 1);
    int64_t vn = sn * (t->partial_bands ? pn : 1), vd = sd * (t->partial_bands ? pd : 1);
    reduce(&bn, &bd);
    reduce(&vn, &vd);
    q->factor_num = bn;
    q->factor_den = bd;
    q->volume_num = vn;
    q->volume_den = vd;
    q->parts = parts;

    if (parts == 1) {
        exact e = price_part(c, base_sen, usage_m3, bn, bd, vn, vd, 0, q);
        q->total = settle(t, e, 0, q, &q->tax, &q->subtotal_sen);
    } else {
        /* split: equal whole-m³ parts, the remainder to the first or last */
        int64_t each = usage_m3 / parts, odd = usage_m3 % parts;
        exact sum = {.num = 0, .den = bd * vd, .lines_sen = 0};
        for (int k = 1; k <= parts; k++) {
            int64_t u = each + (((t->odd_first && k == 1) || (!t->odd_first && k == parts)) ? odd : 0);
            exact e = price_part(c, base_sen, u, bn, bd, vn, vd, k, q);
            if (t->round_per_part) {
                int64_t pt = 0, ps = 0;
                q->total += settle(t, e, k, q, &pt, &ps);
                q->tax += pt;
                q->subtotal_sen += ps;
            } else {
                sum.num += e.num;
                sum.lines_sen += e.lines_sen;
            }
        }
        if (!t->round_per_part)
            q->total = settle(t, sum, 0, q, &q->tax, &q->subtotal_sen);
    }
    for (int i = 0; i < q->nlines; i++)
        if (strcmp(q->lines[i].kind, "rounding") == 0)
            q->rounding_sen += q->lines[i].amount_sen;
    return 0;
}

/* ---- JSON --------------------------------------------------------------- */

void tariff_quote_json(jsonw *w, const tariff *t, const tariff_quote *q)
{
    char a[32], b[32];
    jsonw_object(w);
    jsonw_kv_string(w, "tariff", t->id);
    jsonw_kv_string(w, "service", t->service);
    jsonw_kv_string(w, "use", q->use);
    jsonw_kv_int(w, "diameter", q->diameter);
    jsonw_kv_int(w, "class", q->class_index);
    jsonw_kv_int(w, "usage_m3", q->usage_m3);
    jsonw_kv_int(w, "months", q->months);
    jsonw_kv_int(w, "days", q->days);
    jsonw_kv_int(w, "parts", q->parts);
    tariff_fmt_sen(a, q->subtotal_sen);
    jsonw_kv_string(w, "subtotal", a);
    jsonw_kv_int(w, "tax", q->tax);
    jsonw_kv_int(w, "total", q->total);
    jsonw_key(w, "lines");
    jsonw_array(w);
    for (int i = 0; i < q->nlines; i++) {
        const tariff_line *l = &q->lines[i];
        bool band = strcmp(l->kind, "band") == 0, base = strcmp(l->kind, "base") == 0;
        jsonw_object(w);
        jsonw_kv_string(w, "kind", l->kind);
        jsonw_kv_int(w, "part", l->part);
        if (base) {
            tariff_fmt_sen(a, l->unit_sen);
            jsonw_kv_string(w, "table_yen", a);
            if (q->factor_num != q->factor_den) {
                str_fmt(b, sizeof b, "%lld/%lld", (long long)q->factor_num, (long long)q->factor_den);
                jsonw_kv_string(w, "factor", b);
            }
        }
        if (band) {
            tariff_fmt_m3(a, l->from_m3_num, l->m3_den);
            jsonw_kv_string(w, "from_m3", a);
            if (l->to_m3_num >= 0) {
                tariff_fmt_m3(b, l->to_m3_num, l->m3_den);
                jsonw_kv_string(w, "to_m3", b);
            } else {
                jsonw_kv_string(w, "to_m3", NULL);
            }
            tariff_fmt_m3(a, l->m3_num, l->m3_den);
            jsonw_kv_string(w, "m3", a);
            tariff_fmt_sen(a, l->unit_sen);
            jsonw_kv_string(w, "yen_per_m3", a);
        }
        tariff_fmt_sen(a, l->amount_sen);
        jsonw_kv_string(w, "yen", a);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_end_object(w);
}
