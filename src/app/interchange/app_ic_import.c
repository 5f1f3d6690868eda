/* app_ic_import — `suido import`: a directory of suido-interchange/1 into an
 * empty database (see app_interchange.h).
 *
 * The files are read in the format's order.  Each row is checked field by
 * field (domain/interchange/ic_format), its business key must be new, each
 * reference must name a row of an earlier file (or an earlier row of the
 * same file), and its IC_SEQ must count on from the rows before it with the
 * same key.  Rows are inserted as they are read, inside one transaction; the
 * first error stops the inserting (a failed statement may have aborted the
 * transaction) but not the checking, so that every file's errors are
 * listed.  Any error: the transaction is rolled back and nothing is stored.
 * A kill at any point leaves the database as it was (empty): resuming is
 * running the import again. */
#include "app/interchange/app_interchange.h"
#include "app/interchange/app_ic_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/anonfile.h"
#include "base/csv_read.h"
#include "base/log.h"
#include "base/text.h"
#include "base/vec.h"
#include "domain/interchange/ic_days.h"
#include "domain/interchange/ic_keymap.h"
#include "domain/interchange/ic_manifest.h"
#include "domain/meter/meter_status.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/interchange/ic_store.h"

typedef struct importer {
    app_ctx *ctx;
    int dirfd;
    bool dry_run, storing;      /* storing: no error yet, not a dry run */
    FILE *progress;
    ic_manifest m;
    bool cp932;
    ic_keymap keys[IC_FILE__COUNT];   /* business key → new id (the id it would get, in a dry
                                         run); freed after the file when no later file refers
                                         to it (see enum key_mode) */
    bool referred[IC_FILE__COUNT];    /* some file refers to this one */
    /* For an older export's works:<id> and receipt:<id> (old_id_text): per
     * row of works_applications.csv the id of its tap, per row of
     * meters.csv the id of its receipt (0: none). */
    int64_t *link[IC_FILE__COUNT];
    size_t nlink[IC_FILE__COUNT], caplink[IC_FILE__COUNT];
    int link_col;                     /* the file's value kept in link[], or -1 */
    int nbound;                       /* values a row of the file binds when it has no error */
    int64_t file_rows[IC_FILE__COUNT];   /* rows of each file read */
    buf_t key, ref;                   /* the row's key, a reference's key: reused row by row */
    int64_t run_id;
    buf_t errors;
    int64_t nerrors;
    /* the file being read */
    int f;
    const ic_file_def *def;
    const ic_store_table *t;
    int width[IC_MAX_CSV_COLS], csv_cols;   /* ic_format_width of each column, their sum */
    int meter_cols[3];          /* meters.csv: status, tap_no, contractor_designation_no */
    app_ic_writer *w;           /* the writer thread, while storing (not in a dry run) */
    bool loading;               /* the file's rows go to the writer */
    bool writer_reported;       /* its failure is in the errors */
    ic_days days;               /* allocation_days, added up from allocations.csv while storing */
    int days_cols[5];           /* allocations.csv: posted_on, kind, payment_channel, bill_cycle, amount */
    int key_mode;               /* enum key_mode: how a duplicate key is found */
    bool seq_by_id;             /* the IC_SEQ counts rows by the id its one key reference names */
    ic_keymap seqs;
    ic_sum sums[IC_MANIFEST_MAX_SUMS];
    int nsums;
    int64_t rows, file_errors;
    bool header_done, stopped;
    err_t *e;
    int fatal;                  /* a failure that is no fault of the file (out of memory) */
    const app_ic_hooks *h;      /* never NULL (no hooks: all members NULL) */
    const ic_manifest *man;     /* &m, or the hooks' (filled as its files are pulled) */
} importer;

/* How the importer finds a row whose key an earlier row of the file had.
 *   KEY_TEXT: the key's text in the file's map (which later files look up).
 *   KEY_SEQ: none needed: the key ends with an IC_SEQ column, which must
 *     count on from the rows before with the same key (seq_col), so two rows
 *     can never both pass with the same key; the file is referred to by none.
 *   KEY_REF_ID: the key is one reference to a row with an id (a bill's
 *     lines): the file's map holds that id, an integer (the ids come in
 *     nearly increasing order: no hashing); referred to by none. */
enum key_mode { KEY_TEXT, KEY_SEQ, KEY_REF_ID };

/* ---- errors -------------------------------------------------------------- */

/* "FILE:LINE: field: message" of file f (line 0: the file as a whole). */
static void report_in(importer *im, int f, int64_t line, const char *field, const char *msg)
{
    im->nerrors++;
    im->storing = false;
    if (f == im->f && im->file_errors++ >= APP_IC_MAX_ERRORS)
        return;
    const char *file = ic_format_file(f)->file;
    char where[320];
    if (line > 0 && im->h->where) {
        im->h->where(im->h->arg, f, line, where, sizeof where);
        buf_printf(&im->errors, "%s: %s: %s\n", where, field, msg);
    } else if (line > 0)
        buf_printf(&im->errors, "%s:%lld: %s: %s\n", file, (long long)line, field, msg);
    else
        buf_printf(&im->errors, "%s: %s: %s\n", file, field, msg);
    if (f == im->f && im->file_errors == APP_IC_MAX_ERRORS)
        buf_printf(&im->errors, "%s: (このファイルの誤りは %d 件までを表示します)\n", file, APP_IC_MAX_ERRORS);
}

