/* Unit tests: the fees of service-connection works (domain/works/works_fee.h)
 * — the worked examples of docs/works-fee-format.md on the shipped tables
 * (works-fees/, compiled in): new 20 mm, a remodel 13→20 mm paying the
 * difference and 20→13 mm paying nothing, a complex of 12 dwellings of 13
 * mm, removal and branch, the switch to the next version on its effective
 * date; tax added to a table without it (each rounding mode); bad requests
 * naming the field; versions that clash; and every kind of bad table refused
 * with a message naming its key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/works/works_fee_demo.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/works/works_fee.h"

/* The shipped versions: sankyo-works-2019 (from 2019-10-01) and sankyo-works-2027 (from 2027-04-01). */
static works_fee_table SHIPPED[4];
static size_t NSHIPPED;

static int setup(void **state)
{
    (void)state;
    char err[400];
    for (const works_fee_file *f = WORKS_FEE_DEMO_FILES; f->name; f++) {
        if (NSHIPPED == 4 || works_fee_parse(f->text, f->len, &SHIPPED[NSHIPPED], err, sizeof err)) {
            print_error("%s: %s\n", f->name, err);
            return -1;
        }
        NSHIPPED++;
    }
    return NSHIPPED == 2 ? 0 : -1;
}

static civil_date D(const char *s)
{
    civil_date d = {0, 0, 0};
    if (!date_parse(s, &d))
        fail_msg("bad date in test: %s", s);
    return d;
}

static works_fee_quote Q;

/* A quote on the shipped tables that must succeed. */
static const works_fee_quote *quote(works_type type, int d, int old, int dwellings, const char *date)
{
    works_fee_request rq = {type, d, old, dwellings, D(date)};
    err_t e;
    err_clear(&e);
    if (works_fee_quote_for(SHIPPED, NSHIPPED, &rq, &Q, &e) != 0)
        fail_msg("%s %d mm on %s: %s [%s]", works_type_code(type), d, date, e.user, e.field);
    return &Q;
}

/* The fee lines as "code=yen/tax,..." for one comparison. */
static const char *fees_of(const works_fee_quote *q)
{
    static char out[512];
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < q->nfees; i++) {
        str_fmt(out + len, sizeof out - len, "%s%s=%lld/%lld", i ? "," : "", q->fees[i].code,
                (long long)q->fees[i].yen, (long long)q->fees[i].tax);
        len = strlen(out);
    }
    return out;
}

static void new_20mm(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_NEW, 20, 0, 0, "2026-12-05");
    assert_string_equal(q->table->id, "sankyo-works-2019");
    assert_int_equal(q->kanyukin.yen, 110000);
    assert_int_equal(q->kanyukin.tax, 10000);   /* 110,000 × 10/110 */
    assert_string_equal(fees_of(q), "design=2000/0,inspection=3000/0");
    assert_int_equal(q->total, 115000);
    assert_int_equal(q->tax, 10000);
    assert_int_equal(q->rq.dwellings, 1);
}

static void remodel_pays_the_difference_when_enlarging(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_REMODEL, 20, 13, 0, "2026-12-05");
    assert_int_equal(q->kanyukin.yen, 66000);   /* 110,000 − 44,000 */
    assert_int_equal(q->kanyukin.tax, 6000);
    assert_string_equal(fees_of(q), "design=2000/0,inspection=3000/0");
    assert_int_equal(q->total, 71000);
    q = quote(WORKS_REMODEL, 100, 25, 0, "2026-12-05");
    assert_int_equal(q->kanyukin.yen, 4400000 - 198000);
    /* reducing or keeping the size pays no 加入金, only the fees at the new size */
    q = quote(WORKS_REMODEL, 13, 20, 0, "2026-12-05");
    assert_int_equal(q->kanyukin.yen, 0);
    assert_int_equal(q->kanyukin.tax, 0);
    assert_string_equal(fees_of(q), "design=2000/0,inspection=3000/0");
    assert_int_equal(q->total, 5000);
    q = quote(WORKS_REMODEL, 20, 20, 0, "2026-12-05");
    assert_int_equal(q->kanyukin.yen, 0);
    /* a legacy size the table does not know is no obstacle when nothing is owed for it */
    q = quote(WORKS_REMODEL, 13, 16, 0, "2026-12-05");
    assert_int_equal(q->kanyukin.yen, 0);
}

