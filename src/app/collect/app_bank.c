/* app_bank — the bank master from the zengin-code data (see app_bank.h). */
#include "app/collect/app_bank.h"
#include "store/db.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/role.h"
#include "store/collect/bank_store.h"

#define DATA_FILE "zengin-data.js"

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The data file under a package directory, its lib/ directory, or the path
 * itself when it is a file. */
static bool data_file_in(const char *path, char *out, size_t outsz)
{
    if (is_file(path))
        return str_copy(out, outsz, path);
    if (!is_dir(path))
        return false;
    str_fmt(out, outsz, "%s/lib/" DATA_FILE, path);
    if (is_file(out))
        return true;
    str_fmt(out, outsz, "%s/" DATA_FILE, path);
    return is_file(out);
}

static bool default_data_file(const app_ctx *ctx, char *out, size_t outsz)
{
    const char *set = config_get(ctx->env->cfg, "bank.data", NULL);
    if (set && *set)
        return data_file_in(set, out, outsz);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';   /* the build directory; the repository is above it */
            char dir[PATH_MAX + 64];
            str_fmt(dir, sizeof dir, "%s/../node_modules/zengin-code", exe);
            if (data_file_in(dir, out, outsz))
                return true;
        }
    }
    return data_file_in("node_modules/zengin-code", out, outsz);
}

static bool digits_n(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int cmp_bank(const void *a, const void *b)
{
    return strcmp(((const bank_row *)a)->code, ((const bank_row *)b)->code);
}

static int cmp_branch(const void *a, const void *b)
{
    const branch_row *x = a, *y = b;
    int c = strcmp(x->bank_code, y->bank_code);
    return c ? c : strcmp(x->code, y->code);
}

/* A string member of an entry that fits size bytes. */
static int take_text(json_t *obj, const char *key, char *dst, size_t size, const char *where, err_t *e)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || !str_copy(dst, size, json_string_value(v)))
        return err_set(e, ERR_INVALID, "from", NULL, "bank data: %s: %s missing or too long", where, key);
    return 0;
}

typedef struct parsed {
    bank_row *banks;
    size_t nb;
    branch_row *branches;
    size_t nbr;
} parsed;

static void parsed_free(parsed *p)
{
    free(p->banks);
    free(p->branches);
}

