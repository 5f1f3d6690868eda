/* check_kinds — the consistency lists (漏れ防止, docs/consistency.md): the
 * charges a utility fails to bill most often, each a list of taps to look
 * at.  One table: the code in URLs and on the command line, the label, what
 * a row means and the incident behind it.  No I/O.
 *
 * Ownership: every string returned is static. */
#ifndef SUIDO_CHECK_KINDS_H
#define SUIDO_CHECK_KINDS_H

enum check_kind {
    CHECK_NO_SEWER,      /* water billed, no sewer, in an area with sewer (富士見市, 武雄市) */
    CHECK_SEWER_ZERO,    /* sewer billed on 0 m³ while the water meter ran */
    CHECK_CHILD_SEWER,   /* a complex's child tap whose sewer is not its parent's (一宮市) */
    CHECK_DIAMETER,      /* the installed meter's diameter is not the billed one (糸魚川市) */
    CHECK_NO_CUSTOMER,   /* usage read on a tap with no customer on the reading day */
    CHECK_ESTIMATED,     /* the tap's last three bills all on estimated readings */
    CHECK_UNDER_BASE,    /* a water charge below the tariff's charge for 0 m³ */
    CHECK__MAX
};

typedef struct check_kind_info {
    const char *code;    /* "no-sewer" */
    const char *label;   /* 下水道の未賦課 */
    const char *what;    /* one sentence: what a row of the list is */
    const char *col_a;   /* the heading of the row's two values ("" none) */
    const char *col_b;
} check_kind_info;

/* The kind's row of the table; NULL outside the enum. */
const check_kind_info *check_kind_get(int kind);
/* The kind of a code; -1 unknown (NULL too). */
int check_kind_parse(const char *code);
#endif