static void report(importer *im, int64_t line, const char *field, const char *msg)
{
    report_in(im, im->f, line, field, msg);
}

/* The writer's failure, once it has one: a row or a file the database
 * refused is reported with its file and line (the writer may be a few
 * batches behind: an earlier line or file than the one being read); a load
 * that could not begin is no fault of the files (fatal).  Storing stops. */
static void writer_check(importer *im)
{
    int f = 0;
    int64_t line = 0;
    bool fatal = false;
    err_t we;
    if (im->writer_reported || !app_ic_writer_failed(im->w, &f, &line, &fatal, &we))
        return;
    im->writer_reported = true;
    if (fatal) {
        if (im->e)
            *im->e = we;
        im->fatal = we.code ? we.code : ERR_DB;
        im->storing = false;
        return;
    }
    char msg[600];
    str_fmt(msg, sizeof msg, "データベースに保存できません（%.400s）。", we.log);
    report_in(im, f, line, "-", msg);
}

/* ---- one row ------------------------------------------------------------- */

typedef struct row_state {
    ic_store_val vals[IC_MAX_CSV_COLS + 4];
    int nvals;
    char *owned[IC_MAX_CSV_COLS];   /* sealed values, freed after the row */
    int nowned;
    buf_t *key;                     /* the importer's, emptied for the row */
    const char *kana, *phone;       /* customers: for the blind indexes */
    int64_t own_id;                 /* an IC_ID column's value (the customer number) */
    int64_t key_ref;                /* the id the first key reference names; 0: none or not found */
} row_state;

static void bind_text(row_state *rs, const char *v)
{
    rs->vals[rs->nvals++] = (ic_store_val){.text = v};
}

static void bind_id(row_state *rs, int64_t id)
{
    rs->vals[rs->nvals++] = (ic_store_val){.id = id, .is_id = true};
}

static void key_part(row_state *rs, const char *v)
{
    if (rs->key->len)
        buf_putc(rs->key, IC_KEY_SEP);
    buf_puts(rs->key, v);
}

/* A reference column: fields[0..width-1] are the target's key. */
static bool ref_col(importer *im, row_state *rs, int c, char **fields, int64_t line)
{
    const ic_col *col = &im->def->cols[c];
    int width = im->width[c];
    bool empty = true;
    buf_t *k = &im->ref;
    buf_reset(k);
    for (int i = 0; i < width; i++) {
        if (fields[i][0])
            empty = false;
        if (i)
            buf_putc(k, IC_KEY_SEP);
        buf_puts(k, fields[i]);
    }
    char name[128], msg[512];
    bool ok = true;
    const ic_file_def *target = ic_format_file(col->ref);
    if (empty && (col->flags & (IC_NULL | IC_BLANK | IC_ZERO))) {
        if (col->flags & IC_ZERO)
            bind_id(rs, 0);
        else if (col->flags & IC_NULL)
            bind_text(rs, NULL);
        else
            bind_text(rs, "");
    } else if (empty) {
        ic_format_csv_name(im->f, c, 0, name, sizeof name);
        report(im, line, name, "空欄にできません。");
        ok = false;
    } else {
        ic_keymap_slot *s = ic_keymap_get(&im->keys[col->ref], buf_cstr(k));
        if (!s) {
            for (char *p = k->data; p && *p; p++)
                if (*p == IC_KEY_SEP)
                    *p = '/';
            str_fmt(msg, sizeof msg, "%s に %.80s がありません（参照先がない）。", target->file, buf_cstr(k));
            ic_format_csv_name(im->f, c, 0, name, sizeof name);
            report(im, line, name, msg);
            ok = false;
        } else if (target->has_id) {
            bind_id(rs, s->id);
            if ((col->flags & IC_KEY) && !rs->key_ref)
                rs->key_ref = s->id;
        } else
            bind_text(rs, fields[0]);
    }
    if (col->flags & IC_KEY)
        for (int i = 0; i < width; i++)
            key_part(rs, fields[i]);
    return ok;
}

static bool seq_col(importer *im, row_state *rs, const char *v, const ic_col *col, int64_t line)
{
    if (im->seq_by_id && !rs->key_ref) {
        key_part(rs, v);
        return false;   /* the reference it counts under is missing: reported already */
    }
    int64_t want = im->seq_by_id ? ic_keymap_count_int(&im->seqs, rs->key_ref)
                                 : ic_keymap_count(&im->seqs, buf_cstr(rs->key));
    if (!want) {
        im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return false;
    }
    long long got = 0;
    if (!str_to_i64(v, &got) || got != want) {
        char msg[160];
        str_fmt(msg, sizeof msg, "連番は同じキーの行の順に 1 から振ります（ここは %lld のはずです）。", (long long)want);
        report(im, line, col->name, msg);
        key_part(rs, v);
        return false;
    }
    key_part(rs, v);
    return true;
}

/* An older export's works:<id> or receipt:<id> (written before these named
 * the row by its business key; the manifest does not tell the versions
 * apart, the value does: an application number has a letter, a receipt's
 * key a date): the source database's id, n.  The target file lists its rows
 * in the order of those ids, and applications and receipts are never
 * deleted, so row n had id n unless an insert was lost (a PostgreSQL
 * sequence skips a number when an insert fails).  Row n is taken only when
 * the rows agree: the application's tap is this change's tap, the receipt
 * is the one this event's meter came by.  Its id here is n (the rows are
 * numbered in file order).  False when it cannot be: the caller reports. */