static void complex_pays_per_dwelling(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_COMPLEX, 13, 0, 12, "2026-12-05");
    assert_int_equal(q->kanyukin.yen, 528000);   /* 44,000 × 12 */
    assert_int_equal(q->kanyukin.tax, 48000);
    /* the design review once, the inspection for each dwelling's meter */
    assert_string_equal(fees_of(q), "design=2000/0,inspection=36000/0");
    assert_int_equal(q->total, 566000);
    assert_int_equal(q->tax, 48000);
    assert_int_equal(q->rq.dwellings, 12);
}

/* A 特団 whose dwellings differ: each dwelling's 加入金 (and per-dwelling
 * fee) at its own diameter; the fee per case once. */
static void complex_dwellings_of_different_diameters(void **state)
{
    (void)state;
    static const int EACH[3] = {13, 20, 25};
    works_fee_request rq = {WORKS_COMPLEX, 13, 0, 3, D("2026-12-05")};
    err_t e;
    err_clear(&e);
    assert_int_equal(works_fee_quote_each(SHIPPED, NSHIPPED, &rq, EACH, &Q, &e), 0);
    assert_int_equal(Q.kanyukin.yen, 44000 + 110000 + 198000);
    assert_int_equal(Q.kanyukin.tax, 4000 + 10000 + 18000);
    assert_string_equal(fees_of(&Q), "design=2000/0,inspection=9000/0");
    /* NULL: all at the diameter, as works_fee_quote_for */
    assert_int_equal(works_fee_quote_each(SHIPPED, NSHIPPED, &rq, NULL, &Q, &e), 0);
    assert_int_equal(Q.kanyukin.yen, 3 * 44000);
    /* a diameter the table lacks, named */
    static const int ODD[3] = {13, 16, 20};
    assert_int_equal(works_fee_quote_each(SHIPPED, NSHIPPED, &rq, ODD, &Q, &e), ERR_INVALID);
    assert_string_equal(e.field, "diameter");
}

static void removal_and_branch_pay_no_kanyukin(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_REMOVAL, 20, 0, 0, "2026-12-05");
    assert_int_equal(q->kanyukin.yen, 0);
    assert_string_equal(fees_of(q), "removal=2000/0");
    assert_int_equal(q->total, 2000);
    q = quote(WORKS_BRANCH, 25, 0, 1, "2026-12-05");   /* dwellings 1 is what any application has */
    assert_int_equal(q->kanyukin.yen, 0);
    assert_string_equal(fees_of(q), "design=2000/0,inspection=3000/0,branch=27500/2500");
    assert_int_equal(q->total, 32500);
    assert_int_equal(q->tax, 2500);
}

static void the_next_version_from_its_effective_date(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_NEW, 13, 0, 0, "2027-03-31");
    assert_string_equal(q->table->id, "sankyo-works-2019");
    assert_int_equal(q->kanyukin.yen, 44000);
    assert_int_equal(q->total, 49000);
    q = quote(WORKS_NEW, 13, 0, 0, "2027-04-01");
    assert_string_equal(q->table->id, "sankyo-works-2027");
    assert_int_equal(q->kanyukin.yen, 49500);
    assert_int_equal(q->kanyukin.tax, 4500);
    assert_string_equal(fees_of(q), "design=2500/0,inspection=3500/0");
    assert_int_equal(q->total, 55500);
    /* the first day of the first version, and the order the versions come in does not matter */
    works_fee_table both[2] = {SHIPPED[1], SHIPPED[0]};
    works_fee_request rq = {WORKS_NEW, 13, 0, 0, D("2019-10-01")};
    assert_int_equal(works_fee_quote_for(both, 2, &rq, &Q, NULL), 0);
    assert_string_equal(Q.table->id, "sankyo-works-2019");
    assert_ptr_equal(works_fee_in_force(both, 2, D("2030-01-01")), &both[0]);
    assert_null(works_fee_in_force(both, 2, D("2019-09-30")));
}

