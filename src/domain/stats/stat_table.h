/* stat_table — what every statistics report (統計) is, whatever it counts:
 * a title, a period (domain/stats/stat_period), a few headline figures
 * (件数, 金額, 水量 of the whole period), and sections: tables of rows
 * (a label and integer values: yen, m³, counts, or a rate in hundredths
 * of a percent) under column headers, each with its total row; one
 * section may be drawn as a chart (its rows as bars of one column).
 * Every renderer (the screen, PDF, Excel, CSV, JSON) reads only this.
 *
 * A rate column (STAT_RATE) holds numerator / denominator of two other
 * columns of its row, in basis points (9876 = 98.76 %), rounded half up;
 * stat_section_finish computes it for every row and for the total from the
 * summed columns (never an average of rates).  No floating point.
 *
 * Pure: no I/O.  Ownership: a report owns its sections and rows
 * (stat_report_free); column arrays and titles given as const char * are
 * the caller's and must outlive the report (static tables). */
#ifndef SUIDO_STAT_TABLE_H
#define SUIDO_STAT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/stats/stat_period.h"

enum stat_unit {
    STAT_COUNT,   /* 件 */
    STAT_YEN,     /* 円 */
    STAT_M3,      /* m³ */
    STAT_RATE,    /* basis points of num / den (cols of the same row) */
};

#define STAT_MAX_COLS 12
#define STAT_MAX_SECTIONS 16
#define STAT_MAX_HEADLINES 16

typedef struct stat_col {
    const char *key;      /* JSON and CSV key: "water_yen" */
    const char *title;    /* 表題: "水道料金" */
    int unit;             /* enum stat_unit */
    int num, den;         /* STAT_RATE: the columns divided */
} stat_col;

typedef struct stat_row {
    char key[40];         /* a stable key: the use code, the diameter, the month */
    char label[160];      /* as shown: "一般用", "20mm", "2026年4月" */
    int64_t v[STAT_MAX_COLS];
} stat_row;

typedef struct stat_section {
    const char *key;      /* "by_use" */
    const char *title;    /* "用途別" */
    const char *head;     /* the label column's title: "用途" */
    const stat_col *cols;
    int ncols;
    bool no_total;        /* rows that do not add up (e.g. several views of one sum) */
    stat_row *rows;
    size_t n, cap;
    stat_row total;       /* key "total", label "合計" (after stat_section_finish) */
} stat_section;

typedef struct stat_headline {
    const char *key;      /* "water_yen": a top-level key of the JSON */
    const char *title;
    int unit;
    int64_t value;
} stat_headline;

typedef struct stat_report {
    const char *name;     /* "billing" */
    const char *title;    /* "調定統計" */
    stat_period period;
    char today[11];       /* the day it was made (JST) */
    const char *note;     /* definitions in a sentence or two ("" none) */
    stat_headline head[STAT_MAX_HEADLINES];
    size_t nhead;
    stat_section sec[STAT_MAX_SECTIONS];
    size_t nsec;
    int chart_sec, chart_col;   /* the section and column drawn as bars; -1: none */
    const char *chart_title;
} stat_report;

/* An empty report named name / title for the period. */
void stat_report_init(stat_report *r, const char *name, const char *title, const stat_period *p, const char *today);
void stat_report_free(stat_report *r);

/* Add a headline figure; false when full. */
bool stat_headline_add(stat_report *r, const char *key, const char *title, int unit, int64_t value);
/* The headline of key, or NULL. */
const stat_headline *stat_headline_get(const stat_report *r, const char *key);

/* Add a section (NULL when full); cols must hold ncols (<= STAT_MAX_COLS). */
stat_section *stat_section_add(stat_report *r, const char *key, const char *title, const char *head,
                               const stat_col *cols, int ncols);
/* A new zeroed row at the end of s (NULL when out of memory). */
stat_row *stat_row_add(stat_section *s, const char *key, const char *label);
/* The row of key, added when missing (rows keep the order of first use). */
stat_row *stat_row_get(stat_section *s, const char *key, const char *label);
/* Add v[0..nv) to the row of key (added when missing); false when out of
 * memory. */
bool stat_row_addv(stat_section *s, const char *key, const char *label, const int64_t *v, int nv);
/* Sort the rows by key: keys that are whole numbers (diameters) by value
 * and before the others, the others as text. */
void stat_section_sort(stat_section *s);
/* The rates of every row, the total row (sums, then its rates). */
void stat_section_finish(stat_section *s);
/* Every section finished. */
void stat_report_finish(stat_report *r);

/* num / den in basis points, rounded half up (den <= 0: 0). */
int64_t stat_rate_bp(int64_t num, int64_t den);
/* The index of column key in s, or -1. */
int stat_col_index(const stat_section *s, const char *key);
/* The section of key, or NULL. */
const stat_section *stat_section_get(const stat_report *r, const char *key);

/* A unit's suffix ("件", "円", "m³", "%"). */
const char *stat_unit_suffix(int unit);
/* A value as shown: "12,345" (yen and counts and m³), "98.76" (a rate);
 * out at least 32 bytes. */
void stat_value_text(int unit, int64_t v, char *out, size_t outsz);

#endif
