/* ic_format — the interchange format suido-interchange/1 (docs/interchange.md):
 * which CSV files a migration directory holds, in which order, and the columns
 * of each, as a table; the check of one field by its kind.
 *
 * A file is one table of the schema.  Its columns are listed in the order the
 * CSV holds them; a column that refers to a row of another file (IC_REF) is
 * written as that row's business key, which may take several CSV columns (a
 * bill is tap_no, cycle, seq): the CSV names are the column's prefix followed
 * by the names of the target's key columns.  IC_SEQ numbers rows that share
 * the rest of their key (1, 2, ... in the order the file lists them).  No
 * database id appears in a file, except the customer number (お客様番号),
 * which is the business key customers know and is kept (IC_ID).
 *
 * Everything here is static and read-only; nothing is to be freed. */
#ifndef SUIDO_IC_FORMAT_H
#define SUIDO_IC_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#define IC_FORMAT_NAME "suido-interchange/1"
#define IC_KEY_SEP '\x1f'          /* between the parts of a key held as one string */
#define IC_MAX_CSV_COLS 64

/* The files, in the order they are written and loaded (a file refers only to
 * files before it, or to earlier rows of itself). */
enum ic_file {
    IC_USERS,
    IC_AREAS,
    IC_ROUTES,
    IC_SCHEDULE,
    IC_TAPS,
    IC_CUSTOMERS,
    IC_OCCUPANCIES,
    IC_WORKS_CONTRACTORS,
    IC_METER_ORDERS,
    IC_METER_RECEIPTS,
    IC_METERS,
    IC_METER_EVENTS,
    IC_METER_STOCKTAKES,
    IC_METER_STOCKTAKE_LINES,
    IC_METER_REORDER_POINTS,
    IC_TARIFFS,
    IC_READINGS,
    IC_SEWER_DEDUCTIONS,
    IC_BILLS,
    IC_BILL_LINES,
    IC_BILL_BALANCES,
    IC_PAYMENTS,
    IC_ALLOCATIONS,
    IC_CREDITS,
    IC_MANDATES,
    IC_REQUESTS,
    IC_CONTACTS,
    IC_SUSPENSE,
    IC_WORKS_ENGINEERS,
    IC_WORKS_EVENTS,
    IC_WORKS_APPLICATIONS,
    IC_TAP_DIAMETER_CHANGES,    /* after the applications its source names (ic_format_id_text) */
    IC_WORKS_DWELLINGS,
    IC_WORKS_STEPS,
    IC_WORKS_SETTLEMENTS,
    IC_WORKS_CHARGES,
    IC_WORKS_PAYMENTS,
    IC_WORKS_REFUNDS,
    IC_WORKS_REFUND_ITEMS,
    IC_WORKS_METERS,
    IC_WORKS_NUMBERS,
    IC_DUNNING_RUNS,
    IC_NOTICE_LETTERS,
    IC_NOTICES,
    IC_NEGOTIATIONS,
    IC_PLEDGES,
    IC_PLEDGE_BILLS,
    IC_PLEDGE_INSTALMENTS,
    IC_LATE_CHARGES,
    IC_LATE_CHARGE_PAYMENTS,
    IC_LIMITATION_ACTS,
    IC_WRITEOFFS,
    IC_WRITEOFF_ITEMS,
    IC_BILL_WRITEOFFS,
    IC_FILE__COUNT
};

enum ic_kind {
    IC_TEXT,     /* text as stored (may hold line breaks) */
    IC_CODE,     /* a code: no space, no control character */
    IC_INT,      /* a whole number (timestamps are Unix seconds) */
    IC_DATE,     /* YYYY-MM-DD */
    IC_SEALED,   /* personal data: plaintext in the file, sealed in the database */
    IC_REF,      /* a row of file `ref`, by its business key */
    IC_SEQ       /* the row's number among those with the same key before it */
};

enum ic_flag {
    IC_KEY = 1,      /* part of the file's business key */
    IC_NULL = 2,     /* empty in the file = NULL in the database */
    IC_REQ = 4,      /* never empty */
    IC_YEN = 8,      /* money: summed in the manifest */
    IC_BLANK = 16,   /* IC_DATE / IC_REF: empty allowed (stored as '') */
    IC_ID = 32,      /* IC_INT: the row's own id, kept (customer number) */
    IC_ZERO = 64     /* IC_REF: empty in the file = 0 in the database (no row) */
};

typedef struct ic_col {
    const char *name;    /* CSV name; for IC_REF the prefix of the target's key names */
    int kind;            /* enum ic_kind */
    int flags;           /* enum ic_flag */
    int ref;             /* IC_REF: enum ic_file of the target */
} ic_col;

typedef struct ic_file_def {
    const char *file;    /* "taps.csv" */
    const char *label;   /* Japanese, for messages and the review */
    bool has_id;         /* rows have a database id that other files refer to */
    const ic_col *cols;
    int ncols;
} ic_file_def;

/* The definition of file f (0 <= f < IC_FILE__COUNT). */
const ic_file_def *ic_format_file(int f);
/* The file of that name ("taps.csv"), or -1. */
int ic_format_find(const char *file);
/* How many CSV columns the business key of file f takes. */
int ic_format_key_width(int f);
/* How many CSV columns column c of file f takes (IC_REF: the target's key width). */
int ic_format_width(int f, int c);
/* Whether some file (itself included) has a column referring to file f: its
 * keys must be kept while the later files are read or written. */
bool ic_format_referred(int f);
/* A text column that names a row of another file by its database id after
 * a prefix: a diameter change's source "works:<application id>" (made by
 * that application's hand-over), a meter event's ref "receipt:<receipt id>"
 * (received by that receipt).  In a file the id is written as the target's
 * business key ("works:R08-0001"; a key of several parts joined by '/':
 * "receipt:2026-04-01/1"), and the target file comes earlier in the order;
 * a value without the prefix is plain text.  True, with the prefix and the
 * target file, for such a column (c of file f). */
bool ic_format_id_text(int f, int c, const char **prefix, int *target);
/* The CSV columns of the whole file. */
int ic_format_csv_cols(int f);
/* The CSV name of the k-th CSV column of column c (prefix + target name), into out. */
void ic_format_csv_name(int f, int c, int k, char *out, size_t outsz);

/* The index of the CSV column named name in file f ("reading_cycle"), or -1. */
int ic_format_csv_find(int f, const char *name);

/* Check one CSV value v of column c of file f (not IC_REF nor IC_SEQ, which
 * need the other files).  false with a Japanese message in msg. */
bool ic_format_check(const ic_col *col, const char *v, char *msg, size_t msgsz);

#endif
