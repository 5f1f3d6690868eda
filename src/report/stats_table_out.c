/* stats_table_out — see stats_table_out.h. */
#include "report/stats_table_out.h"

#include "base/csv.h"
#include "report/xlsx_list.h"
#include "report/xlsx_text.h"

/* Row i of the table in print order: the rows, then 合計 (i == nrows). */
static const int64_t *row_values(const stats_table *t, size_t i, const char **label)
{
    if (i < t->nrows) {
        *label = t->rows[i].label;
        return t->rows[i].v;
    }
    *label = "合計";
    return t->total;
}

static size_t print_rows(const stats_table *t)
{
    return t->nrows + (t->has_total ? 1 : 0);
}

bool stats_table_csv_write(const stats_table *t, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    csv_field(&w, t->head);
    for (int k = 0; k < t->ncols; k++)
        csv_field(&w, t->cols[k]);
    csv_field(&w, "期間");
    csv_end_row(&w);
    for (size_t i = 0, n = print_rows(t); i < n; i++) {
        const char *label;
        const int64_t *v = row_values(t, i, &label);
        csv_field(&w, label);
        for (int k = 0; k < t->ncols; k++)
            csv_field_i64(&w, (long long)v[k]);
        csv_field(&w, t->period);
        csv_end_row(&w);
    }
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}

void stats_table_tsv_write(const stats_table *t, buf_t *out)
{
    buf_puts(out, t->head);
    for (int k = 0; k < t->ncols; k++) {
        buf_puts(out, "\t");
        buf_puts(out, t->cols[k]);
    }
    buf_puts(out, "\n");
    for (size_t i = 0, n = print_rows(t); i < n; i++) {
        const char *label;
        const int64_t *v = row_values(t, i, &label);
        buf_puts(out, label);
        for (int k = 0; k < t->ncols; k++)
            buf_printf(out, "\t%lld", (long long)v[k]);
        buf_puts(out, "\n");
    }
}

static void json_values(const stats_table *t, const int64_t *v, jsonw *w)
{
    for (int k = 0; k < t->ncols; k++)
        jsonw_kv_int(w, t->keys[k], v[k]);
}

void stats_table_json_write(const stats_table *t, jsonw *w)
{
    jsonw_object(w);
    jsonw_kv_string(w, "report", t->name);
    jsonw_kv_string(w, "title", t->title);
    jsonw_kv_string(w, "period", t->period);
    jsonw_kv_string(w, "head", t->head);
    jsonw_key(w, "columns");
    jsonw_array(w);
    for (int k = 0; k < t->ncols; k++) {
        jsonw_object(w);
        jsonw_kv_string(w, "key", t->keys[k]);
        jsonw_kv_string(w, "title", t->cols[k]);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "rows");
    jsonw_array(w);
    for (size_t i = 0; i < t->nrows; i++) {
        jsonw_object(w);
        jsonw_kv_string(w, "label", t->rows[i].label);
        json_values(t, t->rows[i].v, w);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    if (t->has_total) {
        jsonw_key(w, "total");
        jsonw_object(w);
        json_values(t, t->total, w);
        jsonw_end_object(w);
    }
    jsonw_end_object(w);
}

static void xlsx_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const stats_table *t = arg;
    const char *label;
    const int64_t *v = row_values(t, i, &label);
    xlsx_text_write(ws, row, 0, label, f->label);
    for (int k = 0; k < t->ncols; k++)
        worksheet_write_number(ws, row, (lxw_col_t)(k + 1), (double)v[k], f->num);
}

int stats_table_xlsx_write(const stats_table *t, const char *today, const char *printed_by, int64_t printed_at,
                           const char *path, char *err, size_t errsz)
{
    const char *cols[STATS_TABLE_MAXCOLS + 1];
    double widths[STATS_TABLE_MAXCOLS + 1];
    cols[0] = t->head;
    widths[0] = 36;
    for (int k = 0; k < t->ncols; k++) {
        cols[k + 1] = t->cols[k];
        widths[k + 1] = 12;
    }
    xlsx_list l = {"統計", t->title, cols, t->ncols + 1, widths, 1, today, t->period, (int64_t)t->nrows,
                   printed_by, printed_at, print_rows(t), xlsx_row, t};
    return xlsx_list_write(&l, path, err, errsz);
}