static bool old_id_text(importer *im, row_state *rs, const char *digits, int target, int64_t *id)
{
    long long n = 0;
    if (!*digits || strspn(digits, "0123456789") != strlen(digits) || !str_to_i64(digits, &n) || n < 1 ||
        n > im->file_rows[target] || !rs->key_ref)
        return false;
    if (target == IC_WORKS_APPLICATIONS && im->link[target][n - 1] != rs->key_ref)
        return false;   /* application n is another tap's */
    if (target == IC_METER_RECEIPTS &&
        ((size_t)rs->key_ref > im->nlink[IC_METERS] || im->link[IC_METERS][rs->key_ref - 1] != n))
        return false;   /* this event's meter came by another receipt */
    *id = n;
    return true;
}

/* A text that names a row by its business key ("works:R08-0001", see
 * ic_format_id_text): bound as the database holds it, with the row's new id
 * ("works:7"). */
static bool id_text_col(importer *im, row_state *rs, const ic_col *col, const char *v, const char *prefix,
                        int target, int64_t line)
{
    size_t n = strlen(prefix);
    buf_t *k = &im->ref;
    buf_reset(k);
    buf_puts(k, v + n);
    for (char *p = k->data; ic_format_key_width(target) > 1 && p && *p; p++)
        if (*p == '/')
            *p = IC_KEY_SEP;
    ic_keymap_slot *s = ic_keymap_get(&im->keys[target], buf_cstr(k));
    int64_t id = s ? s->id : 0;
    bool old = !s && v[n] >= '0' && v[n] <= '9' && strspn(v + n, "0123456789") == strlen(v + n);
    if (old && !old_id_text(im, rs, v + n, target, &id)) {
        char msg[480];
        str_fmt(msg, sizeof msg,
                "%.40s は以前の版の書き出し（データベースの番号）です。%s の %s 番目の行%s。"
                "今の suido で書き出し直すか、%s に続けて%sを書いてください。",
                v, ic_format_file(target)->file, v + n,
                target == IC_WORKS_APPLICATIONS ? "はこの水栓の工事申込ではないため、どの申込か決められません"
                                                : "はこのメーターが入った庫入ではないため、どの庫入か決められません",
                prefix, target == IC_WORKS_APPLICATIONS ? "申込番号" : "庫入の日付/連番");
        report(im, line, col->name, msg);
        return false;
    }
    char *text = s || old ? malloc(n + 24) : NULL;
    if (!s && !old) {
        char msg[320];
        str_fmt(msg, sizeof msg, "%s に %.80s がありません（参照先がない）。", ic_format_file(target)->file, v + n);
        report(im, line, col->name, msg);
        return false;
    }
    if (!text) {
        im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return false;
    }
    str_fmt(text, n + 24, "%s%lld", prefix, (long long)id);
    rs->owned[rs->nowned++] = text;
    bind_text(rs, text);
    return true;
}

/* A whole number written as the database gives it back ("0", "-12", "345":
 * no sign but '-', no leading zero, at most 18 digits), read into *n: bound
 * as an integer, it is stored exactly as its text would have been. */
static bool plain_int(const char *v, int64_t *n)
{
    const char *p = v + (*v == '-');
    if (*p < '0' || *p > '9' || (*p == '0' && (p[1] || p != v)))
        return false;
    int64_t x = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        x = x * 10 + (*p - '0');
    if (*p || digits > 18)
        return false;
    *n = *v == '-' ? -x : x;
    return true;
}

static bool plain_col(importer *im, row_state *rs, int c, const ic_col *col, const char *v, int64_t line)
{
    char msg[256];
    int64_t num = 0;
    if (col->kind == IC_INT && !(col->flags & (IC_ID | IC_KEY)) && plain_int(v, &num)) {
        /* a whole number passes ic_format_check: bound as one */
        if ((col->flags & IC_YEN) && !ic_manifest_sum_add(im->sums, im->nsums, col->name, num)) {
            report(im, line, col->name, "金額の合計が大きすぎます。");
            return false;
        }
        bind_id(rs, num);
        return true;
    }
    if (!ic_format_check(col, v, msg, sizeof msg)) {
        report(im, line, col->name, msg);
        return false;
    }
    const char *prefix;
    int target;
    if (ic_format_id_text(im->f, c, &prefix, &target) && strncmp(v, prefix, strlen(prefix)) == 0)
        return id_text_col(im, rs, col, v, prefix, target, line);
    if (col->flags & IC_KEY)
        key_part(rs, v);
    long long n = 0;
    if (col->kind == IC_INT && *v)
        str_to_i64(v, &n);
    if ((col->flags & IC_YEN) && !ic_manifest_sum_add(im->sums, im->nsums, col->name, n)) {
        report(im, line, col->name, "金額の合計が大きすぎます。");
        return false;
    }
    if (col->flags & IC_ID) {
        rs->own_id = n;
        bind_id(rs, n);
        return true;
    }
    if (col->kind == IC_SEALED) {
        char *sealed = crypto_seal(im->ctx->env->keys, v);
        if (!sealed) {
            im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "sealing failed");
            return false;
        }
        rs->owned[rs->nowned++] = sealed;
        bind_text(rs, sealed);
        return true;
    }
    bind_text(rs, !*v && (col->flags & IC_NULL) ? NULL : v);
    return true;
}

