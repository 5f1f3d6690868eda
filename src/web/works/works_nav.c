/* works_nav — pieces shared by the 工事 screens (see works_nav.h). */
#include "web/works/works_nav.h"

#include <stdlib.h>
#include <string.h>

#include "app/registry/app_customer.h"
#include "app/works/app_works_application.h"
#include "base/html.h"
#include "web/web_subnav.h"
#include "domain/role.h"

void web_works_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const web_subnav_link LINKS[] = {
        {"/works", "申込検索", PERM_WORKS_VIEW},
        {"/works/new", "新規申込", PERM_WORKS},
        {"/works/contractors", "指定工事事業者", PERM_WORKS_VIEW},
        {"/works/reports", "統計・帳票", PERM_WORKS_VIEW},
    };
    web_subnav(rq, rs, "工事のメニュー", LINKS, sizeof LINKS / sizeof LINKS[0], current);
}

/* A <select> from parallel code/label arrays of n + 1 (the first is ""). */
static void select_of(web_resp *rs, const char *label, const char *name, const char *selected, const char **codes,
                      const char **labels, size_t n, const err_t *fe)
{
    web_select(rs, label, name, selected ? selected : "", (const char *const *)codes, (const char *const *)labels, n, fe);
}

void web_works_area_select(web_req *rq, web_resp *rs, const char *label, const char *name, const char *selected,
                           const char *first_label, const err_t *fe)
{
    app_area *areas = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    const char **codes = NULL, **labels = NULL;
    if (app_area_list(&rq->ctx, &areas, &n, &e) == 0) {
        codes = calloc(n + 1, sizeof *codes);
        labels = calloc(n + 1, sizeof *labels);
    }
    if (!codes || !labels) {
        web_input(rs, label, name, selected, fe, "size", "8", "autocomplete", "off", NULL);
    } else {
        codes[0] = "";
        labels[0] = first_label;
        for (size_t i = 0; i < n; i++) {
            codes[i + 1] = areas[i].code;
            labels[i + 1] = areas[i].name;
        }
        select_of(rs, label, name, selected, codes, labels, n + 1, fe);
    }
    free(codes);
    free(labels);
    free(areas);
}

void web_works_choice_select(web_resp *rs, const char *label, const char *name, const char *selected,
                             const struct app_works_choice *rows, size_t n, const char *first_label, const err_t *fe)
{
    const char **codes = calloc(n + 1, sizeof *codes), **labels = calloc(n + 1, sizeof *labels);
    char (*ids)[24] = calloc(n + 1, sizeof *ids);
    if (codes && labels && ids) {
        codes[0] = "";
        labels[0] = first_label;
        for (size_t i = 0; i < n; i++) {
            str_fmt(ids[i], sizeof ids[i], "%lld", (long long)rows[i].id);
            codes[i + 1] = ids[i];
            labels[i + 1] = rows[i].label;
        }
        select_of(rs, label, name, selected, codes, labels, n + 1, fe);
    }
    free(codes);
    free(labels);
    free(ids);
}

void web_works_enum_select(web_resp *rs, const char *label, const char *name, const char *selected, int n,
                           const char *(*code)(int), const char *(*text)(int), const char *first_label,
                           const err_t *fe)
{
    const char *codes[32], *labels[32];
    size_t k = 0;
    codes[k] = "";
    labels[k++] = first_label;
    for (int i = 0; i < n && k < 32; i++, k++) {
        codes[k] = code(i);
        labels[k] = text(i);
    }
    select_of(rs, label, name, selected, codes, labels, k, fe);
}

const char *web_works_type_code(int type)
{
    return works_type_code((works_type)type);
}

void web_works_status_badge(buf_t *b, int status, bool overdue)
{
    const char *cls = status == WORKS_ST_COMPLETED   ? "state state-active"
                      : status == WORKS_ST_CANCELLED ? "state state-closed"
                      : status == WORKS_ST_FAILED    ? "state state-overdue"
                                                     : "state state-held";
    html_elem(b, "span", works_status_label(status), "class", cls, NULL);
    if (overdue) {
        html_text(b, " ");
        html_elem(b, "span", "滞留", "class", "state state-overdue", NULL);
    }
}