/* The shipped 2019 table carries the 会津若松 加入金 of docs/domain practice (税込). */
static void shipped_kanyukin(void **state)
{
    (void)state;
    static const int DIA[] = {13, 20, 25, 40, 50, 75, 100};
    static const int64_t YEN[] = {44000, 110000, 198000, 594000, 924000, 2200000, 4400000};
    for (size_t i = 0; i < sizeof DIA / sizeof DIA[0]; i++)
        assert_int_equal(quote(WORKS_NEW, DIA[i], 0, 0, "2026-12-05")->kanyukin.yen, YEN[i]);
    assert_true(SHIPPED[0].prices_include_tax);
    assert_int_equal(SHIPPED[0].tax_percent, 10);
}

/* A table without tax: the tax is added to each line after its count and difference. */
static const char EXCL[] =
    "{\"format\":\"suido-works-fee/1\",\"id\":\"excl\",\"name\":\"税抜の表\",\"effective_from\":\"2024-04-01\","
    "\"prices_include_tax\":false,\"tax_percent\":10,\"tax_rounding\":\"round\","
    "\"kanyukin\":{\"20\":100001,\"13\":40000},"
    "\"fees\":[{\"code\":\"meter\",\"name\":\"メーター設置手数料\",\"types\":[\"complex\",\"new\"],\"yen\":1005,"
    "\"per\":\"dwelling\",\"taxable\":true}]}";

static void tax_added_and_rounded(void **state)
{
    (void)state;
    static const char *const MODES[] = {"round", "floor", "ceil"};
    /* complex 3 × 20 mm: 加入金 300,003 + 30,000.3; fee 3,015 + 301.5 */
    static const int64_t KANYUKIN[] = {330003, 330003, 330004}, FEE[] = {3317, 3316, 3317};
    /* remodel 13 → 20: the difference 60,001 + 6,000.1 */
    static const int64_t DIFF[] = {66001, 66001, 66002};
    char text[sizeof EXCL + 8], err[400];
    works_fee_table *t = malloc(sizeof *t);
    for (int m = 0; m < 3; m++) {
        char *at = strstr(memcpy(text, EXCL, sizeof EXCL), "\"round\"");
        str_fmt(at, sizeof text - (size_t)(at - text), "\"%s\"%s", MODES[m], strstr(EXCL, "\"round\"") + 7);
        if (works_fee_parse(text, strlen(text), t, err, sizeof err))
            fail_msg("%s", err);
        assert_int_equal(t->kanyukin.diameter[0], 13);   /* kept in order of diameter */
        works_fee_request rq = {WORKS_COMPLEX, 20, 0, 3, D("2024-04-01")};
        assert_int_equal(works_fee_quote_for(t, 1, &rq, &Q, NULL), 0);
        assert_int_equal(Q.kanyukin.yen, KANYUKIN[m]);
        assert_int_equal(Q.kanyukin.tax, KANYUKIN[m] - 300003);
        assert_int_equal(Q.fees[0].yen, FEE[m]);
        assert_int_equal(Q.total, KANYUKIN[m] + FEE[m]);
        assert_int_equal(Q.tax, KANYUKIN[m] - 300003 + FEE[m] - 3015);
        works_fee_request rm = {WORKS_REMODEL, 20, 13, 0, D("2024-04-01")};
        assert_int_equal(works_fee_quote_for(t, 1, &rm, &Q, NULL), 0);
        assert_int_equal(Q.kanyukin.yen, DIFF[m]);
        assert_int_equal(Q.nfees, 0);   /* the fee is for new and complex only */
    }
    free(t);
}

