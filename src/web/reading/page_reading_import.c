/* page_reading_import — a handheld terminal's CSV file, uploaded by a clerk:
 * all-or-nothing by default; the refused rows summarised (counts by reason,
 * the first ones with their lines, a link to download them all). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app_form.h"
#include "app/reading/app_reading.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/web.h"

void web_reading_subnav(web_req *rq, web_resp *rs, const char *cycle, const char *current);

static void import_form(web_req *rq, web_resp *rs, const err_t *e)
{
    buf_t *b = &rs->body;
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/reading/import", "enctype", "multipart/form-data", "class",
              "grid", "id", "import-form", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "div", "class", "field", NULL);
    html_elem(b, "label", "CSV ファイル", "for", "f-file", NULL);
    html_open(b, "input", "type", "file", "id", "f-file", "name", "file", "accept", ".csv,text/csv", "required", "",
              e && strcmp(e->field, "file") == 0 ? "aria-invalid" : NULL, "true", NULL);
    html_close(b, "div");
    static const char *const ENC[] = {"auto", "utf8", "cp932"};
    static const char *const ENC_L[] = {"自動判定", "UTF-8", "Shift_JIS (CP932)"};
    web_select(rs, "文字コード", "encoding", web_form_or(rq, "encoding"), ENC, ENC_L, 3, e);
    static const char *const MODE[] = {"all", "clean"};
    static const char *const MODE_L[] = {"誤りが1件でもあれば取り込まない（全件か0件）",
                                         "正しい行だけ取り込み、誤りの行は除外リストに残す（担当以上）"};
    web_select(rs, "取込方法", "mode", web_form_or(rq, "mode"), MODE, MODE_L, app_can(&rq->ctx, PERM_READING_CONFIRM) ? 2 : 1,
               e);
    html_elem(b, "button", "取り込む", "type", "submit", "id", "import-submit", NULL);
    html_close(b, "form");
    html_elem(b, "p",
              "見出し行に 水栓番号・検針日・指針（取替のあった水栓はメーター番号も）の列が必要です。"
              "検針区の一覧から出力した CSV に検針日と指針を記入すれば、そのまま取り込めます。指針が空欄の行は未検針として読み飛ばします。"
              "同じファイルを二度取り込んでも、登録済みの指針は二重に登録されません。",
              "class", "hint", NULL);
}

int page_reading_import_form(web_req *rq, web_resp *rs)
{
    char cbuf[8];
    app_cycle_today(cbuf);
    web_page_begin(rq, rs, "検針データ取込", NAV_READING);
    html_elem(&rs->body, "h1", "検針データ取込（ハンディターミナル）", NULL);
    web_reading_subnav(rq, rs, cbuf, "/reading/import");
    import_form(rq, rs, NULL);
    web_page_end(rq, rs);
    return 0;
}

/* The summary's refused rows: counts by reason, the first ones by line, and
 * the link to the full list. */
