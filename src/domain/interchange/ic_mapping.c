/* ic_mapping — the declarative legacy mapping (see ic_mapping.h). */
#include "domain/interchange/ic_mapping.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/text.h"
#include "base/vec.h"

/* ---- parsing ------------------------------------------------------------- */

typedef struct parser {
    ic_mapping *m;
    int line;
    char *msg;
    size_t msgsz;
} parser;

static bool fail(parser *p, const char *what, const char *detail)
{
    str_fmt(p->msg, p->msgsz, "%s:%d: %s%s", p->m->name, p->line, what, detail ? detail : "");
    return false;
}

static char *skip_ws(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

void ic_mapping_trim(char *s)
{
    static const char FW[] = "\xE3\x80\x80";   /* U+3000 */
    char *a = s;
    for (;;) {
        if (*a == ' ' || *a == '\t')
            a++;
        else if (strncmp(a, FW, 3) == 0)
            a += 3;
        else
            break;
    }
    size_t n = strlen(a);
    for (;;) {
        if (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
            n--;
        else if (n >= 3 && memcmp(a + n - 3, FW, 3) == 0)
            n -= 3;
        else
            break;
    }
    memmove(s, a, n);
    s[n] = '\0';
}

/* A whole non-negative number (no sign, at most 6 digits). */
static bool small_int(const char *s, const char *end, int *out)
{
    int v = 0;
    if (s == end || end - s > 6)
        return false;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return true;
}

/* One filter: "code use", "date wareki", "decimals 1", "default \"0\"", ... */
static bool parse_filter(parser *p, char *s, icm_expr *x)
{
    s = skip_ws(s);
    rtrim(s);
    char *arg = s;
    while (*arg && *arg != ' ' && *arg != '\t')
        arg++;
    if (*arg)
        *arg++ = '\0';
    arg = skip_ws(arg);
    if (strcmp(s, "keep") == 0) {
        x->keep = true;
        return true;
    }
    if (x->nfilters >= ICM_MAX_FILTERS)
        return fail(p, "フィルタが多すぎます。", NULL);
    icm_filter *f = &x->filters[x->nfilters++];
    if (strcmp(s, "int") == 0)
        f->op = ICM_INT;
    else if (strcmp(s, "code") == 0) {
        f->op = ICM_CODE;
        if (!*arg || !str_copy(f->arg, sizeof f->arg, arg))
            return fail(p, "code の後に対応表の名前を書いてください（code use）。", NULL);
    } else if (strcmp(s, "date") == 0 || strcmp(s, "month") == 0) {
        f->op = s[0] == 'd' ? ICM_DATE : ICM_MONTH;
        if (strcmp(arg, "wareki") == 0)
            f->fmt = ICM_WAREKI;
        else if (f->op == ICM_DATE && strcmp(arg, "yyyymmdd") == 0)
            f->fmt = ICM_YYYYMMDD;
        else if (f->op == ICM_DATE && strcmp(arg, "iso") == 0)
            f->fmt = ICM_ISO;
        else if (f->op == ICM_MONTH && strcmp(arg, "yyyymm") == 0)
            f->fmt = ICM_YYYYMM;
        else
            return fail(p, f->op == ICM_DATE ? "date の形式は wareki、yyyymmdd、iso のどれかです。"
                                             : "month の形式は wareki か yyyymm です。", NULL);
    } else if (strcmp(s, "decimals") == 0) {
        f->op = ICM_DECIMALS;
        if (!small_int(arg, arg + strlen(arg), &f->n) || f->n < 1 || f->n > 6)
            return fail(p, "decimals の後に小数の桁数（1〜6）を書いてください。", NULL);
    } else if (strcmp(s, "default") == 0) {
        f->op = ICM_DEFAULT;
        size_t n = strlen(arg);
        if (n >= 2 && arg[0] == '"' && arg[n - 1] == '"') {
            arg[n - 1] = '\0';
            arg++;
        }
        if (!str_copy(f->arg, sizeof f->arg, arg))
            return fail(p, "default の値が長すぎます。", NULL);
    } else
        return fail(p, "知らないフィルタです: ", s);
    return true;
}

/* "@S-E", "@S", "#N" or "\"literal\"", then "| filter" ... */
static bool parse_expr(parser *p, const char *key, char *v, icm_expr *x)
{
    memset(x, 0, sizeof *x);
    x->set = true;
    x->line = p->line;
    str_copy(x->key, sizeof x->key, key);
    char *rest;
    if (*v == '"') {
        x->src = ICM_LITERAL;
        size_t n = 0;
        char *q = v + 1;
        for (;; q++) {
            if (!*q)
                return fail(p, "引用符が閉じていません。", NULL);
            if (*q == '"' && q[1] == '"')
                q++;
            else if (*q == '"')
                break;
            if (n + 1 >= sizeof x->lit)
                return fail(p, "値が長すぎます。", NULL);
            x->lit[n++] = *q;
        }
        rest = q + 1;
    } else if (*v == '@' || *v == '#') {
        x->src = *v == '@' ? ICM_BYTES : ICM_COLUMN;
        char *end = v + 1;
        while (*end && *end != '|' && *end != ' ' && *end != '\t')
            end++;
        rest = end;
        char *dash = memchr(v + 1, '-', (size_t)(end - v - 1));
        bool ok = x->src == ICM_BYTES && dash ? small_int(v + 1, dash, &x->from) && small_int(dash + 1, end, &x->to)
                                              : small_int(v + 1, end, &x->from);
        if (!dash || x->src == ICM_COLUMN)
            x->to = x->from;
        if (!ok || x->from < 1 || x->to < x->from)
            return fail(p, x->src == ICM_BYTES ? "バイト位置は @開始-終了（1 から数え、終了を含む）で書いてください。"
                                               : "列は #番号（1 から）で書いてください。", NULL);
    } else
        return fail(p, "値は @開始-終了、#列番号 または \"固定の値\" で始めてください。", NULL);
    rest = skip_ws(rest);
    while (*rest) {
        if (*rest != '|')
            return fail(p, "フィルタは | で区切ってください。", NULL);
        char *next = strchr(rest + 1, '|');
        if (next)
            *next = '\0';
        if (!parse_filter(p, rest + 1, x))
            return false;
        if (!next)
            break;
        *next = '|';
        rest = next;
    }
    return true;
}


static bool add_kinds(parser *p, char list[][16], int *n, int max, const char *v)
{
    /* "D" or "D, E": comma-separated codes */
    while (*v) {
        size_t len = strcspn(v, ", ");
        if (len) {
            if (*n >= max || len >= 16)
                return fail(p, "記録の種別が多すぎるか長すぎます。", NULL);
            memcpy(list[*n], v, len);
            list[(*n)++][len] = '\0';
        }
        v += len;
        v += strspn(v, ", ");
    }
    return true;
}

static bool target_key(parser *p, icm_target *t, const char *key, char *v)
{
    if (strcmp(key, "source.file") == 0) {
        if (!*v || strchr(v, '/') || !str_copy(t->source, sizeof t->source, v))
            return fail(p, "source.file はディレクトリ内のファイル名で書いてください。", NULL);
        return true;
    }
    if (strcmp(key, "source.layout") == 0) {
        if (strcmp(v, "fixed") != 0 && strcmp(v, "csv") != 0)
            return fail(p, "source.layout は fixed か csv です。", NULL);
        t->csv = v[0] == 'c';
        return true;
    }
    if (strcmp(key, "source.header") == 0)
        return small_int(v, v + strlen(v), &t->header) || fail(p, "source.header は飛ばす行の数です。", NULL);
    if (strcmp(key, "source.record") == 0)
        return parse_expr(p, key, v, &t->record);
    if (strcmp(key, "source.data") == 0)
        return add_kinds(p, t->data, &t->ndata, ICM_MAX_KINDS, v);
    if (strcmp(key, "source.skip") == 0)
        return add_kinds(p, t->skip, &t->nskip, ICM_MAX_KINDS, v);
    if (strcmp(key, "source.trailer") == 0)
        return str_copy(t->trailer, sizeof t->trailer, v) || fail(p, "source.trailer が長すぎます。", NULL);
    if (strcmp(key, "control.rows") == 0)
        return parse_expr(p, key, v, &t->control_rows);
    if (strncmp(key, "control.", 8) == 0) {
        ic_sum sums[IC_MANIFEST_MAX_SUMS];
        int n = ic_manifest_sums_init(t->file, sums);
        for (int i = 0; i < n; i++)
            if (strcmp(sums[i].col, key + 8) == 0)
                return parse_expr(p, key, v, &t->control_sums[i]);
        return fail(p, "control. の後には rows かこのファイルの金額の列を書いてください: ", key);
    }
    int k = ic_format_csv_find(t->file, key);
    if (k < 0)
        return fail(p, "このファイルにない列です: ", key);
    if (t->cols[k].set)
        return fail(p, "同じ列が二度あります: ", key);
    return parse_expr(p, key, v, &t->cols[k]);
}

static bool code_key(parser *p, const char *table, const char *key, const char *v)
{
    for (size_t i = 0; i < p->m->ncodes; i++)
        if (strcmp(p->m->codes[i].table, table) == 0 && strcmp(p->m->codes[i].from, key) == 0)
            return fail(p, "対応表に同じコードが二度あります: ", key);
    icm_code *c = vec_slot((void **)&p->m->codes, &p->m->ncodes, &p->m->capcodes, sizeof *c);
    if (!c)
        return fail(p, "メモリが足りません。", NULL);
    if (!str_copy(c->table, sizeof c->table, table) || !str_copy(c->from, sizeof c->from, key) ||
        !str_copy(c->to, sizeof c->to, v))
        return fail(p, "コードが長すぎます。", NULL);
    return true;
}

static bool parse_lines(parser *p, char *text)
{
    enum { NONE, MAPPING, CODE, TARGET } sec = NONE;
    char table[32] = "";
    icm_target *t = NULL;
    bool have_format = false;
    char *save = NULL;
    p->line = 0;
    for (char *ln = text; ln; ln = save) {
        p->line++;
        save = strchr(ln, '\n');
        if (save)
            *save++ = '\0';
        rtrim(ln);
        char *s = skip_ws(ln);
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end || end[1])
                return fail(p, "[節] の書き方が違います。", NULL);
            *end = '\0';
            s++;
            if (strcmp(s, "mapping") == 0)
                sec = MAPPING;
            else if (strncmp(s, "code.", 5) == 0 && s[5] && str_copy(table, sizeof table, s + 5))
                sec = CODE;
            else {
                int f = ic_format_find(s);
                if (f < 0)
                    return fail(p, "移行形式にないファイルです: ", s);
                for (int i = 0; i < p->m->ntargets; i++)
                    if (p->m->targets[i].file == f)
                        return fail(p, "同じファイルの節が二つあります: ", s);
                if (p->m->ntargets >= ICM_MAX_TARGETS)
                    return fail(p, "ファイルの節が多すぎます。", NULL);
                t = &p->m->targets[p->m->ntargets++];
                t->file = f;
                t->line = p->line;
                sec = TARGET;
            }
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq)
            return fail(p, "「名前 = 値」の形で書いてください。", NULL);
        *eq = '\0';
        rtrim(s);
        char *v = skip_ws(eq + 1);
        if (sec == NONE)
            return fail(p, "最初に [mapping] の節を書いてください。", NULL);
        if (sec == MAPPING) {
            if (strcmp(s, "format") == 0) {
                if (strcmp(v, ICM_FORMAT_NAME) != 0)
                    return fail(p, "format は " ICM_FORMAT_NAME " にしてください。", NULL);
                have_format = true;
            } else if (strcmp(s, "encoding") == 0) {
                if (strcmp(v, "CP932") != 0 && strcmp(v, "UTF-8") != 0)
                    return fail(p, "encoding は CP932 か UTF-8 です。", NULL);
                p->m->cp932 = v[0] == 'C';
            } else
                return fail(p, "[mapping] にない名前です: ", s);
        } else if (sec == CODE) {
            if (!code_key(p, table, s, v))
                return false;
        } else if (!target_key(p, t, s, v))
            return false;
    }
    if (!have_format)
        return fail(p, "[mapping] に format = " ICM_FORMAT_NAME " がありません。", NULL);
    for (int i = 0; i < p->m->ntargets; i++) {
        icm_target *x = &p->m->targets[i];
        p->line = x->line;
        if (!x->source[0])
            return fail(p, "source.file がありません: ", ic_format_file(x->file)->file);
        if (x->record.set && !x->ndata)
            return fail(p, "source.record があるときは source.data（データの記録の種別）も書いてください。", NULL);
        for (int k = 0; k < IC_MAX_CSV_COLS; k++)
            for (int j = 0; j < x->cols[k].nfilters; j++)
                if (x->cols[k].filters[j].op == ICM_CODE) {
                    bool found = false;
                    for (size_t c = 0; c < p->m->ncodes && !found; c++)
                        found = strcmp(p->m->codes[c].table, x->cols[k].filters[j].arg) == 0;
                    if (!found) {
                        p->line = x->cols[k].line;
                        return fail(p, "対応表がありません: code.", x->cols[k].filters[j].arg);
                    }
                }
    }
    return true;
}

