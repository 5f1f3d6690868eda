#!/usr/bin/env python3
"""The bank's answer to a direct-debit request file (全銀協 fixed-length records),
as bench/debit.sh and bench/meter_to_cash.sh read it back:

    bank_result.py REQUEST RESULT

Every 50th data record fails, with the result codes 1, 2, 3, 4, 8, 9 in turn; the
rest are debited (code 0).  The trailer's debited and failed counts and sums are
filled in.  Deterministic."""
import sys


def main() -> None:
    d = open(sys.argv[1], 'rb').read()
    recs = [bytearray(d[i:i + 120]) for i in range(0, len(d), 122)]
    codes = b'123489'
    dn = da = fn = fa = 0
    for i, r in enumerate(recs[1:-2]):
        a = int(r[80:90])
        if i % 50 == 49:
            r[111] = codes[(i // 50) % len(codes)]
            fn += 1
            fa += a
        else:
            dn += 1
            da += a
    recs[-2][19:55] = b'%06d%012d%06d%012d' % (dn, da, fn, fa)
    open(sys.argv[2], 'wb').write(b''.join(bytes(r) + b'\r\n' for r in recs))


if __name__ == "__main__":
    main()
