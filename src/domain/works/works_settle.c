/* works_settle — see works_settle.h. */
#include "domain/works/works_settle.h"

#include <string.h>

#include "base/buf.h"

static works_settle_line *line_of(works_settlement *s, const char *code, const char *name, int due, bool refundable,
                                  bool *full)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->lines[i].code, code) == 0)
            return &s->lines[i];
    if (s->n == WORKS_SETTLE_MAX_LINES) {
        *full = true;
        return NULL;
    }
    works_settle_line *l = &s->lines[s->n++];
    str_copy(l->code, sizeof l->code, code);
    str_copy(l->name, sizeof l->name, name ? name : "");
    l->due = due;
    l->refundable = refundable;
    return l;
}

/* tax × part ÷ whole, rounded down (0 when whole is 0). */
static int64_t share(int64_t tax, int64_t part, int64_t whole)
{
    return whole > 0 ? tax * part / whole : 0;
}

static void settle_line(works_settle_line *l, bool cancel, bool reviewed)
{
    if (l->asked >= l->before) {
        l->after = l->asked;
        l->after_tax = l->asked_tax;
        l->additional = l->asked - l->before;
        l->additional_tax = l->asked_tax > l->before_tax ? l->asked_tax - l->before_tax : 0;
        return;
    }
    bool keep = (!cancel && strcmp(l->code, "kanyukin") == 0) || (!l->refundable && reviewed);
    int64_t floor = keep ? (l->paid < l->before ? l->paid : l->before) : 0;
    l->after = l->asked > floor ? l->asked : floor;
    l->kept = l->after > l->asked;
    l->after_tax = l->kept ? l->before_tax - share(l->before_tax, l->before - l->after, l->before) : l->asked_tax;
    l->refund = l->paid > l->after ? l->paid - l->after : 0;
    l->refund_tax = share(l->before_tax, l->refund, l->before);
}

int works_settle(const works_settle_charge *c, size_t n, const works_fee_quote *q, bool reviewed,
                 works_settlement *out)
{
    memset(out, 0, sizeof *out);
    bool full = false;
    for (size_t i = 0; i < n; i++) {
        works_settle_line *l = line_of(out, c[i].code, c[i].name, c[i].due, c[i].refundable, &full);
        if (!l)
            continue;
        l->before += c[i].yen;
        l->before_tax += c[i].tax;
        l->paid += c[i].paid - c[i].refunded;
    }
    if (q) {
        const works_fee_line *k = &q->kanyukin;
        for (int i = -1; i < q->nfees; i++) {
            const works_fee_line *f = i < 0 ? k : &q->fees[i];
            if (i < 0 && f->yen == 0)
                continue;   /* no 加入金 asked: a line only when one was assessed */
            works_settle_line *l = line_of(out, f->code, f->name, f->due, f->refundable, &full);
            if (!l)
                continue;
            l->asked = f->yen;
            l->asked_tax = f->tax;
            l->due = f->due;
            l->refundable = f->refundable;
        }
    }
    for (int i = 0; i < out->n; i++) {
        works_settle_line *l = &out->lines[i];
        settle_line(l, q == NULL, reviewed);
        out->before += l->before;
        out->after += l->after;
        out->paid += l->paid;
        out->additional += l->additional;
        out->refund += l->refund;
    }
    return full ? -1 : 0;
}

void works_settle_reduce(const works_settle_charge *c, size_t n, int64_t after, int64_t *yen, int64_t *tax,
                         int64_t *excess)
{
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        yen[i] = c[i].yen;
        excess[i] = 0;
        total += c[i].yen;
    }
    int64_t cut = total > after ? total - after : 0;
    for (int pass = 0; pass < 2 && cut > 0; pass++)
        for (size_t k = n; k-- > 0 && cut > 0;) {
            int64_t paid = c[k].paid - c[k].refunded;
            int64_t unpaid = yen[k] > paid ? yen[k] - paid : 0;
            int64_t room = pass == 0 ? unpaid : yen[k];
            int64_t take = room < cut ? room : cut;
            yen[k] -= take;
            cut -= take;
        }
    for (size_t i = 0; i < n; i++) {
        int64_t paid = c[i].paid - c[i].refunded;
        excess[i] = paid > yen[i] ? paid - yen[i] : 0;
        tax[i] = yen[i] == c[i].yen ? c[i].tax : yen[i] > 0 ? share(c[i].tax, yen[i], c[i].yen) : 0;
    }
}