ic_mapping *ic_mapping_parse(const char *text, const char *name, char *msg, size_t msgsz)
{
    ic_mapping *m = calloc(1, sizeof *m);
    buf_t b;
    buf_init(&b, 0);
    if (!m || !buf_puts(&b, text ? text : "")) {
        free(m);
        buf_free(&b);
        str_copy(msg, msgsz, "メモリが足りません。");
        return NULL;
    }
    str_copy(m->name, sizeof m->name, name);
    parser p = {.m = m, .msg = msg, .msgsz = msgsz};
    bool ok = parse_lines(&p, b.data ? b.data : (char *)"");
    buf_free(&b);
    if (!ok) {
        ic_mapping_free(m);
        return NULL;
    }
    return m;
}

void ic_mapping_free(ic_mapping *m)
{
    if (!m)
        return;
    free(m->codes);
    free(m);
}

/* ---- evaluating ---------------------------------------------------------- */

static bool eval_raw(const ic_mapping *m, const icm_expr *x, const char *line, size_t len, const char *const *fields,
                     int nfields, buf_t *raw, char *msg, size_t msgsz)
{
    buf_reset(raw);
    if (x->src == ICM_LITERAL)
        return buf_puts(raw, x->lit);
    if (x->src == ICM_COLUMN) {
        if (x->from > nfields) {
            str_fmt(msg, msgsz, "%d 列目がありません（この行は %d 列です）。", x->from, nfields);
            return false;
        }
        buf_puts(raw, fields[x->from - 1]);
    } else {
        if ((size_t)x->to > len) {
            str_fmt(msg, msgsz, "%d〜%d バイト目が行の終わり（%zu バイト）を越えています。", x->from, x->to, len);
            return false;
        }
        const char *p = line + x->from - 1;
        size_t n = (size_t)(x->to - x->from + 1);
        if (m->cp932) {
            size_t ulen = 0;
            char *u = text_from_cp932(p, n, &ulen);
            if (!u) {
                str_fmt(msg, msgsz, "%d〜%d バイト目が CP932 として読めません（文字の途中で切れていませんか）。", x->from,
                        x->to);
                return false;
            }
            buf_append(raw, u, ulen);
            free(u);
        } else
            buf_append(raw, p, n);
    }
    if (!text_is_clean(buf_cstr(raw), false)) {
        str_copy(msg, msgsz, "制御文字か UTF-8 として読めない文字があります。");
        return false;
    }
    if (!x->keep) {
        ic_mapping_trim(raw->data);
        raw->len = strlen(raw->data);
    }
    return true;
}

