/* app_ic_review — an import (or dry run) with its review report, the
 * 移行結果確認表 (issue 20 item 3; docs/interchange.md, "The review").
 *
 * app_ic_review_import runs app_interchange_import_with on a directory of
 * the interchange format, or — with a mapping — on the legacy export in it
 * converted in memory (app_ic_mapping.h), and keeps a record of the run in
 * the database whatever its result (import_runs: when, who, import or dry
 * run, the directory and mapping, ok or refused, rows read, errors) with
 * the report's lines (domain/interchange/ic_review.h): counts and money per
 * file and fiscal year, the control totals supplied (manifest or trailer)
 * beside what was read, the first rows of each file side by side (legacy ↔
 * suido, personal columns masked) and every difference.  The record is
 * written in its own transaction after the import's (a refused import
 * stores no data but keeps its record).  The record is not audited: a
 * dry run or a refused import leaves the audit log empty, so that the
 * import's interchange.import row still begins the new installation's
 * chain (a successful import is audited by it).  *run_id the record's (0
 * when even that could not be written).  PERM_USER_ADMIN.
 *
 * app_ic_runs lists the latest runs, app_ic_run one run with its lines
 * (ERR_NOTFOUND); both PERM_USER_ADMIN (管理 → データ移行).  Rows are the
 * caller's: free(). */
#ifndef SUIDO_APP_IC_REVIEW_H
#define SUIDO_APP_IC_REVIEW_H

#include "app/interchange/app_interchange.h"
#include "store/interchange/ic_run_store.h"

int app_ic_review_import(app_ctx *ctx, const char *dir, const char *mapping, bool dry_run, FILE *progress,
                         int64_t *run_id, app_ic_result *r, err_t *e);
int app_ic_runs(app_ctx *ctx, int limit, ic_run_row **rows, size_t *n, err_t *e);
int app_ic_run(app_ctx *ctx, int64_t id, ic_run_row *run, ic_run_item_row **items, size_t *n, err_t *e);

/* Japanese labels: of a section ("count" → "件数・金額（年度別）"), of a
 * result, of a run's kind; the file's label ("bills.csv" → "調定"). */
const char *app_ic_section_label(const char *section);
const char *app_ic_result_label(const char *result);
const char *app_ic_kind_label(const char *kind);
const char *app_ic_file_label(const char *file);

#endif