/* A request the domain refuses: the field named, and part of the message. */
static void refused(works_type type, int d, int old, int dwellings, const char *date, const char *field,
                    const char *says)
{
    works_fee_request rq = {type, d, old, dwellings, D(date)};
    err_t e;
    err_clear(&e);
    assert_int_equal(works_fee_quote_for(SHIPPED, NSHIPPED, &rq, &Q, &e), ERR_INVALID);
    assert_string_equal(e.field, field);
    if (!strstr(e.user, says))
        fail_msg("\"%s\" does not say %s", e.user, says);
}

static void bad_requests_name_the_field(void **state)
{
    (void)state;
    refused(WORKS_NEW, 16, 0, 0, "2026-12-05", "diameter", "口径 16 mm の加入金がありません（あるのは 13・20・25・30・40");
    refused(WORKS_NEW, 0, 0, 0, "2026-12-05", "diameter", "1〜10000");
    refused(WORKS_REMODEL, 20, 0, 0, "2026-12-05", "old_diameter", "改造前の口径");
    refused(WORKS_REMODEL, 20, 16, 0, "2026-12-05", "old_diameter", "口径 16 mm の加入金");
    refused(WORKS_REMODEL, 16, 13, 0, "2026-12-05", "diameter", "口径 16 mm");
    refused(WORKS_NEW, 20, 13, 0, "2026-12-05", "old_diameter", "改造（remodel）のときだけ");
    refused(WORKS_COMPLEX, 13, 0, 0, "2026-12-05", "dwellings", "特団（complex）の戸数は 1〜9999");
    refused(WORKS_COMPLEX, 13, 0, 10000, "2026-12-05", "dwellings", "1〜9999");
    refused(WORKS_REMOVAL, 13, 0, 5, "2026-12-05", "dwellings", "特団（complex）のときだけ");
    refused(WORKS_BRANCH, 75, 0, 0, "2026-12-05", "diameter", "口径 75 mm の分水工事費がありません");
    refused(WORKS_NEW, 20, 0, 0, "2019-09-30", "date", "最も古い版 sankyo-works-2019 は 2019-10-01 から");
    refused((works_type)7, 20, 0, 0, "2026-12-05", "type", "new・remodel");
    /* versions that clash */
    works_fee_table two[2] = {SHIPPED[0], SHIPPED[0]};
    works_fee_request rq = {WORKS_NEW, 13, 0, 0, D("2026-12-05")};
    err_t e;
    assert_int_equal(works_fee_quote_for(two, 2, &rq, &Q, &e), ERR_INVALID);
    assert_string_equal(e.field, "table");
    assert_non_null(strstr(e.user, "id sankyo-works-2019 の料金表が2つ"));
    str_copy(two[1].id, sizeof two[1].id, "other");
    assert_int_equal(works_fee_quote_for(two, 2, &rq, &Q, &e), ERR_INVALID);
    assert_non_null(strstr(e.user, "effective_from 2019-10-01 の版が2つ"));
    assert_int_equal(works_fee_quote_for(two, 0, &rq, &Q, &e), ERR_INVALID);
}

static void as_json(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_REMODEL, 20, 13, 0, "2026-12-05");
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    works_fee_quote_json(&w, q);
    buf_putc(&b, '\0');
    assert_string_equal(b.data,
                        "{\"table\":\"sankyo-works-2019\",\"table_name\":\"山峡市 給水装置工事 加入金・手数料（令和元年10月〜）\","
                        "\"effective_from\":\"2019-10-01\",\"date\":\"2026-12-05\",\"type\":\"remodel\",\"diameter\":20,"
                        "\"old_diameter\":13,\"dwellings\":1,\"prices_include_tax\":true,\"tax_percent\":10,"
                        "\"kanyukin\":66000,\"kanyukin_tax\":6000,\"kanyukin_due\":\"start\",\"kanyukin_refundable\":true,\"fees\":["
                        "{\"code\":\"design\",\"name\":\"設計審査手数料\",\"yen\":2000,\"tax\":0,\"due\":\"approval\","
                        "\"refundable\":false},"
                        "{\"code\":\"inspection\",\"name\":\"完成検査手数料\",\"yen\":3000,\"tax\":0,\"due\":\"start\","
                        "\"refundable\":true}],"
                        "\"total\":71000,\"tax\":6000}");
    buf_free(&b);
}