/* What the importer adds after the file's columns (see ic_store.h). */
static bool derive(importer *im, row_state *rs, char bidx[2][65])
{
    if (im->f == IC_BILLS) {
        bind_id(rs, im->run_id);
        return true;
    }
    if (im->f != IC_CUSTOMERS)
        return true;
    char *kana_key = text_kana_key(rs->kana), *digits = text_digits(rs->phone);
    bool ok = kana_key && digits;
    if (ok) {
        crypto_blind_index(im->ctx->env->keys, "kana", kana_key, bidx[0]);
        crypto_blind_index(im->ctx->env->keys, "phone", digits, bidx[1]);
        bind_text(rs, bidx[0]);
        bind_text(rs, bidx[1]);
    }
    free(kana_key);
    free(digits);
    return ok;
}

/* A meter's status and the places it names, as the schema holds them
 * (migration 37), reported with the line rather than by the database. */
static void check_meter(importer *im, char **fields, int64_t line)
{
    int st = im->meter_cols[0], tap = im->meter_cols[1], con = im->meter_cols[2];
    char why[256];
    if (st >= 0 && tap >= 0 && con >= 0 && fields[st][0] &&
        !meter_status_places_ok(fields[st], fields[tap][0] != '\0', fields[con][0] != '\0', why, sizeof why))
        report(im, line, "status", why);
}

static void check_row(importer *im, row_state *rs, char **fields, int64_t line)
{
    if (im->f == IC_METERS)
        check_meter(im, fields, line);
    int k = 0;
    for (int c = 0; c < im->def->ncols && !im->fatal; c++) {
        const ic_col *col = &im->def->cols[c];
        if (col->kind == IC_REF)
            ref_col(im, rs, c, fields + k, line);
        else if (col->kind == IC_SEQ)
            seq_col(im, rs, fields[k], col, line);
        else {
            plain_col(im, rs, c, col, fields[k], line);
            if (im->f == IC_CUSTOMERS && strcmp(col->name, "kana") == 0)
                rs->kana = fields[k];
            if (im->f == IC_CUSTOMERS && strcmp(col->name, "phone") == 0)
                rs->phone = fields[k];
        }
        k += im->width[c];
    }
}

static void store_row(importer *im, row_state *rs, int64_t id, int64_t line)
{
    char bidx[2][65];
    if (!derive(im, rs, bidx)) {
        im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return;
    }
    if (app_ic_writer_row(im->w, id, line, rs->vals, rs->nvals, im->e)) {
        im->fatal = ERR_INTERNAL;
        return;
    }
    writer_check(im);
}

/* The row's tap (works_applications.csv) or receipt (meters.csv), for
 * old_id_text: the id bound in column link_col (0: none). */
static void keep_link(importer *im, row_state *rs)
{
    int64_t *slot = vec_slot((void **)&im->link[im->f], &im->nlink[im->f], &im->caplink[im->f], sizeof *slot);
    if (!slot) {
        im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return;
    }
    const ic_store_val *v = &rs->vals[im->link_col];
    *slot = rs->nvals == im->nbound && v->is_id ? v->id : 0;   /* fewer: the row has an error */
}

/* The row's key kept (key_mode): false when an earlier row had it.  The
 * row's id is what it is given when stored (in a dry run too, so that
 * counters by id count alike). */
static bool keep_key(importer *im, row_state *rs, int64_t id)
{
    bool dup = false;
    ic_keymap_slot *slot = NULL;
    if (im->key_mode == KEY_SEQ)
        return true;
    if (im->key_mode == KEY_REF_ID) {
        if (!rs->key_ref)
            return true;   /* the reference is missing: reported already */
        slot = ic_keymap_put_int(&im->keys[im->f], rs->key_ref, id, NULL, &dup);
    } else
        slot = ic_keymap_put(&im->keys[im->f], buf_cstr(rs->key), id, NULL, &dup);
    if (!slot)
        im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return !dup;
}

/* The allocation's sum in allocation_days (a row without error: its
 * amount is a whole number). */
static void add_day(importer *im, char **fields)
{
    const int *c = im->days_cols;
    long long amount = 0;
    if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[3] < 0 || c[4] < 0 || !str_to_i64(fields[c[4]], &amount) ||
        !ic_days_add(&im->days, fields[c[0]], fields[c[1]], fields[c[2]], fields[c[3]], amount))
        im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "allocation_days: out of memory or no column");
}

