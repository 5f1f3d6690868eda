/* tariff — see tariff.h and docs/tariff-format.md. */
#include "domain/tariff.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"

typedef __int128 i128;

#define MAX_PRICE_SEN 9999999999LL   /* 99,999,999.99 yen */

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

bool tariff_parse_yen(const char *s, int64_t *sen)
{
    if (!s || !*s)
        return false;
    int64_t whole = 0;
    const char *p = s;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (++digits > 8)
            return false;
        whole = whole * 10 + (*p++ - '0');
    }
    if (digits == 0)
        return false;
    int64_t frac = 0;
    if (*p == '.') {
        p++;
        int fd = 0;
        while (*p >= '0' && *p <= '9') {
            if (++fd > 2)
                return false;
            frac = frac * 10 + (*p++ - '0');
        }
        if (fd == 0)
            return false;
        if (fd == 1)
            frac *= 10;
    }
    if (*p)
        return false;
    *sen = whole * 100 + frac;
    return *sen <= MAX_PRICE_SEN;
}

/* Every key of o must be one of allowed (NULL-terminated). */
static int only_keys(json_t *o, const char *path, const char *const *allowed, char *err, size_t errsz)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = strcmp(allowed[i], k) == 0;
        if (!ok)
            return fail(err, errsz, "%s%s%s: 未知のキーです（綴りを確認してください）。", path, *path ? "." : "", k);
    }
    return 0;
}

static int get_string(json_t *o, const char *key, const char *path, char *out, size_t outsz, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return fail(err, errsz, "%s%s: 必須のキーがありません。", path, key);
    if (!json_is_string(v))
        return fail(err, errsz, "%s%s: 文字列で指定してください。", path, key);
    if (!str_copy(out, outsz, json_string_value(v)) || !*out)
        return fail(err, errsz, "%s%s: 空か、長すぎます（%zu バイトまで）。", path, key, outsz - 1);
    return 0;
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
    if (!tariff_parse_yen(json_string_value(v), sen))
        return fail(err, errsz, "%s: 金額「%s」は 0〜99999999.99 の、小数点以下2桁までの数字で書いてください。", path,
                    json_string_value(v));
    return 0;
}