/* A good small table; each case below changes one piece of it. */
static const char GOOD[] =
    "{\"format\":\"suido-works-fee/1\",\"id\":\"t\",\"name\":\"試験\",\"effective_from\":\"2024-04-01\","
    "\"prices_include_tax\":true,\"tax_percent\":10,"
    "\"kanyukin\":{\"13\":44000,\"20\":110000,\"25\":198000},"
    "\"fees\":[{\"code\":\"design\",\"name\":\"設計審査手数料\",\"types\":[\"new\"],\"yen\":2000,\"taxable\":false},"
    "{\"code\":\"inspection\",\"name\":\"完成検査手数料\",\"types\":[\"new\",\"complex\"],"
    "\"by_diameter\":{\"13\":3000},\"per\":\"dwelling\",\"taxable\":false}]}";

static void table_errors_name_the_key(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        /* amounts */
        {"\"20\":110000", "\"20\":\"110000\"", "kanyukin.20: 金額は0以上の整数"},
        {"\"20\":110000", "\"20\":-1", "kanyukin.20: 金額は0以上の整数"},
        {"\"20\":110000", "\"20\":110000.5", "kanyukin.20: 金額は0以上の整数"},
        {"\"20\":110000", "\"20\":1000000000", "kanyukin.20: 金額は0以上の整数"},
        {"\"by_diameter\":{\"13\":3000}", "\"by_diameter\":{\"13\":\"3000\"}", "fees[1].by_diameter.13: 金額"},
        {"\"yen\":2000", "\"yen\":null", "fees[0].yen: 金額"},
        /* diameters */
        {"\"20\":110000", "\"020\":110000", "kanyukin.020: 口径は"},
        {"\"20\":110000", "\"20mm\":110000", "kanyukin.20mm: 口径は"},
        {"\"25\":198000", "\"25\":100000", "kanyukin.25: 20 mm（110000 円）より大きな口径なのに"},
        {"\"kanyukin\":{\"13\":44000,\"20\":110000,\"25\":198000}", "\"kanyukin\":{}", "kanyukin: 口径（mm）ごと"},
        {"\"kanyukin\":{\"13\":44000,\"20\":110000,\"25\":198000},", "", "kanyukin: 必須のキー"},
        {"\"by_diameter\":{\"13\":3000}", "\"by_diameter\":{}", "fees[1].by_diameter: 口径"},
        /* unknown and missing keys */
        {"\"name\":\"試験\"", "\"nmae\":\"試験\"", "nmae: 未知のキーです"},
        {"\"per\":\"dwelling\"", "\"per\":\"dwelling\",\"perr\":1", "fees[1].perr: 未知のキーです"},
        {"\"name\":\"試験\",", "", "name: 必須のキー"},
        {"\"fees\":", "\"feez\":", "feez: 未知のキー"},
        {"\"per\":\"dwelling\",\"taxable\":false", "\"per\":\"dwelling\"", "fees[1].taxable: true（課税）か false"},
        /* fees */
        {"\"types\":[\"new\"]", "\"types\":[\"repair\"]", "fees[0].types[0]: 申込種別は"},
        {"\"types\":[\"new\"]", "\"types\":[]", "fees[0].types: 申込種別を1つ以上"},
        {"\"types\":[\"new\"]", "\"types\":[\"new\",\"new\"]", "fees[0].types[1]: new が2回"},
        {"\"yen\":2000,", "\"yen\":2000,\"by_diameter\":{\"13\":1},", "fees[0]: 金額は yen（一律）か by_diameter"},
        {"\"yen\":2000,", "", "fees[0]: 金額は yen（一律）か by_diameter"},
        {"\"code\":\"inspection\"", "\"code\":\"design\"", "fees[1].code: fees[0] と同じ code"},
        {"\"code\":\"design\"", "\"code\":\"kanyukin\"", "fees[0].code: 英小文字"},
        {"\"code\":\"design\"", "\"code\":\"Design\"", "fees[0].code: 英小文字"},
        {"\"per\":\"dwelling\"", "\"per\":\"meter\"", "fees[1].per: case（1件ごと）か dwelling"},
        {"\"fees\":[{", "\"fees\":[1,{", "fees[0]: {\"code\""},
        /* tax */
        {"\"tax_percent\":10", "\"tax_percent\":7", "tax_percent: 消費税率は"},
        {"\"tax_percent\":10", "\"tax_percent\":\"10\"", "tax_percent: 消費税率は"},
        {"\"tax_percent\":10", "\"tax_percent\":10,\"tax_rounding\":\"floor\"", "tax_rounding: 税込の表"},
        {"\"prices_include_tax\":true", "\"prices_include_tax\":false", "tax_rounding: 税抜の表では"},
        {"\"prices_include_tax\":true", "\"prices_include_tax\":\"yes\"", "prices_include_tax: true（税込の金額）"},
        /* the rest */
        {"2024-04-01", "2024-02-30", "effective_from: 実在する日付"},
        {"2024-04-01", "2024/04/01", "effective_from: 実在する日付"},
        {"suido-works-fee/1", "suido-tariff/1", "format: \"suido-works-fee/1\" ではありません"},
        {"\"id\":\"t\"", "\"id\":\"T 1\"", "id: 英小文字"},
        {"\"name\":\"試験\"", "\"name\":\"試験\",\"name\":\"x\"", "JSON として読めません"},
        {"{\"format\"", "[{\"format\"", "JSON として読めません"},
    };
    works_fee_table *t = malloc(sizeof *t);
    char err[400];
    if (works_fee_parse(GOOD, strlen(GOOD), t, err, sizeof err))
        fail_msg("the good table: %s", err);
    assert_int_equal(t->nfees, 2);
    assert_true(t->fees[1].per_dwelling);
    assert_true(t->fees[0].flat);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[sizeof GOOD + 200];
        const char *at = strstr(GOOD, cases[i][0]);
        if (!at)
            fail_msg("case %zu: %s is not in the good table", i, cases[i][0]);
        str_fmt(text, sizeof text, "%.*s%s%s", (int)(at - GOOD), GOOD, cases[i][1], at + strlen(cases[i][0]));
        err[0] = '\0';
        assert_int_equal(works_fee_parse(text, strlen(text), t, err, sizeof err), -1);
        if (strncmp(err, cases[i][2], strlen(cases[i][2])) != 0)
            fail_msg("case %zu: \"%s\" does not begin with %s", i, err, cases[i][2]);
        assert_int_equal(t->nfees, 0);   /* nothing half-filled */
    }
    free(t);
}

