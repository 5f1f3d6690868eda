/* works_fee — see works_fee.h and docs/works-fee-format.md. */
#include "domain/works/works_fee.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jcheck.h"
#include "base/jsonw.h"

static const char *const TYPE_CODES[WORKS_NTYPES] = {"new", "remodel", "removal", "branch", "complex"};
#define TYPE_LIST "new・remodel・removal・branch・complex"

const char *works_type_code(works_type type)
{
    return (unsigned)type < WORKS_NTYPES ? TYPE_CODES[type] : "";
}

int works_type_parse(const char *code)
{
    for (int i = 0; code && i < WORKS_NTYPES; i++)
        if (strcmp(code, TYPE_CODES[i]) == 0)
            return i;
    return -1;
}

static const char *const DUE_CODES[WORKS_NDUES] = {"approval", "start"};

const char *works_fee_due_code(int due)
{
    return (unsigned)due < WORKS_NDUES ? DUE_CODES[due] : "";
}

int works_fee_due_parse(const char *code)
{
    for (int i = 0; code && i < WORKS_NDUES; i++)
        if (strcmp(code, DUE_CODES[i]) == 0)
            return i;
    return -1;
}

/* An optional "due" at key of o, path for messages; *due keeps the default
 * when the key is absent. */
static int parse_due(json_t *o, const char *key, const char *path, int *due, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    int d = works_fee_due_parse(json_is_string(v) ? json_string_value(v) : NULL);
    if (d < 0)
        return jcheck_fail(err, errsz, "%s%s: approval（承認の前に納付）か start（着工の前に納付）で指定してください（「%.20s」）。",
                           path, key, json_is_string(v) ? json_string_value(v) : "文字列でない値");
    *due = d;
    return 0;
}

/* ---- parsing ---- */

/* A diameter as a key: a plain decimal 1..WORKS_FEE_MAX_DIAMETER ("13", not
 * "013" or "13mm"); -1 otherwise. */
static int diameter_key(const char *k)
{
    int v = 0;
    if (*k < '1' || *k > '9')
        return -1;
    for (; *k; k++) {
        if (*k < '0' || *k > '9' || (v = v * 10 + (*k - '0')) > WORKS_FEE_MAX_DIAMETER)
            return -1;
    }
    return v;
}

/* An amount: a JSON integer from 0 to WORKS_FEE_MAX_YEN. */
static int get_yen(json_t *v, const char *path, const char *key, int64_t *out, char *err, size_t errsz)
{
    if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= WORKS_FEE_MAX_YEN) {
        *out = (int64_t)json_integer_value(v);
        return 0;
    }
    char *shown = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    jcheck_fail(err, errsz,
                "%s%s: 金額は0以上の整数（円、%d まで）で書いてください。文字列・小数・負の数は使えません（「%.24s」）。",
                path, key, WORKS_FEE_MAX_YEN, shown ? shown : "?");
    free(shown);
    return -1;
}

/* {"13": 44000, "20": 110000, ...} at path (no trailing dot) into out, in
 * ascending order of diameter; with ascending, a larger diameter may not
 * cost less (the 加入金: a remodel's difference is never negative). */
static int parse_by_diameter(json_t *o, const char *path, bool ascending, works_fee_by_diameter *out, char *err,
                             size_t errsz)
{
    if (!json_is_object(o) || json_object_size(o) == 0)
        return jcheck_fail(err, errsz, "%s: 口径（mm）ごとの金額を {\"13\": 44000, …} のように1つ以上書いてください。",
                           path);
    if (json_object_size(o) > WORKS_FEE_MAX_DIAMETERS)
        return jcheck_fail(err, errsz, "%s: 口径は %d 個までです（%zu 個）。", path, WORKS_FEE_MAX_DIAMETERS,
                           json_object_size(o));
    char prefix[64];
    str_fmt(prefix, sizeof prefix, "%s.", path);
    const char *k;
    json_t *v;
    out->n = 0;
    json_object_foreach(o, k, v) {
        int d = diameter_key(k);
        int64_t yen;
        if (d < 0)
            return jcheck_fail(err, errsz, "%s%s: 口径は \"13\" のように mm の整数（1〜%d、先頭に0を付けない）で書いてください。",
                               prefix, k, WORKS_FEE_MAX_DIAMETER);
        if (get_yen(v, prefix, k, &yen, err, errsz))
            return -1;
        int at = out->n++;   /* insertion into the sorted list (keys are distinct: duplicates are refused) */
        for (; at > 0 && out->diameter[at - 1] > d; at--) {
            out->diameter[at] = out->diameter[at - 1];
            out->yen[at] = out->yen[at - 1];
        }
        out->diameter[at] = d;
        out->yen[at] = yen;
    }
    for (int i = 1; ascending && i < out->n; i++)
        if (out->yen[i] < out->yen[i - 1])
            return jcheck_fail(err, errsz,
                               "%s%d: %d mm（%lld 円）より大きな口径なのに金額が小さくなっています（%lld 円）。"
                               "口径が大きいほど同額以上にしてください（改造の差額が負になります）。",
                               prefix, out->diameter[i], out->diameter[i - 1], (long long)out->yen[i - 1],
                               (long long)out->yen[i]);
    return 0;
}

