/* app_works_application — see app_works_application.h and docs/works.md. */
#include "app/works/app_works_application.h"
#include "app/works/app_works_settle.h"
#include "app/works/app_works_application_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_form.h"
#include "app/app_seal.h"
#include "app/registry/app_registry.h"
#include "app/works/app_works_contractor.h"
#include "app/works/app_works_handover.h"
#include "app/works/works_fee_demo.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/log.h"
#include "base/text.h"
#include "domain/address_match.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "domain/validate.h"
#include "store/db.h"
#include "store/registry/tap_store.h"
#include "store/works/works_application_store.h"
#include "store/works/works_contractor_store.h"

#define NAME_MAX_CHARS 60
#define ADDRESS_MAX_CHARS 200
#define MAX_FEE_TABLES 4

static bool given(const char *s)
{
    return s && *s;
}

bool app_works_parse_id(const char *s, int64_t *id)
{
    int64_t v = 0;
    size_t n = 0;
    for (; s && s[n]; n++) {
        if (s[n] < '0' || s[n] > '9' || n >= 15)
            return false;
        v = v * 10 + (s[n] - '0');
    }
    *id = v;
    return n > 0 && v > 0;
}

/* ---- the fee tables (compiled in) ---------------------------------------- */

static works_fee_table FEE_TABLES[MAX_FEE_TABLES];
static size_t NFEE_TABLES;
static pthread_once_t FEE_ONCE = PTHREAD_ONCE_INIT;

static void load_fee_tables(void)
{
    char err[400];
    for (const works_fee_file *f = WORKS_FEE_DEMO_FILES; f->name && NFEE_TABLES < MAX_FEE_TABLES; f++) {
        if (works_fee_parse(f->text, f->len, &FEE_TABLES[NFEE_TABLES], err, sizeof err) == 0)
            NFEE_TABLES++;
        else
            log_error("works fee table %s refused: %s", f->name, err);
    }
}

const works_fee_table *app_works_fee_tables(size_t *n)
{
    pthread_once(&FEE_ONCE, load_fee_tables);
    *n = NFEE_TABLES;
    return FEE_TABLES;
}

/* ---- numbers and settings -------------------------------------------- */

static int64_t fiscal_year(civil_date d)
{
    return d.m >= 4 ? d.y : d.y - 1;
}

/* "R8-00001": the era letter and year of the fiscal year, and seq. */
static void format_number(int64_t fy, int64_t seq, char out[16])
{
    if (fy >= 2019)
        str_fmt(out, 16, "R%lld-%05lld", (long long)(fy - 2018), (long long)seq);
    else
        str_fmt(out, 16, "H%lld-%05lld", (long long)(fy - 1988), (long long)seq);
}

int64_t app_works_overdue_days(const app_ctx *ctx)
{
    long long v = 14;
    if (config_get_int(ctx->env->cfg, "works.overdue_days", 14, 1, 3650, &v, NULL) != 0)
        v = 14;
    return v;
}

/* ---- entering an application ----------------------------------------- */

typedef struct parsed {
    works_app_row *row;
    works_fee_request fee;
    civil_date received;
    char tap_no[16];
    size_t nlabels;                                        /* 0: the dwellings numbered */
    char labels[APP_WORKS_MAX_DWELLINGS][APP_WORKS_LABEL_MAX * 4 + 1];
    size_t ndiameters;                                     /* 0: every dwelling at the diameter */
    int diameters[APP_WORKS_MAX_DWELLINGS];
} parsed;

static int check_type(const char *s, works_type *t, err_t *e)
{
    int v = works_type_parse(s);
    if (v < 0)
        return err_field(e, "type", "申込種別（新設・改造・撤去・分水・特団）を選んでください。");
    *t = (works_type)v;
    return 0;
}

static int check_persons(const app_works_input *in, err_t *e)
{
    int rc;
    if ((rc = validate_text(in->owner_name, true, NAME_MAX_CHARS, "owner_name", "所有者の氏名", e)) ||
        (rc = validate_kana(in->owner_kana, false, NAME_MAX_CHARS, "owner_kana", "所有者のフリガナ", e)) ||
        (rc = validate_phone(in->owner_phone, false, "owner_phone", "所有者の電話番号", e)) ||
        (rc = validate_text(in->applicant_name, true, NAME_MAX_CHARS, "applicant_name", "申込者の氏名", e)) ||
        (rc = validate_phone(in->applicant_phone, true, "applicant_phone", "申込者の電話番号", e)))
        return rc;
    return 0;
}

