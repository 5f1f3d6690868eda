/* Fuzz target: the works fee table parser (suido-works-fee/1), and quotes
 * computed with what it accepts — every type at every diameter of the 加入金,
 * a remodel from each diameter to each other, a complex of 1 and of the most
 * dwellings — checking that the total is the 加入金 plus the fees, that no
 * amount or tax is negative or above its line, that an enlargement never pays
 * a negative difference, and that the JSON can be written. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/works/works_fee.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quote(const works_fee_table *t, works_type type, int d, int old, int dwellings, works_fee_quote *q)
{
    works_fee_request rq = {type, d, old, dwellings, t->effective_from};
    err_t e;
    if (works_fee_quote_for(t, 1, &rq, q, &e) != 0) {
        if (e.code != ERR_INVALID || !e.field[0])
            abort();
        return;
    }
    int64_t sum = q->kanyukin.yen, tax = q->kanyukin.tax;
    if (q->kanyukin.yen < 0 || q->kanyukin.tax < 0 || q->kanyukin.tax > q->kanyukin.yen)
        abort();
    for (int i = 0; i < q->nfees; i++) {
        if (q->fees[i].yen < 0 || q->fees[i].tax < 0 || q->fees[i].tax > q->fees[i].yen)
            abort();
        sum += q->fees[i].yen;
        tax += q->fees[i].tax;
    }
    if (sum != q->total || tax != q->tax)
        abort();
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    works_fee_quote_json(&w, q);
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    works_fee_table *t = malloc(sizeof *t);
    works_fee_quote *q = malloc(sizeof *q);
    char err[400];
    if (t && q && works_fee_parse((const char *)data, size, t, err, sizeof err) == 0) {
        for (int i = 0; i < t->kanyukin.n; i++) {
            int d = t->kanyukin.diameter[i];
            quote(t, WORKS_NEW, d, 0, 0, q);
            quote(t, WORKS_REMOVAL, d, 0, 0, q);
            quote(t, WORKS_BRANCH, d, 0, 0, q);
            quote(t, WORKS_COMPLEX, d, 0, 1, q);
            quote(t, WORKS_COMPLEX, d, 0, WORKS_FEE_MAX_DWELLINGS, q);
            for (int j = 0; j < t->kanyukin.n; j++)
                quote(t, WORKS_REMODEL, d, t->kanyukin.diameter[j], 0, q);
        }
    }
    free(t);
    free(q);
    return 0;
}