/* A code: a lower-case letter, then lower-case letters, digits and '_'. */
static bool code_ok(const char *s)
{
    if (*s < 'a' || *s > 'z')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static int parse_types(json_t *a, const char *path, unsigned *types, char *err, size_t errsz)
{
    if (!json_is_array(a) || json_array_size(a) == 0)
        return jcheck_fail(err, errsz, "%stypes: 申込種別を1つ以上、[\"new\", \"remodel\"] のように配列で書いてください（%s）。",
                           path, TYPE_LIST);
    size_t i;
    json_t *v;
    *types = 0;
    json_array_foreach(a, i, v) {
        int t = works_type_parse(json_is_string(v) ? json_string_value(v) : NULL);
        if (t < 0)
            return jcheck_fail(err, errsz, "%stypes[%zu]: 申込種別は %s のいずれかです（「%.20s」）。", path, i, TYPE_LIST,
                               json_is_string(v) ? json_string_value(v) : "文字列でない値");
        if (*types & (1u << t))
            return jcheck_fail(err, errsz, "%stypes[%zu]: %s が2回書かれています。", path, i, TYPE_CODES[t]);
        *types |= 1u << t;
    }
    return 0;
}

/* An optional boolean "refundable" at key of o; *on keeps the default when
 * it is absent. */
static int parse_refundable(json_t *o, const char *key, const char *path, bool *on, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return jcheck_fail(err, errsz, "%s%s: true（取消・減額のとき還付する）か false（審査の後は還付しない）で指定してください。",
                           path, key);
    *on = json_is_true(v);
    return 0;
}

static int parse_fee(json_t *f, int i, works_fee_table *t, char *err, size_t errsz)
{
    static const char *const KEYS[] = {"code",    "name", "types", "yen",        "by_diameter",
                                       "per",     "taxable", "due", "refundable", "note", NULL};
    works_fee_item *it = &t->fees[i];
    char path[32];
    str_fmt(path, sizeof path, "fees[%d].", i);
    if (!json_is_object(f))
        return jcheck_fail(err, errsz, "fees[%d]: {\"code\", \"name\", \"types\", …} のオブジェクトにしてください。", i);
    if (jcheck_only_keys(f, path, KEYS, err, errsz) || jcheck_free_text(f, "note", path, err, errsz) ||
        jcheck_string(f, "code", path, it->code, sizeof it->code, err, errsz))
        return -1;
    if (!code_ok(it->code) || strcmp(it->code, "kanyukin") == 0)
        return jcheck_fail(err, errsz, "%scode: 英小文字で始まる英小文字・数字・_ で書いてください（kanyukin は加入金の名前です）（%s）。",
                           path, it->code);
    for (int j = 0; j < i; j++)
        if (strcmp(t->fees[j].code, it->code) == 0)
            return jcheck_fail(err, errsz, "%scode: fees[%d] と同じ code です（%s）。", path, j, it->code);
    if (jcheck_string(f, "name", path, it->name, sizeof it->name, err, errsz) ||
        parse_types(json_object_get(f, "types"), path, &it->types, err, errsz))
        return -1;
    json_t *yen = json_object_get(f, "yen"), *by = json_object_get(f, "by_diameter");
    if (!yen == !by)
        return jcheck_fail(err, errsz, "fees[%d]: 金額は yen（一律）か by_diameter（口径別）のどちらか一方で書いてください。", i);
    it->flat = yen != NULL;
    if (yen && get_yen(yen, path, "yen", &it->yen, err, errsz))
        return -1;
    char bypath[48];
    str_fmt(bypath, sizeof bypath, "%sby_diameter", path);
    if (by && parse_by_diameter(by, bypath, false, &it->by_diameter, err, errsz))
        return -1;
    json_t *per = json_object_get(f, "per");
    const char *pers = json_is_string(per) ? json_string_value(per) : "";
    if (per && strcmp(pers, "case") != 0 && strcmp(pers, "dwelling") != 0)
        return jcheck_fail(err, errsz, "%sper: case（1件ごと）か dwelling（1戸ごと）で指定してください（「%.20s」）。", path, pers);
    it->per_dwelling = strcmp(pers, "dwelling") == 0;
    json_t *taxable = json_object_get(f, "taxable");
    if (!json_is_boolean(taxable))
        return jcheck_fail(err, errsz, "%staxable: true（課税）か false（非課税）で指定してください。", path);
    it->taxable = json_is_true(taxable);
    it->due = strcmp(it->code, "design") == 0 ? WORKS_DUE_APPROVAL : WORKS_DUE_START;
    it->refundable = strcmp(it->code, "design") != 0;
    return parse_due(f, "due", path, &it->due, err, errsz) ||
                   parse_refundable(f, "refundable", path, &it->refundable, err, errsz)
               ? -1
               : 0;
}

static int parse_tax(json_t *root, works_fee_table *t, char *err, size_t errsz)
{
    json_t *x = json_object_get(root, "prices_include_tax");
    if (!json_is_boolean(x))
        return jcheck_fail(err, errsz, "prices_include_tax: true（税込の金額）か false（税抜の金額）で指定してください。");
    t->prices_include_tax = json_is_true(x);
    x = json_object_get(root, "tax_percent");
    json_int_t p = json_is_integer(x) ? json_integer_value(x) : -1;
    if (p != 0 && p != 3 && p != 5 && p != 8 && p != 10)
        return jcheck_fail(err, errsz, "tax_percent: 消費税率は整数の 0・3・5・8・10 のいずれかです。");
    t->tax_percent = (int)p;
    x = json_object_get(root, "tax_rounding");
    if (t->prices_include_tax) {
        if (x)
            return jcheck_fail(err, errsz, "tax_rounding: 税込の表（prices_include_tax が true）では指定できません（税を加えないため）。");
        return 0;
    }
    static const char *const MODES[] = {"floor", "round", "ceil"};
    const char *m = json_is_string(x) ? json_string_value(x) : "";
    for (int i = 0; i < 3; i++)
        if (strcmp(m, MODES[i]) == 0) {
            t->tax_rounding = i;
            return 0;
        }
    return jcheck_fail(err, errsz, "tax_rounding: 税抜の表では、加える消費税の1円未満を floor（切捨て）・round（四捨五入）・"
                                   "ceil（切上げ）のどれにするか指定してください。");
}

static int parse_root(json_t *root, works_fee_table *t, char *err, size_t errsz)
{
    static const char *const KEYS[] = {"format", "id", "name", "effective_from", "prices_include_tax", "tax_percent",
                                       "tax_rounding", "kanyukin", "kanyukin_due", "kanyukin_refundable", "fees", "source",
                                       "note", NULL};
    if (jcheck_only_keys(root, "", KEYS, err, errsz) || jcheck_free_text(root, "source", "", err, errsz) ||
        jcheck_free_text(root, "note", "", err, errsz) || jcheck_string(root, "id", "", t->id, sizeof t->id, err, errsz))
        return -1;
    for (const char *p = t->id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
            return jcheck_fail(err, errsz, "id: 英小文字・数字・- _ . だけで書いてください（%s）。", t->id);
    if (jcheck_string(root, "name", "", t->name, sizeof t->name, err, errsz) ||
        jcheck_date(root, "effective_from", "", &t->effective_from, err, errsz) || parse_tax(root, t, err, errsz))
        return -1;
    json_t *k = json_object_get(root, "kanyukin");
    if (!k)
        return jcheck_fail(err, errsz, "kanyukin: 必須のキーがありません（口径ごとの加入金）。");
    t->kanyukin_due = WORKS_DUE_START;
    t->kanyukin_refundable = true;
    if (parse_by_diameter(k, "kanyukin", true, &t->kanyukin, err, errsz) ||
        parse_due(root, "kanyukin_due", "", &t->kanyukin_due, err, errsz) ||
        parse_refundable(root, "kanyukin_refundable", "", &t->kanyukin_refundable, err, errsz))
        return -1;
    json_t *fees = json_object_get(root, "fees");
    if (!json_is_array(fees))
        return jcheck_fail(err, errsz, "fees: 手数料の配列で指定してください（手数料がなければ []）。");
    if (json_array_size(fees) > WORKS_FEE_MAX_FEES)
        return jcheck_fail(err, errsz, "fees: 手数料は %d 件までです（%zu 件）。", WORKS_FEE_MAX_FEES, json_array_size(fees));
    size_t i;
    json_t *f;
    json_array_foreach(fees, i, f) {
        if (parse_fee(f, (int)i, t, err, errsz))
            return -1;
        t->nfees = (int)i + 1;
    }
    return 0;
}

int works_fee_parse(const char *json, size_t len, works_fee_table *t, char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    json_t *root = jcheck_load(json, len, "suido-works-fee/1", err, errsz);
    if (!root)
        return -1;
    int rc = parse_root(root, t, err, errsz);
    json_decref(root);
    if (rc)
        memset(t, 0, sizeof *t);
    return rc;
}

/* ---- versions ---- */

int works_fee_versions_check(const works_fee_table *t, size_t n, char *err, size_t errsz)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++) {
            if (strcmp(t[i].id, t[j].id) == 0)
                return jcheck_fail(err, errsz, "id %s の料金表が2つあります（版ごとに id を変えてください）。", t[i].id);
            if (date_cmp(t[i].effective_from, t[j].effective_from) == 0) {
                char iso[11];
                date_format_iso(t[i].effective_from, iso);
                return jcheck_fail(err, errsz, "effective_from %s の版が2つあります（%s と %s）。どちらを使うか決められません。",
                                   iso, t[j].id, t[i].id);
            }
        }
    return 0;
}