static int parse_data(const char *file, parsed *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(file, "rb");
    if (!f)
        return err_set(e, ERR_IO, "from", "金融機関データを読めません。", "cannot open %s", file);
    buf_t b;
    buf_init(&b, 0);
    char chunk[65536];
    size_t got;
    bool ok = true;
    while (ok && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        ok = buf_append(&b, chunk, got);
    bool rerr = ferror(f);
    fclose(f);
    if (!ok || rerr) {
        buf_free(&b);
        return err_set(e, ERR_IO, "from", "金融機関データを読めません。", "cannot read %s", file);
    }
    /* The file is JavaScript ("module.exports = {...};") or plain JSON: the
     * object between the first '{' and the last '}'. */
    const char *text = buf_cstr(&b);
    const char *open = strchr(text, '{'), *close = strrchr(text, '}');
    if (!open || !close || close < open) {
        buf_free(&b);
        return err_set(e, ERR_INVALID, "from", "金融機関データの形式が違います（JSON のオブジェクトがありません）。",
                       "no JSON object in %s", file);
    }
    json_error_t je;
    json_t *root = json_loadb(open, (size_t)(close - open) + 1, 0, &je);
    buf_free(&b);
    if (!json_is_object(root)) {
        char msg[256];
        str_fmt(msg, sizeof msg, "金融機関データの形式が違います（%d 行目: %s）。", je.line, je.text);
        json_decref(root);
        return err_set(e, ERR_INVALID, "from", msg, "bad JSON in %s", file);
    }
    size_t nb = json_object_size(root), nbr = 0, capbr = 0;
    out->banks = calloc(nb ? nb : 1, sizeof *out->banks);
    int rc = out->banks ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    const char *key;
    json_t *bank;
    json_object_foreach(root, key, bank) {
        if (rc)
            break;
        bank_row *br = &out->banks[out->nb];
        char where[64];
        str_fmt(where, sizeof where, "bank %.8s", key);
        if (!json_is_object(bank) || !digits_n(key, 4)) {
            char msg[160];
            str_fmt(msg, sizeof msg, "金融機関データの金融機関コード「%.16s」が4桁の数字ではありません。", key);
            rc = err_set(e, ERR_INVALID, "from", msg, "bad bank code %.16s", key);
            break;
        }
        str_copy(br->code, sizeof br->code, key);
        rc = take_text(bank, "name", br->name, sizeof br->name, where, e);
        if (!rc)
            rc = take_text(bank, "kana", br->kana, sizeof br->kana, where, e);
        if (rc) {
            char msg[160];
            str_fmt(msg, sizeof msg, "金融機関データの金融機関 %s の名称またはカナがありません（長すぎます）。", key);
            if (e)
                str_copy(e->user, sizeof e->user, msg);
            break;
        }
        out->nb++;
        json_t *branches = json_object_get(bank, "branches");
        if (!json_is_object(branches))
            continue;
        const char *bkey;
        json_t *branch;
        json_object_foreach(branches, bkey, branch) {
            if (out->nbr == capbr) {
                capbr = capbr ? capbr * 2 : 32768;
                branch_row *nr = realloc(out->branches, capbr * sizeof *nr);
                if (!nr) {
                    rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
                    break;
                }
                out->branches = nr;
            }
            branch_row *r = &out->branches[out->nbr];
            memset(r, 0, sizeof *r);
            str_copy(r->bank_code, sizeof r->bank_code, key);
            if (!json_is_object(branch) || !digits_n(bkey, 3) || take_text(branch, "name", r->name, sizeof r->name, where, e) ||
                take_text(branch, "kana", r->kana, sizeof r->kana, where, e)) {
                char msg[200];
                str_fmt(msg, sizeof msg, "金融機関データの金融機関 %s の支店「%.16s」が正しくありません（3桁のコード、名称、カナ）。",
                        key, bkey);
                rc = err_set(e, ERR_INVALID, "from", msg, "bad branch %s/%.16s", key, bkey);
                break;
            }
            str_copy(r->code, sizeof r->code, bkey);
            out->nbr++;
        }
    }
    json_decref(root);
    (void)nbr;
    if (!rc && out->nb == 0)
        rc = err_set(e, ERR_INVALID, "from", "金融機関データに金融機関がひとつもありません。", "empty bank data");
    if (rc) {
        parsed_free(out);
        memset(out, 0, sizeof *out);
        return rc;
    }
    qsort(out->banks, out->nb, sizeof *out->banks, cmp_bank);
    qsort(out->branches, out->nbr, sizeof *out->branches, cmp_branch);
    return 0;
}

static int merge_banks(app_ctx *ctx, const parsed *p, app_bank_counts *c, int64_t now, err_t *e)
{
    bank_row *old = NULL;
    size_t n = 0;
    int rc = bank_store_list_all(ctx->db, &old, &n, e);
    /* New banks are gathered and inserted many to a statement at the end. */
    bank_row *added = rc || !p->nb ? NULL : malloc(p->nb * sizeof *added);
    if (!rc && p->nb && !added)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t i = 0, j = 0, nadded = 0;
    while (!rc && (i < n || j < p->nb)) {
        int cmp = i == n ? 1 : j == p->nb ? -1 : strcmp(old[i].code, p->banks[j].code);
        if (cmp < 0) {
            rc = bank_store_delete(ctx->db, old[i++].code, e);
            c->removed++;
        } else if (cmp > 0) {
            added[nadded++] = p->banks[j++];
            c->added++;
        } else {
            if (strcmp(old[i].name, p->banks[j].name) || strcmp(old[i].kana, p->banks[j].kana)) {
                rc = bank_store_put(ctx->db, &p->banks[j], false, now, e);
                c->changed++;
            }
            i++, j++;
        }
    }
    if (!rc && nadded)
        rc = bank_store_insert_many(ctx->db, added, nadded, now, e);
    free(added);
    free(old);
    return rc;
}

static int merge_branches(app_ctx *ctx, const parsed *p, app_bank_counts *c, err_t *e)
{
    branch_row *old = NULL;
    size_t n = 0;
    int rc = branch_store_list_all(ctx->db, &old, &n, e);
    /* New branches are gathered and inserted many to a statement at the end
     * (the first import adds some 30,000). */
    branch_row *added = rc || !p->nbr ? NULL : malloc(p->nbr * sizeof *added);
    if (!rc && p->nbr && !added)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t i = 0, j = 0, nadded = 0;
    while (!rc && (i < n || j < p->nbr)) {
        int cmp = i == n ? 1 : j == p->nbr ? -1 : cmp_branch(&old[i], &p->branches[j]);
        if (cmp < 0) {
            rc = branch_store_delete(ctx->db, old[i].bank_code, old[i].code, e);
            i++;
            c->removed++;
        } else if (cmp > 0) {
            added[nadded++] = p->branches[j++];
            c->added++;
        } else {
            if (strcmp(old[i].name, p->branches[j].name) || strcmp(old[i].kana, p->branches[j].kana)) {
                rc = branch_store_put(ctx->db, &p->branches[j], false, e);
                c->changed++;
            }
            i++, j++;
        }
    }
    if (!rc && nadded)
        rc = branch_store_insert_many(ctx->db, added, nadded, e);
    free(added);
    free(old);
    return rc;
}

int app_bank_import(app_ctx *ctx, const char *path, app_bank_counts *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (rc)
        return rc;
    char file[PATH_MAX];
    bool found = path && *path ? data_file_in(path, file, sizeof file) : default_data_file(ctx, file, sizeof file);
    if (!found) {
        char msg[PATH_MAX + 160];
        str_fmt(msg, sizeof msg,
                "金融機関データ（zengin-code の " DATA_FILE "）が見つかりません: %s。npm install を実行するか、--from で指定してください。",
                path && *path ? path : "node_modules/zengin-code");
        return err_set(e, ERR_IO, "from", msg, "zengin-code data not found");
    }
    parsed p;
    rc = parse_data(file, &p, e);
    if (rc)
        return rc;
    int64_t now = date_now_unix();
    db_bulk(ctx->db, true);
    rc = db_begin(ctx->db, e);
    if (!rc)
        rc = merge_banks(ctx, &p, out, now, e);
    if (!rc)
        rc = merge_branches(ctx, &p, out, e);
    if (!rc)
        rc = bank_store_counts(ctx->db, &out->banks, &out->branches, e);
    if (!rc) {
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "banks", out->banks);
        jsonw_kv_int(&d.w, "branches", out->branches);
        jsonw_kv_int(&d.w, "added", out->added);
        jsonw_kv_int(&d.w, "changed", out->changed);
        jsonw_kv_int(&d.w, "removed", out->removed);
        rc = app_audit_json(ctx, "bank.import", "banks", &d, e);
    }
    rc = app_tx_end(ctx, rc, e);
    db_bulk(ctx->db, false);
    parsed_free(&p);
    return rc;
}

