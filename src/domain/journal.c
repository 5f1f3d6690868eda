/* journal — see journal.h. */
#include "domain/journal.h"

#include "base/buf.h"

/* Put v on its natural side (debit_side: true for the debit), or the other
 * when negative. */
static void put(journal_line *out, size_t max, size_t *k, const char *channel, int account, int64_t v,
                bool debit_side)
{
    if (v == 0)
        return;
    if (*k < max) {
        journal_line *l = &out[*k];
        str_copy(l->channel, sizeof l->channel, channel);
        l->account = account;
        bool debit = (v > 0) == debit_side;
        l->debit = debit ? (v > 0 ? v : -v) : 0;
        l->credit = debit ? 0 : (v > 0 ? v : -v);
    }
    (*k)++;
}

size_t journal_lines(const daily_table *t, journal_line *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++) {
        const daily_line *r = &t->rows[i];
        put(out, max, &k, r->channel, JOURNAL_CASH, r->amount, true);
        put(out, max, &k, r->channel, JOURNAL_WATER, r->water, false);
        put(out, max, &k, r->channel, JOURNAL_SEWER, r->sewer, false);
        put(out, max, &k, r->channel, JOURNAL_TAX, r->tax, false);
        put(out, max, &k, r->channel, JOURNAL_CREDIT, r->credit, false);
        put(out, max, &k, r->channel, JOURNAL_SUSPENSE, r->suspense, false);
        put(out, max, &k, r->channel, JOURNAL_LATE, r->late, false);
        put(out, max, &k, r->channel, JOURNAL_KANYUKIN, r->kanyukin - r->kanyukin_tax, false);
        put(out, max, &k, r->channel, JOURNAL_WORKS_FEE, r->works_fee - r->works_fee_tax, false);
        put(out, max, &k, r->channel, JOURNAL_TAX, r->kanyukin_tax + r->works_fee_tax, false);
    }
    const daily_line *s = &t->setoff;
    put(out, max, &k, DAILY_SETOFF, JOURNAL_CREDIT, s->credit, false);   /* negative: a debit */
    put(out, max, &k, DAILY_SETOFF, JOURNAL_WATER, s->water, false);
    put(out, max, &k, DAILY_SETOFF, JOURNAL_SEWER, s->sewer, false);
    put(out, max, &k, DAILY_SETOFF, JOURNAL_TAX, s->tax, false);
    put(out, max, &k, JOURNAL_REFUND_ROW, JOURNAL_CREDIT, t->credit_refund, false);   /* negative: a debit */
    put(out, max, &k, JOURNAL_REFUND_ROW, JOURNAL_REFUND, -t->credit_refund, false);
    /* works refunds paid out (amounts positive): revenue and tax debited, the refund account credited */
    const char *wr = JOURNAL_WORKS_REFUND_ROW;
    put(out, max, &k, wr, JOURNAL_KANYUKIN, t->works_refund_kanyukin - t->works_refund_kanyukin_tax, true);
    put(out, max, &k, wr, JOURNAL_WORKS_FEE, t->works_refund_fee - t->works_refund_fee_tax, true);
    put(out, max, &k, wr, JOURNAL_TAX, t->works_refund_kanyukin_tax + t->works_refund_fee_tax, true);
    put(out, max, &k, wr, JOURNAL_REFUND, t->works_refund_kanyukin + t->works_refund_fee, false);
    return k;
}