/* An integer as legacy files write it: leading zeros, a sign in front or a
 * trailing minus; into out ("-1200"). */
static bool to_int(const char *s, buf_t *out)
{
    bool neg = false;
    size_t n = strlen(s);
    if (n && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s++;
        n--;
    } else if (n && s[n - 1] == '-') {
        neg = true;
        n--;
    }
    if (!n || n > 18)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    while (n > 1 && *s == '0') {
        s++;
        n--;
    }
    buf_reset(out);
    if (neg && !(n == 1 && *s == '0'))
        buf_putc(out, '-');
    return buf_append(out, s, n);
}

/* One filter on the value cur (a copy of v's text), the result into v. */
static bool apply_to(const ic_mapping *m, const icm_filter *f, const char *cur, buf_t *v, char *msg, size_t msgsz)
{
    if (f->op == ICM_DEFAULT) {
        if (!*cur) {
            buf_reset(v);
            buf_puts(v, f->arg);
        }
        return true;
    }
    if (!*cur)
        return true;   /* empty stays empty (default gives it a value) */
    if (f->op == ICM_CODE) {
        for (size_t i = 0; i < m->ncodes; i++)
            if (strcmp(m->codes[i].table, f->arg) == 0 && strcmp(m->codes[i].from, cur) == 0) {
                buf_reset(v);
                return buf_puts(v, m->codes[i].to);
            }
        str_fmt(msg, msgsz, "コード %.40s が対応表 [code.%s] にありません。", cur, f->arg);
        return false;
    }
    if (f->op == ICM_INT || f->op == ICM_DECIMALS) {
        if (!to_int(cur, v)) {
            str_fmt(msg, msgsz, "%.40s は整数として読めません。", cur);
            return false;
        }
        if (f->op == ICM_INT)
            return true;
        size_t n = v->len - (v->data[0] == '-');
        for (int i = 0; i < f->n; i++)
            if ((size_t)i < n && v->data[v->len - 1 - i] != '0') {
                str_fmt(msg, msgsz, "%.40s は小数点以下 %d 桁に端数があります（円未満は取り込めません）。", cur, f->n);
                return false;
            }
        if (n <= (size_t)f->n) {
            buf_reset(v);
            return buf_puts(v, "0");
        }
        v->len -= (size_t)f->n;
        v->data[v->len] = '\0';
        return true;
    }
    civil_date d;
    bool ok;
    if (f->fmt == ICM_WAREKI)
        ok = date_parse_wareki(cur, f->op == ICM_MONTH, &d);
    else if (f->fmt == ICM_ISO)
        ok = date_parse(cur, &d);
    else {
        size_t want = f->fmt == ICM_YYYYMMDD ? 8 : 6;
        ok = strlen(cur) == want && strspn(cur, "0123456789") == want;
        if (ok) {
            d.y = (cur[0] - '0') * 1000 + (cur[1] - '0') * 100 + (cur[2] - '0') * 10 + (cur[3] - '0');
            d.m = (cur[4] - '0') * 10 + (cur[5] - '0');
            d.d = want == 8 ? (cur[6] - '0') * 10 + (cur[7] - '0') : 1;
            ok = date_valid(d) && d.y >= 1868;
        }
    }
    if (!ok) {
        static const char *const NAMES[] = {"和暦", "YYYYMMDD", "YYYY-MM-DD", "YYYYMM"};
        str_fmt(msg, msgsz, "%.40s は%sの%sとして読めません。", cur, NAMES[f->fmt], f->op == ICM_MONTH ? "年月" : "日付");
        return false;
    }
    char iso[11];
    date_format_iso(d, iso);
    if (f->op == ICM_MONTH)
        iso[7] = '\0';
    buf_reset(v);
    return buf_puts(v, iso);
}

