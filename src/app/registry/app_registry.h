/* app_registry — the pieces of the tap and customer registry (app_registry.c)
 * that other use cases of the app layer build on: reception creates and
 * changes customers with the same checks and sealing.  Not for adapters. */
#ifndef SUIDO_APP_REGISTRY_H
#define SUIDO_APP_REGISTRY_H

#include "app/app.h"
#include "app/registry/app_customer.h"
#include "store/registry/customer_store.h"
#include "store/registry/tap_store.h"

/* The customer fields' checks (ERR_INVALID naming the field). */
int app_registry_customer_check(const app_customer_input *c, err_t *e);
/* Seal c into r (and its blind indexes); r's id and version are kept. */
int app_registry_seal_customer(const app_ctx *ctx, const app_customer_input *c, customer_row *r, err_t *e);
/* Open r into p (p's strings are malloc'd: app_person_free). */
int app_registry_open_person(const app_ctx *ctx, const customer_row *r, app_person *p, err_t *e);
/* A tap's place of use (給水場所) as the karte shows it: the area's name,
 * then the sealed rest opened, into out (size outsz; "" parts when missing). */
void app_registry_place_of_use(app_ctx *ctx, const tap_row *t, char *out, size_t outsz);
/* The same from the area's name and the sealed rest, already read. */
void app_registry_place_format(app_ctx *ctx, const char *area_name, const char *address_enc, char *out, size_t outsz);
/* The tap numbered tap_no into t.  Refusals name field (the form field or
 * CLI option the number came from: "tap_no" on forms, "tap" for --tap):
 * ERR_INVALID when empty, ERR_NOTFOUND "水栓番号 … は登録されていません。"
 * when no tap has that number. */
int app_registry_find_tap(app_ctx *ctx, const char *tap_no, const char *field, tap_row *t, err_t *e);
/* Refresh the search index's entry of a tap (after the commit); failures
 * are logged, not returned. */
void app_registry_refresh_tap(app_ctx *ctx, int64_t tap_id);

#endif
