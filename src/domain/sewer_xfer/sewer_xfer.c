/* sewer_xfer — see sewer_xfer.h.  The layouts are documented column by
 * column and byte by byte in docs/sewer_transfer.md; keep both in step. */
#include "domain/sewer_xfer/sewer_xfer.h"

#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/text.h"

static const char *const ENTRY_CODES[SEWER_XFER__NENTRIES] = {"new", "cancel"};
static const char ENTRY_KUBUN[SEWER_XFER__NENTRIES] = {'1', '2'};
static const char *const FORMATS[SEWER_XFER__NFORMATS] = {"csv", "fixed"};

const char *sewer_xfer_entry_code(int entry)
{
    return entry >= 0 && entry < SEWER_XFER__NENTRIES ? ENTRY_CODES[entry] : NULL;
}

int sewer_xfer_entry_parse(const char *code)
{
    for (int i = 0; code && i < SEWER_XFER__NENTRIES; i++)
        if (strcmp(code, ENTRY_CODES[i]) == 0)
            return i;
    return -1;
}

int sewer_xfer_format_parse(const char *s)
{
    for (int i = 0; s && i < SEWER_XFER__NFORMATS; i++)
        if (strcmp(s, FORMATS[i]) == 0)
            return i;
    return -1;
}

void sewer_xfer_split(int64_t water_m3, int64_t sewer_m3, int64_t *deduct_m3, int64_t *well_m3)
{
    *deduct_m3 = water_m3 > sewer_m3 ? water_m3 - sewer_m3 : 0;
    *well_m3 = sewer_m3 > water_m3 ? sewer_m3 - water_m3 : 0;
}

static ptrdiff_t find_bill(const sewer_xfer_rec *r, size_t n, int64_t bill_id)
{
    for (size_t i = 0; i < n; i++)
        if (r[i].bill_id == bill_id)
            return (ptrdiff_t)i;
    return -1;
}

size_t sewer_xfer_net(const sewer_xfer_rec *sent, size_t n, sewer_xfer_rec *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        ptrdiff_t at = find_bill(out, k, sent[i].bill_id);
        if (sent[i].entry == SEWER_XFER_NEW && at < 0)
            out[k++] = sent[i];
        else if (sent[i].entry == SEWER_XFER_CANCEL && at >= 0) {
            memmove(&out[at], &out[at + 1], (k - (size_t)at - 1) * sizeof *out);
            k--;
        }
    }
    return k;
}

static int rec_cmp(const void *a, const void *b)
{
    const sewer_xfer_rec *x = a, *y = b;
    int c = strcmp(x->tap_no, y->tap_no);
    return c ? c : (x->bill_id > y->bill_id) - (x->bill_id < y->bill_id);
}

void sewer_xfer_sort(sewer_xfer_rec *r, size_t n)
{
    if (n > 1)
        qsort(r, n, sizeof *r, rec_cmp);
}

/* A bill's presence among n records sorted by bill id (ids: sorted copy). */
static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t *sorted_ids(const sewer_xfer_rec *r, size_t n)
{
    int64_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return NULL;
    for (size_t i = 0; i < n; i++)
        ids[i] = r[i].bill_id;
    if (n > 1)
        qsort(ids, n, sizeof *ids, id_cmp);
    return ids;
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
    return n && bsearch(&id, ids, n, sizeof *ids, id_cmp) != NULL;
}

size_t sewer_xfer_diff(const sewer_xfer_rec *held, size_t nheld, const sewer_xfer_rec *now, size_t nnow,
                       sewer_xfer_rec *out)
{
    int64_t *now_ids = sorted_ids(now, nnow), *held_ids = sorted_ids(held, nheld);
    size_t k = 0, ncancel = 0;
    if (now_ids && held_ids) {
        for (size_t i = 0; i < nheld; i++)
            if (!has_id(now_ids, nnow, held[i].bill_id)) {
                out[k] = held[i];
                out[k++].entry = SEWER_XFER_CANCEL;
            }
        ncancel = k;
        for (size_t i = 0; i < nnow; i++)
            if (!has_id(held_ids, nheld, now[i].bill_id)) {
                out[k] = now[i];
                out[k++].entry = SEWER_XFER_NEW;
            }
        sewer_xfer_sort(out, ncancel);
        sewer_xfer_sort(out + ncancel, k - ncancel);
    }
    free(now_ids);
    free(held_ids);
    return k;
}

sewer_xfer_sums sewer_xfer_sum(const sewer_xfer_rec *r, size_t n)
{
    sewer_xfer_sums s = {0};
    for (size_t i = 0; i < n; i++) {
        int64_t sign = r[i].entry == SEWER_XFER_CANCEL ? -1 : 1;
        s.records++;
        s.cancels += r[i].entry == SEWER_XFER_CANCEL;
        s.water_m3 += sign * r[i].water_m3;
        s.sewer_m3 += sign * r[i].sewer_m3;
    }
    return s;
}

/* ---- CSV ---------------------------------------------------------------- */

static const char *const CSV_HEAD[] = {"区分", "送付回", "下水道事業者", "調定年月", "水栓番号", "使用場所", "使用者",
                                       "使用期間開始", "使用期間終了", "上水使用水量", "減量水量", "井戸水量",
                                       "汚水量", "調定番号", NULL};