static bool valid_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-')
        return false;
    static const int DAYS[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DAYS[m - 1])
        return false;
    return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static bool class_has_use(const tariff_class *c, const char *use)
{
    if (c->nuses == 0)
        return true;
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

/* An earlier class a takes every tap class b would: b can never match. */
static bool shadows(const tariff_class *a, const tariff_class *b)
{
    if (a->nuses != 0) {
        if (b->nuses == 0)
            return false;
        for (int i = 0; i < b->nuses; i++)
            if (!class_has_use(a, b->uses[i]))
                return false;
    }
    if (a->ndiameters == 0)
        return true;
    if (b->ndiameters == 0)
        return false;
    for (int i = 0; i < b->ndiameters; i++)
        if (dia_index(a, b->diameters[i]) < 0)
            return false;
    return true;
}

static int parse_uses(json_t *u, const char *path, tariff_class *c, char *err, size_t errsz)
{
    if (json_is_string(u)) {
        const char *s = json_string_value(u);
        if (strcmp(s, "*") == 0)
            return 0;
        if (!*s || !str_copy(c->uses[0], sizeof c->uses[0], s))
            return fail(err, errsz, "%s.use: 用途コードが空か、長すぎます。", path);
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
            return fail(err, errsz, "%s.use[%zu]: 用途コードを文字列で指定してください。", path, i);
        for (size_t k = 0; k < i; k++)
            if (strcmp(c->uses[k], c->uses[i]) == 0)
                return fail(err, errsz, "%s.use[%zu]: 用途「%s」が重複しています。", path, i, c->uses[i]);
        c->nuses = (int)i + 1;
    }
    return 0;
}

static int parse_class(json_t *o, const char *path, tariff_class *c, char *err, size_t errsz)
{
    static const char *const KEYS[] = {"use", "diameters", "base", "included_m3", "bands", "note", NULL};
    if (!json_is_object(o))
        return fail(err, errsz, "%s: オブジェクトで指定してください。", path);
    if (only_keys(o, path, KEYS, err, errsz))
        return -1;
    json_t *u = json_object_get(o, "use");
    if (!u)
        return fail(err, errsz, "%s.use: 必須のキーがありません。", path);
    if (parse_uses(u, path, c, err, errsz))
        return -1;
    json_t *dias = json_object_get(o, "diameters");
    json_t *base = json_object_get(o, "base");
    if (dias) {
        if (!json_is_array(dias) || json_array_size(dias) == 0 || json_array_size(dias) > TARIFF_MAX_DIAMETERS)
            return fail(err, errsz, "%s.diameters: 口径（mm）の整数の配列で指定してください（%d 個まで）。", path,
                        TARIFF_MAX_DIAMETERS);
        size_t i;
        json_t *v;
        json_array_foreach(dias, i, v) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 10000)
                return fail(err, errsz, "%s.diameters[%zu]: 口径は 1〜10000 の整数（mm）で指定してください。", path, i);
            c->diameters[i] = (int)json_integer_value(v);
            for (size_t k = 0; k < i; k++)
                if (c->diameters[k] == c->diameters[i])
                    return fail(err, errsz, "%s.diameters[%zu]: 口径 %d が重複しています。", path, i, c->diameters[i]);
            c->ndiameters = (int)i + 1;
        }
    }
    if (!base)
        return fail(err, errsz, "%s.base: 必須のキーがありません。", path);
    char p[160];
    if (json_is_object(base)) {
        const char *k;
        json_t *v;
        if (!dias) {
            /* the diameters are the base's keys */
            json_object_foreach(base, k, v) {
                long long d = 0;
                if (!str_to_i64(k, &d) || d < 1 || d > 10000)
                    return fail(err, errsz, "%s.base.%s: 口径別の基本料金のキーは口径（mm）の整数です。", path, k);
                if (c->ndiameters == TARIFF_MAX_DIAMETERS)
                    return fail(err, errsz, "%s.base: 口径は %d 個までです。", path, TARIFF_MAX_DIAMETERS);
                c->diameters[c->ndiameters++] = (int)d;
            }
        }
        for (int i = 0; i < c->ndiameters; i++) {
            char key[16];
            str_fmt(key, sizeof key, "%d", c->diameters[i]);
            json_t *bv = json_object_get(base, key);
            str_fmt(p, sizeof p, "%s.base.%s", path, key);
            if (!bv)
                return fail(err, errsz, "%s.base: 口径 %d mm の基本料金がありません。", path, c->diameters[i]);
            if (get_price(bv, p, &c->base_by_dia[i], err, errsz))
                return -1;
        }
        json_object_foreach(base, k, v) {
            long long d = 0;
            if (!str_to_i64(k, &d) || dia_index(c, (int)d) < 0)
                return fail(err, errsz, "%s.base.%s: diameters にない口径の基本料金です。", path, k);
        }
    } else {
        str_fmt(p, sizeof p, "%s.base", path);
        if (get_price(base, p, &c->base_sen, err, errsz))
            return -1;
        c->base_flat = true;
    }
    str_fmt(p, sizeof p, "%s.", path);
    if (get_int(o, "included_m3", p, 0, TARIFF_MAX_USAGE, &c->included_m3, err, errsz))
        return -1;
    json_t *bands = json_object_get(o, "bands");
    if (!json_is_array(bands) || json_array_size(bands) == 0 || json_array_size(bands) > TARIFF_MAX_BANDS)
        return fail(err, errsz, "%s.bands: 水量区分の配列で指定してください（1〜%d 区分）。", path, TARIFF_MAX_BANDS);
    size_t i;
    json_t *b;
    int64_t prev = c->included_m3;
    json_array_foreach(bands, i, b) {
        static const char *const BKEYS[] = {"up_to_m3", "yen_per_m3", NULL};
        char bp[200];
        str_fmt(bp, sizeof bp, "%s.bands[%zu]", path, i);
        if (!json_is_object(b))
            return fail(err, errsz, "%s: オブジェクトで指定してください。", bp);
        if (only_keys(b, bp, BKEYS, err, errsz))
            return -1;
        tariff_band *band = &c->bands[i];
        json_t *up = json_object_get(b, "up_to_m3");
        if (!up)
            return fail(err, errsz, "%s.up_to_m3: 必須のキーがありません（上限なしは null）。", bp);
        bool last = i + 1 == json_array_size(bands);
        if (json_is_null(up)) {
            if (!last)
                return fail(err, errsz, "%s.up_to_m3: 上限なし（null）は最後の区分だけに使えます。", bp);
            band->open = true;
        } else if (!json_is_integer(up) || json_integer_value(up) < 1 || json_integer_value(up) > TARIFF_MAX_USAGE) {
            return fail(err, errsz, "%s.up_to_m3: 1〜%d の整数（m³）か null で指定してください。", bp, TARIFF_MAX_USAGE);
        } else {
            band->up_to_m3 = (int64_t)json_integer_value(up);
            if (band->up_to_m3 <= prev)
                return fail(err, errsz, "%s.up_to_m3: 区分は水量の昇順に並べてください（%lld m³ 以下です）。", bp,
                            (long long)prev);
            if (last)
                return fail(err, errsz, "%s.up_to_m3: 最後の区分は上限なし（null）にしてください（超えた水量を計算できません）。",
                            bp);
            prev = band->up_to_m3;
        }
        char pp[220];
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

int tariff_parse(const char *json, size_t len, tariff *t, char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return fail(err, errsz, "JSON として読めません（%d 行 %d 桁: %s）。", je.line, je.column, je.text);
    int rc = -1;
    static const char *const KEYS[] = {"format", "id", "name", "service", "effective_from", "period_months",
                                       "prices_include_tax", "tax_percent", "rounding", "multi_month",
                                       "partial_period", "classes", "source", "note", NULL};
    char format[32], mode[16];
    int64_t v;
    json_t *r, *mm, *pp, *classes, *x;
    if (!json_is_object(root)) {
        fail(err, errsz, "最上位は JSON オブジェクトにしてください。");
        goto out;
    }
    if (only_keys(root, "", KEYS, err, errsz) || get_string(root, "format", "", format, sizeof format, err, errsz))
        goto out;
    if (strcmp(format, "suido-tariff/1") != 0) {
        fail(err, errsz, "format: \"suido-tariff/1\" ではありません（%s）。", format);
        goto out;
    }
    if (get_string(root, "id", "", t->id, sizeof t->id, err, errsz) ||
        get_string(root, "name", "", t->name, sizeof t->name, err, errsz) ||
        get_string(root, "service", "", t->service, sizeof t->service, err, errsz))
        goto out;
    for (const char *p = t->id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')) {
            fail(err, errsz, "id: 英小文字・数字・- _ . だけで書いてください（%s）。", t->id);
            goto out;
        }
    if (strcmp(t->service, "water") != 0 && strcmp(t->service, "sewer") != 0) {
        fail(err, errsz, "service: water（水道）か sewer（下水道）を指定してください（%s）。", t->service);
        goto out;
    }
    if (get_string(root, "effective_from", "", t->effective_from, sizeof t->effective_from, err, errsz))
        goto out;
    if (!valid_date(t->effective_from)) {
        fail(err, errsz, "effective_from: 実在する日付を YYYY-MM-DD で指定してください（%s）。", t->effective_from);
        goto out;
    }
    if (get_int(root, "period_months", "", 1, 2, &v, err, errsz))
        goto out;
    t->period_months = (int)v;
    x = json_object_get(root, "prices_include_tax");
    if (!json_is_boolean(x)) {
        fail(err, errsz, "prices_include_tax: true（税込単価）か false（税抜単価）を指定してください。");
        goto out;
    }
    t->prices_include_tax = json_is_true(x);
    if (get_int(root, "tax_percent", "", 0, 100, &v, err, errsz))
        goto out;
    if (v != 0 && v != 3 && v != 5 && v != 8 && v != 10) {
        fail(err, errsz, "tax_percent: 消費税率は 0・3・5・8・10 のいずれかです（%lld）。", (long long)v);
        goto out;
    }
    t->tax_percent = (int)v;
    r = json_object_get(root, "rounding");
    if (!json_is_object(r)) {
        fail(err, errsz, "rounding: 必須のオブジェクトです（unit_yen, mode, scope）。");
        goto out;
    }
    {
        static const char *const RK[] = {"unit_yen", "mode", "scope", NULL};
        char scope[16];
        if (only_keys(r, "rounding", RK, err, errsz) || get_int(r, "unit_yen", "rounding.", 1, 10, &v, err, errsz))
            goto out;
        if (v != 1 && v != 10) {
            fail(err, errsz, "rounding.unit_yen: 1 か 10 を指定してください（%lld）。", (long long)v);
            goto out;
        }
        t->round_unit = (int)v;
        if (get_string(r, "mode", "rounding.", mode, sizeof mode, err, errsz) ||
            get_string(r, "scope", "rounding.", scope, sizeof scope, err, errsz))
            goto out;
        if (strcmp(mode, "floor") == 0)
            t->round_mode = TARIFF_FLOOR;
        else if (strcmp(mode, "round") == 0)
            t->round_mode = TARIFF_ROUND;
        else if (strcmp(mode, "ceil") == 0)
            t->round_mode = TARIFF_CEIL;
        else {
            fail(err, errsz, "rounding.mode: floor（切捨て）・round（四捨五入）・ceil（切上げ）のいずれかです（%s）。", mode);
            goto out;
        }
        if (strcmp(scope, "bill") != 0 && strcmp(scope, "part") != 0) {
            fail(err, errsz, "rounding.scope: bill か part を指定してください（%s）。", scope);
            goto out;
        }
        t->round_per_part = strcmp(scope, "part") == 0;
    }
    mm = json_object_get(root, "multi_month");
    if (!json_is_object(mm)) {
        fail(err, errsz, "multi_month: 必須のオブジェクトです（method）。");
        goto out;
    }
    {
        static const char *const MK[] = {"method", "odd_m3", NULL};
        char method[16], odd[16] = "last";
        if (only_keys(mm, "multi_month", MK, err, errsz) ||
            get_string(mm, "method", "multi_month.", method, sizeof method, err, errsz))
            goto out;
        if (strcmp(method, "scale") != 0 && strcmp(method, "split") != 0) {
            fail(err, errsz, "multi_month.method: scale か split を指定してください（%s）。", method);
            goto out;
        }
        t->split = strcmp(method, "split") == 0;
        if (json_object_get(mm, "odd_m3") && get_string(mm, "odd_m3", "multi_month.", odd, sizeof odd, err, errsz))
            goto out;
        if (strcmp(odd, "first") != 0 && strcmp(odd, "last") != 0) {
            fail(err, errsz, "multi_month.odd_m3: first か last を指定してください（%s）。", odd);
            goto out;
        }
        if (!t->split && json_object_get(mm, "odd_m3")) {
            fail(err, errsz, "multi_month.odd_m3: method が split のときだけ指定できます。");
            goto out;
        }
        t->odd_first = strcmp(odd, "first") == 0;
    }
    pp = json_object_get(root, "partial_period");
    if (pp) {
        static const char *const PK[] = {"unit_days", "period_days", "scale", NULL};
        if (!json_is_object(pp)) {
            fail(err, errsz, "partial_period: オブジェクトで指定してください。");
            goto out;
        }
        if (only_keys(pp, "partial_period", PK, err, errsz) ||
            get_int(pp, "unit_days", "partial_period.", 1, 366, &t->partial_unit_days, err, errsz) ||
            get_int(pp, "period_days", "partial_period.", 1, 366, &t->partial_period_days, err, errsz))
            goto out;
        json_t *sc = json_object_get(pp, "scale");
        if (!json_is_array(sc) || json_array_size(sc) == 0) {
            fail(err, errsz, "partial_period.scale: [\"base\", \"bands\"] のように配列で指定してください。");
            goto out;
        }
        size_t i;
        json_array_foreach(sc, i, x) {
            const char *s = json_string_value(x);
            if (s && strcmp(s, "base") == 0 && !t->partial_base)
                t->partial_base = true;
            else if (s && strcmp(s, "bands") == 0 && !t->partial_bands)
                t->partial_bands = true;
            else {
                fail(err, errsz, "partial_period.scale[%zu]: base か bands を（それぞれ1回まで）指定してください。", i);
                goto out;
            }
        }
        t->has_partial = true;
    }
    classes = json_object_get(root, "classes");
    if (!json_is_array(classes) || json_array_size(classes) == 0 || json_array_size(classes) > TARIFF_MAX_CLASSES) {
        fail(err, errsz, "classes: 料金区分の配列で指定してください（1〜%d 区分）。", TARIFF_MAX_CLASSES);
        goto out;
    }
    {
        size_t i;
        json_array_foreach(classes, i, x) {
            char path[32];
            str_fmt(path, sizeof path, "classes[%zu]", i);
            if (parse_class(x, path, &t->classes[i], err, errsz))
                goto out;
            for (size_t k = 0; k < i; k++)
                if (shadows(&t->classes[k], &t->classes[i])) {
                    fail(err, errsz,
                         "classes[%zu]: 先にある classes[%zu] が同じ用途・口径をすべて受け持つため、この区分は使われません。", i,
                         k);
                    goto out;
                }
            t->nclasses = (int)i + 1;
        }
    }
    rc = 0;
out:
    json_decref(root);
    return rc;
}

const tariff_class *tariff_class_for(const tariff *t, const char *use, int diameter)
{
    for (int i = 0; i < t->nclasses; i++) {
        const tariff_class *c = &t->classes[i];
        if (class_has_use(c, use) && (c->ndiameters == 0 || dia_index(c, diameter) >= 0))
            return c;
    }
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


void tariff_fmt_m3(char out[32], int64_t num, int64_t den)
{
    if (den <= 0)
        den = 1;
    int64_t whole = num / den, rest = num % den;
    char t[32], *end = t + sizeof t - 1;
    *end = '\0';
    if (rest) {
        int64_t cents = (int64_t)((__int128)rest * 100 / den);
        *--end = (char)('0' + cents % 10);
        *--end = (char)('0' + cents / 10 % 10);
        *--end = '.';
    }
    char *p = digits(end, (uint64_t)(whole < 0 ? 0 : whole));
    memcpy(out, p, (size_t)(t + sizeof t - p));
}

/* ---- pricing ------------------------------------------------------------ */

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

/* One priced stretch of usage (a whole bill, or one part of a split):
 * usage u at base factor bn/bd and volume factor vn/vd.  Returns the exact
 * amount in sen times the denominator bd*vd (written to *den); adds lines. */
static i128 price_part(const tariff_class *c, int64_t base_sen, int64_t u, int64_t bn, int64_t bd, int64_t vn,
                       int64_t vd, int part, tariff_quote *q, int64_t *den)
{
    *den = bd * vd;
    i128 base_exact = (i128)base_sen * bn * vd;   /* over bd*vd */
    add_line(q, "base", part, 0, 1, base_sen, (int64_t)((i128)base_sen * bn / bd), 0, 0);
    i128 total = base_exact;
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
            total += amount * bd;
            add_line(q, "band", part, (int64_t)vol, vd, b->sen_per_m3, (int64_t)(amount / vd), (int64_t)lo,
                     b->open ? -1 : (int64_t)hi);
        }
        lo = hi;
    }
    return total;
}