static int check_consents(const app_works_input *in, works_app_row *r, civil_date received, err_t *e)
{
    const char *vals[3] = {in->consent_land_on, in->consent_house_on, in->consent_party_on};
    const char *fields[3] = {"consent_land_on", "consent_house_on", "consent_party_on"};
    const char *labels[3] = {"土地所有者の承諾日", "家屋所有者の承諾日", "利害関係人の同意日"};
    char *outs[3] = {r->consent_land_on, r->consent_house_on, r->consent_party_on};
    for (int i = 0; i < 3; i++) {
        civil_date d;
        int rc = validate_date(vals[i], false, fields[i], labels[i], &d, e);
        if (rc)
            return rc;
        if (!given(vals[i]))
            continue;
        if (date_cmp(d, received) > 0)
            return err_field(e, fields[i], "%sは申込日以前の日付にしてください。", labels[i]);
        date_format_iso(d, outs[i]);
    }
    return 0;
}

static int check_sizes(const app_works_input *in, works_type t, works_app_row *r, err_t *e)
{
    long long d = 0, old = 0, dw = 1, meters = 1;
    int rc = validate_int(in->diameter, 1, WORKS_FEE_MAX_DIAMETER, "diameter", "口径（mm）", &d, e);
    if (rc)
        return rc;
    if (!validate_is_diameter(d))
        return err_field(e, "diameter", "口径は 13・20・25・30・40・50・75・100・150・200 mm のいずれかです。");
    if (t == WORKS_REMODEL) {
        if ((rc = validate_int(in->old_diameter, 1, WORKS_FEE_MAX_DIAMETER, "old_diameter", "改造前の口径（mm）", &old, e)))
            return rc;
    } else if (given(in->old_diameter))
        return err_field(e, "old_diameter", "改造前の口径は改造のときだけ入力します。");
    if (t == WORKS_COMPLEX) {
        if ((rc = validate_int(in->dwellings, 1, APP_WORKS_MAX_DWELLINGS, "dwellings", "戸数", &dw, e)))
            return rc;
    } else if (given(in->dwellings) && strcmp(in->dwellings, "1") != 0)
        return err_field(e, "dwellings", "戸数は特団のときだけ入力します。");
    if (given(in->meter_count) &&
        (rc = validate_int(in->meter_count, 0, APP_WORKS_MAX_DWELLINGS, "meter_count", "メーター個数", &meters, e)))
        return rc;
    if (!given(in->meter_count))
        meters = t == WORKS_COMPLEX ? dw : t == WORKS_REMOVAL ? 0 : 1;
    if ((rc = validate_text(in->meter_place, false, 30, "meter_place", "メーター設置場所", e)))
        return rc;
    r->diameter = d;
    r->old_diameter = old;
    r->dwellings = dw;
    r->meter_count = meters;
    str_copy(r->meter_place, sizeof r->meter_place, in->meter_place ? in->meter_place : "");
    return 0;
}

/* A complex's dwelling labels, one a line (blank lines and spaces at
 * either end dropped): as many as the dwellings, each short, none twice. */
static int check_labels(const char *text, works_type t, int64_t dwellings, parsed *p, err_t *e)
{
    static const char FIELD[] = "dwelling_labels";
    p->nlabels = 0;
    if (!given(text) || strspn(text, " \t\r\n") == strlen(text))
        return 0;
    if (t != WORKS_COMPLEX)
        return err_field(e, FIELD, "部屋番号は特団のときだけ入力します。");
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        const char *a = s, *z = s + n;
        s = *z ? z + 1 : z;
        while (a < z && (*a == ' ' || *a == '\t' || *a == '\r'))
            a++;
        while (z > a && (z[-1] == ' ' || z[-1] == '\t' || z[-1] == '\r'))
            z--;
        if (a == z)
            continue;
        if (p->nlabels == APP_WORKS_MAX_DWELLINGS || (size_t)(z - a) >= sizeof p->labels[0])
            return err_field(e, FIELD, "部屋番号は1行に1つ、%d文字以内で入力してください。", APP_WORKS_LABEL_MAX);
        char *l = p->labels[p->nlabels];
        memcpy(l, a, (size_t)(z - a));
        l[z - a] = '\0';
        int rc = validate_text(l, true, APP_WORKS_LABEL_MAX, FIELD, "部屋番号", e);
        if (rc)
            return rc;
        for (size_t k = 0; k < p->nlabels; k++)
            if (strcmp(p->labels[k], l) == 0)
                return err_field(e, FIELD, "部屋番号「%s」が2回あります。", l);
        p->nlabels++;
    }
    if ((int64_t)p->nlabels != dwellings)
        return err_field(e, FIELD, "部屋番号は戸数（%lld戸）と同じ数だけ、1行に1つ入力してください（いま%zu行です）。",
                         (long long)dwellings, p->nlabels);
    return 0;
}

