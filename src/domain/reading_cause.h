/* reading_cause — why a meter could not be read, the cause recorded with an
 * estimated usage (認定): codes and Japanese labels, one table (pure).
 *
 * Ownership: every string returned is static. */
#ifndef SUIDO_READING_CAUSE_H
#define SUIDO_READING_CAUSE_H

enum reading_cause {
    READING_CAUSE_LOCKED,   /* 施錠・立入不可 */
    READING_CAUSE_CAR,      /* a car parked over the meter box */
    READING_CAUSE_DOG,
    READING_CAUSE_BURIED,   /* buried or under water */
    READING_CAUSE_ABSENT,   /* nobody home, the premises closed */
    READING_CAUSE_OTHER,
    READING_CAUSE__MAX
};

/* The code ("locked", ...) and label ("施錠・立入不可", ...); NULL outside the enum. */
const char *reading_cause_code(int cause);
const char *reading_cause_label(int cause);
/* The cause of a code; -1 if unknown (or NULL). */
int reading_cause_parse(const char *code);

#endif
