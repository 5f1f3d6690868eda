/* tariff — tariff files (料金表, format "suido-tariff/1") and pricing (pure:
 * no I/O, no database).
 *
 * A tariff is parsed from its JSON text (docs/tariff-format.md is the
 * contract) and validated: an error names the key ("classes[1].bands[2].
 * yen_per_m3") and the rule broken, in Japanese.  Pricing is done in
 * hundredths of a yen (sen) with exact rational factors for multi-month and
 * partial periods; money is rounded once per the tariff's rounding (or per
 * part for split pricing).  Usage is limited to 9,999,999 m³, months to
 * 1..12, days to 0..366 and prices to 99,999,999.99 yen; intermediates are
 * 128-bit, so nothing can overflow.
 *
 * Ownership: tariff and tariff_quote are plain structs filled by value (both
 * are large: allocate them, or keep few on a stack); nothing in them points
 * elsewhere, and nothing needs freeing.  tariff_class_for returns a pointer
 * into the tariff given.  tariff_quote_json appends to the caller's writer. */
#ifndef SUIDO_TARIFF_H
#define SUIDO_TARIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TARIFF_MAX_CLASSES 32
#define TARIFF_MAX_BANDS 16
#define TARIFF_MAX_DIAMETERS 16
/* Enough for the worst quote: 12 split parts × (base + every band + tax +
 * rounding) + a bill's tax and rounding (checked in tariff.c). */
#define TARIFF_MAX_LINES 240
#define TARIFF_MAX_USAGE 9999999

enum tariff_round { TARIFF_FLOOR, TARIFF_ROUND, TARIFF_CEIL };

typedef struct tariff_band {
    bool open;             /* no upper limit */
    int64_t up_to_m3;
    int64_t sen_per_m3;    /* hundredths of a yen */
} tariff_band;

#define TARIFF_MAX_USES 8

typedef struct tariff_class {
    int nuses;             /* "use": a string, a list of strings, or "*" (any use: nuses 0) */
    char uses[TARIFF_MAX_USES][32];
    int ndiameters;        /* 0: any diameter */
    bool diameters_listed; /* the file lists "diameters" (else base's keys name them) */
    int diameters[TARIFF_MAX_DIAMETERS];
    bool base_flat;        /* one base for every diameter */
    int64_t base_sen;      /* when base_flat */
    int64_t base_by_dia[TARIFF_MAX_DIAMETERS];   /* parallel to diameters, when !base_flat */
    int64_t included_m3;
    int nbands;
    tariff_band bands[TARIFF_MAX_BANDS];
} tariff_class;

typedef struct tariff {
    char id[64], name[160], service[8], effective_from[11];
    int period_months;     /* 1 or 2 */
    bool prices_include_tax;
    int tax_percent;       /* 0, 3, 5, 8 or 10 */
    int round_unit;        /* 1 or 10 yen */
    int round_mode;        /* enum tariff_round */
    bool round_per_part;   /* rounding.scope "part" */
    bool split;            /* multi_month.method "split" (else "scale") */
    bool odd_first;        /* split: the remainder goes to the first part (else the last) */
    bool has_partial;
    int64_t partial_unit_days, partial_period_days;
    bool partial_base, partial_bands;
    int nclasses;
    tariff_class classes[TARIFF_MAX_CLASSES];
} tariff;

/* Parse and validate.  On error returns -1 and writes a Japanese message
 * naming the key into err (size errsz); 0 on success. */
int tariff_parse(const char *json, size_t len, tariff *out, char *err, size_t errsz);

typedef struct tariff_line {
    char kind[16];         /* "base", "band", "tax" (added), "tax_included" (contained), "rounding" */
    int part;              /* split pricing: the part (1..); 0 otherwise */
    int64_t m3_num, m3_den;   /* volume of a band line: m3_num / m3_den m³ */
    int64_t unit_sen;      /* band: price per m³; base: the table's base */
    int64_t amount_sen;    /* the line's amount in sen (a fraction of a sen cut; the rounding line settles it) */
    int64_t from_m3_num, to_m3_num;  /* band: its limits as priced (scaled), over m3_den; to = -1 when open */
} tariff_line;

typedef struct tariff_quote {
    int class_index;       /* the class priced by (index in tariff.classes) */
    char use[32];
    int diameter;
    int64_t usage_m3;
    int months, days;      /* days 0: a full period */
    int64_t factor_num, factor_den;   /* base factor of each priced stretch (scale × partial), reduced */
    int64_t volume_num, volume_den;   /* factor of the included volume and band limits, reduced */
    int parts;             /* split pricing: number of parts (1 otherwise) */
    int64_t subtotal_sen;  /* the exact amount before rounding (and before an added tax), cut to the sen;
                              split with scope "part": the parts' sum */
    int64_t total;         /* yen, rounded */
    int64_t tax;           /* yen: added (total − subtotal cut to the yen, never < 0) or contained
                              (floor(total × tax / (100 + tax))) */
    int64_t rounding_sen;  /* the rounding lines' sum, in sen (negative when rounded down) */
    int nlines;
    tariff_line lines[TARIFF_MAX_LINES];   /* only the first nlines are written */
} tariff_quote;

/* Price usage m³ over months months (0: the tariff's period) and, when days
 * > 0 and the tariff has partial_period, a partial period of that many days,
 * measured against the bill's own length (period_days × months /
 * period_months); without partial_period, days only show on the quote: the
 * full period is priced.  Returns 0, or -1 with a Japanese message in err: unknown use, a
 * diameter with no class, usage, months or days out of range, a split with
 * months not a multiple of period_months. */
int tariff_quote_for(const tariff *t, const char *use, int diameter, int64_t usage_m3, int months, int days,
                     tariff_quote *q, char *err, size_t errsz);

/* The quote as one JSON object (the shape `suido tariff quote` prints, see
 * docs/tariff-format.md), appended to w as a value. */
struct jsonw;
void tariff_quote_json(struct jsonw *w, const tariff *t, const tariff_quote *q);

/* The class a tap of this use and diameter is priced by (NULL: none). */
const tariff_class *tariff_class_for(const tariff *t, const char *use, int diameter);

/* Display forms (no printf: they run for every line of every bill):
 * sen -> "-1234.56"; a rational volume num/den m³ -> "20" or "11.25" (cut to
 * two decimals). */
void tariff_fmt_sen(char out[32], int64_t sen);
/* A price as a tariff file writes it: whole yen without decimals ("2600"),
 * else as tariff_fmt_sen ("146.30"). */
void tariff_fmt_price(char out[32], int64_t sen);
void tariff_fmt_m3(char out[32], int64_t num, int64_t den);

/* Decimal string with at most 2 decimals -> sen; false if malformed. */
bool tariff_parse_yen(const char *s, int64_t *sen);

#endif