const works_fee_table *works_fee_in_force(const works_fee_table *t, size_t n, civil_date day)
{
    const works_fee_table *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (date_cmp(t[i].effective_from, day) <= 0 &&
            (!best || date_cmp(t[i].effective_from, best->effective_from) > 0))
            best = &t[i];
    return best;
}

/* ---- a quote ---- */

/* The amount for diameter d (-1: the table has none). */
static int64_t amount_at(const works_fee_by_diameter *b, int d)
{
    for (int i = 0; i < b->n; i++)
        if (b->diameter[i] == d)
            return b->yen[i];
    return -1;
}

/* "13・20・25 mm": the diameters a table has, for a message. */
static void diameter_list(const works_fee_by_diameter *b, char *out, size_t outsz)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < b->n && len < outsz; i++) {
        str_fmt(out + len, outsz - len, "%s%d", i ? "・" : "", b->diameter[i]);
        len = strlen(out);
    }
    if (len < outsz)
        str_fmt(out + len, outsz - len, " mm");
}

static int missing(err_t *e, const char *field, const works_fee_table *t, const char *what,
                   const works_fee_by_diameter *b, int d)
{
    char list[160];
    diameter_list(b, list, sizeof list);
    return err_field(e, field, "料金表 %s に口径 %d mm の%sがありません（あるのは %s）。", t->id, d, what, list);
}

