/* works_contractor_csv — see works_contractor_csv.h. */
#include "report/works_contractor_csv.h"

#include <string.h>

#include "base/csv.h"

const char *const WORKS_CONTRACTOR_COL_TITLES[WORKS_CONTRACTOR_NCOLS] = {
    "指定番号", "商号", "フリガナ", "所在地", "電話番号", "指定日", "有効期限", "期限までの日数",
    "状態", "停止期間・取消日", "主任技術者数", "基準日"};

void works_contractor_state_note(const app_works_contractor_item *r, char *out, size_t outsz)
{
    if (r->revoked_on[0])
        str_copy(out, outsz, r->revoked_on);
    else if (strcmp(r->state, "suspended") == 0)
        str_fmt(out, outsz, "%s〜%s", r->suspended_from, r->suspended_until);
    else
        str_copy(out, outsz, "");
}

bool works_contractor_csv_write(const app_works_contractor_page *p, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (int k = 0; k < WORKS_CONTRACTOR_NCOLS; k++)
        csv_field(&w, WORKS_CONTRACTOR_COL_TITLES[k]);
    csv_end_row(&w);
    char note[64];
    for (size_t i = 0; i < p->n; i++) {
        const app_works_contractor_item *r = &p->rows[i];
        csv_field(&w, r->designation_no);
        csv_field(&w, r->name);
        csv_field(&w, r->name_kana);
        csv_field(&w, r->address);
        csv_field(&w, r->phone);
        csv_field(&w, r->designated_on);
        csv_field(&w, r->valid_until);
        csv_field_i64(&w, r->due_in_days);
        csv_field(&w, r->state_label);
        works_contractor_state_note(r, note, sizeof note);
        csv_field(&w, note);
        csv_field_i64(&w, r->engineers);
        csv_field(&w, p->today);
        csv_end_row(&w);
    }
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}
