/* app_works_handover_new — 新設 and 私補: one tap with its meter, and the
 * start request in 受付 for the owner, who will use it (see
 * app_works_handover.h and docs/works.md 「引き渡し」). */
#include <string.h>

#include "app/app_seal.h"
#include "app/reception/app_reception.h"
#include "app/works/app_works_handover_internal.h"
#include "base/buf.h"

/* The start request in 受付 for the owner, from the completion day. */
static int open_start(app_works_handover_run *h, const char *tap_no, err_t *e)
{
    if (h->opts.no_start)
        return 0;
    const works_app_row *r = h->r;
    char name[256], kana[256] = "", phone[32], aphone[32];
    app_open_into(h->ctx, r->owner_name_enc, name, sizeof name);
    if (r->owner_kana_enc[0])
        app_open_into(h->ctx, r->owner_kana_enc, kana, sizeof kana);
    app_open_into(h->ctx, r->owner_phone_enc, phone, sizeof phone);
    app_open_into(h->ctx, r->applicant_phone_enc, aphone, sizeof aphone);
    char note[96];
    str_fmt(note, sizeof note, kana[0] ? "給水装置工事 %s の完了による開始" : "給水装置工事 %s の完了による開始（カナ氏名は未登録）",
            r->number);
    app_start_in in = {.tap_no = tap_no, .start_on = h->on, .source = "works",
                       .customer = {.name = name, .kana = kana, .phone = phone[0] ? phone : aphone, .postal = "",
                                    .mail_address = "", .notes = ""},
                       .note = note};
    app_request_out out;
    int rc = app_reception_start_tx(h->ctx, &in, &out, e);
    h->request_id = out.request_id;
    h->starts += rc == 0;
    return rc;
}

int app_works_handover_new(app_works_handover_run *h, err_t *e)
{
    int rc = app_works_handover_make_tap(h, 0, h->r->diameter, NULL, NULL, e);
    return rc ? rc : open_start(h, h->first_tap, e);
}