static int64_t div_round(int64_t num, int64_t den, int mode)
{
    int64_t q = num / den, r = num % den;   /* num >= 0 */
    if (mode == WORKS_FEE_CEIL && r)
        q++;
    else if (mode == WORKS_FEE_ROUND && r * 2 >= den)
        q++;
    return q;
}

/* A line of base yen as the table writes amounts: with tax the tax it
 * contains (floor), without it the tax added (the table's rounding). */
static void charge(const works_fee_table *t, const char *code, const char *name, int64_t base, bool taxable,
                   works_fee_line *l)
{
    str_copy(l->code, sizeof l->code, code);
    str_copy(l->name, sizeof l->name, name);
    int64_t rate = taxable ? t->tax_percent : 0;
    if (t->prices_include_tax) {
        l->yen = base;
        l->tax = base * rate / (100 + rate);
    } else {
        l->tax = div_round(base * rate, 100, t->tax_rounding);
        l->yen = base + l->tax;
    }
}

static int check_request(const works_fee_request *rq, err_t *e)
{
    if ((unsigned)rq->type >= WORKS_NTYPES)
        return err_field(e, "type", "申込種別は %s のいずれかです。", TYPE_LIST);
    if (rq->diameter < 1 || rq->diameter > WORKS_FEE_MAX_DIAMETER)
        return err_field(e, "diameter", "口径は 1〜%d の整数（mm）で指定してください（%d）。", WORKS_FEE_MAX_DIAMETER,
                         rq->diameter);
    if (rq->type == WORKS_REMODEL && rq->old_diameter == 0)
        return err_field(e, "old_diameter", "改造（remodel）には改造前の口径を指定してください。");
    if (rq->type != WORKS_REMODEL && rq->old_diameter != 0)
        return err_field(e, "old_diameter", "改造前の口径は改造（remodel）のときだけ指定できます。");
    if (rq->old_diameter < 0 || rq->old_diameter > WORKS_FEE_MAX_DIAMETER)
        return err_field(e, "old_diameter", "改造前の口径は 1〜%d の整数（mm）で指定してください（%d）。",
                         WORKS_FEE_MAX_DIAMETER, rq->old_diameter);
    if (rq->type == WORKS_COMPLEX && (rq->dwellings < 1 || rq->dwellings > WORKS_FEE_MAX_DWELLINGS))
        return err_field(e, "dwellings", "特団（complex）の戸数は 1〜%d で指定してください（%d）。", WORKS_FEE_MAX_DWELLINGS,
                         rq->dwellings);
    if (rq->type != WORKS_COMPLEX && rq->dwellings != 0 && rq->dwellings != 1)
        return err_field(e, "dwellings", "戸数は特団（complex）のときだけ指定できます（%d）。", rq->dwellings);
    if (!date_valid(rq->date))
        return err_field(e, "date", "申込日が正しい日付ではありません。");
    return 0;
}

