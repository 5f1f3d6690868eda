/* surcharge_rates — see surcharge_rates.h and docs/arrears.md. */
#include "domain/surcharge_rates.h"

#include <string.h>

#include "base/buf.h"
#include "base/jcheck.h"

int64_t surcharge_rate_parse(const char *s)
{
    if (!s || !*s)
        return -1;
    int64_t whole = 0;
    int digits = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9') {
        if (++digits > 3)
            return -1;
        whole = whole * 10 + (*p++ - '0');
    }
    if (digits == 0)
        return -1;
    int64_t frac = 0;
    int fd = 0;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (++fd > 3)
                return -1;
            frac = frac * 10 + (*p++ - '0');
        }
        if (fd == 0)
            return -1;
    }
    if (*p)
        return -1;
    for (; fd < 3; fd++)
        frac *= 10;
    int64_t v = whole * SURCHARGE_RATE_SCALE + frac;
    return v > SURCHARGE_RATE_MAX ? -1 : v;
}

static int get_rate(json_t *o, const char *key, const char *path, char out[16], int64_t *milli, char *err,
                    size_t errsz)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return jcheck_fail(err, errsz, "%s%s: 必須のキーがありません。", path, key);
    if (!json_is_string(v))
        return jcheck_fail(err, errsz, "%s%s: 率は \"2.4\" のように文字列で書いてください（JSON の数値は使えません）。",
                           path, key);
    const char *s = json_string_value(v);
    int64_t m = surcharge_rate_parse(s);
    if (m < 0 || !str_copy(out, 16, s))
        return jcheck_fail(err, errsz, "%s%s: 年率（%%）を 0〜100、小数点以下3桁までの数字で書いてください（「%.20s」）。",
                           path, key, s);
    *milli = m;
    return 0;
}

static int parse_period(json_t *p, int i, surcharge_period *out, char *err, size_t errsz)
{
    static const char *const KEYS[] = {"from", "first", "after", "source", "note", NULL};
    char path[32];
    str_fmt(path, sizeof path, "periods[%d].", i);
    if (!json_is_object(p))
        return jcheck_fail(err, errsz, "periods[%d]: {\"from\", \"first\", \"after\"} のオブジェクトにしてください。", i);
    if (jcheck_only_keys(p, path, KEYS, err, errsz) || jcheck_free_text(p, "source", path, err, errsz) ||
        jcheck_free_text(p, "note", path, err, errsz) || jcheck_date(p, "from", path, &out->from, err, errsz))
        return -1;
    if (get_rate(p, "first", path, out->first, &out->first_milli, err, errsz) ||
        get_rate(p, "after", path, out->after, &out->after_milli, err, errsz))
        return -1;
    return 0;
}

static int parse_root(json_t *root, surcharge_rates *r, char *err, size_t errsz)
{
    static const char *const KEYS[] = {"format", "name", "periods", "source", "note", NULL};
    if (jcheck_only_keys(root, "", KEYS, err, errsz) || jcheck_free_text(root, "source", "", err, errsz) ||
        jcheck_free_text(root, "note", "", err, errsz) ||
        jcheck_string(root, "name", "", r->name, sizeof r->name, err, errsz))
        return -1;
    json_t *ps = json_object_get(root, "periods");
    if (!ps)
        return jcheck_fail(err, errsz, "periods: 必須のキーがありません。");
    if (!json_is_array(ps) || json_array_size(ps) == 0)
        return jcheck_fail(err, errsz, "periods: 期間を1つ以上、配列で指定してください。");
    if (json_array_size(ps) > SURCHARGE_MAX_PERIODS)
        return jcheck_fail(err, errsz, "periods: 期間は %d 個までです（%zu 個）。", SURCHARGE_MAX_PERIODS,
                           json_array_size(ps));
    for (size_t i = 0; i < json_array_size(ps); i++) {
        surcharge_period *p = &r->periods[i];
        if (parse_period(json_array_get(ps, i), (int)i, p, err, errsz))
            return -1;
        if (i > 0 && date_cmp(p->from, r->periods[i - 1].from) <= 0)
            return jcheck_fail(err, errsz, "periods[%zu].from: 期間は日付の古い順に、重複なく並べてください（直前は periods[%zu]）。",
                               i, i - 1);
        r->nperiods = (int)i + 1;
    }
    return 0;
}

int surcharge_rates_parse(const char *json, size_t len, surcharge_rates *r, char *err, size_t errsz)
{
    memset(r, 0, sizeof *r);
    json_t *root = jcheck_load(json, len, "suido-surcharge/1", err, errsz);
    if (!root)
        return -1;
    int rc = parse_root(root, r, err, errsz);
    json_decref(root);
    if (rc)
        memset(r, 0, sizeof *r);
    return rc;
}

const surcharge_period *surcharge_rates_at(const surcharge_rates *r, civil_date day)
{
    const surcharge_period *in_force = NULL;
    for (int i = 0; i < r->nperiods && date_cmp(r->periods[i].from, day) <= 0; i++)
        in_force = &r->periods[i];
    return in_force;
}