/* A complex's diameter of each dwelling (text as typed: numbers one a line
 * or separated by commas or spaces) into out[0..*n): as many as the
 * dwellings, each a meter diameter. */
static int check_dwelling_diameters(const char *text, works_type t, int64_t dwellings, int *out, size_t *n,
                                    err_t *e)
{
    static const char FIELD[] = "dwelling_diameters", SEP[] = " \t\r\n,";
    *n = 0;
    if (!given(text) || strspn(text, SEP) == strlen(text))
        return 0;
    if (t != WORKS_COMPLEX)
        return err_field(e, FIELD, "各戸の口径は特団のときだけ入力します。");
    for (const char *s = text + strspn(text, SEP); *s; s += strspn(s, SEP)) {
        size_t len = strcspn(s, SEP);
        char one[16];
        long long d = 0;
        if (*n == APP_WORKS_MAX_DWELLINGS || len >= sizeof one)
            return err_field(e, FIELD, "各戸の口径は戸数（%lld戸）と同じ数だけ入力してください。", (long long)dwellings);
        memcpy(one, s, len);
        one[len] = '\0';
        s += len;
        int rc = validate_int(one, 1, WORKS_FEE_MAX_DIAMETER, FIELD, "各戸の口径（mm）", &d, e);
        if (rc)
            return rc;
        if (!validate_is_diameter(d))
            return err_field(e, FIELD, "各戸の口径「%s」は 13・20・25・30・40・50・75・100・150・200 mm のいずれかにしてください。", one);
        out[(*n)++] = (int)d;
    }
    if ((int64_t)*n != dwellings)
        return err_field(e, FIELD, "各戸の口径は戸数（%lld戸）と同じ数だけ入力してください（いま%zu戸分です）。",
                         (long long)dwellings, *n);
    return 0;
}

static int check_form(app_ctx *ctx, const app_works_input *in, parsed *p, err_t *e)
{
    works_app_row *r = p->row;
    works_type t = WORKS_NEW;
    int rc;
    if ((rc = check_type(in->type, &t, e)) ||
        (rc = validate_date(in->received_on, true, "received_on", "申込日", &p->received, e)))
        return rc;
    if (date_cmp(p->received, date_today_jst()) > 0)
        return err_field(e, "received_on", "申込日に未来の日付は入力できません。");
    if (!given(in->contractor_id))
        return err_field(e, "contractor_id", "指定給水装置工事事業者を選んでください。");
    if ((rc = check_persons(in, e)))
        return rc;
    if (!given(in->area_code))
        return err_field(e, "area_code", "給水場所の町丁目を選んでください。");
    area_row area;
    if (area_store_get(ctx->db, in->area_code, &area, NULL) != 0)
        return err_field(e, "area_code", "町丁目「%s」は登録されていません。", in->area_code);
    if ((rc = validate_text(in->address, true, ADDRESS_MAX_CHARS, "address", "給水場所（番地以降）", e)))
        return rc;
    if ((t == WORKS_REMODEL || t == WORKS_REMOVAL) && !given(in->tap_no))
        return err_field(e, "tap_no", "%sには対象の水栓番号が必要です（候補から選ぶか入力してください）。",
                         t == WORKS_REMODEL ? "改造" : "撤去");
    if (given(in->tap_no) && (rc = validate_tap_no(in->tap_no, "tap_no", "水栓番号", e)))
        return rc;
    if ((rc = check_sizes(in, t, r, e)) || (rc = check_labels(in->dwelling_labels, t, r->dwellings, p, e)) ||
        (rc = check_dwelling_diameters(in->dwelling_diameters, t, r->dwellings, p->diameters, &p->ndiameters, e)))
        return rc;
    if ((rc = validate_code(in->use_code, tapinfo_codes(TAPINFO_USES), "use_code", "用途", e)) ||
        (rc = check_consents(in, r, p->received, e)))
        return rc;
    str_copy(r->type, sizeof r->type, works_type_code(t));
    str_copy(r->area_code, sizeof r->area_code, in->area_code);
    str_copy(r->use_code, sizeof r->use_code, in->use_code);
    str_copy(p->tap_no, sizeof p->tap_no, given(in->tap_no) ? in->tap_no : "");
    p->fee = (works_fee_request){t, (int)r->diameter, (int)r->old_diameter, t == WORKS_COMPLEX ? (int)r->dwellings : 0,
                                 p->received};
    return 0;
}

