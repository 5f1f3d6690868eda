/* slip_csv — see slip_csv.h. */
#include "report/slip_csv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* The UTF-8 text is converted and written out whenever it passes this. */
#define FLUSH_BYTES ((size_t)256 << 10)

static void flush(slip_csv_file *c)
{
    if (c->failed || c->utf8.len == 0)
        return;
    /* the BOM once, at the head of the file; CP932 converts row by row */
    int enc = c->started && c->encoding == CSV_UTF8_BOM ? CSV_UTF8 : c->encoding;
    buf_reset(&c->enc);
    if (c->utf8.failed || !csv_encode(&c->utf8, enc, &c->enc) || fwrite(c->enc.data, 1, c->enc.len, c->f) != c->enc.len)
        c->failed = true;
    c->started = true;
    buf_reset(&c->utf8);
}

bool slip_csv_open(slip_csv_file *c, const char *path, int encoding)
{
    static const char *const HEAD[] = {"水栓番号", "お客様名", "給水場所", "検針周期", "使用期間開始", "使用期間終了",
                                       "使用水量", "認定", "水道料金", "下水道使用料", "減免等", "消費税等", "調定額",
                                       "収納済額", "納付金額", "納期限", "再発行区分", "バーコード"};
    memset(c, 0, sizeof *c);
    c->encoding = encoding;
    if (!str_copy(c->path, sizeof c->path, path) || !str_fmt(c->tmp, sizeof c->tmp, "%s.XXXXXX", path))
        return false;
    int fd = mkstemp(c->tmp);
    if (fd < 0 || !(c->f = fdopen(fd, "wb"))) {
        if (fd >= 0) {
            close(fd);
            unlink(c->tmp);
        }
        return false;
    }
    buf_init(&c->utf8, 0);
    buf_init(&c->enc, 0);
    buf_allow(&c->enc, FLUSH_BYTES * 4);
    csv_begin(&c->w, &c->utf8, false);
    for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++)
        csv_field(&c->w, HEAD[i]);
    csv_end_row(&c->w);
    return true;
}

bool slip_csv_add(slip_csv_file *c, const app_slip *s)
{
    csv_writer *w = &c->w;
    csv_field(w, s->tap_no);
    csv_field(w, s->customer);
    csv_field(w, s->address);
    csv_field(w, s->cycle);
    csv_field(w, s->period_from);
    csv_field(w, s->period_to);
    csv_field_i64(w, s->usage);
    csv_field(w, s->estimated ? "1" : "0");
    csv_field_i64(w, s->water_yen);
    csv_field_i64(w, s->sewer_yen);
    csv_field_i64(w, s->adjust_yen);
    csv_field_i64(w, s->tax_yen);
    csv_field_i64(w, s->total_yen);
    csv_field_i64(w, s->paid_yen);
    csv_field_i64(w, s->amount);
    csv_field(w, s->due_on);
    csv_field_i64(w, s->reissue);
    csv_field(w, s->code);
    csv_end_row(w);
    if (c->utf8.len >= FLUSH_BYTES)
        flush(c);
    return !c->failed;
}

bool slip_csv_close(slip_csv_file *c, bool keep)
{
    if (keep)
        flush(c);
    bool ok = keep && !c->failed;
    if (fclose(c->f) != 0)
        ok = false;
    c->f = NULL;
    if (ok && rename(c->tmp, c->path) != 0)
        ok = false;
    if (!ok)
        unlink(c->tmp);
    buf_free(&c->utf8);
    buf_free(&c->enc);
    return ok;
}
