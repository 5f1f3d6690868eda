/* web_list — the pieces every filtered list screen shares: the URL of the
 * list with its filters (a GET form's fields), the pager, and the links of
 * its exports (CSV in UTF-8 with BOM and in Shift_JIS, Excel).  A list is
 * described by a web_list_view: its path and the filters as the URL gave
 * them.
 *
 * Ownership: the view points at the request's strings; everything is
 * appended to the caller's buffer. */
#ifndef SUIDO_WEB_LIST_H
#define SUIDO_WEB_LIST_H

#include "web/web.h"

#define WEB_LIST_MAX_KEYS 16

typedef struct web_list_view {
    const char *path;                      /* "/works/contractors" */
    const char *const *keys;               /* the filters' names */
    const char *v[WEB_LIST_MAX_KEYS];      /* their values ("" when absent) */
    size_t n;
    int64_t page;                          /* from ?page= (1 when absent or bad) */
} web_list_view;

/* The view of path with the filters keys (n <= WEB_LIST_MAX_KEYS) from rq's query. */
web_list_view web_list_view_from(const web_req *rq, const char *path, const char *const *keys, size_t n);
/* The same from the posted form (a form on the list that posts back its
 * filters and page, to return to the same page of the same list). */
web_list_view web_list_view_posted(const web_req *rq, const char *path, const char *const *keys, size_t n);
/* The filters given and the page (when > 1) as hidden inputs of such a form. */
void web_list_hidden(buf_t *b, const web_list_view *v, int64_t page);
/* path (or the view's when NULL) ?filters[&extra][&page=N] into h. */
void web_list_href(buf_t *h, const web_list_view *v, const char *path, const char *extra, int64_t page);
/* ← 前へ  page / pages  次へ → (nothing for one page); label names the nav. */
void web_list_pager(buf_t *b, const web_list_view *v, int64_t page, int64_t pages, const char *label);
/* The export links of the list's filters: csv_path?…&encoding=utf8bom and
 * =cp932, xlsx_path?…; ids id_prefix-csv, -csv-sjis, -xlsx. */
void web_list_exports(buf_t *b, const web_list_view *v, const char *csv_path, const char *xlsx_path,
                      const char *id_prefix);

/* The CSV export's encoding from ?encoding= (utf8bom when absent): the
 * enum csv_encoding, or -1 after answering 400 naming the field. */
int web_list_csv_encoding(web_req *rq, web_resp *rs);
/* Headers of a CSV answer in encoding, a file "<stem>-YYYYMMDD.csv" (today). */
void web_list_csv_headers(web_resp *rs, int encoding, const char *stem);

/* The rest of a list's CSV answer once its rows are in the body: the
 * headers (web_list_csv_headers) when written, else the body emptied and a
 * 500 "CSV を作成できませんでした。" (what: for the log).  0. */
int web_list_csv_done(web_req *rq, web_resp *rs, bool written, int encoding, const char *stem, const char *what);

/* A list's rows into an Excel file at path: xlsx_list-shaped writers
 * (rows: the caller's page; conditions: the filters in words). */
typedef int (*web_list_xlsx_fn)(const void *rows, const char *conditions, const char *printed_by, int64_t printed_at,
                                const char *path, char *err, size_t errsz);
/* A filter's value in words (a code's label); NULL: the value as typed. */
typedef const char *(*web_list_shown_fn)(size_t key, const char *value);

/* A list's Excel answer: the conditions in words from the view's filters
 * ("<labels[i]>=<value>", joined by 、; labels has v->n entries), the
 * person who asked and the time, the file "<stem>-YYYYMMDD.xlsx" as an
 * attachment; fail_msg for the user when it cannot be made. */
int web_list_send_xlsx(web_req *rq, web_resp *rs, const web_list_view *v, const char *const *labels,
                       web_list_shown_fn shown, web_list_xlsx_fn write, const void *rows, const char *stem,
                       const char *fail_msg);

/* The period forms of a statistics screen (GET to path): 月次 (month),
 * 年度 (year, April to March) and, with range, 期間 (from .. to); each its own
 * form (ids <prefix>-month, -year, -range; buttons <prefix>-…-submit),
 * the values as typed (or shown), the field named by fe marked. */
typedef struct web_period_forms_spec {
    const char *path, *prefix;
    const char *month, *year, *from, *to;   /* the values shown ("" none) */
    bool range;
} web_period_forms_spec;
void web_period_forms(web_resp *rs, const web_period_forms_spec *f, const err_t *fe);

#endif