/* The contractor in good standing on the received date, and its chief
 * engineer registered then (inside the transaction). */
static int check_contractor(app_ctx *ctx, const app_works_input *in, parsed *p, err_t *e)
{
    int64_t cid = 0, eid = 0;
    char day[11], reason[512];
    if (!app_works_parse_id(in->contractor_id, &cid))
        return err_field(e, "contractor_id", "指定給水装置工事事業者を選んでください。");
    date_format_iso(p->received, day);
    bool ok = false;
    err_t ce;
    err_clear(&ce);
    int rc = app_works_contractor_standing(ctx, cid, day, &ok, reason, sizeof reason, &ce);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "contractor_id", "指定給水装置工事事業者（番号 %lld）は登録されていません。", (long long)cid);
    if (rc) {
        *e = ce;
        return rc;
    }
    if (!ok)
        return err_field(e, "contractor_id", "この事業者は申込日（%s）に申込できません: %s", day, reason);
    if (!given(in->engineer_id))
        return err_field(e, "engineer_id", "給水装置工事主任技術者を選んでください。");
    works_engineer_row eng;
    if (!app_works_parse_id(in->engineer_id, &eid) || works_engineer_store_get(ctx->db, eid, &eng, NULL) != 0 ||
        eng.contractor_id != cid)
        return err_field(e, "engineer_id", "給水装置工事主任技術者は、選んだ事業者に登録されている人から選んでください。");
    if (strcmp(eng.registered_on, day) > 0 || (eng.removed_on[0] && strcmp(eng.removed_on, day) <= 0))
        return err_field(e, "engineer_id", "この主任技術者（免状 %s）は申込日（%s）に事業者に登録されていません。", eng.licence_no,
                         day);
    p->row->contractor_id = cid;
    p->row->engineer_id = eid;
    return 0;
}

/* The existing tap named (remodel, removal; optional otherwise): it must be
 * in the area typed. */
