/* tapinfo — codes and labels of a tap's attributes (pure tables).
 *
 * Use (用途), status, sewer operator: a code stored in the database, a
 * Japanese label for screens.  Later tariff files define their own uses; these
 * are the registry's defaults. */
#ifndef SUIDO_TAPINFO_H
#define SUIDO_TAPINFO_H

typedef struct tapinfo_code { const char *code; const char *label; } tapinfo_code;

/* NULL-code-terminated tables. */
extern const tapinfo_code TAPINFO_USES[];      /* household 一般用, business 業務用, factory 工場用, bath 公衆浴場用, temporary 臨時用, shared 共用 */
extern const tapinfo_code TAPINFO_STATUSES[];  /* active 使用中, closed 閉栓中, suspended 休止, removed 撤去 */
extern const tapinfo_code TAPINFO_SEWERS[];    /* self 当局, chuo 中央市, kai 甲斐市, showa 昭和町, none なし */
extern const int TAPINFO_DIAMETERS[];          /* 13 .. 200, 0-terminated */

/* Label for a code in a table, or the code itself when unknown. */
const char *tapinfo_label(const tapinfo_code *table, const char *code);
/* NULL-terminated array of the codes of a table (static storage per table). */
const char *const *tapinfo_codes(const tapinfo_code *table);

#endif
