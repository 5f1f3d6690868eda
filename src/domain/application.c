/* application — the portal's form rules, receipt numbers and secrets (see
 * application.h). */
#include "domain/application.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "domain/validate.h"

enum { FOR_START = 1, FOR_STOP = 2, FOR_BOTH = 3 };

/* How a field is checked. */
enum check { C_TEXT, C_KANA, C_PHONE, C_POSTAL, C_TAP, C_NUMBER, C_DATE, C_SETTLE, C_NOTE };

const application_field_def APPLICATION_FIELDS[APF__MAX] = {
    [APF_TAP_NO] = {"tap_no", "水栓番号", 8},
    [APF_CUSTOMER_NO] = {"customer_no", "お客様番号", 12},
    [APF_ADDRESS] = {"address", "ご使用場所の住所", 120},
    [APF_NAME] = {"name", "ご使用者のお名前", 60},
    [APF_KANA] = {"kana", "フリガナ", 60},
    [APF_PHONE] = {"phone", "電話番号", 20},
    [APF_START_ON] = {"start_on", "使用開始日", 10},
    [APF_STOP_ON] = {"stop_on", "使用中止日", 10},
    [APF_POSTAL] = {"postal", "送付先の郵便番号", 8},
    [APF_MAIL_ADDRESS] = {"mail_address", "送付先の住所", 120},
    [APF_COMPANY] = {"company", "法人名", 60},
    [APF_REPRESENTATIVE] = {"representative", "代表者のお名前", 60},
    [APF_COMPANY_PHONE] = {"company_phone", "本社の電話番号", 20},
    [APF_SETTLE] = {"settle", "最終料金のお支払い方法", 8},
    [APF_FORWARD_POSTAL] = {"forward_postal", "転居先の郵便番号", 8},
    [APF_FORWARD_ADDRESS] = {"forward_address", "転居先の住所", 120},
    [APF_FILER_NAME] = {"filer_name", "届出人のお名前", 60},
    [APF_FILER_PHONE] = {"filer_phone", "届出人の電話番号", 20},
    [APF_FILER_RELATION] = {"filer_relation", "ご使用者との関係", 30},
    [APF_NOTE] = {"note", "連絡事項", 500},
};

static const struct { unsigned kinds; enum check check; } RULE[APF__MAX] = {
    [APF_TAP_NO] = {FOR_BOTH, C_TAP},           [APF_CUSTOMER_NO] = {FOR_STOP, C_NUMBER},
    [APF_ADDRESS] = {FOR_BOTH, C_TEXT},         [APF_NAME] = {FOR_BOTH, C_TEXT},
    [APF_KANA] = {FOR_START, C_KANA},           [APF_PHONE] = {FOR_BOTH, C_PHONE},
    [APF_START_ON] = {FOR_START, C_DATE},       [APF_STOP_ON] = {FOR_STOP, C_DATE},
    [APF_POSTAL] = {FOR_START, C_POSTAL},       [APF_MAIL_ADDRESS] = {FOR_START, C_TEXT},
    [APF_COMPANY] = {FOR_START, C_TEXT},        [APF_REPRESENTATIVE] = {FOR_START, C_TEXT},
    [APF_COMPANY_PHONE] = {FOR_START, C_PHONE}, [APF_SETTLE] = {FOR_STOP, C_SETTLE},
    [APF_FORWARD_POSTAL] = {FOR_STOP, C_POSTAL}, [APF_FORWARD_ADDRESS] = {FOR_STOP, C_TEXT},
    [APF_FILER_NAME] = {FOR_BOTH, C_TEXT},      [APF_FILER_PHONE] = {FOR_BOTH, C_PHONE},
    [APF_FILER_RELATION] = {FOR_BOTH, C_TEXT},  [APF_NOTE] = {FOR_BOTH, C_NOTE},
};