/* "due": before which step each charge is paid — the shipped tables say it
 * (設計審査 and 撤去確認 at approval, the rest before the start); a table
 * without it takes the default (design at approval, the rest at the start);
 * a bad word is refused naming the key. */
static void due_before_a_step(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_NEW, 20, 0, 0, "2026-12-05");
    assert_int_equal(q->kanyukin.due, WORKS_DUE_START);
    assert_string_equal(q->fees[0].code, "design");
    assert_int_equal(q->fees[0].due, WORKS_DUE_APPROVAL);
    assert_int_equal(q->fees[1].due, WORKS_DUE_START);
    q = quote(WORKS_REMOVAL, 20, 0, 0, "2026-12-05");
    assert_int_equal(q->fees[0].due, WORKS_DUE_APPROVAL);

    works_fee_table *t = calloc(1, sizeof *t);
    char err[400];
    assert_int_equal(works_fee_parse(GOOD, strlen(GOOD), t, err, sizeof err), 0);
    assert_int_equal(t->kanyukin_due, WORKS_DUE_START);
    assert_int_equal(t->fees[0].due, WORKS_DUE_APPROVAL);   /* code "design" */
    assert_int_equal(t->fees[1].due, WORKS_DUE_START);
    char *s = strdup(GOOD);
    char *at = strstr(s, "\"taxable\":false}]");
    assert_non_null(at);
    buf_t b;
    buf_init(&b, 0);
    buf_append(&b, s, (size_t)(at - s));
    buf_puts(&b, "\"taxable\":false,\"due\":\"approval\"}],\"kanyukin_due\":\"approval\"}");
    assert_int_equal(works_fee_parse(buf_cstr(&b), b.len, t, err, sizeof err), 0);
    assert_int_equal(t->fees[1].due, WORKS_DUE_APPROVAL);
    assert_int_equal(t->kanyukin_due, WORKS_DUE_APPROVAL);
    buf_reset(&b);
    buf_append(&b, s, (size_t)(at - s));
    buf_puts(&b, "\"taxable\":false,\"due\":\"payment\"}]}");
    assert_int_equal(works_fee_parse(buf_cstr(&b), b.len, t, err, sizeof err), -1);
    assert_non_null(strstr(err, "fees[1].due: approval"));
    assert_int_equal(works_fee_due_parse("start"), WORKS_DUE_START);
    assert_int_equal(works_fee_due_parse("Start"), -1);
    buf_free(&b);
    free(s);
    free(t);
}