static int seed_tx(app_ctx *ctx, const app_bank_seed_row *rows, size_t n, int64_t *added, err_t *e)
{
    int64_t now = date_now_unix();
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        bank_row b = {0};
        rc = bank_store_get(ctx->db, rows[i].bank, &b, e);
        if (rc == ERR_NOTFOUND) {
            err_clear(e);
            str_copy(b.code, sizeof b.code, rows[i].bank);
            str_copy(b.name, sizeof b.name, rows[i].bank_name);
            str_copy(b.kana, sizeof b.kana, rows[i].bank_kana);
            if (!(rc = bank_store_put(ctx->db, &b, true, now, e)))
                (*added)++;
        }
        branch_row r = {0};
        if (!rc && (rc = branch_store_get(ctx->db, rows[i].bank, rows[i].branch, &r, e)) == ERR_NOTFOUND) {
            err_clear(e);
            str_copy(r.bank_code, sizeof r.bank_code, rows[i].bank);
            str_copy(r.code, sizeof r.code, rows[i].branch);
            str_copy(r.name, sizeof r.name, rows[i].branch_name);
            str_copy(r.kana, sizeof r.kana, rows[i].branch_kana);
            if (!(rc = branch_store_put(ctx->db, &r, true, e)))
                (*added)++;
        }
    }
    if (!rc && *added) {
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "added", *added);
        rc = app_audit_json(ctx, "bank.seed", "banks", &d, e);
    }
    return rc;
}

int app_bank_seed(app_ctx *ctx, const app_bank_seed_row *rows, size_t n, int64_t *added, err_t *e)
{
    *added = 0;
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (!rc)
        rc = db_begin(ctx->db, e);
    if (!rc)
        rc = app_tx_end(ctx, seed_tx(ctx, rows, n, added, e), e);
    return rc;
}

/* The field's message, as ERR_NOTFOUND. */
static int not_found(err_t *e)
{
    if (e)
        e->code = ERR_NOTFOUND;
    return ERR_NOTFOUND;
}

int app_bank_lookup_tx(app_ctx *ctx, const char *bank, const char *branch, app_bank_info *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    if (!bank || !digits_n(bank, 4))
        return err_field(e, "bank", "金融機関コードは4桁の数字で入力してください。");
    bool want_branch = branch && *branch;
    if (want_branch && !digits_n(branch, 3))
        return err_field(e, "branch", "支店コードは3桁の数字で入力してください。");
    bank_row b;
    int rc = bank_store_get(ctx->db, bank, &b, e);
    if (rc == ERR_NOTFOUND) {
        err_field(e, "bank", "金融機関コード %s は登録されていません。", bank);
        return not_found(e);
    }
    if (rc)
        return rc;
    str_copy(out->code, sizeof out->code, b.code);
    str_copy(out->name, sizeof out->name, b.name);
    str_copy(out->kana, sizeof out->kana, b.kana);
    if (!want_branch)
        return 0;
    branch_row r;
    rc = branch_store_get(ctx->db, bank, branch, &r, e);
    if (rc == ERR_NOTFOUND) {
        err_field(e, "branch", "金融機関コード %s の支店 %s は登録されていません。", bank, branch);
        return not_found(e);
    }
    if (rc)
        return rc;
    str_copy(out->branch, sizeof out->branch, r.code);
    str_copy(out->branch_name, sizeof out->branch_name, r.name);
    str_copy(out->branch_kana, sizeof out->branch_kana, r.kana);
    return 0;
}

int app_bank_lookup(app_ctx *ctx, const char *bank, const char *branch, app_bank_info *out, err_t *e)
{
    int rc = db_begin_read(ctx->db, e);
    if (rc)
        return rc;
    rc = app_bank_lookup_tx(ctx, bank, branch, out, e);
    db_end_read(ctx->db);
    return rc;
}