static int on_row(int64_t line, char **fields, size_t nfields, void *arg)
{
    importer *im = arg;
    int want = im->csv_cols;
    if (!im->header_done) {
        im->header_done = true;
        /* the header: exactly the format's names */
        for (int c = 0, k = 0; c < im->def->ncols; c++)
            for (int i = 0; i < ic_format_width(im->f, c); i++, k++) {
                char name[128];
                ic_format_csv_name(im->f, c, i, name, sizeof name);
                if ((size_t)k >= nfields || strcmp(fields[k], name) != 0) {
                    char msg[256];
                    str_fmt(msg, sizeof msg, "%d 列目の見出しは %s にしてください。", k + 1, name);
                    report(im, line, "見出し", msg);
                    return 1;
                }
            }
        if ((int)nfields != want) {
            report(im, line, "見出し", "列の数が形式と違います。");
            return 1;
        }
        return 0;
    }
    im->rows++;
    if ((int)nfields != want) {
        char msg[128];
        str_fmt(msg, sizeof msg, "列の数が %d です（%d 列のはずです）。", (int)nfields, want);
        report(im, line, "-", msg);
        return 0;
    }
    if (im->h->on_row)
        im->h->on_row(im->h->arg, im->f, line, fields, (int)nfields);
    if (im->storing && im->h->failed && im->h->failed(im->h->arg))
        im->storing = false;   /* the source did not convert: checked on, not stored */
    row_state rs = {.nvals = 0, .key = &im->key};
    buf_reset(rs.key);
    check_row(im, &rs, fields, line);
    /* the database is empty: a numbered table's rows take their number in
     * the file as id (see ic_store.h) */
    int64_t id = ic_store_numbered(im->t) ? im->rows : rs.own_id;
    if (!im->fatal && !keep_key(im, &rs, id) && !im->fatal)
        report(im, line, "キー", "キーが前の行と重複しています。");
    if (!im->fatal && im->link_col >= 0)
        keep_link(im, &rs);
    if (!im->fatal && im->storing)
        store_row(im, &rs, id, line);
    if (!im->fatal && im->storing && im->f == IC_ALLOCATIONS)
        add_day(im, fields);
    for (int i = 0; i < rs.nowned; i++)
        free(rs.owned[i]);
    if (im->rows % APP_IC_PROGRESS_ROWS == 0 && im->progress)
        fprintf(im->progress, "  %s: %lld 行\n", im->def->file, (long long)im->rows);
    return im->fatal ? 1 : 0;
}

/* ---- one file ------------------------------------------------------------ */

/* A small file whole (manifest.json). */
static bool read_file(importer *im, const char *name, buf_t *out, bool *missing)
{
    *missing = false;
    int fd = openat(im->dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *missing = errno == ENOENT;
        return false;
    }
    bool ok = anonfile_read(fd, out);
    close(fd);
    return ok;
}

static void compare_manifest(importer *im, const ic_manifest_file *mf, const char *sha)
{
    char msg[256];
    if (strcmp(mf->sha256, sha) != 0)
        report(im, 0, "sha256", "ファイルの SHA-256 が manifest.json と違います（途中で変わったか、別のファイルです）。");
    if (mf->rows != im->rows) {
        str_fmt(msg, sizeof msg, "行数 %lld が manifest.json の %lld と違います。", (long long)im->rows,
                (long long)mf->rows);
        report(im, 0, "rows", msg);
    }
    for (int i = 0; i < im->nsums; i++) {
        int64_t want = 0;
        bool found = false;
        for (int j = 0; j < mf->nsums; j++)
            if (strcmp(mf->sums[j].col, im->sums[i].col) == 0) {
                want = mf->sums[j].yen;
                found = true;
            }
        if (!found)
            str_fmt(msg, sizeof msg, "manifest.json に合計がありません（読んだ合計は %lld 円）。", (long long)im->sums[i].yen);
        else if (want != im->sums[i].yen)
            str_fmt(msg, sizeof msg, "合計 %lld 円が manifest.json の %lld 円と違います。", (long long)im->sums[i].yen,
                    (long long)want);
        if (!found || want != im->sums[i].yen)
            report(im, 0, im->sums[i].col, msg);
    }
}

/* One piece of the file (whole lines) to the CSV reader, converted from
 * CP932 when the manifest says so (a line end is one byte in CP932, never
 * part of a character, so pieces cut at '\n' convert alone).  -1 when the
 * CSV is broken, 1 when the rows asked to stop, 0 to go on. */
static int feed(importer *im, csv_reader *cr, const char *p, size_t n, int64_t *bad_line)
{
    if (!im->cp932)
        return csv_reader_feed(cr, p, n, bad_line);
    size_t len = 0;
    char *u = text_from_cp932(p, n, &len);
    if (!u) {
        report(im, 0, "-", "CP932 として読めない文字があります。");
        return 1;
    }
    int rc = csv_reader_feed(cr, u, len, bad_line);
    free(u);
    return rc;
}

#define PIECE (1024 * 1024)

/* Up to n bytes of the file: from fd, or from the hooks when they give it. */
static ssize_t pull(importer *im, int fd, char *dst, size_t n)
{
    if (!im->h->manifest)
        return read(fd, dst, n);
    ssize_t got = im->h->pull ? im->h->pull(im->h->arg, im->f, dst, n) : 0;
    if (got < 0)
        im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory (converting %s)", im->def->file);
    return got;
}

/* The file read a megabyte at a time, hashed as stored, its lines fed to the
 * CSV reader (nothing holds the whole file: bill_lines.csv of a big city is
 * gigabytes).  *sha is the SHA-256 of every byte read (the whole file unless
 * the rows stopped the reading, which is then an error anyway). */
