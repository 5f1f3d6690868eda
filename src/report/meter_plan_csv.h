/* meter_plan_csv — the replacement plan (検定満了による取替計画) as CSV: a
 * header row, then one row per meter in route order (水栓番号, 検針区, 順路,
 * メーター番号, 口径, メーカー, 検定満了日, 設置日), in the chosen encoding
 * (csv_encoding_parse: UTF-8 with BOM or Shift_JIS).  No personal data.
 *
 * Ownership: appends to the caller's buffer; false when it cannot encode. */
#ifndef SUIDO_METER_PLAN_CSV_H
#define SUIDO_METER_PLAN_CSV_H

#include <stdbool.h>

#include "app/meter/app_meter_replace.h"
#include "base/buf.h"

bool meter_plan_csv_write(const app_meter_plan *p, int encoding, buf_t *out);

#endif
