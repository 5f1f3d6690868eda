/* demo_gen — deterministic synthetic people, addresses and taps for the demo
 * city (pure: a seeded PRNG, static name tables, no I/O).
 *
 * The demo city is the fictional 山峡市 (さんきょうし), with about 60 町丁目.
 * The same seed always yields the same sequence on every machine. */
#ifndef SUIDO_DEMO_GEN_H
#define SUIDO_DEMO_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct demo_rng { uint64_t s[4]; } demo_rng;   /* xoshiro256** */

void demo_rng_seed(demo_rng *r, uint64_t seed);        /* splitmix64 expansion */
uint64_t demo_rng_next(demo_rng *r);
/* Uniform in [0, n) without modulo bias; n > 0. */
uint32_t demo_rng_below(demo_rng *r, uint32_t n);

typedef struct demo_person {
    char name[96];    /* "山田　太郎" (family and given joined by one U+3000) or a company "株式会社山峡製作所" */
    char kana[160];   /* "ヤマダ タロウ" full-width katakana, family and given separated by U+3000; company: "カブシキガイシャサンキョウセイサクショ" */
    char phone[16];   /* "055-212-3456" (fixed, area code 055) or "090-1234-5678" / "080-..." / "070-..." mobiles */
    bool company;
} demo_person;

/* A person: ~95% individuals (realistic frequency-weighted surnames, ~150
 * surnames and ~100 given names of both sexes, with correct readings), ~5%
 * companies/shops (業務用 taps call this with want_company=true). */
void demo_person_make(demo_rng *r, bool want_company, demo_person *out);

typedef struct demo_area {
    const char *code;   /* 町丁目コード, 6 digits, e.g. "010101" */
    const char *name;   /* "桜町一丁目" */
    const char *kana;   /* "サクラマチ1チョウメ" */
    const char *sewer;  /* sewer operator code: "self" for most, "chuo"/"kai"/"showa" for border areas, "none" for a few unsewered ones */
} demo_area;

extern const demo_area DEMO_AREAS[];
extern const size_t DEMO_AREA_COUNT;
#define DEMO_CITY_NAME "山峡市"
#define DEMO_PREF_NAME "山梨県"

/* Street address within an area: "<area name><N>番<M>号" (sometimes with
 * " <building>101号室" for apartments); into out.  Returns false if truncated. */
bool demo_address_make(demo_rng *r, const demo_area *a, char *out, size_t outsz);

/* Tap attributes in realistic proportions: diameter mostly 13 (~55%) and 20
 * (~35%), then 25, 30, 40, 50, 75, 100 rarely; use code from domain/tapinfo.h
 * ("household" ~88%, "business" ~9%, "factory", "bath", "temporary", "shared"
 * the rest; larger diameters skew to business/factory). */
void demo_tap_attrs(demo_rng *r, int *diameter_mm, const char **use_code);

#endif