/* A complex's amount charged per dwelling, from the table k: unit (at
 * rq->diameter) times the dwellings, or each dwelling's own (each). */
static int per_dwelling_sum(const works_fee_table *t, const works_fee_request *rq, const int *each,
                            const works_fee_by_diameter *k, const char *what, int64_t unit, int64_t *yen, err_t *e)
{
    *yen = unit * rq->dwellings;
    if (!each)
        return 0;
    *yen = 0;
    for (int i = 0; i < rq->dwellings; i++) {
        int64_t one = amount_at(k, each[i]);
        if (one < 0)
            return missing(e, "diameter", t, what, k, each[i]);
        *yen += one;
    }
    return 0;
}

/* The 加入金 in the table's own terms (before tax handling) into *yen; 0, or
 * ERR_INVALID naming the diameter the table lacks. */
static int kanyukin_base(const works_fee_table *t, const works_fee_request *rq, const int *each, int64_t *yen,
                         err_t *e)
{
    const works_fee_by_diameter *k = &t->kanyukin;
    *yen = 0;
    if (rq->type == WORKS_REMOVAL || rq->type == WORKS_BRANCH)
        return 0;
    int64_t now = amount_at(k, rq->diameter);
    if (now < 0)
        return missing(e, "diameter", t, "加入金", k, rq->diameter);
    if (rq->type == WORKS_NEW)
        *yen = now;
    else if (rq->type == WORKS_COMPLEX)
        return per_dwelling_sum(t, rq, each, k, "加入金", now, yen, e);
    else if (rq->diameter > rq->old_diameter) {   /* remodel: to the same or a smaller size pays nothing */
        int64_t before = amount_at(k, rq->old_diameter);
        if (before < 0)
            return missing(e, "old_diameter", t, "加入金", k, rq->old_diameter);
        *yen = now - before;   /* >= 0: the table's amounts rise with the diameter */
    }
    return 0;
}

int works_fee_quote_for(const works_fee_table *t, size_t n, const works_fee_request *rq, works_fee_quote *q,
                        err_t *e)
{
    return works_fee_quote_each(t, n, rq, NULL, q, e);
}

