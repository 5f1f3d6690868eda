/* stats_csv — a statistics report as CSV and as JSON (see stats_report.h). */
#include "report/stats_report.h"

#include "base/csv.h"

void stats_period_text(const stat_report *r, char *out, size_t outsz)
{
    str_fmt(out, outsz, "%s（%s〜%s）", r->period.label, r->period.from_iso, r->period.to_iso);
}

static void value(csv_writer *w, int unit, int64_t v)
{
    if (unit == STAT_RATE) {
        char t[32];
        stat_value_text(unit, v, t, sizeof t);
        csv_field_exact(w, t);
    } else {
        csv_field_i64(w, v);
    }
}

static void section(csv_writer *w, const stat_section *s)
{
    csv_field(w, s->title);
    csv_end_row(w);
    csv_field(w, s->head);
    for (int c = 0; c < s->ncols; c++) {
        char t[160];
        str_fmt(t, sizeof t, "%s（%s）", s->cols[c].title, stat_unit_suffix(s->cols[c].unit));
        csv_field(w, t);
    }
    csv_end_row(w);
    for (size_t i = 0; i <= s->n; i++) {
        const stat_row *row = i < s->n ? &s->rows[i] : &s->total;
        if (i == s->n && s->no_total)
            break;
        csv_field(w, row->label);
        for (int c = 0; c < s->ncols; c++)
            value(w, s->cols[c].unit, row->v[c]);
        csv_end_row(w);
    }
    csv_end_row(w);
}

bool stats_csv_write(const stat_report *r, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    char period[128];
    stats_period_text(r, period, sizeof period);
    csv_field(&w, r->title);
    csv_field(&w, period);
    csv_field(&w, "基準日");
    csv_field(&w, r->today);
    csv_end_row(&w);
    csv_end_row(&w);
    csv_field(&w, "項目");
    csv_field(&w, "値");
    csv_field(&w, "単位");
    csv_end_row(&w);
    for (size_t i = 0; i < r->nhead; i++) {
        csv_field(&w, r->head[i].title);
        value(&w, r->head[i].unit, r->head[i].value);
        csv_field(&w, stat_unit_suffix(r->head[i].unit));
        csv_end_row(&w);
    }
    csv_end_row(&w);
    for (size_t i = 0; i < r->nsec; i++)
        section(&w, &r->sec[i]);
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}

/* ---- JSON ------------------------------------------------------------------ */

static const char *unit_code(int unit)
{
    static const char *const U[] = {[STAT_COUNT] = "count", [STAT_YEN] = "yen", [STAT_M3] = "m3",
                                    [STAT_RATE] = "rate_bp"};
    return unit >= 0 && unit <= STAT_RATE ? U[unit] : "";
}

static void json_row(jsonw *w, const stat_section *s, const stat_row *row)
{
    jsonw_object(w);
    jsonw_kv_string(w, "key", row->key);
    jsonw_kv_string(w, "label", row->label);
    for (int c = 0; c < s->ncols; c++)
        jsonw_kv_int(w, s->cols[c].key, row->v[c]);
    jsonw_end_object(w);
}

static void json_section(jsonw *w, const stat_section *s)
{
    jsonw_object(w);
    jsonw_kv_string(w, "key", s->key);
    jsonw_kv_string(w, "title", s->title);
    jsonw_kv_string(w, "head", s->head);
    jsonw_key(w, "columns");
    jsonw_array(w);
    for (int c = 0; c < s->ncols; c++) {
        jsonw_object(w);
        jsonw_kv_string(w, "key", s->cols[c].key);
        jsonw_kv_string(w, "title", s->cols[c].title);
        jsonw_kv_string(w, "unit", unit_code(s->cols[c].unit));
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "rows");
    jsonw_array(w);
    for (size_t i = 0; i < s->n; i++)
        json_row(w, s, &s->rows[i]);
    jsonw_end_array(w);
    if (!s->no_total) {
        jsonw_key(w, "total");
        json_row(w, s, &s->total);
    }
    jsonw_end_object(w);
}

void stats_json_write(jsonw *w, const stat_report *r)
{
    static const char *const KINDS[] = {"month", "year", "range"};
    jsonw_object(w);
    jsonw_kv_string(w, "report", r->name);
    jsonw_kv_string(w, "title", r->title);
    jsonw_key(w, "period");
    jsonw_object(w);
    jsonw_kv_string(w, "kind", KINDS[r->period.kind]);
    jsonw_kv_string(w, "code", r->period.code);
    jsonw_kv_string(w, "label", r->period.label);
    jsonw_kv_string(w, "from", r->period.from_iso);
    jsonw_kv_string(w, "to", r->period.to_iso);
    jsonw_kv_string(w, "first_month", r->period.first);
    jsonw_kv_string(w, "last_month", r->period.last);
    jsonw_kv_int(w, "months", r->period.months);
    jsonw_end_object(w);
    jsonw_kv_string(w, "today", r->today);
    jsonw_kv_string(w, "note", r->note);
    for (size_t i = 0; i < r->nhead; i++)
        jsonw_kv_int(w, r->head[i].key, r->head[i].value);
    jsonw_key(w, "headlines");
    jsonw_array(w);
    for (size_t i = 0; i < r->nhead; i++) {
        jsonw_object(w);
        jsonw_kv_string(w, "key", r->head[i].key);
        jsonw_kv_string(w, "title", r->head[i].title);
        jsonw_kv_string(w, "unit", unit_code(r->head[i].unit));
        jsonw_kv_int(w, "value", r->head[i].value);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "sections");
    jsonw_array(w);
    for (size_t i = 0; i < r->nsec; i++)
        json_section(w, &r->sec[i]);
    jsonw_end_array(w);
    jsonw_end_object(w);
}