static int stream_file(importer *im, int fd, char sha[65])
{
    csv_reader *cr = csv_reader_new(on_row, im);
    crypto_sha256 *h = crypto_sha256_begin();
    buf_t pend;
    buf_init(&pend, 0);
    int rc = cr && h ? 0 : (im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory"));
    int64_t bad_line = 0;
    bool first = true, eof = false;
    while (!rc && !eof) {
        if (!buf_grow(&pend, PIECE)) {
            rc = im->fatal = err_set(im->e, ERR_INTERNAL, NULL, NULL, "out of memory (a line over the cap?)");
            break;
        }
        ssize_t got = pull(im, fd, pend.data + pend.len, PIECE);
        if (got < 0 && im->fatal) {
            rc = im->fatal;
            break;
        }
        if (got < 0) {
            report(im, 0, "-", "ファイルを読めません。");
            rc = 1;
            break;
        }
        eof = got == 0;
        crypto_sha256_add(h, pend.data + pend.len, (size_t)got);
        pend.len += (size_t)got;
        size_t skip = 0;
        if (first && pend.len >= 3 && memcmp(pend.data, "\xEF\xBB\xBF", 3) == 0 && !im->cp932)
            skip = 3;   /* a UTF-8 BOM */
        first = first && pend.len < 3;
        const char *nl = eof ? pend.data + pend.len : memrchr(pend.data, '\n', pend.len);
        size_t n = nl ? (size_t)(nl - pend.data) + (eof ? 0 : 1) : 0;
        if (n > skip)
            rc = feed(im, cr, pend.data + skip, n - skip, &bad_line);
        memmove(pend.data, pend.data + n, pend.len - n);
        pend.len -= n;
    }
    if (!rc)
        rc = csv_reader_end(cr, &bad_line);
    if (rc == -1)
        report(im, bad_line, "-", "CSV として読めません（引用符が閉じていないか、列が多すぎます）。");
    im->stopped = rc != 0;
    if (h)
        crypto_sha256_end(h, sha);
    buf_free(&pend);
    csv_reader_free(cr);
    return im->fatal;
}

/* How the file's keys are kept and its IC_SEQ counted (enum key_mode). */
static void plan_keys(importer *im)
{
    const ic_col *first = NULL, *last = NULL;
    int nkey = 0;
    for (int c = 0; c < im->def->ncols; c++)
        if (im->def->cols[c].flags & IC_KEY) {
            if (!first)
                first = &im->def->cols[c];
            last = &im->def->cols[c];
            nkey++;
        }
    bool one_ref = first && first->kind == IC_REF && ic_format_file(first->ref)->has_id;
    im->key_mode = KEY_TEXT;
    if (!im->referred[im->f] && last && last->kind == IC_SEQ)
        im->key_mode = KEY_SEQ;
    else if (!im->referred[im->f] && nkey == 1 && one_ref)
        im->key_mode = KEY_REF_ID;
    /* the value kept for old_id_text: its place among the bound values (no
     * IC_SEQ before it in these files) */
    im->link_col = -1;
    im->nbound = 0;
    for (int c = 0; c < im->def->ncols; c++)
        im->nbound += im->def->cols[c].kind != IC_SEQ;
    int want = im->f == IC_WORKS_APPLICATIONS ? IC_TAPS : im->f == IC_METERS ? IC_METER_RECEIPTS : -1;
    for (int c = 0, k = 0; want >= 0 && c < im->def->ncols; c++) {
        if (im->def->cols[c].kind == IC_REF && im->def->cols[c].ref == want) {
            im->link_col = k;
            break;
        }
        k += im->def->cols[c].kind != IC_SEQ;
    }
    im->seq_by_id = nkey == 2 && one_ref && last->kind == IC_SEQ && !(first->flags & (IC_NULL | IC_BLANK | IC_ZERO));
}

static int import_file(importer *im, int f, app_ic_result *r)
{
    im->f = f;
    im->def = ic_format_file(f);
    im->t = ic_store_table_of(im->def->file);
    if (!im->t || ic_store_cols(im->t) != im->def->ncols)
        return err_set(im->e, ERR_INTERNAL, NULL, NULL, "no store table for %s", im->def->file);
    im->rows = im->file_errors = 0;
    im->header_done = false;
    im->csv_cols = 0;
    for (int c = 0; c < im->def->ncols && c < IC_MAX_CSV_COLS; c++)
        im->csv_cols += im->width[c] = ic_format_width(f, c);
    im->meter_cols[0] = ic_format_csv_find(IC_METERS, "status");
    im->meter_cols[1] = ic_format_csv_find(IC_METERS, "tap_no");
    im->meter_cols[2] = ic_format_csv_find(IC_METERS, "contractor_designation_no");
    im->nsums = ic_manifest_sums_init(f, im->sums);
    static const char *const DAY_COLS[5] = {"posted_on", "kind", "payment_channel", "bill_cycle", "amount"};
    for (int i = 0; f == IC_ALLOCATIONS && i < 5; i++)
        im->days_cols[i] = ic_format_csv_find(IC_ALLOCATIONS, DAY_COLS[i]);
    plan_keys(im);
    const ic_manifest_file *mf = ic_manifest_find(im->man, im->def->file);
    /* pulled from the hooks when they give the files (fd is then -1: closing it does nothing) */
    bool pulled = im->h->manifest && mf;
    int fd = pulled ? -1 : im->h->manifest ? (errno = ENOENT, -1) : openat(im->dirfd, im->def->file, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && !pulled) {
        if (errno == ENOENT && !mf)
            return 0;   /* neither listed nor there: no rows of this kind */
        report(im, 0, "-", errno == ENOENT ? "manifest.json にあるファイルがありません。" : "ファイルを読めません。");
        return 0;
    }
    if (!mf) {
        report(im, 0, "-", "manifest.json に載っていないファイルです。");
        close(fd);
        return 0;
    }
    char sha[65] = "";
    ic_keymap_init(&im->seqs);
    /* the maps sized for the rows the manifest announces (a hint, no table rebuilt as they come;
     * out of memory shows at the first key) */
    size_t hint = mf && mf->rows > 0 ? (size_t)mf->rows : 0;
    if (im->key_mode == KEY_TEXT)
        ic_keymap_reserve(&im->keys[f], hint);
    for (int c = 0; c < im->def->ncols; c++)
        if (im->def->cols[c].kind == IC_SEQ && !im->seq_by_id)
            ic_keymap_reserve(&im->seqs, hint);
    int rc = 0;
    writer_check(im);
    if (im->storing) {
        rc = app_ic_writer_begin(im->w, f, im->t, im->e);
        im->loading = !rc;
    }
    if (!rc)
        rc = stream_file(im, fd, sha);
    ic_keymap_free(&im->seqs);
    close(fd);
    if (im->loading) {   /* the writer ends the load (and makes the indexes) while the next file is read */
        int rc2 = app_ic_writer_end(im->w, im->storing && !rc, im->e);
        rc = rc ? rc : rc2;
        im->loading = false;
    }
    if (rc)
        return rc;
    mf = ic_manifest_find(im->man, im->def->file);   /* pulled: filled at the file's end */
    if (!im->stopped && mf)   /* a file that could not be read to its end has its error already */
        compare_manifest(im, mf, sha);
    if (im->h->on_file)
        im->h->on_file(im->h->arg, f, mf, im->rows);
    r->rows[f] = im->file_rows[f] = im->rows;
    if (im->progress)
        fprintf(im->progress, "%s: %lld 行%s\n", im->def->file, (long long)im->rows,
                im->file_errors ? "（誤りあり）" : "");
    return 0;
}

/* ---- the whole ----------------------------------------------------------- */

static int read_manifest(importer *im, int schema)
{
    if (im->h->manifest) {
        im->man = im->h->manifest;
        str_copy(im->m.created_at, sizeof im->m.created_at, im->h->manifest->created_at);
        im->cp932 = false;   /* the hooks hand over UTF-8 */
        return 0;
    }
    im->man = &im->m;
    buf_t b;
    buf_init(&b, 1024 * 1024);
    bool missing;
    char msg[256];
    if (!read_file(im, "manifest.json", &b, &missing)) {
        buf_free(&b);
        return err_set(im->e, ERR_INVALID, "manifest.json", "manifest.json を読めません。", "manifest unreadable");
    }
    bool ok = ic_manifest_parse(buf_cstr(&b), &im->m, msg, sizeof msg);
    buf_free(&b);
    if (!ok)
        return err_set(im->e, ERR_INVALID, "manifest.json", msg, "manifest invalid");
    if (im->m.schema_version > schema)
        return err_set(im->e, ERR_INVALID, "manifest.json",
                       "このファイルはより新しい版の suido が書いたものです（suido を更新してから取り込んでください）。",
                       "manifest schema %lld > %d", (long long)im->m.schema_version, schema);
    im->cp932 = strcasecmp(im->m.encoding, "CP932") == 0 || strcasecmp(im->m.encoding, "Shift_JIS") == 0;
    if (!im->cp932 && strcasecmp(im->m.encoding, "UTF-8") != 0)
        return err_set(im->e, ERR_INVALID, "manifest.json", "encoding は UTF-8 か CP932 にしてください。",
                       "bad encoding");
    return 0;
}

static int refuse_nonempty(importer *im)
{
    const char *table;
    int64_t rows;
    int rc = ic_store_first_nonempty(im->ctx->db, &table, &rows, im->e);
    if (rc || !table)
        return rc;
    err_set(im->e, ERR_CONFLICT, NULL, NULL, "target database is not empty: %s has %lld rows", table, (long long)rows);
    if (im->e)
        str_fmt(im->e->user, sizeof im->e->user,
                "取り込み先のデータベースが空ではありません（%s に %lld 行あります）。"
                "suido migrate だけを済ませた空のデータベースに取り込んでください。",
                table, (long long)rows);
    return ERR_CONFLICT;
}

static int audit_import(importer *im, const char *dir, const app_ic_result *r)
{
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "format", IC_FORMAT_NAME);
    jsonw_kv_string(&d.w, "created_at", im->m.created_at);
    jsonw_kv_int(&d.w, "bill_run", im->run_id);
    jsonw_key(&d.w, "rows");
    jsonw_object(&d.w);
    for (int f = 0; f < IC_FILE__COUNT; f++)
        jsonw_kv_int(&d.w, ic_format_file(f)->file, r->rows[f]);
    jsonw_end_object(&d.w);
    return app_audit_json(im->ctx, "interchange.import", dir, &d, im->e);
}