static int check_tap(app_ctx *ctx, parsed *p, err_t *e)
{
    if (!p->tap_no[0])
        return 0;
    tap_row *t = calloc(1, sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = 0;
    if (tap_store_get_by_no(ctx->db, p->tap_no, t, NULL) != 0)
        rc = err_field(e, "tap_no", "水栓番号 %s は登録されていません。", p->tap_no);
    else if (strcmp(t->area_code, p->row->area_code) != 0)
        rc = err_field(e, "tap_no", "水栓番号 %s の給水場所は別の町丁目です。町丁目か水栓番号を確かめてください。", p->tap_no);
    else
        p->row->tap_id = t->id;
    free(t);
    return rc;
}

static int seal_persons(app_ctx *ctx, const app_works_input *in, works_app_row *r, err_t *e)
{
    int rc;
    if ((rc = app_seal_into(ctx, in->owner_name, r->owner_name_enc, sizeof r->owner_name_enc, e)) ||
        (rc = app_seal_into(ctx, in->owner_phone, r->owner_phone_enc, sizeof r->owner_phone_enc, e)) ||
        (rc = app_seal_into(ctx, in->applicant_name, r->applicant_name_enc, sizeof r->applicant_name_enc, e)) ||
        (rc = app_seal_into(ctx, in->applicant_phone, r->applicant_phone_enc, sizeof r->applicant_phone_enc, e)) ||
        (rc = app_seal_into(ctx, in->address, r->address_enc, sizeof r->address_enc, e)))
        return rc;
    if (given(in->owner_kana)) {   /* as customers' カナ are kept: the display form (全角カナ) */
        char *kana = text_kana_display(in->owner_kana);
        if (!kana)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        rc = app_seal_into(ctx, kana, r->owner_kana_enc, sizeof r->owner_kana_enc, e);
        free(kana);
    }
    return rc;
}

static int insert_charges(app_ctx *ctx, int64_t id, const works_fee_quote *q, err_t *e)
{
    int64_t seq = 0;
    int rc = 0;
    works_charge_row c;
    if (q->kanyukin.yen > 0) {
        c = (works_charge_row){.application_id = id, .seq = ++seq, .yen = q->kanyukin.yen, .tax = q->kanyukin.tax,
                               .refundable = q->kanyukin.refundable};
        str_copy(c.code, sizeof c.code, q->kanyukin.code);
        str_copy(c.name, sizeof c.name, q->kanyukin.name);
        str_copy(c.due, sizeof c.due, works_fee_due_code(q->kanyukin.due));
        rc = works_charge_store_insert(ctx->db, &c, e);
    }
    for (int i = 0; !rc && i < q->nfees; i++) {
        const works_fee_line *l = &q->fees[i];
        c = (works_charge_row){.application_id = id, .seq = ++seq, .yen = l->yen, .tax = l->tax, .refundable = l->refundable};
        str_copy(c.code, sizeof c.code, l->code);
        str_copy(c.name, sizeof c.name, l->name);
        str_copy(c.due, sizeof c.due, works_fee_due_code(l->due));
        rc = works_charge_store_insert(ctx->db, &c, e);
    }
    return rc;
}

static int insert_dwellings(app_ctx *ctx, int64_t id, const parsed *p, err_t *e)
{
    const works_app_row *r = p->row;
    if (strcmp(r->type, "complex") != 0)
        return 0;
    for (int64_t i = 1; i <= r->dwellings; i++) {
        works_dwelling_row d = {.application_id = id, .no = i,
                                .diameter = p->ndiameters ? p->diameters[i - 1] : r->diameter};
        if (p->nlabels)
            str_copy(d.label, sizeof d.label, p->labels[i - 1]);
        else
            str_fmt(d.label, sizeof d.label, "%lld", (long long)i);
        int rc = works_dwelling_store_insert(ctx->db, &d, e);
        if (rc)
            return rc;
    }
    return 0;
}

static int create_tx(app_ctx *ctx, const app_works_input *in, parsed *p, int64_t *id, err_t *e)
{
    int rc = app_form_claim_tx(ctx, e);
    if (rc || app_form_replayed(ctx)) {
        *id = rc ? 0 : app_form_result_id(ctx, "works");
        return rc;
    }
    if ((rc = check_contractor(ctx, in, p, e)) || (rc = check_tap(ctx, p, e)))
        return rc;
    size_t nt;
    const works_fee_table *tables = app_works_fee_tables(&nt);
    works_fee_quote *q = calloc(1, sizeof *q);
    if (!q)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = works_fee_quote_each(tables, nt, &p->fee, p->ndiameters ? p->diameters : NULL, q, e);
    if (rc == ERR_INVALID && strcmp(e->field, "date") == 0)
        str_copy(e->field, sizeof e->field, "received_on");
    works_app_row *r = p->row;
    if (!rc) {
        str_copy(r->fee_table, sizeof r->fee_table, q->table->id);
        r->fy = fiscal_year(p->received);
        rc = works_app_store_next_seq(ctx->db, r->fy, &r->seq, e);
    }
    if (!rc) {
        format_number(r->fy, r->seq, r->number);
        str_copy(r->status, sizeof r->status, works_status_code(WORKS_ST_RECEIVED));
        date_format_iso(p->received, r->received_on);
        str_copy(r->status_on, sizeof r->status_on, r->received_on);
        str_copy(r->entered_by, sizeof r->entered_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
        r->created_at = r->updated_at = date_now_unix();
        rc = works_app_store_insert(ctx->db, r, id, e);
    }
    if (!rc)
        rc = insert_charges(ctx, *id, q, e);
    if (!rc)
        rc = insert_dwellings(ctx, *id, p, e);
    if (!rc) {
        works_step_row s = {.application_id = *id, .created_at = r->created_at};
        str_copy(s.step, sizeof s.step, works_step_code(WORKS_STEP_RECEIVE));
        str_copy(s.status, sizeof s.status, r->status);
        str_copy(s.step_on, sizeof s.step_on, r->received_on);
        str_copy(s.taken_by, sizeof s.taken_by, r->entered_by);
        rc = works_step_store_insert(ctx->db, &s, e);
    }
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "works_application:%lld", (long long)*id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "number", r->number);
        jsonw_kv_string(&d.w, "type", r->type);
        jsonw_kv_string(&d.w, "received_on", r->received_on);
        jsonw_kv_int(&d.w, "contractor", r->contractor_id);
        jsonw_kv_string(&d.w, "area", r->area_code);
        jsonw_kv_int(&d.w, "diameter", r->diameter);
        jsonw_kv_int(&d.w, "total", q->total);
        rc = app_audit_json(ctx, "works.application.create", obj, &d, e);
    }
    free(q);
    if (!rc) {
        char res[40];
        str_fmt(res, sizeof res, "works:%lld", (long long)*id);
        rc = app_form_done_tx(ctx, res, e);
    }
    return rc;
}

