/* payment_rows — what the collection stores share (internal to
 * src/store/collect/): the payment columns as a SELECT list, reading them
 * back, and the VALUES list of a many-row INSERT.  Defined in
 * payment_store.c; nothing returned is owned by the caller. */
#ifndef SUIDO_PAYMENT_ROWS_H
#define SUIDO_PAYMENT_ROWS_H

#include "base/buf.h"
#include "store/collect/payment_store.h"

/* The payment columns, from payments p with taps t and bills b joined. */
#define PAY_COLS                                                                                             \
    "p.id, COALESCE(p.tap_id, 0), COALESCE(p.customer_id, 0), COALESCE(p.bill_id, 0), p.amount,"             \
    " COALESCE(p.file_id, 0), p.line, COALESCE(p.reverses, 0), COALESCE(p.reversed_by, 0), p.channel,"      \
    " p.status, p.paid_on, p.posted_on, p.ref, p.receipt_no, p.note, p.created_by, p.created_at,"           \
    " COALESCE(t.tap_no, ''), COALESCE(b.cycle, '')"

/* The payment columns (PAY_COLS) from column i on; returns the next column. */
int payment_row_read_at(db_stmt *s, int i, payment_row *p);

#endif