const char APPLICATION_SECRET_ALPHABET[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

bool application_kind_parse(const char *s, application_kind *out)
{
    if (s && strcmp(s, "start") == 0)
        *out = APPLICATION_START;
    else if (s && strcmp(s, "stop") == 0)
        *out = APPLICATION_STOP;
    else
        return false;
    return true;
}

const char *application_kind_code(application_kind k)
{
    return k == APPLICATION_START ? "start" : "stop";
}

const char *application_kind_label(application_kind k)
{
    return k == APPLICATION_START ? "使用開始" : "使用中止";
}

bool application_field_used(application_kind k, int field)
{
    return field >= 0 && field < APF__MAX && (RULE[field].kinds & (k == APPLICATION_START ? FOR_START : FOR_STOP));
}

int application_field_find(const char *name)
{
    for (int f = 0; name && f < APF__MAX; f++)
        if (strcmp(APPLICATION_FIELDS[f].name, name) == 0)
            return f;
    return -1;
}

void application_clean_free(application_clean *c)
{
    for (int f = 0; f < APF__MAX; f++) {
        free(c->v[f]);
        c->v[f] = NULL;
    }
}

/* The per-field pass: normalise v (NFKC, trimmed) and check its type;
 * msg gets the problem ("" when none).  Returns the normalised value (or
 * NULL when the text is not even valid UTF-8). */
static char *check_one(int f, const char *raw, const reception_rules *r, civil_date today, civil_date *day,
                       char msg[256])
{
    const application_field_def *d = &APPLICATION_FIELDS[f];
    err_t e;
    err_clear(&e);
    msg[0] = '\0';
    bool note = RULE[f].check == C_NOTE;
    if (!text_is_clean(raw, note) || (note && strchr(raw, '\t'))) {
        str_fmt(msg, 256, "%sに使えない文字（制御文字%s）が含まれています。", d->label, note ? "" : "や改行");
        return NULL;
    }
    if (validate_visible(raw, d->name, d->label, &e)) {
        str_copy(msg, 256, e.user);
        return NULL;
    }
    char *v = text_nfkc(raw);
    if (!v) {
        str_fmt(msg, 256, "%sに使えない文字が含まれています。", d->label);
        return NULL;
    }
    if (note)
        text_newlines_lf(v);   /* CR LF from the browser's textarea: kept as LF */
    if (!*v)
        return v;
    int rc = 0;
    switch (RULE[f].check) {
    case C_TEXT:
    case C_NOTE:
        if (text_len_chars(v) > d->maxchars)
            rc = err_field(&e, d->name, "%sは%zu文字以内で入力してください。", d->label, d->maxchars);
        break;
    case C_KANA: {
        char *k = text_is_kana(v) ? text_kana_display(v) : NULL;
        if (!k)
            rc = err_field(&e, d->name, "%sはカタカナかひらがなで入力してください（例: ヤマダ　タロウ）。", d->label);
        else if (text_len_chars(k) > d->maxchars)
            rc = err_field(&e, d->name, "%sは%zu文字以内で入力してください。", d->label, d->maxchars);
        if (k) {
            free(v);
            v = k;
        }
        break;
    }
    case C_PHONE:
        rc = validate_phone(v, false, d->name, d->label, &e);
        break;
    case C_POSTAL:
        rc = validate_postal(v, false, d->name, d->label, &e);
        if (!rc && strlen(v) == 7) {   /* as NNN-NNNN */
            char *p = malloc(9);
            if (p)
                str_fmt(p, 9, "%.3s-%.4s", v, v + 3);
            free(v);
            v = p;
        }
        break;
    case C_TAP:
        if (strlen(v) != 8 || strspn(v, "0123456789") != 8)
            rc = err_field(&e, d->name, "%sは8桁の数字で入力してください（検針票に記載があります）。", d->label);
        break;
    case C_NUMBER:
        if (strlen(v) > d->maxchars || strspn(v, "0123456789") != strlen(v))
            rc = err_field(&e, d->name, "%sは数字で入力してください（検針票や請求書に記載があります）。", d->label);
        break;
    case C_DATE: {
        civil_date first;
        char why[256];
        if ((rc = validate_date(v, false, d->name, d->label, day, &e)) == 0 &&
            !reception_day_ok(r, RECEPTION_WEB, false, today, *day, &first, why, sizeof why))
            rc = err_field(&e, d->name, "%s: %s", d->label, why);
        break;
    }
    case C_SETTLE:
        if (strcmp(v, "debit") != 0 && strcmp(v, "slip") != 0)
            rc = err_field(&e, d->name, "%sを「口座振替」か「納付書」から選んでください。", d->label);
        break;
    }
    if (rc)
        str_copy(msg, 256, e.user);
    return v;
}

/* Rules across fields: what is required, and what goes with what. */
static void check_together(application_kind k, const char *const v[APF__MAX], char msg[APF__MAX][256])
{
    static const int ALWAYS[] = {APF_ADDRESS, APF_NAME, APF_PHONE};
    for (size_t i = 0; i < sizeof ALWAYS / sizeof ALWAYS[0]; i++)
        if (!*v[ALWAYS[i]] && !msg[ALWAYS[i]][0])
            str_fmt(msg[ALWAYS[i]], 256, "%sを入力してください。", APPLICATION_FIELDS[ALWAYS[i]].label);
    int day = k == APPLICATION_START ? APF_START_ON : APF_STOP_ON;
    if (!*v[day] && !msg[day][0])
        str_fmt(msg[day], 256, "%sを入力してください。", APPLICATION_FIELDS[day].label);
    /* pairs: when the first is given, the second is needed */
    static const int PAIRS[][2] = {{APF_MAIL_ADDRESS, APF_POSTAL},     {APF_POSTAL, APF_MAIL_ADDRESS},
                                   {APF_FORWARD_ADDRESS, APF_FORWARD_POSTAL}, {APF_FORWARD_POSTAL, APF_FORWARD_ADDRESS},
                                   {APF_COMPANY, APF_REPRESENTATIVE}, {APF_FILER_NAME, APF_FILER_RELATION}};
    for (size_t i = 0; i < sizeof PAIRS / sizeof PAIRS[0]; i++) {
        int a = PAIRS[i][0], b = PAIRS[i][1];
        if (application_field_used(k, a) && *v[a] && !*v[b] && !msg[b][0])
            str_fmt(msg[b], 256, "%sを入力された場合は、%sも入力してください。", APPLICATION_FIELDS[a].label,
                    APPLICATION_FIELDS[b].label);
    }
    if (k == APPLICATION_START) {
        if (!*v[APF_KANA] && !msg[APF_KANA][0])
            str_fmt(msg[APF_KANA], 256, "%sを入力してください。", APPLICATION_FIELDS[APF_KANA].label);
    } else {
        if (!*v[APF_SETTLE] && !msg[APF_SETTLE][0])
            str_fmt(msg[APF_SETTLE], 256, "%sを選んでください。", APPLICATION_FIELDS[APF_SETTLE].label);
        if (!*v[APF_TAP_NO] && !*v[APF_CUSTOMER_NO] && !msg[APF_TAP_NO][0] && !msg[APF_CUSTOMER_NO][0])
            str_copy(msg[APF_TAP_NO], 256, "水栓番号かお客様番号のどちらかを入力してください（検針票に記載があります）。");
    }
}

size_t application_check(application_kind kind, const char *const in[APF__MAX], const reception_rules *r,
                         civil_date today, application_clean *out, application_problems *probs)
{
    memset(out, 0, sizeof *out);
    memset(probs, 0, sizeof *probs);
    char msg[APF__MAX][256];
    const char *view[APF__MAX];
    for (int f = 0; f < APF__MAX; f++) {
        msg[f][0] = '\0';
        const char *raw = in[f] ? in[f] : "";
        char *v = application_field_used(kind, f) ? check_one(f, raw, r, today, &out->day, msg[f]) : NULL;
        if (!v)   /* unused, or refused outright (msg says why) */
            v = strdup("");
        if (!v)
            str_copy(msg[f], 256, "処理できませんでした。もう一度お試しください。");
        out->v[f] = v;
        view[f] = v ? v : "";
    }
    check_together(kind, view, msg);
    for (int f = 0; f < APF__MAX; f++) {
        if (!msg[f][0])
            continue;
        probs->p[probs->n].field = f;
        str_copy(probs->p[probs->n].msg, sizeof probs->p[probs->n].msg, msg[f]);
        probs->n++;
    }
    if (probs->n) {
        application_clean_free(out);
        out->day = (civil_date){0, 0, 0};
    }
    return probs->n;
}

/* Keep the characters of s that are not in drop, after NFKC (full-width to
 * ASCII); NULL on invalid UTF-8. */
static char *squeeze(const char *s, const char *drop)
{
    char *n = text_nfkc(s ? s : "");
    if (!n)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; n[i]; i++)
        if (!strchr(drop, n[i]))
            n[k++] = n[i];
    n[k] = '\0';
    return n;
}

