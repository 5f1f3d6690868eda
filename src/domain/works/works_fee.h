/* works_fee — the fee tables of service-connection works (給水装置工事の
 * 加入金・手数料, format "suido-works-fee/1"; docs/works-fee-format.md is the
 * contract) and the fees of one application.  Pure: parses JSON text, no I/O.
 *
 * One table is one version from its effective date; a revision is another
 * table (another file) with a later effective_from.  Amounts are integer yen
 * (at most WORKS_FEE_MAX_YEN), either including tax or not, at the version's
 * tax_percent.  An application's fees are those of the version in force on
 * its date: 加入金 by the meter's diameter (a remodel that enlarges the meter
 * pays the difference between the two sizes, one that does not pays
 * nothing; a 特団 (complex) pays per dwelling at the dwelling's diameter;
 * removal and branch pay none), and every fee of the table whose types name
 * the application's type (per case or per dwelling, flat or by diameter).
 *
 * Ownership: works_fee_table and works_fee_quote are plain structs filled by
 * value (a table is about 15 KB: allocate it, or keep few on a stack); nothing
 * in them needs freeing.  works_fee_in_force and works_fee_quote.table point
 * into the tables given.  works_fee_quote_json appends to the caller's writer. */
#ifndef SUIDO_WORKS_FEE_H
#define SUIDO_WORKS_FEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

#define WORKS_FEE_MAX_DIAMETERS 24
#define WORKS_FEE_MAX_FEES 32
#define WORKS_FEE_MAX_YEN 999999999          /* one amount of a table */
#define WORKS_FEE_MAX_DIAMETER 10000         /* mm */
#define WORKS_FEE_MAX_DWELLINGS 9999

/* The kinds of application (申込種別); their codes are the file's and the
 * command line's words (works_type_code). */
typedef enum works_type {
    WORKS_NEW,        /* new:     新設 */
    WORKS_REMODEL,    /* remodel: 改造 (a diameter change included) */
    WORKS_REMOVAL,    /* removal: 撤去 */
    WORKS_BRANCH,     /* branch:  分水 (私補: a branch from the main) */
    WORKS_COMPLEX,    /* complex: 特団・特団改造 (apartments with a meter each) */
    WORKS_NTYPES
} works_type;

enum works_fee_rounding { WORKS_FEE_FLOOR, WORKS_FEE_ROUND, WORKS_FEE_CEIL };

/* Before which step of the works (domain/works/works_progress.h) a charge
 * must be paid: "approval" (承認・認可 is refused while it is unpaid) or
 * "start" (着工 is).  The file's optional "due" of a fee and "kanyukin_due"
 * of the 加入金; without it a fee coded "design" (設計審査) is due at
 * approval and every other charge, the 加入金 included, before the start. */
enum works_fee_due { WORKS_DUE_APPROVAL, WORKS_DUE_START, WORKS_NDUES };
/* "approval" / "start"; works_fee_due_parse returns -1 for any other word. */
const char *works_fee_due_code(int due);
int works_fee_due_parse(const char *code);

/* Amounts by meter diameter, in ascending order of diameter. */
typedef struct works_fee_by_diameter {
    int n;
    int diameter[WORKS_FEE_MAX_DIAMETERS];   /* mm */
    int64_t yen[WORKS_FEE_MAX_DIAMETERS];
} works_fee_by_diameter;

typedef struct works_fee_item {
    char code[32];         /* the fee's code ("design"), unique in the table */
    char name[96];         /* what documents print (設計審査手数料) */
    unsigned types;        /* bit (1u << works_type) for each type it is charged on */
    bool per_dwelling;     /* "per": "dwelling" (times the dwellings); else per case */
    bool taxable;          /* false: 非課税 (no tax in it, none added) */
    int due;               /* enum works_fee_due */
    bool refundable;       /* "refundable" (default: false for "design", else true): paid back when the
                              application is cancelled or made smaller; false: kept once the application
                              has been reviewed (審査) */
    bool flat;             /* one amount ("yen"); else by diameter */
    int64_t yen;           /* when flat */
    works_fee_by_diameter by_diameter;   /* when !flat */
} works_fee_item;