int app_works_create(app_ctx *ctx, const app_works_input *in, int64_t *id, err_t *e)
{
    int64_t local = 0;
    if (!id)
        id = &local;
    *id = 0;
    int rc = app_require(ctx, PERM_WORKS, e);
    if (rc)
        return rc;
    parsed p;
    memset(&p, 0, sizeof p);
    p.row = calloc(1, sizeof *p.row);
    if (!p.row)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = check_form(ctx, in, &p, e);
    if (!rc)
        rc = seal_persons(ctx, in, p.row, e);
    if (!rc && !(rc = db_begin(ctx->db, e)))
        rc = app_tx_end(ctx, create_tx(ctx, in, &p, id, e), e);
    free(p.row);
    if (rc)
        *id = 0;
    return rc;
}

int app_works_quote(app_ctx *ctx, const char *type, const char *diameter, const char *old_diameter,
                    const char *dwellings, const char *dwelling_diameters, const char *date, works_fee_quote *q,
                    err_t *e)
{
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    works_type t = WORKS_NEW;
    long long d = 0, old = 0, dw = 0;
    civil_date day = date_today_jst();
    if ((rc = check_type(type, &t, e)) ||
        (rc = validate_int(diameter, 1, WORKS_FEE_MAX_DIAMETER, "diameter", "口径（mm）", &d, e)) ||
        (given(old_diameter) &&
         (rc = validate_int(old_diameter, 1, WORKS_FEE_MAX_DIAMETER, "old_diameter", "改造前の口径（mm）", &old, e))) ||
        (given(dwellings) && (rc = validate_int(dwellings, 1, WORKS_FEE_MAX_DWELLINGS, "dwellings", "戸数", &dw, e))) ||
        (rc = validate_date(date, false, "received_on", "申込日", &day, e)))
        return rc;
    int *each = calloc(APP_WORKS_MAX_DWELLINGS, sizeof *each);
    size_t ne = 0;
    if (!each)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = check_dwelling_diameters(dwelling_diameters, t, t == WORKS_COMPLEX ? dw : 1, each, &ne, e);
    works_fee_request rq = {t, (int)d, t == WORKS_REMODEL ? (int)old : 0, t == WORKS_COMPLEX ? (int)dw : 0, day};
    size_t nt;
    const works_fee_table *tables = app_works_fee_tables(&nt);
    if (!rc)
        rc = works_fee_quote_each(tables, nt, &rq, ne ? each : NULL, q, e);
    free(each);
    return rc;
}

static int to_choices(const works_choice_row *rows, size_t n, bool engineers, app_works_choice **out, err_t *e)
{
    *out = n ? calloc(n, sizeof **out) : NULL;
    if (n && !*out)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        (*out)[i].id = rows[i].id;
        (*out)[i].contractor_id = rows[i].contractor_id;
        if (engineers)
            str_fmt((*out)[i].label, sizeof (*out)[i].label, "免状 %s（%s %s）", rows[i].licence_no,
                    rows[i].designation_no, rows[i].name);
        else
            str_fmt((*out)[i].label, sizeof (*out)[i].label, "%s %s", rows[i].designation_no, rows[i].name);
    }
    return 0;
}

int app_works_choices(app_ctx *ctx, bool all, app_works_choice **contractors, size_t *nc,
                      app_works_choice **engineers, size_t *ne, err_t *e)
{
    *contractors = *engineers = NULL;
    *nc = *ne = 0;
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    works_choice_row *c = NULL, *g = NULL;
    size_t n1 = 0, n2 = 0;
    if (!(rc = works_app_store_contractor_choices(ctx->db, all, &c, &n1, e)))
        rc = works_app_store_engineer_choices(ctx->db, &g, &n2, e);
    db_end_read(ctx->db);
    if (!rc && !(rc = to_choices(c, n1, false, contractors, e)) && !(rc = to_choices(g, n2, true, engineers, e))) {
        *nc = n1;
        *ne = n2;
    }
    if (rc) {
        free(*contractors);
        *contractors = NULL;
    }
    free(c);
    free(g);
    return rc;
}