static bool write_csv(const sewer_xfer_head *h, const sewer_xfer_rec *r, size_t n, buf_t *out)
{
    buf_t raw;
    buf_init(&raw, 0);
    csv_writer w;
    csv_begin(&w, &raw, false);
    for (size_t i = 0; CSV_HEAD[i]; i++)
        csv_field(&w, CSV_HEAD[i]);
    csv_end_row(&w);
    for (size_t i = 0; i < n; i++) {
        char k[2] = {ENTRY_KUBUN[r[i].entry == SEWER_XFER_CANCEL], 0};
        csv_field_exact(&w, k);
        csv_field_i64(&w, h->batch_no);
        csv_field_exact(&w, h->operator_code);
        csv_field_exact(&w, h->cycle);
        csv_field_exact(&w, r[i].tap_no);
        csv_field(&w, r[i].place);
        csv_field(&w, r[i].user);
        csv_field_exact(&w, r[i].period_from);
        csv_field_exact(&w, r[i].period_to);
        csv_field_i64(&w, r[i].water_m3);
        csv_field_i64(&w, r[i].deduct_m3);
        csv_field_i64(&w, r[i].well_m3);
        csv_field_i64(&w, r[i].sewer_m3);
        csv_field_i64(&w, r[i].bill_id);
        csv_end_row(&w);
    }
    bool ok = !raw.failed && csv_encode(&raw, CSV_UTF8_BOM, out);
    buf_free(&raw);
    return ok;
}

/* ---- fixed width (CP932) --------------------------------------------------- */

/* Text converted to CP932, cut at a character boundary to width bytes and
 * padded with spaces. */
static bool put_text(buf_t *b, const char *s, size_t width)
{
    size_t len = 0;
    char *cp = text_to_cp932(s ? s : "", strlen(s ? s : ""), &len);
    if (!cp)
        return false;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)cp[i];
        size_t step = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC) ? 2 : 1;
        if (i + step > width)
            break;
        i += step;
    }
    buf_append(b, cp, i);
    free(cp);
    for (; i < width; i++)
        buf_append(b, " ", 1);
    return true;
}

/* Digits right-aligned with zeros; false when v is negative or too long. */
static bool put_num(buf_t *b, int64_t v, size_t width)
{
    char d[24];
    str_fmt(d, sizeof d, "%0*lld", (int)width, (long long)v);
    if (v < 0 || strlen(d) != width)
        return false;
    buf_append(b, d, width);
    return true;
}

/* A sign ('+' or '-') and width digits. */
static bool put_signed(buf_t *b, int64_t v, size_t width)
{
    buf_append(b, v < 0 ? "-" : "+", 1);
    return put_num(b, v < 0 ? -v : v, width);
}

/* "YYYY-MM-DD" / "YYYY-MM" without the dashes. */
static bool put_date(buf_t *b, const char *iso, size_t width)
{
    char d[16];
    size_t k = 0;
    for (const char *p = iso; *p && k < sizeof d - 1; p++)
        if (*p != '-')
            d[k++] = *p;
    d[k] = '\0';
    if (k != width)
        return false;
    buf_append(b, d, width);
    return true;
}

static bool put_head(buf_t *b, char kubun, const sewer_xfer_head *h)
{
    buf_append(b, &kubun, 1);
    return put_num(b, h->batch_no, 2) && strlen(h->operator_code) <= 8 && put_text(b, h->operator_code, 8) &&
           put_date(b, h->cycle, 6);
}

static bool fixed_record(buf_t *b, const sewer_xfer_head *h, const sewer_xfer_rec *r)
{
    size_t start = b->len;
    bool ok = put_head(b, ENTRY_KUBUN[r->entry == SEWER_XFER_CANCEL], h) && put_text(b, r->tap_no, 16) &&
              put_text(b, r->place, 80) && put_text(b, r->user, 40) && put_date(b, r->period_from, 8) &&
              put_date(b, r->period_to, 8) && put_num(b, r->water_m3, 9) && put_num(b, r->deduct_m3, 9) &&
              put_num(b, r->well_m3, 9) && put_num(b, r->sewer_m3, 9) && put_num(b, r->bill_id, 12);
    while (ok && b->len - start < SEWER_XFER_FIXED_LEN)
        buf_append(b, " ", 1);
    buf_append(b, "\r\n", 2);
    return ok && !b->failed;
}

static bool fixed_trailer(buf_t *b, const sewer_xfer_head *h, const sewer_xfer_rec *r, size_t n)
{
    sewer_xfer_sums s = sewer_xfer_sum(r, n);
    size_t start = b->len;
    bool ok = put_head(b, '8', h) && put_num(b, s.records, 9) && put_num(b, s.cancels, 9) &&
              put_signed(b, s.water_m3, 12) && put_signed(b, s.sewer_m3, 12);
    while (ok && b->len - start < SEWER_XFER_FIXED_LEN)
        buf_append(b, " ", 1);
    buf_append(b, "\r\n", 2);
    return ok && !b->failed;
}

bool sewer_xfer_write(const sewer_xfer_head *h, const sewer_xfer_rec *r, size_t n, int format, buf_t *out)
{
    if (format == SEWER_XFER_CSV)
        return write_csv(h, r, n, out);
    if (format != SEWER_XFER_FIXED)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!fixed_record(out, h, &r[i]))
            return false;
    return fixed_trailer(out, h, r, n);
}