bool application_receipt_format(const char *digits, char out[16])
{
    if (!digits || strlen(digits) != APPLICATION_RECEIPT_DIGITS || strspn(digits, "0123456789") != 12)
        return false;
    return str_fmt(out, 16, "%.4s-%.4s-%.4s", digits, digits + 4, digits + 8);
}

bool application_receipt_parse(const char *typed, char out[16])
{
    char *d = squeeze(typed, " -");   /* full-width digits and hyphens are ASCII after NFKC */
    bool ok = d && application_receipt_format(d, out);
    free(d);
    return ok;
}

bool application_secret_parse(const char *typed, char out[16])
{
    char *s = squeeze(typed, " -");
    bool ok = s && strlen(s) == APPLICATION_SECRET_LEN;
    for (size_t i = 0; ok && s[i]; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            s[i] = (char)(s[i] - 'a' + 'A');
        ok = strchr(APPLICATION_SECRET_ALPHABET, s[i]) != NULL;
    }
    ok = ok && str_copy(out, 16, s);
    free(s);
    return ok;
}

const char *application_status_label(const char *status)
{
    static const char *const T[][2] = {{"received", "受付中"},
                                       {"converted", "受付済み（担当者が手続きしました）"},
                                       {"rejected", "お受けできませんでした"}};
    for (size_t i = 0; status && i < sizeof T / sizeof T[0]; i++)
        if (strcmp(T[i][0], status) == 0)
            return T[i][1];
    return NULL;
}