static void import_refusals(buf_t *b, const app_import_report *rep)
{
    if (!rep->refused)
        return;
    html_open(b, "table", "class", "list", "id", "refusal-reasons", NULL);
    html_raw(b, "<caption>除外の理由</caption><thead><tr><th scope=\"col\">理由</th>"
                "<th scope=\"col\" class=\"num\">行数</th></tr></thead><tbody>");
    for (int rf = 0; rf < RF__COUNT; rf++) {
        if (!rep->by_refusal[rf])
            continue;
        html_open(b, "tr", "data-code", app_refusal_code(rf), NULL);
        html_elem(b, "td", app_refusal_text(rf), NULL);
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lld", (long long)rep->by_refusal[rf]);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    char url[128];
    api_import_refusals_url(rep, url, sizeof url);
    if (url[0]) {
        char label[160];
        str_fmt(label, sizeof label, "受け付けなかった行の一覧（全 %lld 行、CSV）をダウンロード", (long long)rep->refused);
        html_elem(b, "a", label, "href", url, "class", "action", "id", "refusals-download", "download", "", NULL);
    }
    html_open(b, "table", "class", "list", "id", "refusals", NULL);
    html_open(b, "caption", NULL);
    if ((int64_t)rep->nrefusals < rep->refused)
        html_textf(b, "受け付けなかった行（最初の %zu 行）", rep->nrefusals);
    else
        html_text(b, "受け付けなかった行");
    html_close(b, "caption");
    html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">行</th><th scope=\"col\">理由</th></tr></thead><tbody>");
    for (size_t i = 0; i < rep->nrefusals; i++) {
        html_open(b, "tr", NULL);
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lld", (long long)rep->refusals[i].line);
        html_close(b, "td");
        html_elem(b, "td", rep->refusals[i].out.message, NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

/* The result page: what was applied, the refusals, the link to them all. */
static int result_page(web_req *rq, web_resp *rs, const app_import_report *rep, const char *name)
{
    char cbuf[8];
    app_cycle_today(cbuf);
    web_page_begin(rq, rs, "検針データ取込の結果", NAV_READING);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "検針データ取込の結果", NULL);
    web_reading_subnav(rq, rs, cbuf, "/reading/import");
    html_open(b, "p", "class", rep->applied ? "flash" : "form-error", "role", rep->applied ? "status" : "alert", "id",
              "import-result", NULL);
    if (rep->applied)
        html_textf(b, "%s を取り込みました（取込番号 %s）：確定 %lld件、保留 %lld件、登録済み %lld件、未検針 %lld件、除外 %lld件。",
                   name[0] ? name : "ファイル", rep->batch, (long long)rep->accepted, (long long)rep->held,
                   (long long)rep->duplicates, (long long)rep->skipped, (long long)rep->refused);
    else
        html_textf(b, "取り込みませんでした。%lld件の行に誤りがあります。ファイルを直して取り込み直すか、"
                      "「正しい行だけ取り込む」を選んでください（まだ何も登録されていません）。",
                   (long long)rep->refused);
    html_close(b, "p");
    import_refusals(b, rep);
    if (rep->held)
        html_elem(b, "a", "保留になった指針を確認する", "href", "/reading/held", "class", "action", NULL);
    web_page_end(rq, rs);
    return 0;
}

/* The summary kept for the result page, as JSON text (malloc'd; NULL when out of memory). */
static char *summary_json(const app_import_report *rep, const char *name)
{
    json_t *by = json_object(), *first = json_array();
    for (int rf = 0; rf < RF__COUNT; rf++)
        if (rep->by_refusal[rf])
            json_object_set_new(by, app_refusal_code(rf), json_integer((json_int_t)rep->by_refusal[rf]));
    for (size_t i = 0; i < rep->nrefusals; i++)
        json_array_append_new(first, json_pack("{sIss}", "line", (json_int_t)rep->refusals[i].line, "message",
                                               rep->refusals[i].out.message));
    json_t *j = json_pack("{sssssbsbsIsIsIsIsIso?so?}", "name", name, "batch", rep->batch, "applied", rep->applied,
                          "kept", rep->refusals_kept, "accepted", (json_int_t)rep->accepted, "held",
                          (json_int_t)rep->held, "duplicates", (json_int_t)rep->duplicates, "skipped",
                          (json_int_t)rep->skipped, "refused", (json_int_t)rep->refused, "by", by, "first", first);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return text;
}

/* Back into a report (rep->refusals malloc'd: app_import_report_free); false when unreadable. */
static bool summary_parse(const char *text, app_import_report *rep, char *name, size_t namesz)
{
    memset(rep, 0, sizeof *rep);
    json_t *j = json_loads(text, 0, NULL), *by = NULL, *first = NULL;
    const char *n = "", *batch = "";
    int applied = 0, kept = 0;
    json_int_t acc = 0, held = 0, dup = 0, skip = 0, ref = 0;
    bool ok = j && json_unpack(j, "{sssssbsbsIsIsIsIsIsoso}", "name", &n, "batch", &batch, "applied", &applied,
                               "kept", &kept, "accepted", &acc, "held", &held, "duplicates", &dup, "skipped", &skip,
                               "refused", &ref, "by", &by, "first", &first) == 0 &&
              json_is_object(by) && json_is_array(first);
    if (ok) {
        str_copy(name, namesz, n);
        str_copy(rep->batch, sizeof rep->batch, batch);
        rep->applied = applied;
        rep->refusals_kept = kept;
        rep->accepted = acc, rep->held = held, rep->duplicates = dup, rep->skipped = skip, rep->refused = ref;
        for (int rf = 0; rf < RF__COUNT; rf++)
            rep->by_refusal[rf] = (int64_t)json_integer_value(json_object_get(by, app_refusal_code(rf)));
        size_t nf = json_array_size(first);
        rep->refusals = nf ? calloc(nf, sizeof *rep->refusals) : NULL;
        ok = !nf || rep->refusals;
        for (size_t i = 0; ok && i < nf; i++) {
            json_t *o = json_array_get(first, i);
            rep->refusals[i].line = (int64_t)json_integer_value(json_object_get(o, "line"));
            rep->refusals[i].out.status = READING_REFUSED;
            const char *m = json_string_value(json_object_get(o, "message"));
            str_copy(rep->refusals[i].out.message, sizeof rep->refusals[i].out.message, m ? m : "");
            rep->nrefusals = i + 1;
        }
    }
    json_decref(j);
    return ok;
}

int page_reading_import_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    app_cycle_today(cbuf);
    app_import_report rep;
    int rc = app_reading_import_csv(&rq->ctx, rq->upload.data ? rq->upload.data : "", rq->upload.len,
                                    web_form(rq, "encoding"), web_form(rq, "mode"), &rep, &e);
    if (rc && e.code != ERR_INVALID && e.code != ERR_TOO_LARGE)
        return web_fail(rq, rs, &e);
    if (rc) {
        web_page_begin(rq, rs, "検針データ取込の結果", NAV_READING);
        html_elem(&rs->body, "h1", "検針データ取込の結果", NULL);
        web_reading_subnav(rq, rs, cbuf, "/reading/import");
        import_form(rq, rs, &e);
        web_page_end(rq, rs);
        return 0;
    }
    const char *name = rq->upload_name[0] ? rq->upload_name : "";
    if (!rep.applied) {   /* nothing stored: the answer is the page itself */
        rc = result_page(rq, rs, &rep, name);
        app_import_report_free(&rep);
        return rc;
    }
    /* applied: the summary kept, the answer a redirect to it (a reload imports nothing again) */
    char *json = summary_json(&rep, name);
    int kept = json ? app_reading_import_result_put(&rq->ctx, rep.batch, json, NULL) : -1;
    free(json);
    if (kept != 0) {
        rc = result_page(rq, rs, &rep, name);
        app_import_report_free(&rep);
        return rc;
    }
    char to[96];
    str_fmt(to, sizeof to, "/reading/imports/%s", rep.batch);
    app_import_report_free(&rep);
    return web_redirect(rq, rs, to, NULL);
}

/* GET /reading/imports/<batch>: the summary of an applied import. */
int page_reading_import_result(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char *json = NULL;
    if (app_reading_import_result_get(&rq->ctx, rq->param, &json, &e))
        return web_fail(rq, rs, &e);
    app_import_report rep;
    char name[256];
    int rc;
    if (summary_parse(json, &rep, name, sizeof name)) {
        rc = result_page(rq, rs, &rep, name);
    } else {
        err_set(&e, ERR_INTERNAL, NULL, NULL, "reading import result %s unreadable", rq->param);
        rc = web_fail(rq, rs, &e);
    }
    app_import_report_free(&rep);
    free(json);
    return rc;
}
