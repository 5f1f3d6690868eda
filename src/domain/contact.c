/* contact — channels, reasons and the summary check of the contact log
 * (see contact.h). */
#include "domain/contact.h"

#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "domain/validate.h"

const char *const CONTACT_CHANNEL_CODES[CONTACT_CHANNEL__MAX] = {
    [CONTACT_PHONE] = "phone", [CONTACT_COUNTER] = "counter", [CONTACT_MAIL] = "mail",
    [CONTACT_WEB] = "web", [CONTACT_VISIT] = "visit",
};
const char *const CONTACT_CHANNEL_LABELS[CONTACT_CHANNEL__MAX] = {
    [CONTACT_PHONE] = "電話", [CONTACT_COUNTER] = "窓口", [CONTACT_MAIL] = "郵便",
    [CONTACT_WEB] = "ウェブ", [CONTACT_VISIT] = "訪問",
};
const char *const CONTACT_REASON_CODES[CONTACT_REASON__MAX] = {
    [CONTACT_R_BILLING] = "billing",         [CONTACT_R_START_STOP] = "start_stop",
    [CONTACT_R_NAME_ADDRESS] = "name_address", [CONTACT_R_PAYMENT] = "payment_method",
    [CONTACT_R_LEAK] = "leak_repair",        [CONTACT_R_READING] = "reading",
    [CONTACT_R_ARREARS] = "arrears",         [CONTACT_R_RETURNED_MAIL] = "returned_mail",
    [CONTACT_R_OTHER] = "other",
};
const char *const CONTACT_REASON_LABELS[CONTACT_REASON__MAX] = {
    [CONTACT_R_BILLING] = "料金の問合せ",   [CONTACT_R_START_STOP] = "開栓・閉栓",
    [CONTACT_R_NAME_ADDRESS] = "名義・送付先", [CONTACT_R_PAYMENT] = "支払方法",
    [CONTACT_R_LEAK] = "漏水・修繕",       [CONTACT_R_READING] = "検針",
    [CONTACT_R_ARREARS] = "滞納・督促",     [CONTACT_R_RETURNED_MAIL] = "郵便不着",
    [CONTACT_R_OTHER] = "その他",
};

static int parse(const char *const *codes, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(codes[i], s) == 0)
            return i;
    return -1;
}

int contact_channel_parse(const char *s)
{
    return parse(CONTACT_CHANNEL_CODES, CONTACT_CHANNEL__MAX, s);
}

int contact_reason_parse(const char *s)
{
    return parse(CONTACT_REASON_CODES, CONTACT_REASON__MAX, s);
}

const char *contact_channel_label(const char *code)
{
    int i = contact_channel_parse(code);
    return i >= 0 ? CONTACT_CHANNEL_LABELS[i] : code ? code : "";
}

const char *contact_reason_label(const char *code)
{
    int i = contact_reason_parse(code);
    return i >= 0 ? CONTACT_REASON_LABELS[i] : code ? code : "";
}

/* Only spaces (ASCII, tab, line breaks, U+3000 全角スペース)? */
static bool blank(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            p += 3;
        else
            return false;
    }
    return true;
}

/* C1 control characters (U+0080..U+009F), which text_is_clean lets through. */
static bool has_c1(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return true;
    return false;
}

/* n with thousands separators ("2,000"). */
static void grouped(size_t n, char *out, size_t outsz)
{
    char digits[32];
    str_fmt(digits, sizeof digits, "%zu", n);
    size_t len = strlen(digits), k = 0;
    for (size_t i = 0; i < len && k + 2 < outsz; i++) {
        if (i && (len - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

size_t contact_summary_tidy(char *s)
{
    if (!s)
        return 0;
    size_t k = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\r') {
            s[k++] = '\n';
            if (s[i + 1] == '\n')
                i++;
        } else
            s[k++] = s[i];
    }
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\n'))
        k--;
    s[k] = '\0';
    return k;
}

int contact_check(const char *channel, const char *reason, const char *summary, err_t *e)
{
    if (!channel || !*channel)
        return err_field(e, "channel", "受付方法（電話・窓口など）を選んでください。");
    if (contact_channel_parse(channel) < 0)
        return err_field(e, "channel", "受付方法は一覧（電話・窓口・郵便・ウェブ・訪問）から選んでください。");
    if (!reason || !*reason)
        return err_field(e, "reason", "用件を選んでください。");
    if (contact_reason_parse(reason) < 0)
        return err_field(e, "reason", "用件は一覧から選んでください。");
    if (!summary || blank(summary))
        return err_field(e, "summary", "対応内容を入力してください。");
    if (!text_is_clean(summary, true) || has_c1(summary))
        return err_field(e, "summary", "対応内容に使えない文字（制御文字）が含まれています。改行とタブは使えます。");
    int vrc = validate_visible(summary, "summary", "対応内容", e);
    if (vrc)
        return vrc;
    size_t n = text_len_chars(summary);
    if (n > CONTACT_SUMMARY_MAX) {
        char max[16], now[32];
        grouped(CONTACT_SUMMARY_MAX, max, sizeof max);
        grouped(n, now, sizeof now);
        return err_field(e, "summary", "対応内容は%s文字以内で入力してください（いま%s文字です）。", max, now);
    }
    return 0;
}
