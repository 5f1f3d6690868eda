/* daily_table — see daily_table.h. */
#include "domain/daily_table.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

const char *const DAILY_CHANNELS[6] = {"debit", "cvs", "app", "card", "counter", "bank"};

static int fixed_rank(const char *channel)
{
    for (int i = 0; i < 6; i++)
        if (strcmp(DAILY_CHANNELS[i], channel) == 0)
            return i;
    return 6;
}

static int cmp_rows(const void *a, const void *b)
{
    const daily_line *x = a, *y = b;
    int rx = fixed_rank(x->channel), ry = fixed_rank(y->channel);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return strcmp(x->channel, y->channel);
}

/* The row of a channel, added when first seen (the last row takes the rest
 * when the table is full). */
static daily_line *row_of(daily_table *t, const char *channel)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].channel, channel) == 0)
            return &t->rows[i];
    if (t->n == DAILY_MAX_ROWS) {
        t->overflow = true;
        return &t->rows[DAILY_MAX_ROWS - 1];
    }
    daily_line *l = &t->rows[t->n++];
    str_copy(l->channel, sizeof l->channel, channel);
    return l;
}

static void add_line(daily_line *to, const daily_line *l)
{
    to->count += l->count;
    to->reversals += l->reversals;
    to->amount += l->amount;
    to->water += l->water;
    to->sewer += l->sewer;
    to->tax += l->tax;
    to->credit += l->credit;
    to->suspense += l->suspense;
    to->late += l->late;
    to->kanyukin += l->kanyukin;
    to->works_fee += l->works_fee;
    to->kanyukin_tax += l->kanyukin_tax;
    to->works_fee_tax += l->works_fee_tax;
    to->alloc_amount += l->alloc_amount;
}

bool daily_line_balanced(const daily_line *l)
{
    return l->amount == l->water + l->sewer + l->tax + l->credit + l->suspense + l->late + l->kanyukin + l->works_fee &&
           l->alloc_amount == l->water + l->sewer + l->tax;
}

void daily_table_build(const daily_fact *facts, size_t n, daily_table *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 6; i++)
        row_of(out, DAILY_CHANNELS[i]);
    str_copy(out->setoff.channel, sizeof out->setoff.channel, DAILY_SETOFF);
    str_copy(out->receipts.channel, sizeof out->receipts.channel, "");
    for (size_t i = 0; i < n; i++) {
        const daily_fact *f = &facts[i];
        const char *kind = f->kind ? f->kind : "";
        if (!f->channel)
            continue;
        switch (f->src) {
        case DAILY_PAY: {
            daily_line *l = row_of(out, f->channel);
            l->count += f->count;
            l->reversals += f->reversals;
            l->amount += f->amount;
            l->suspense += f->suspense_in;
            out->suspense_in += f->suspense_in;
            break;
        }
        case DAILY_ALLOC: {
            daily_line *l = strcmp(kind, "setoff") == 0 ? &out->setoff : row_of(out, f->channel);
            l->water += f->water;
            l->sewer += f->sewer;
            l->tax += f->tax;
            l->alloc_amount += f->amount;
            if (strcmp(kind, "after_writeoff") == 0) {
                daily_line *a = &out->after_writeoff;
                a->count += f->count;
                a->amount += f->amount;
                a->alloc_amount += f->amount;
                a->water += f->water;
                a->sewer += f->sewer;
                a->tax += f->tax;
            }
            break;
        }
        case DAILY_CREDIT:
            if (strcmp(kind, "over") == 0 || strcmp(kind, "reversal") == 0) {
                row_of(out, f->channel)->credit += f->amount;
                if (kind[0] == 'o')
                    out->credit_over += f->amount;
                else
                    out->credit_reversal += f->amount;
            } else if (strcmp(kind, "setoff") == 0) {
                out->setoff.credit += f->amount;
                out->setoff.count += f->count;
                out->credit_setoff += f->amount;
            } else if (strcmp(kind, "refund") == 0) {
                out->credit_refund += f->amount;
                out->refund_count += f->count;
            }
            break;
        case DAILY_LATE:
            row_of(out, f->channel)->late += f->amount;
            out->late_count += f->count;
            break;
        case DAILY_WORKS: {
            daily_line *l = row_of(out, f->channel);
            if (strcmp(kind, "kanyukin") == 0) {
                l->kanyukin += f->amount;
                l->kanyukin_tax += f->tax;
            } else {
                l->works_fee += f->amount;
                l->works_fee_tax += f->tax;
            }
            out->works_count += f->count;
            break;
        }
        case DAILY_WORKS_REFUND:
            if (strcmp(kind, "kanyukin") == 0) {
                out->works_refund_kanyukin += f->amount;
                out->works_refund_kanyukin_tax += f->tax;
            } else {
                out->works_refund_fee += f->amount;
                out->works_refund_fee_tax += f->tax;
            }
            out->works_refund_count += f->count;
            break;
        case DAILY_SUS_OUT:
            row_of(out, f->channel)->suspense -= f->amount;
            out->suspense_out += f->amount;
            break;
        default:
            break;
        }
    }
    qsort(out->rows, out->n, sizeof out->rows[0], cmp_rows);
    bool rows_ok = true;
    for (size_t i = 0; i < out->n; i++) {
        add_line(&out->receipts, &out->rows[i]);
        rows_ok = rows_ok && daily_line_balanced(&out->rows[i]);
    }
    const daily_line *r = &out->receipts, *s = &out->setoff;
    out->grand = *r;
    out->grand.water += s->water;
    out->grand.sewer += s->sewer;
    out->grand.tax += s->tax;
    out->grand.credit += s->credit;
    out->check_in = r->amount;
    out->check_out = r->water + r->sewer + r->tax + r->credit + r->suspense + r->late + r->kanyukin + r->works_fee;
    out->check_parts = (r->alloc_amount - (r->water + r->sewer + r->tax)) +
                       (s->alloc_amount - (s->water + s->sewer + s->tax));
    out->check_setoff = s->water + s->sewer + s->tax + s->credit;
    out->balanced = rows_ok && out->check_in == out->check_out && out->check_parts == 0 && out->check_setoff == 0;
}
