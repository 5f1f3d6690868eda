/* cli — the suido command line: option parsing and the shared start-up of
 * every subcommand (configuration, keys, database). */
#ifndef SUIDO_CLI_H
#define SUIDO_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "base/date.h"

/* Parsed "--name value" / "--name=value" / "--flag" options of one subcommand. */
typedef struct cli_opts {
    const char *names[32];
    const char *values[32];   /* NULL for a flag */
    size_t n;
    const char *args[16];     /* positional */
    size_t nargs;
} cli_opts;

/* Global state set by main from --db / --config before the subcommand runs. */
typedef struct cli_global {
    const char *db_url;
    const char *config_path;
} cli_global;
extern cli_global CLI_GLOBAL;

/* Parse argv (after the subcommand words).  flags lists options taking no
 * value (NULL-terminated).  Prints the problem and returns false on error. */
bool cli_parse(int argc, char **argv, const char *const *flags, cli_opts *o);
const char *cli_get(const cli_opts *o, const char *name);
bool cli_has(const cli_opts *o, const char *name);
/* Refuse options not in the allowed list (NULL-terminated); prints which. */
bool cli_only(const cli_opts *o, const char *const *allowed);
/* Integer option in [min,max]; def when absent.  Prints and returns false on error. */
bool cli_int(const cli_opts *o, const char *name, long long def, long long min, long long max, long long *out);
/* A command of subcommands, `suido CMD SUB [options]`: without SUB the usage
 * goes to stderr (exit 2), with --help (before or after SUB) to stdout (0);
 * otherwise the options after SUB are parsed (--help the only flag) and the
 * sub of that name runs.  An unknown SUB is refused with the usage (exit 2).
 * subs ends with a NULL name. */
/* Its first step, for a command that dispatches by itself: true with o
 * parsed (flags: those taking no value, --help among them) when SUB should
 * run; false with *status set after printing the usage or the problem. */
bool cli_sub_begin(int argc, char **argv, const char *usage, const char *const *flags, cli_opts *o, int *status);
/* A command of options and exactly one positional argument (a path), such as
 * `suido export DIR`: true with o parsed when it should run; false with
 * *status set after printing the usage (--help: stdout, 0) or the problem
 * (stderr, 2).  flags and allowed as cli_parse and cli_only take them. */
bool cli_one_path(int argc, char **argv, const char *usage, const char *const *flags, const char *const *allowed,
                  cli_opts *o, int *status);
typedef struct cli_sub {
    const char *name;
    int (*fn)(const cli_opts *o);
} cli_sub;
int cli_subcommand(int argc, char **argv, const char *usage, const cli_sub *subs);
/* Each option of names (NULL-terminated) at most once (which would win?);
 * prints which and returns false. */
bool cli_once(const cli_opts *o, const char *const *names);
/* A real date written exactly "YYYY-MM-DD" (the commands' contract). */
bool cli_iso_date(const char *s, civil_date *d);
/* The date option name into *d.  Absent: an error when required, else *d is
 * left as it is.  Prints and returns false on error. */
bool cli_date(const cli_opts *o, const char *name, bool required, civil_date *d);

/* Load configuration (file + environment + --db), initialise env, open the
 * database and make an operator context.  create_key: create the key file
 * when missing.  migrate: apply pending migrations first.  On failure prints
 * a clear message and returns false. */
typedef struct cli_session {
    config *cfg;
    app_env env;
    db_conn *db;
    app_ctx ctx;
} cli_session;
bool cli_open(cli_session *s, bool create_key, bool migrate);
/* The configuration alone (file + environment + --db, log level set): the
 * first step of cli_open, for commands that must not open the main key file
 * or migrate (`suido portal`).  NULL after printing the problem. */
config *cli_config(void);
/* A password: one line of stdin when it is not a terminal, else asked twice
 * without echo.  Prints the problem and returns false. */
bool cli_read_password(char *out, size_t outsz);
void cli_close(cli_session *s);
/* The whole of a file ("-": standard input) as a malloc'd, NUL-terminated
 * buffer (free()); NULL with errno set when it cannot be read. */
char *cli_read_file(const char *path, size_t *len);
/* One JSON value written by fn(w, arg), and a newline, on stdout. */
struct jsonw;
void cli_print_json(void (*fn)(struct jsonw *w, const void *arg), const void *arg);
/* Print an error (user message, then the technical one) to stderr. */
void cli_err(const char *what, const err_t *e);
/* Exit status of a job that stopped between two of its units on SIGTERM or
 * SIGINT (ERR_STOPPED, base/stop.h): 75 (EX_TEMPFAIL) — run the same command
 * again to finish.  A job's command calls stop_watch_signals() before it
 * starts, and maps its result with cli_job_status: 0, 2 for bad input
 * (ERR_INVALID), CLI_EXIT_STOPPED, else 1. */
#define CLI_EXIT_STOPPED 75
int cli_job_status(int rc);

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_reading(int argc, char **argv);
int cmd_device(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_bill(int argc, char **argv);
int cmd_tariff(int argc, char **argv);
int cmd_slip(int argc, char **argv);
int cmd_payment(int argc, char **argv);
int cmd_bank(int argc, char **argv);
int cmd_mandate(int argc, char **argv);
int cmd_debit(int argc, char **argv);
int cmd_contact(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_sewer(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_portal(int argc, char **argv);
int cmd_arrears(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_works(int argc, char **argv);
int cmd_meter(int argc, char **argv);   /* cmd_meter.c: the meter stock */
/* `suido works contractors` (cmd_works_contractor.c); argv[0] is "contractors". */
int cli_works_contractors(int argc, char **argv);
/* `suido works applications …` (cmd_works_application.c). */
int cli_works_applications(int argc, char **argv);
int cli_works_complete(int argc, char **argv);   /* cmd_works_complete.c */
int cli_works_settle(int argc, char **argv);   /* suido works settle --application R8-00012 */
/* suido works report (cmd_works_report.c) */
int cli_works_report(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_db(int argc, char **argv);   /* cmd_db.c: suido db compact */
int cmd_job(int argc, char **argv);
/* `suido arrears dunning` (cmd_dunning.c). */
int cli_arrears_dunning(int argc, char **argv);
/* `suido arrears pledges` (cmd_pledge.c). */
int cli_arrears_pledges(int argc, char **argv);
/* `suido payment daily` and `suido payment journal` (cmd_payment_report.c). */
int cli_payment_daily(int argc, char **argv);
int cli_payment_journal(int argc, char **argv);
/* `suido payment import`, `card` and `counter` (cmd_payment_collect.c). */
int cli_payment_import(int argc, char **argv);
int cli_payment_card(int argc, char **argv);
int cli_payment_counter(int argc, char **argv);

#endif