int works_fee_quote_each(const works_fee_table *t, size_t n, const works_fee_request *rq, const int *each,
                         works_fee_quote *q, err_t *e)
{
    char msg[400];
    memset(q, 0, sizeof *q);
    if (n == 0)
        return err_field(e, "table", "料金表がありません。");
    if (works_fee_versions_check(t, n, msg, sizeof msg))
        return err_field(e, "table", "%s", msg);
    int rc = check_request(rq, e);
    if (rc)
        return rc;
    const works_fee_table *v = works_fee_in_force(t, n, rq->date);
    if (!v) {
        const works_fee_table *first = &t[0];
        for (size_t i = 1; i < n; i++)
            if (date_cmp(t[i].effective_from, first->effective_from) < 0)
                first = &t[i];
        char day[11], from[11];
        date_format_iso(rq->date, day);
        date_format_iso(first->effective_from, from);
        return err_field(e, "date", "%s に効力のある料金表がありません（最も古い版 %s は %s から）。", day, first->id, from);
    }
    q->table = v;
    q->rq = *rq;
    if (rq->type != WORKS_COMPLEX)
        q->rq.dwellings = 1;
    int64_t k;
    if (rq->type != WORKS_COMPLEX)
        each = NULL;
    if ((rc = kanyukin_base(v, &q->rq, each, &k, e)) != 0)
        return rc;
    charge(v, "kanyukin", "加入金", k, true, &q->kanyukin);
    q->kanyukin.due = v->kanyukin_due;
    q->kanyukin.refundable = v->kanyukin_refundable;
    q->total = q->kanyukin.yen;
    q->tax = q->kanyukin.tax;
    for (int i = 0; i < v->nfees; i++) {
        const works_fee_item *it = &v->fees[i];
        if (!(it->types & (1u << rq->type)))
            continue;
        int64_t unit = it->flat ? it->yen : amount_at(&it->by_diameter, rq->diameter);
        if (unit < 0)
            return missing(e, "diameter", v, it->name, &it->by_diameter, rq->diameter);
        int64_t amount = unit;
        if (it->per_dwelling && it->flat)
            amount = unit * q->rq.dwellings;
        else if (it->per_dwelling &&
                 (rc = per_dwelling_sum(v, &q->rq, each, &it->by_diameter, it->name, unit, &amount, e)))
            return rc;
        works_fee_line *l = &q->fees[q->nfees++];
        charge(v, it->code, it->name, amount, it->taxable, l);
        l->due = it->due;
        l->refundable = it->refundable;
        q->total += l->yen;
        q->tax += l->tax;
    }
    return 0;
}

static void line_json(jsonw *w, const works_fee_line *l)
{
    jsonw_object(w);
    jsonw_kv_string(w, "code", l->code);
    jsonw_kv_string(w, "name", l->name);
    jsonw_kv_int(w, "yen", l->yen);
    jsonw_kv_int(w, "tax", l->tax);
    jsonw_kv_string(w, "due", works_fee_due_code(l->due));
    jsonw_kv_bool(w, "refundable", l->refundable);
    jsonw_end_object(w);
}

void works_fee_quote_json(struct jsonw *w, const works_fee_quote *q)
{
    char iso[11];
    const works_fee_table *t = q->table;
    jsonw_object(w);
    jsonw_kv_string(w, "table", t->id);
    jsonw_kv_string(w, "table_name", t->name);
    date_format_iso(t->effective_from, iso);
    jsonw_kv_string(w, "effective_from", iso);
    date_format_iso(q->rq.date, iso);
    jsonw_kv_string(w, "date", iso);
    jsonw_kv_string(w, "type", works_type_code(q->rq.type));
    jsonw_kv_int(w, "diameter", q->rq.diameter);
    jsonw_key(w, "old_diameter");
    if (q->rq.type == WORKS_REMODEL)
        jsonw_int(w, q->rq.old_diameter);
    else
        jsonw_string(w, NULL);
    jsonw_kv_int(w, "dwellings", q->rq.dwellings);
    jsonw_kv_bool(w, "prices_include_tax", t->prices_include_tax);
    jsonw_kv_int(w, "tax_percent", t->tax_percent);
    jsonw_kv_int(w, "kanyukin", q->kanyukin.yen);
    jsonw_kv_int(w, "kanyukin_tax", q->kanyukin.tax);
    jsonw_kv_string(w, "kanyukin_due", works_fee_due_code(q->kanyukin.due));
    jsonw_kv_bool(w, "kanyukin_refundable", q->kanyukin.refundable);
    jsonw_key(w, "fees");
    jsonw_array(w);
    for (int i = 0; i < q->nfees; i++)
        line_json(w, &q->fees[i]);
    jsonw_end_array(w);
    jsonw_kv_int(w, "total", q->total);
    jsonw_kv_int(w, "tax", q->tax);
    jsonw_end_object(w);
}
