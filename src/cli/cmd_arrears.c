/* cmd_arrears — `suido arrears surcharge|limitation`: the arithmetic of
 * 延滞金 and of limitation periods (docs/arrears.md), printed as JSON.  Both
 * are pure: they read the rates file named and nothing else (no
 * configuration, no key file, no database). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "domain/limitation.h"
#include "domain/surcharge.h"
#include "domain/surcharge_rates.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido arrears dunning --step tokusoku|saikoku|yokoku --as-of YYYY-MM-DD [--dry-run] [--pdf FILE]\n"
    "      督促状・催告書・給水停止予告通知書の作成（詳細: suido arrears dunning --help）。\n"
    "  suido arrears surcharge --rates FILE --principal YEN --due YYYY-MM-DD --payment YYYY-MM-DD:YEN [--payment …]\n"
    "      延滞金を計算し、JSON {\"surcharge\": 円, \"parts\": [{\"from\",\"to\",\"base\",\"rate\",\"days\",\"yen\"}, …]}\n"
    "      を表示します。FILE は料率ファイル（suido-surcharge/1、例 surcharge/tokurei.json）です。\n"
    "      --payment は納付日と金額で、何回でも指定できます（順不同）。\n"
    "  suido arrears pledges --check [--as-of YYYY-MM-DD]\n"
    "      分納誓約の不履行・完了の確認（詳細: suido arrears pledges --help）。\n"
    "  suido arrears limitation --service water|sewer --read-on YYYY-MM-DD --due YYYY-MM-DD\n"
    "                           [--ack YYYY-MM-DD …] [--dunning-deadline YYYY-MM-DD …]\n"
    "      消滅時効の完成日を計算し、JSON {\"barred_from\", \"needs_invocation\", \"years\", \"events\"} を\n"
    "      表示します。--ack は債務の承認（一部納付・分納誓約・承認書）の日、--dunning-deadline は\n"
    "      督促状に記載した指定期限です。\n"
    "  surcharge と limitation はデータベースを使いません。入力の誤りは、どの引数かを示して終了コード 2 を返します。\n"
    "  規則の詳細: docs/arrears.md\n";

/* An amount of yen: digits only, 1..max. */
static bool parse_yen(const char *s, int64_t max, int64_t *yen)
{
    long long v = 0;
    if (!s || *s < '0' || *s > '9' || !str_to_i64(s, &v) || v < 1 || v > max)
        return false;
    *yen = v;
    return true;
}

static void write_surcharge(jsonw *w, const void *r)
{
    surcharge_json(w, r);
}

static void write_limitation(jsonw *w, const void *r)
{
    limitation_json(w, r);
}

/* Every --payment DATE:YEN, in the order given.  Prints and returns false on a bad one. */
static bool get_payments(const cli_opts *o, surcharge_payment *p, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < o->n; i++) {
        if (strcmp(o->names[i], "payment") != 0)
            continue;
        const char *v = o->values[i] ? o->values[i] : "";
        const char *colon = strchr(v, ':');
        if (!colon) {
            fprintf(stderr, "--payment は 日付:金額（例 2026-02-10:150000）で指定してください（指定値: %s）\n", v);
            return false;
        }
        char date[16];
        size_t dl = (size_t)(colon - v);
        if (dl >= sizeof date)
            dl = sizeof date - 1;
        memcpy(date, v, dl);
        date[dl] = '\0';
        if (*n >= SURCHARGE_MAX_PAYMENTS) {
            fprintf(stderr, "--payment は %d 件までです。\n", SURCHARGE_MAX_PAYMENTS);
            return false;
        }
        if (!cli_iso_date(date, &p[*n].date)) {
            fprintf(stderr, "--payment の日付は実在する日付を YYYY-MM-DD で指定してください（指定値: %s）\n", v);
            return false;
        }
        if (!parse_yen(colon + 1, SURCHARGE_MAX_PRINCIPAL, &p[*n].yen)) {
            fprintf(stderr, "--payment の金額は 1〜%lld の整数（円、カンマなし）で指定してください（指定値: %s）\n",
                    (long long)SURCHARGE_MAX_PRINCIPAL, v);
            return false;
        }
        (*n)++;
    }
    if (*n == 0) {
        fprintf(stderr, "--payment（納付日:金額）を1件以上指定してください。\n");
        return false;
    }
    return true;
}

static bool load_rates(const char *path, surcharge_rates *r)
{
    size_t len = 0;
    char *text = cli_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "--rates: %s: ファイルを読めません (%s)\n", path, strerror(errno));
        return false;
    }
    char err[400];
    int rc = surcharge_rates_parse(text, len, r, err, sizeof err);
    free(text);
    if (rc) {
        fprintf(stderr, "--rates: %s: %s\n", path, err);
        return false;
    }
    return true;
}