/* Round an exact amount (num/den sen, before tax) per the tariff; tax and
 * the rounding line are added to q.  Returns the total in yen; *tax_yen set. */
static int64_t settle(const tariff *t, i128 num, int64_t den, int part, tariff_quote *q, int64_t *tax_yen,
                      int64_t *subtotal_sen)
{
    int unit = t->round_unit, tax = t->tax_percent;
    i128 total;
    *subtotal_sen = (int64_t)(num / den);
    if (t->prices_include_tax) {
        total = div_round(num, (i128)den * 100 * unit, t->round_mode) * unit;
        *tax_yen = (int64_t)(total * tax / (100 + tax));
    } else {
        total = div_round(num * (100 + tax), (i128)den * 100 * 100 * unit, t->round_mode) * unit;
        *tax_yen = (int64_t)(total - num / ((i128)den * 100));
    }
    /* Lines so far (this part) + tax line + rounding line = total, in sen. */
    /* (part 0: every line; the included tax is shown but not added.) */
    int64_t lines = 0;
    for (int i = 0; i < q->nlines; i++)
        if ((part == 0 || q->lines[i].part == part) &&
            (strcmp(q->lines[i].kind, "base") == 0 || strcmp(q->lines[i].kind, "band") == 0))
            lines += q->lines[i].amount_sen;
    int64_t tax_line = t->prices_include_tax ? 0 : *tax_yen * 100;
    if (t->prices_include_tax)
        add_line(q, "tax_included", part, 0, 1, 0, *tax_yen * 100, 0, 0);
    else
        add_line(q, "tax", part, 0, 1, 0, tax_line, 0, 0);
    add_line(q, "rounding", part, 0, 1, 0, (int64_t)(total * 100) - lines - tax_line, 0, 0);
    return (int64_t)total;
}