typedef struct works_fee_table {
    char id[64], name[160];
    civil_date effective_from;
    bool prices_include_tax;
    int tax_percent;       /* 0, 3, 5, 8 or 10 */
    int tax_rounding;      /* enum works_fee_rounding: of the tax added to prices without it */
    works_fee_by_diameter kanyukin;   /* 加入金 */
    int kanyukin_due;      /* enum works_fee_due of the 加入金 */
    bool kanyukin_refundable;   /* "kanyukin_refundable" (default true) */
    int nfees;
    works_fee_item fees[WORKS_FEE_MAX_FEES];
} works_fee_table;

/* Parse and validate one table.  On error returns -1 with a Japanese message
 * naming the key ("kanyukin.20", "fees[1].types[0]") in err (size errsz); 0
 * on success. */
int works_fee_parse(const char *json, size_t len, works_fee_table *out, char *err, size_t errsz);

/* Tables given together are versions of one schedule: no two may share an
 * id or an effective date.  -1 with the message in err; 0 when they fit. */
int works_fee_versions_check(const works_fee_table *t, size_t n, char *err, size_t errsz);

/* The version in force on day: the latest effective_from on or before it
 * (NULL: every version is later). */
const works_fee_table *works_fee_in_force(const works_fee_table *t, size_t n, civil_date day);

/* "new" … "complex"; works_type_parse returns -1 for any other word. */
const char *works_type_code(works_type type);
int works_type_parse(const char *code);

typedef struct works_fee_request {
    works_type type;
    int diameter;          /* mm: the meter's diameter (after a remodel; each dwelling's for complex;
                              the branch's for branch) */
    int old_diameter;      /* mm: before a remodel; 0 = not given (only remodel takes it) */
    int dwellings;         /* complex: 1..WORKS_FEE_MAX_DWELLINGS; 0 = not given (only complex takes it) */
    civil_date date;       /* the day whose version applies (the application's) */
} works_fee_request;

typedef struct works_fee_line {
    char code[32];         /* "kanyukin" for 加入金, else the fee's code */
    char name[96];
    int64_t yen;           /* what is charged, tax included */
    int64_t tax;           /* the tax in yen: contained in yen (also when added) */
    int due;               /* enum works_fee_due: paid before which step */
    bool refundable;       /* the item's (the table's kanyukin_refundable for 加入金) */
} works_fee_line;

typedef struct works_fee_quote {
    const works_fee_table *table;   /* the version in force on the date */
    works_fee_request rq;  /* as asked, dwellings 1 when not complex */
    works_fee_line kanyukin;        /* 加入金 (yen 0 when none is due) */
    int nfees;
    works_fee_line fees[WORKS_FEE_MAX_FEES];   /* the fees charged, in the table's order */
    int64_t total;         /* 加入金 + every fee, yen */
    int64_t tax;           /* the tax contained in total */
} works_fee_quote;

/* The fees of one application under the versions t[0..n).  Returns 0, or
 * ERR_INVALID with e naming the field ("type", "diameter", "old_diameter",
 * "dwellings", "date", or "table" when the versions do not fit together): a
 * diameter the table has no amount for, an old diameter missing for remodel
 * or given for another type, dwellings below 1 for complex or given for
 * another type, a date before every version. */
int works_fee_quote_for(const works_fee_table *t, size_t n, const works_fee_request *rq, works_fee_quote *q,
                        err_t *e);
/* The same for a complex whose dwellings differ in diameter: each[0..
 * rq->dwellings) is each one's (NULL: every one at rq->diameter).  The
 * 加入金 and the fees charged per dwelling are the sum of each dwelling's;
 * a fee per case is at rq->diameter.  each is read during the call only. */
int works_fee_quote_each(const works_fee_table *t, size_t n, const works_fee_request *rq, const int *each,
                         works_fee_quote *q, err_t *e);

/* The quote as one JSON object (the shape `suido works fee` prints, see
 * docs/works-fee-format.md), appended to w as a value. */
struct jsonw;
void works_fee_quote_json(struct jsonw *w, const works_fee_quote *q);

#endif