static int do_surcharge(const cli_opts *o)
{
    static const char *const allowed[] = {"rates", "principal", "due", "payment", NULL};
    static const char *const single[] = {"rates", "principal", "due", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, single))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n\n%s", o->args[0], USAGE);
        return 2;
    }
    const char *rates_path = cli_get(o, "rates");
    const char *principal_s = cli_get(o, "principal");
    int64_t principal = 0;
    civil_date due;
    surcharge_payment pay[SURCHARGE_MAX_PAYMENTS];
    size_t npay = 0;
    if (!rates_path) {
        fprintf(stderr, "--rates（料率ファイル）を指定してください。\n");
        return 2;
    }
    if (!principal_s) {
        fprintf(stderr, "--principal（未納の元金、円）を指定してください。\n");
        return 2;
    }
    if (!parse_yen(principal_s, SURCHARGE_MAX_PRINCIPAL, &principal)) {
        fprintf(stderr, "--principal は 1〜%lld の整数（円、カンマなし）で指定してください（指定値: %s）\n",
                (long long)SURCHARGE_MAX_PRINCIPAL, principal_s);
        return 2;
    }
    if (!cli_date(o, "due", true, &due) || !get_payments(o, pay, &npay))
        return 2;
    surcharge_rates *rates = malloc(sizeof *rates);
    surcharge_result *r = malloc(sizeof *r);
    int status = 2;
    char err[400];
    if (!rates || !r) {
        fprintf(stderr, "メモリが足りません。\n");
        status = 1;
    } else if (load_rates(rates_path, rates)) {
        civil_date start = date_from_days(date_to_days(due) + 1), first = rates->periods[0].from;
        char a[11], b[11];
        date_format_iso(start, a);
        date_format_iso(first, b);
        if (!surcharge_rates_at(rates, start))
            fprintf(stderr, "--rates: %s の料率は %s からで、納期限（--due）の翌日 %s を含みません。\n", rates_path, b, a);
        else if (surcharge_compute(rates, principal, due, pay, npay, r, err, sizeof err) != 0)
            fprintf(stderr, "--payment: %s\n", err);   /* all else was checked: the span of the payments */
        else {
            cli_print_json(write_surcharge, r);
            status = 0;
        }
    }
    free(rates);
    free(r);
    return status;
}

/* Every --ack and --dunning-deadline, in the order given. */
static bool get_events(const cli_opts *o, civil_date due, limitation_event_in *ev, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < o->n; i++) {
        bool ack = strcmp(o->names[i], "ack") == 0;
        if (!ack && strcmp(o->names[i], "dunning-deadline") != 0)
            continue;
        const char *v = o->values[i] ? o->values[i] : "";
        if (*n >= LIMITATION_MAX_EVENTS) {
            fprintf(stderr, "--ack と --dunning-deadline は合わせて %d 件までです。\n", LIMITATION_MAX_EVENTS);
            return false;
        }
        if (!cli_iso_date(v, &ev[*n].date)) {
            fprintf(stderr, "--%s は実在する日付を YYYY-MM-DD で指定してください（指定値: %s）\n", o->names[i], v);
            return false;
        }
        if (!ack && date_cmp(ev[*n].date, due) <= 0) {
            fprintf(stderr, "--dunning-deadline は督促状の指定期限で、納期限（--due）より後の日付です（指定値: %s）\n", v);
            return false;
        }
        ev[*n].kind = ack ? LIMITATION_ACK : LIMITATION_DUNNING;
        (*n)++;
    }
    return true;
}

static int do_limitation(const cli_opts *o)
{
    static const char *const allowed[] = {"service", "read-on", "due", "ack", "dunning-deadline", NULL};
    static const char *const single[] = {"service", "read-on", "due", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, single))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n\n%s", o->args[0], USAGE);
        return 2;
    }
    const char *svc = cli_get(o, "service");
    limitation_service service;
    if (!svc) {
        fprintf(stderr, "--service（water または sewer）を指定してください。\n");
        return 2;
    }
    if (strcmp(svc, "water") == 0)
        service = LIMITATION_WATER;
    else if (strcmp(svc, "sewer") == 0)
        service = LIMITATION_SEWER;
    else {
        fprintf(stderr, "--service は water（水道）か sewer（下水道）で指定してください（指定値: %s）\n", svc);
        return 2;
    }
    civil_date read_on, due;
    if (!cli_date(o, "read-on", true, &read_on) || !cli_date(o, "due", true, &due))
        return 2;
    if (date_cmp(read_on, due) > 0) {
        fprintf(stderr, "--read-on（検針日）が納期限（--due）より後になっています。\n");
        return 2;
    }
    limitation_event_in ev[LIMITATION_MAX_EVENTS];
    size_t nev = 0;
    if (!get_events(o, due, ev, &nev))
        return 2;
    limitation_result r;
    char err[400];
    if (limitation_compute(service, read_on, due, ev, nev, &r, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    cli_print_json(write_limitation, &r);
    return 0;
}

int cmd_arrears(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "dunning") == 0)   /* the batch (cmd_dunning.c): options of its own */
        return cli_arrears_dunning(argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "pledges") == 0)   /* the pledges' breach check (cmd_pledge.c) */
        return cli_arrears_pledges(argc - 1, argv + 1);
    static const cli_sub SUBS[] = {{"surcharge", do_surcharge}, {"limitation", do_limitation}, {NULL, NULL}};
    return cli_subcommand(argc, argv, USAGE, SUBS);
}
