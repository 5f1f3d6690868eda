/* bill_skip — why a tap could not be billed in a run (調定できず): the
 * reason codes stored with each skip and their Japanese labels (pure).
 *
 * Ownership: every string returned is static. */
#ifndef SUIDO_BILL_SKIP_H
#define SUIDO_BILL_SKIP_H

enum bill_skip_reason {
    BILL_SKIP_NO_TARIFF,      /* no tariff in force on the reading date */
    BILL_SKIP_NO_CLASS,       /* the tariff has no class for the use or diameter */
    BILL_SKIP_HELD,           /* the reading is held (確認 or 再検針 needed) */
    BILL_SKIP_NO_CUSTOMER,    /* no occupancy on the reading date (閉栓) */
    BILL_SKIP_NO_DEDUCTION,   /* a sewer deduction tap without its volume */
    BILL_SKIP_LONG_PERIOD,    /* a period far longer than the route's, awaiting a 係長's confirmation */
    BILL_SKIP__MAX
};

/* The stored code ("no_tariff", ...) and label ("料金表なし", ...) of a
 * reason; NULL for a value outside the enum. */
const char *bill_skip_code(int reason);
const char *bill_skip_label(int reason);
/* The reason of a stored code; -1 if unknown. */
int bill_skip_parse(const char *code);

#endif