static bool apply(const ic_mapping *m, const icm_filter *f, buf_t *v, char *msg, size_t msgsz)
{
    char *cur = strdup(buf_cstr(v));
    if (!cur) {
        str_copy(msg, msgsz, "メモリが足りません。");
        return false;
    }
    bool ok = apply_to(m, f, cur, v, msg, msgsz);
    free(cur);
    return ok;
}

bool ic_mapping_eval(const ic_mapping *m, const icm_expr *x, const char *line, size_t len, const char *const *fields,
                     int nfields, buf_t *raw, buf_t *out, char *msg, size_t msgsz)
{
    if (!eval_raw(m, x, line, len, fields, nfields, raw, msg, msgsz))
        return false;
    buf_reset(out);
    buf_puts(out, buf_cstr(raw));
    for (int i = 0; i < x->nfilters; i++)
        if (!apply(m, &x->filters[i], out, msg, msgsz))
            return false;
    buf_cstr(out);
    return true;
}

int ic_mapping_record(const ic_mapping *m, const icm_target *t, const char *line, size_t len, const char *const *fields,
                      int nfields)
{
    if (!t->record.set)
        return ICM_REC_DATA;
    buf_t raw, out;
    buf_init(&raw, 0);
    buf_init(&out, 0);
    char msg[256];
    int kind = ICM_REC_UNKNOWN;
    if (ic_mapping_eval(m, &t->record, line, len, fields, nfields, &raw, &out, msg, sizeof msg)) {
        const char *v = buf_cstr(&out);
        for (int i = 0; i < t->ndata; i++)
            if (strcmp(v, t->data[i]) == 0)
                kind = ICM_REC_DATA;
        for (int i = 0; i < t->nskip; i++)
            if (strcmp(v, t->skip[i]) == 0)
                kind = ICM_REC_SKIP;
        if (t->trailer[0] && strcmp(v, t->trailer) == 0)
            kind = ICM_REC_TRAILER;
    }
    buf_free(&raw);
    buf_free(&out);
    return kind;
}
