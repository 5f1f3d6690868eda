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

#endif
