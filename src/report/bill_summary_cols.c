/* bill_summary_cols — see bill_summary_cols.h. */
#include "report/bill_summary_cols.h"

#include "base/buf.h"

const char *const BILL_SUMMARY_TITLES[BILL_SUMMARY_NVALS] = {
    "件数", "うち認定", "水量(m³)", "水道料金", "下水道件数", "汚水量(m³)", "下水道使用料", "減免等", "消費税等",
    "調定額", "前回件数", "前回調定額", "前回比増減", "前年同期件数", "前年同期調定額", "前年比増減"};
const bool BILL_SUMMARY_YEN[BILL_SUMMARY_NVALS] = {false, false, false, true, false, false, true, true,
                                                   true,  true,  false, true, true,  false, true, true};
const bool BILL_SUMMARY_DIFF[BILL_SUMMARY_NVALS] = {[12] = true, [15] = true};

void bill_summary_values(const app_bill_report_row *r, long long v[BILL_SUMMARY_NVALS])
{
    const app_bill_figures *c = &r->cur;
    long long x[BILL_SUMMARY_NVALS] = {c->bills, c->estimated, c->usage, c->water_yen, c->sewer_bills,
                                       c->sewer_usage, c->sewer_yen, c->adjust_yen, c->tax_yen, c->total_yen,
                                       r->prev.bills, r->prev.total_yen, c->total_yen - r->prev.total_yen,
                                       r->last_year.bills, r->last_year.total_yen,
                                       c->total_yen - r->last_year.total_yen};
    for (int k = 0; k < BILL_SUMMARY_NVALS; k++)
        v[k] = x[k];
}

void bill_summary_diameter(const app_bill_report_row *r, char out[16])
{
    if (!r->use_code[0])
        out[0] = '\0';
    else if (r->diameter == 0)
        str_copy(out, 16, "小計");
    else
        str_fmt(out, 16, "%lld", (long long)r->diameter);
}