int app_works_match_place(app_ctx *ctx, const char *area_code, const char *address, app_works_candidate *out,
                          size_t max, size_t *n, err_t *e)
{
    *n = 0;
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc || !given(area_code) || !given(address))
        return rc;
    area_row area;
    if (area_store_get(ctx->db, area_code, &area, NULL) != 0)
        return err_field(e, "area_code", "町丁目「%s」は登録されていません。", area_code);
    works_area_tap *taps = NULL;
    size_t nt = 0;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = works_app_store_area_taps(ctx->db, area_code, &taps, &nt, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    char typed[700];
    str_fmt(typed, sizeof typed, "%s%s", area.name, address);
    for (size_t i = 0; i < nt && *n < max; i++) {
        char reg[600];
        app_registry_place_format(ctx, area.name, taps[i].address_enc, reg, sizeof reg);
        if (!address_matches(typed, reg))
            continue;
        app_works_candidate *c = &out[(*n)++];
        str_copy(c->tap_no, sizeof c->tap_no, taps[i].tap_no);
        str_copy(c->place, sizeof c->place, reg);
        c->diameter = taps[i].diameter;
        str_copy(c->status, sizeof c->status, taps[i].status);
    }
    free(taps);
    /* the candidates show the places of use (personal data): a view */
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "area", area_code);
    jsonw_kv_int(&d.w, "rows", (int64_t)*n);
    return app_audit_now_json(ctx, "works.place.match", "taps", &d, e);
}

int app_works_application_not_found(err_t *e, int64_t id)
{
    return err_set(e, ERR_NOTFOUND, NULL, "該当する工事申込がありません。", "works application %lld not found",
                   (long long)id);
}

/* ---- steps ----------------------------------------------------------- */

/* The step date column of the row that a step sets (NULL: none). */
static char *step_date_col(works_app_row *r, int step)
{
    switch (step) {
    case WORKS_STEP_REVIEW: return r->reviewed_on;
    case WORKS_STEP_APPROVE: return r->approved_on;
    case WORKS_STEP_PAY: return r->paid_on;
    case WORKS_STEP_START: return r->started_on;
    case WORKS_STEP_INSPECT:
    case WORKS_STEP_REINSPECT: return r->inspected_on;
    case WORKS_STEP_COMPLETE: return r->completed_on;
    case WORKS_STEP_CANCEL: return r->cancelled_on;
    default: return NULL;
    }
}

typedef struct step_args {
    int64_t id;
    works_step_request rq;
    const char *reason;
    const app_works_meter_input *meters;   /* a passing inspection's */
    size_t nmeters;
    char *tap_no;                          /* 完了: the tap handed over (may be NULL) */
} step_args;

static int step_check_tx(app_ctx *ctx, works_app_row *r, const step_args *a, int *to, err_t *e)
{
    works_charge_row *rows = NULL;
    size_t n = 0;
    int rc = works_charge_store_list(ctx->db, a->id, &rows, &n, e);
    if (rc)
        return rc;
    works_charge_state *cs = n ? calloc(n, sizeof *cs) : NULL;
    if (n && !cs) {
        free(rows);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        cs[i] = (works_charge_state){rows[i].name, rows[i].yen, rows[i].paid_yen, works_fee_due_parse(rows[i].due)};
    works_progress_state st = {works_status_parse(r->status), {0, 0, 0}, r->entered_by, cs, n};
    date_parse(r->status_on, &st.last_on);
    rc = works_progress_check(&st, &a->rq, to, e);
    free(cs);
    free(rows);
    return rc;
}

/* What a step hands to billing (app_works_handover.h): the meters of a
 * passing inspection, the taps on 完了. */
static int handover_hook_tx(app_ctx *ctx, const works_app_row *r, const step_args *a, const char *on, err_t *e)
{
    bool inspection = a->rq.step == WORKS_STEP_INSPECT || a->rq.step == WORKS_STEP_REINSPECT;
    if (inspection && a->rq.result == WORKS_RESULT_PASS)
        return app_works_handover_inspect_tx(ctx, r, a->meters, a->nmeters, on, e);
    if (a->rq.step == WORKS_STEP_COMPLETE)
        return app_works_handover_tx(ctx, r, on, NULL, a->tap_no, e);
    return 0;
}

static int step_tx(app_ctx *ctx, const step_args *a, err_t *e)
{
    works_app_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = works_app_store_get(ctx->db, a->id, r, e);
    if (rc == ERR_NOTFOUND)
        rc = app_works_application_not_found(e, a->id);
    if (!rc && a->rq.step == WORKS_STEP_COMPLETE && works_status_parse(r->status) == WORKS_ST_COMPLETED) {
        free(r);   /* completed before: the hand-over is done, nothing more */
        return 0;
    }
    int to = -1;
    if (!rc)
        rc = step_check_tx(ctx, r, a, &to, e);
    char on[11];
    date_format_iso(a->rq.on, on);
    if (!rc)
        rc = handover_hook_tx(ctx, r, a, on, e);
    works_step_row s = {.application_id = a->id, .created_at = date_now_unix()};
    if (!rc && a->rq.step == WORKS_STEP_CANCEL) {
        rc = app_seal_into(ctx, a->reason, r->cancel_reason_enc, sizeof r->cancel_reason_enc, e);
        if (!rc)
            str_copy(s.note_enc, sizeof s.note_enc, r->cancel_reason_enc);
    }
    if (!rc) {
        char *col = step_date_col(r, a->rq.step);
        if (col)
            str_copy(col, 11, on);
        str_copy(r->status, sizeof r->status, works_status_code(to));
        str_copy(r->status_on, sizeof r->status_on, on);
        rc = works_app_store_set_progress(ctx->db, r, s.created_at, e);
    }
    if (!rc && a->rq.step == WORKS_STEP_CANCEL)   /* 精算: what is refunded of what was paid */
        rc = app_works_cancel_settle_tx(ctx, a->id, r->number, r->reviewed_on[0] != '\0', e);
    if (!rc) {
        str_copy(s.step, sizeof s.step, works_step_code(a->rq.step));
        str_copy(s.result, sizeof s.result, works_result_code(a->rq.result));
        str_copy(s.status, sizeof s.status, r->status);
        str_copy(s.step_on, sizeof s.step_on, on);
        str_copy(s.taken_by, sizeof s.taken_by, a->rq.actor);
        rc = works_step_store_insert(ctx->db, &s, e);
    }
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "works_application:%lld", (long long)a->id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "number", r->number);
        jsonw_kv_string(&d.w, "step", works_step_code(a->rq.step));
        if (a->rq.result != WORKS_RESULT_NONE)
            jsonw_kv_string(&d.w, "result", works_result_code(a->rq.result));
        jsonw_kv_string(&d.w, "on", on);
        jsonw_kv_string(&d.w, "status", r->status);
        rc = app_audit_json(ctx, "works.application.step", obj, &d, e);
    }
    free(r);
    return rc;
}