/* allocation_days from the sums added up (instead of ic_store_finish's
 * rebuild from the loaded tables: a serial step after the files). */
static int load_days(importer *im)
{
    ic_days_sort(&im->days);
    ic_store_load *ld = NULL;
    int rc = ic_store_load_begin(im->ctx->db, ic_store_days_table(), &ld, im->e);
    for (size_t i = 0; !rc && i < im->days.n; i++) {
        const ic_day *d = &im->days.v[i];
        ic_store_val v[5] = {{.text = d->posted_on}, {.text = d->channel}, {.text = d->cycle},
                             {.id = d->allocations, .is_id = true}, {.id = d->amount, .is_id = true}};
        rc = ic_store_load_row(ld, 0, v, 5, im->e);
    }
    int rc2 = ld ? ic_store_load_end(ld, !rc, im->e) : 0;
    return rc ? rc : rc2;
}

static double mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int run(importer *im, const char *dir, app_ic_result *r)
{
    int current = 0, latest = 0;
    int rc = app_schema_version(im->ctx, &current, &latest, im->e);
    if (!rc && current < latest)
        rc = err_set(im->e, ERR_CONFLICT, NULL, "データベースのスキーマが古いままです。先に suido migrate を実行してください。",
                     "schema %d < %d", current, latest);
    if (!rc)
        rc = read_manifest(im, current);
    if (!rc && !im->dry_run) {
        db_load_empty(im->ctx->db, true);
        db_bulk(im->ctx->db, true);
        rc = db_begin(im->ctx->db, im->e);
    }
    if (!rc)
        rc = refuse_nonempty(im);
    if (!rc && im->storing)
        rc = ic_store_import_run(im->ctx->db, im->ctx->actor.username, date_now_unix(), dir, &im->run_id, im->e);
    /* from here to app_ic_writer_finish the writer thread alone uses the connection */
    if (!rc && im->storing)
        rc = app_ic_writer_start(im->ctx->db, &im->w, im->e);
    for (int f = 0; !rc && f < IC_FILE__COUNT; f++) {
        rc = import_file(im, f, r);
        if (!im->referred[f])
            ic_keymap_free(&im->keys[f]);   /* its keys were needed only against duplicates */
    }
    double t_read = mono_s();
    app_ic_writer_finish(im->w);   /* the last file's rows stored and its indexes made */
    double t_stored = mono_s();
    if (!rc) {
        writer_check(im);
        rc = im->fatal;
    }
    app_ic_writer_free(im->w);
    im->w = NULL;
    int64_t failed = im->h->failed ? im->h->failed(im->h->arg) : 0;
    if (!rc && failed)
        rc = err_set(im->e, ERR_INVALID, NULL, "旧システムのファイルに誤りがあります。何も保存していません。",
                     "%lld conversion errors, %lld errors", (long long)failed, (long long)im->nerrors);
    else if (!rc && im->nerrors)
        rc = err_set(im->e, ERR_INVALID, NULL, "取り込むファイルに誤りがあります。何も保存していません。",
                     "%lld errors", (long long)im->nerrors);
    if (!rc && !im->dry_run)
        rc = load_days(im);
    if (!rc && !im->dry_run)
        rc = ic_store_finish(im->ctx->db, true, im->e);
    double t_finish = mono_s();
    if (!rc && !im->dry_run)
        rc = audit_import(im, dir, r);
    if (!im->dry_run) {
        rc = app_tx_end(im->ctx, rc, im->e);
        db_bulk(im->ctx->db, false);
        db_load_empty(im->ctx->db, false);
    }
    log_msg(LOG_DEBUG, NULL, "import: the writer done %.1f s after the last file was read; finish %.1f s, commit %.1f s",
            t_stored - t_read, t_finish - t_stored, mono_s() - t_finish);
    return rc;
}