/* refundable: design is kept by default, the rest refunded; the file may say otherwise */
static void refundable_by_default_and_by_the_file(void **state)
{
    (void)state;
    const works_fee_quote *q = quote(WORKS_NEW, 20, 0, 0, "2026-12-05");
    assert_true(q->kanyukin.refundable);
    assert_string_equal(q->fees[0].code, "design");
    assert_false(q->fees[0].refundable);
    assert_true(q->fees[1].refundable);
    works_fee_table *t = calloc(1, sizeof *t);
    char err[400];
    char *s = strdup(GOOD);
    char *at = strstr(s, "\"taxable\":false}]");
    assert_non_null(at);
    buf_t b;
    buf_init(&b, 0);
    buf_append(&b, s, (size_t)(at - s));
    buf_puts(&b, "\"taxable\":false,\"refundable\":false}],\"kanyukin_refundable\":false}");
    assert_int_equal(works_fee_parse(buf_cstr(&b), b.len, t, err, sizeof err), 0);
    assert_false(t->fees[1].refundable);
    assert_false(t->kanyukin_refundable);
    buf_reset(&b);
    buf_append(&b, s, (size_t)(at - s));
    buf_puts(&b, "\"taxable\":false,\"refundable\":\"no\"}]}");
    assert_int_equal(works_fee_parse(buf_cstr(&b), b.len, t, err, sizeof err), -1);
    assert_non_null(strstr(err, "fees[1].refundable: true"));
    buf_reset(&b);
    buf_append(&b, s, (size_t)(at - s));
    buf_puts(&b, "\"taxable\":false}],\"kanyukin_refundable\":1}");
    assert_int_equal(works_fee_parse(buf_cstr(&b), b.len, t, err, sizeof err), -1);
    assert_non_null(strstr(err, "kanyukin_refundable: true"));
    buf_free(&b);
    free(s);
    free(t);
}

static void type_codes(void **state)
{
    (void)state;
    for (int i = 0; i < WORKS_NTYPES; i++)
        assert_int_equal(works_type_parse(works_type_code((works_type)i)), i);
    assert_int_equal(works_type_parse("New"), -1);
    assert_int_equal(works_type_parse(NULL), -1);
    assert_string_equal(works_type_code(WORKS_NTYPES), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_20mm),
        cmocka_unit_test(remodel_pays_the_difference_when_enlarging),
        cmocka_unit_test(complex_pays_per_dwelling),
        cmocka_unit_test(removal_and_branch_pay_no_kanyukin),
        cmocka_unit_test(the_next_version_from_its_effective_date),
        cmocka_unit_test(shipped_kanyukin),
        cmocka_unit_test(tax_added_and_rounded),
        cmocka_unit_test(bad_requests_name_the_field),
        cmocka_unit_test(as_json),
        cmocka_unit_test(table_errors_name_the_key),
        cmocka_unit_test(due_before_a_step),
        cmocka_unit_test(refundable_by_default_and_by_the_file),
        cmocka_unit_test(type_codes),
        cmocka_unit_test(complex_dwellings_of_different_diameters),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