int app_works_step(app_ctx *ctx, int64_t id, const char *step, const char *on, const char *result,
                   const char *reason, err_t *e)
{
    return app_works_step_meters(ctx, id, step, on, result, reason, NULL, 0, NULL, e);
}

int app_works_step_meters(app_ctx *ctx, int64_t id, const char *step, const char *on, const char *result,
                          const char *reason, const app_works_meter_input *meters, size_t n, char *tap_no,
                          err_t *e)
{
    if (tap_no)
        tap_no[0] = '\0';
    int st = works_step_parse(step);
    if (st < 0 || st == WORKS_STEP_RECEIVE)
        return err_field(e, "step", "手続きの種類が正しくありません。");
    int rc = app_require(ctx, works_step_perm(st), e);
    if (rc)
        return rc;
    step_args a = {.id = id, .reason = reason, .meters = meters, .nmeters = n, .tap_no = tap_no};
    a.rq.step = st;
    a.rq.today = date_today_jst();
    a.rq.on = a.rq.today;
    if (given(on) && !date_parse(on, &a.rq.on))
        return err_field(e, "on", "%sの日付を YYYY-MM-DD で入力してください。", works_step_label(st));
    int res = works_result_parse(result ? result : "");
    if (res < 0)
        return err_field(e, "result", "検査の結果は合格か不合格を選んでください。");
    a.rq.result = res;
    a.rq.reason = reason;
    a.rq.actor = ctx->actor.username[0] ? ctx->actor.username : "operator";
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    return app_tx_end(ctx, step_tx(ctx, &a, e), e);
}

/* ---- key rotation ---------------------------------------------------- */

typedef struct reseal_state {
    app_ctx *ctx;
    int64_t count;
    err_t *e;
} reseal_state;

static int reseal_value(const char *column, int64_t id, const char *enc, void *arg)
{
    reseal_state *st = arg;
    char kid[CRYPTO_KEYID_MAX];
    if (crypto_sealed_keyid(enc, kid, sizeof kid) && strcmp(kid, crypto_keyring_current(st->ctx->env->keys)) == 0)
        return 0;
    char *plain = crypto_open(st->ctx->env->keys, enc);
    char *now = plain ? crypto_seal(st->ctx->env->keys, plain) : NULL;
    free(plain);
    if (!now)
        return err_set(st->e, ERR_INTERNAL, NULL, NULL, "works: %s of %lld cannot be re-sealed", column, (long long)id);
    int rc = works_app_store_set_enc(st->ctx->db, column, id, now, st->e);
    free(now);
    if (!rc)
        st->count++;
    return rc;
}

int app_works_application_reseal_tx(app_ctx *ctx, int64_t *count, err_t *e)
{
    reseal_state st = {ctx, 0, e};
    int rc = works_app_store_walk_enc(ctx->db, reseal_value, &st, e);
    *count = st.count;
    return rc;
}
