/* chart — small SVG bar charts drawn by the server (no script, no
 * library): the usage bars on the お客様カルテ, the statistics' trends and
 * breakdowns (web_bar_chart). */
#include <string.h>

#include "base/html.h"
#include "web/web.h"
#include "app/reading/app_reading.h"

#define CHART_BARS 12

void web_bar_chart(buf_t *b, const web_bar_chart_spec *c, const web_bar *bars, size_t nb)
{
    if (nb == 0)
        return;
    int64_t max = 1;
    for (size_t i = 0; i < nb; i++)
        if (bars[i].value > max)
            max = bars[i].value;
    const int W = c->bar_width > 0 ? c->bar_width : 40, GAP = 8, H = 120, TOP = 18, BOTTOM = 22;
    int width = (int)nb * (W + GAP) + GAP;
    char vb[48], w[16];
    str_fmt(vb, sizeof vb, "0 0 %d %d", width, TOP + H + BOTTOM);
    str_fmt(w, sizeof w, "%d", width);
    html_open(b, "svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox", vb, "width", w, "class", c->cls, "role",
              "img", "aria-labelledby", c->title_id, "id", c->id, NULL);
    html_elem(b, "title", c->title, "id", c->title_id, NULL);
    for (size_t k = 0; k < nb; k++) {
        const web_bar *r = &bars[k];
        int64_t u = r->value > 0 ? r->value : 0;
        int h = (int)(u * H / max);
        if (u > 0 && h < 1)
            h = 1;
        int x = GAP + (int)k * (W + GAP);
        char xs[16], ys[16], ws[16], hs[16], tx[16], ty[16], ly[16], cls[48];
        str_fmt(xs, sizeof xs, "%d", x);
        str_fmt(ys, sizeof ys, "%d", TOP + H - h);
        str_fmt(ws, sizeof ws, "%d", W);
        str_fmt(hs, sizeof hs, "%d", h);
        str_fmt(tx, sizeof tx, "%d", x + W / 2);
        str_fmt(ty, sizeof ty, "%d", TOP + H - h - 4);
        str_fmt(ly, sizeof ly, "%d", TOP + H + 16);
        str_fmt(cls, sizeof cls, "bar%s%s", *r->cls ? " " : "", r->cls);
        html_open(b, "rect", "x", xs, "y", ys, "width", ws, "height", hs, "class", cls, NULL);
        html_elem(b, "title", r->title, NULL);
        html_close(b, "rect");
        html_elem(b, "text", r->shown, "x", tx, "y", ty, "text-anchor", "middle", "class", "bar-value", NULL);
        html_elem(b, "text", r->label, "x", tx, "y", ly, "text-anchor", "middle", "class", "bar-label", NULL);
    }
    html_close(b, "svg");
}

void web_usage_chart(buf_t *b, const app_reading *rows, size_t n)
{
    const app_reading *sel[CHART_BARS];
    size_t nb = 0;
    for (size_t i = 0; i < n && nb < CHART_BARS; i++)
        if (strcmp(rows[i].kind, "actual") == 0 || strcmp(rows[i].kind, "estimated") == 0)
            sel[nb++] = &rows[i];
    if (nb == 0)
        return;
    web_bar bars[CHART_BARS];
    int64_t max = 1;
    for (size_t k = 0; k < nb; k++) {
        const app_reading *r = sel[nb - 1 - k];   /* oldest on the left */
        web_bar *x = &bars[k];
        bool held = strcmp(r->status, "held") == 0, est = strcmp(r->kind, "estimated") == 0;
        x->value = r->usage;
        if (r->usage > max)
            max = r->usage;
        str_fmt(x->cls, sizeof x->cls, "%s%s%s", held ? "bar-held" : "", held && est ? " " : "",
                est ? "bar-estimated" : "");
        str_fmt(x->title, sizeof x->title, "%s %lldm³%s%s", r->read_on, (long long)r->usage, held ? "（保留）" : "",
                est ? "（認定）" : "");
        str_fmt(x->shown, sizeof x->shown, "%lld", (long long)r->usage);
        str_fmt(x->label, sizeof x->label, "%.2s/%.2s", r->read_on + 2, r->read_on + 5);
    }
    char title[96];
    str_fmt(title, sizeof title, "使用水量の推移（直近%zu回、最大 %lldm³）", nb, (long long)max);
    web_bar_chart_spec spec = {"usage-chart", "usage-chart-title", NULL, title, 40};
    web_bar_chart(b, &spec, bars, nb);
}
