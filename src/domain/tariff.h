/* tariff — tariff files (料金表, format "suido-tariff/1") and pricing (pure).
 *
 * A tariff is parsed from its JSON text (docs/tariff-format.md is the
 * contract) and validated: an error names the key ("classes[1].bands[2].
 * yen_per_m3") and the rule broken, in Japanese.  Pricing is done in
 * hundredths of a yen (sen) with exact rational factors for multi-month and
 * partial periods; money is rounded once per the tariff's rounding (or per
 * part for split pricing).  Usage is limited to 9,999,999 m³ and prices to
 * 99,999,999.99 yen; intermediates are 128-bit, so nothing can overflow.
 *
 * Ownership: tariff and tariff_quote are plain structs filled by value. */
#ifndef SUIDO_TARIFF_H
#define SUIDO_TARIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TARIFF_MAX_CLASSES 32
#define TARIFF_MAX_BANDS 16
#define TARIFF_MAX_DIAMETERS 16
#define TARIFF_MAX_LINES 64
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
    int tax_percent;
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
    int64_t from_m3_num, to_m3_num;  /* band: the stretch of usage, same denominator; to = -1 when open */
} tariff_line;

typedef struct tariff_quote {
    char use[32];
    int diameter;
    int64_t usage_m3;
    int months, days;      /* days 0: a full period */
    int64_t factor_num, factor_den;   /* base factor (scale × partial) */
    int64_t volume_num, volume_den;   /* band-limit factor */
    int parts;             /* split pricing: number of parts (1 otherwise) */
    int64_t subtotal_sen;  /* before tax, unrounded (fraction of a sen dropped) */
    int64_t total;         /* yen, rounded */
    int64_t tax;           /* yen: added (exclusive) or contained (inclusive) */
    int64_t rounding_sen;  /* total − exact amount, in sen (negative when rounded down) */
    int nlines;
    tariff_line lines[TARIFF_MAX_LINES];
} tariff_quote;

/* Price usage m³ over months months (0: the tariff's period) and, when days
 * > 0, a partial period of that many days.  Returns 0, or -1 with a Japanese
 * message in err: unknown use, a diameter with no class or base, usage out
 * of range, a split with months not a multiple of the period. */
int tariff_quote_for(const tariff *t, const char *use, int diameter, int64_t usage_m3, int months, int days,
                     tariff_quote *q, char *err, size_t errsz);

/* The class a tap of this use and diameter is priced by (NULL: none). */
const tariff_class *tariff_class_for(const tariff *t, const char *use, int diameter);

/* Display forms (no printf: they run for every line of every bill):
 * sen -> "-1234.56"; a rational volume num/den m³ -> "20" or "11.25" (cut to
 * two decimals). */
void tariff_fmt_sen(char out[32], int64_t sen);
void tariff_fmt_m3(char out[32], int64_t num, int64_t den);

/* Decimal string with at most 2 decimals -> sen; false if malformed. */
bool tariff_parse_yen(const char *s, int64_t *sen);

#endif