int app_interchange_import(app_ctx *ctx, const char *dir, bool dry_run, FILE *progress, app_ic_result *r, err_t *e)
{
    return app_interchange_import_with(ctx, dir, dry_run, progress, NULL, r, e);
}

int app_interchange_import_with(app_ctx *ctx, const char *dir, bool dry_run, FILE *progress, const app_ic_hooks *h,
                                app_ic_result *r, err_t *e)
{
    static const app_ic_hooks NONE = {0};
    memset(r, 0, sizeof *r);
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    importer im = {.ctx = ctx, .dry_run = dry_run, .storing = !dry_run, .progress = progress, .e = e,
                   .h = h ? h : &NONE};
    im.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (im.dirfd < 0)
        return err_set(e, ERR_IO, "dir", "取り込むディレクトリを開けません。", "open %s: %s", dir, strerror(errno));
    buf_init(&im.errors, 0);
    buf_init(&im.key, 256);
    buf_init(&im.ref, 256);
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        ic_keymap_init(&im.keys[f]);
        im.referred[f] = ic_format_referred(f);
    }
    ic_days_init(&im.days);
    rc = run(&im, dir, r);
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        ic_keymap_free(&im.keys[f]);
        free(im.link[f]);
    }
    ic_days_free(&im.days);
    buf_free(&im.key);
    buf_free(&im.ref);
    close(im.dirfd);
    r->nerrors = im.nerrors;
    r->errors = im.errors.len ? buf_steal(&im.errors, NULL) : NULL;
    buf_free(&im.errors);
    return rc;
}
