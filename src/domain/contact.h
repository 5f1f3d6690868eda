/* contact — the contact log's rules (対応履歴), pure: how a contact came in
 * (受付方法), what it was about (用件), and the check of what was said (対応内容).
 *
 * Codes are stored in the database; labels are shown on screens.  The tables
 * are indexed by the enums below and fixed at compile time (static storage,
 * nothing to free). */
#ifndef SUIDO_CONTACT_H
#define SUIDO_CONTACT_H

#include <stddef.h>

#include "base/err.h"

enum contact_channel {
    CONTACT_PHONE,     /* phone   電話 */
    CONTACT_COUNTER,   /* counter 窓口 */
    CONTACT_MAIL,      /* mail    郵便 */
    CONTACT_WEB,       /* web     ウェブ */
    CONTACT_VISIT,     /* visit   訪問 */
    CONTACT_CHANNEL__MAX
};

enum contact_reason {
    CONTACT_R_BILLING,        /* billing        料金の問合せ */
    CONTACT_R_START_STOP,     /* start_stop     開栓・閉栓 */
    CONTACT_R_NAME_ADDRESS,   /* name_address   名義・送付先 */
    CONTACT_R_PAYMENT,        /* payment_method 支払方法 */
    CONTACT_R_LEAK,           /* leak_repair    漏水・修繕 */
    CONTACT_R_READING,        /* reading        検針 */
    CONTACT_R_ARREARS,        /* arrears        滞納・督促 */
    CONTACT_R_RETURNED_MAIL,  /* returned_mail  郵便不着: the mailing address becomes doubtful */
    CONTACT_R_OTHER,          /* other          その他 */
    CONTACT_REASON__MAX
};

/* The most a summary may hold, in characters (code points). */
#define CONTACT_SUMMARY_MAX 2000

/* Codes and labels, indexed by the enums (for select lists). */
extern const char *const CONTACT_CHANNEL_CODES[CONTACT_CHANNEL__MAX];
extern const char *const CONTACT_CHANNEL_LABELS[CONTACT_CHANNEL__MAX];
extern const char *const CONTACT_REASON_CODES[CONTACT_REASON__MAX];
extern const char *const CONTACT_REASON_LABELS[CONTACT_REASON__MAX];

/* The enum value of a code, or -1 when s is NULL or unknown. */
int contact_channel_parse(const char *s);
int contact_reason_parse(const char *s);
/* The label of a code; the code itself when unknown ("" for NULL). */
const char *contact_channel_label(const char *code);
const char *contact_reason_label(const char *code);

/* Tidy a summary in place before it is checked and stored: line breaks as
 * "\n" (browsers send "\r\n", which would count twice against the limit),
 * trailing spaces and line breaks removed.  Returns the new length in bytes. */
size_t contact_summary_tidy(char *s);

/* Check one contact as typed: channel and reason must be codes of the
 * tables, the summary present (not only spaces), valid UTF-8 without control
 * characters other than tab and line breaks, at most CONTACT_SUMMARY_MAX
 * characters.  ERR_INVALID names the field ("channel", "reason", "summary")
 * with a Japanese message saying how to fix it. */
int contact_check(const char *channel, const char *reason, const char *summary, err_t *e);

#endif
