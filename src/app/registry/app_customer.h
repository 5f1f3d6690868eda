/* app_customer — taps and customers (app/registry/app_registry.c).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_REGISTRY_APP_CUSTOMER_H
#define SUIDO_REGISTRY_APP_CUSTOMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* ---- taps and customers (app_registry.c) ---------------------------- */

typedef struct app_tap_input {
    const char *tap_no;       /* "" on create = assign the next number */
    const char *area_code;
    const char *address;      /* 給水場所 after the area name, e.g. "3番12号" */
    const char *diameter;     /* text from the form, validated here */
    const char *use_code;
    const char *sewer;
    const char *route;        /* 検針区, 1–8 ASCII letters/digits */
    const char *route_order;  /* 順路 */
    const char *status;
    const char *version;      /* for edits */
} app_tap_input;

typedef struct app_customer_input {
    const char *name;         /* 氏名 / 名称 */
    const char *kana;         /* カナ氏名 */
    const char *phone;
    const char *postal;       /* 送付先郵便番号 */
    const char *mail_address; /* 送付先 ("" = the service address) */
    const char *notes;
    const char *version;      /* for edits */
} app_customer_input;

/* Create a tap with its first customer from start_on (開栓日).
 * tap_no_out receives the number (size 16). */
int app_tap_create(app_ctx *ctx, const app_tap_input *t, const app_customer_input *c, const char *start_on,
                   char tap_no_out[16], err_t *e);
int app_tap_update(app_ctx *ctx, const char *tap_no, const app_tap_input *t, err_t *e);
int app_customer_update(app_ctx *ctx, int64_t customer_id, const app_customer_input *c, err_t *e);

typedef struct app_person {
    int64_t customer_id;
    char *name, *kana, *phone, *postal, *mail_address, *notes;  /* malloc'd */
    int64_t version;
} app_person;

typedef struct app_occupancy {
    int64_t id;
    char start_on[11], end_on[11];
    app_person who;
} app_occupancy;

typedef struct app_karte {
    int64_t tap_id;
    char tap_no[16];
    char area_code[8], area_name[96];
    char *address;            /* malloc'd: service address after the area name */
    int64_t diameter;
    char use_code[16], sewer[16], route[16], status[16];
    int64_t route_order, version;
    app_occupancy *occ;       /* newest first; occ[0] is current when its end_on is "" */
    size_t nocc;
} app_karte;

/* The お客様カルテ of a tap (audited as a view of personal data). */
int app_karte_get(app_ctx *ctx, const char *tap_no, app_karte *out, err_t *e);
void app_karte_free(app_karte *k);
/* A customer by id (for the edit form; audited). */
int app_customer_get(app_ctx *ctx, int64_t customer_id, app_person *out, err_t *e);
void app_person_free(app_person *p);

typedef struct app_area { char code[8], name[96], sewer[16]; } app_area;
int app_area_list(app_ctx *ctx, app_area **rows, size_t *n, err_t *e);

#endif