int tariff_quote_for(const tariff *t, const char *use, int diameter, int64_t usage_m3, int months, int days,
                     tariff_quote *q, char *err, size_t errsz)
{
    memset(q, 0, sizeof *q);
    if (!use || !*use)
        return fail(err, errsz, "用途が指定されていません。");
    if (usage_m3 < 0 || usage_m3 > TARIFF_MAX_USAGE)
        return fail(err, errsz, "使用水量は 0〜%d m³ で指定してください（%lld）。", TARIFF_MAX_USAGE, (long long)usage_m3);
    if (months == 0)
        months = t->period_months;
    if (months < 1 || months > 12)
        return fail(err, errsz, "月数は 1〜12 で指定してください（%d）。", months);
    if (days < 0 || days > 366)
        return fail(err, errsz, "日数は 0〜366 で指定してください（%d）。", days);
    const tariff_class *c = tariff_class_for(t, use, diameter);
    if (!c) {
        bool any_use = false;
        for (int i = 0; i < t->nclasses && !any_use; i++)
            any_use = class_has_use(&t->classes[i], use);
        return any_use ? fail(err, errsz, "料金表 %s に用途「%s」・口径 %d mm の区分がありません。", t->id, use, diameter)
                       : fail(err, errsz, "料金表 %s に用途「%s」の区分がありません。", t->id, use);
    }
    int64_t base_sen = c->base_flat ? c->base_sen : c->base_by_dia[dia_index(c, diameter)];
    str_copy(q->use, sizeof q->use, use);
    q->diameter = diameter;
    q->usage_m3 = usage_m3;
    q->months = months;
    q->days = days;
    /* partial period factor p = min(1, ceil(days/unit)*unit / period_days) */
    int64_t pn = 1, pd = 1;
    if (days > 0 && t->has_partial) {
        int64_t covered = (days + t->partial_unit_days - 1) / t->partial_unit_days * t->partial_unit_days;
        if (covered < t->partial_period_days) {
            pn = covered;
            pd = t->partial_period_days;
        }
    }
    int64_t bpn = t->partial_base ? pn : 1, bpd = t->partial_base ? pd : 1;
    int64_t vpn = t->partial_bands ? pn : 1, vpd = t->partial_bands ? pd : 1;
    bool split = t->split && months > t->period_months;
    if (split && months % t->period_months != 0)
        return fail(err, errsz, "料金表 %s は %d か月単位の分割計算です。%d か月の請求は計算できません。", t->id,
                    t->period_months, months);
    int parts = split ? months / t->period_months : 1;
    q->parts = parts;
    if (!split) {
        /* scale: base and band limits × months / period_months */
        int64_t bn = bpn * months, bd = bpd * t->period_months, vn = vpn * months, vd = vpd * t->period_months;
        q->factor_num = bn;
        q->factor_den = bd;
        q->volume_num = vn;
        q->volume_den = vd;
        int64_t den;
        i128 exact = price_part(c, base_sen, usage_m3, bn, bd, vn, vd, 0, q, &den);
        q->total = settle(t, exact, den, 0, q, &q->tax, &q->subtotal_sen);
        q->rounding_sen = q->lines[q->nlines - 1].amount_sen;
        return 0;
    }
    q->factor_num = bpn;
    q->factor_den = bpd;
    q->volume_num = vpn;
    q->volume_den = vpd;
    int64_t each = usage_m3 / parts, odd = usage_m3 % parts;
    i128 sum = 0;
    int64_t den = 1, total = 0, tax = 0, sub = 0;
    for (int k = 1; k <= parts; k++) {
        int64_t u = each + (((t->odd_first && k == 1) || (!t->odd_first && k == parts)) ? odd : 0);
        i128 exact = price_part(c, base_sen, u, bpn, bpd, vpn, vpd, k, q, &den);
        if (t->round_per_part) {
            int64_t pt = 0, ps = 0;
            total += settle(t, exact, den, k, q, &pt, &ps);
            tax += pt;
            sub += ps;
        } else {
            sum += exact;
        }
    }
    if (!t->round_per_part) {
        total = settle(t, sum, den, 0, q, &tax, &sub);
    }
    q->total = total;
    q->tax = tax;
    q->subtotal_sen = sub;
    return 0;
}
