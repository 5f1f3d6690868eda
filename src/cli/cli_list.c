/* cli_list — see cli_list.h. */
#include "cli/cli_list.h"

#include <stdio.h>
#include <string.h>

#include "base/csv.h"

int cli_list_refused(const char *what, const err_t *e, const char *field, const char *option)
{
    if (e->code != ERR_INVALID) {
        cli_err(what, e);
        return 1;
    }
    fprintf(stderr, "--%s: %s\n", field && strcmp(e->field, field) == 0 ? option : e->field, e->user);
    return 2;
}

int cli_list_out(const cli_list *l, const cli_opts *o, int rc, const err_t *e, const void *rows)
{
    if (rc)
        return cli_list_refused(l->what, e, l->field, l->option);
    if (!cli_has(o, "csv")) {
        l->table(rows);
        return 0;
    }
    buf_t out;
    buf_init(&out, 0);
    bool ok = l->csv(rows, CSV_UTF8_BOM, &out);
    if (ok)
        fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    return ok ? 0 : 1;
}
