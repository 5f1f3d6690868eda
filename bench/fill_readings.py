#!/usr/bin/env python3
"""Fill a route list exported by `suido reading export` with plausible
readings, as a handheld terminal would return it (bench/reading_import.sh).

    fill_readings.py EXPORT.csv READ_ON [TYPO_PER_MILLE] > READINGS.csv

Each tap with a previous reading gets prev + the middle of its expected
usage; about TYPO_PER_MILLE (default 5) in a thousand get a slip of the
finger (an extra digit), which the checks must hold.  Deterministic."""
import csv
import sys


def main() -> None:
    src, read_on = sys.argv[1], sys.argv[2]
    typo = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    col = {name: head.index(name) for name in ("水栓番号", "メーター番号", "桁数", "前回指針", "予想下限", "予想上限")}
    out = csv.writer(sys.stdout, lineterminator="\r\n")
    out.writerow(["水栓番号", "メーター番号", "検針日", "指針"])
    n = 0
    for r in rows[1:]:
        if r == head or not r[col["前回指針"]] or not r[col["予想下限"]]:
            continue
        span = 10 ** int(r[col["桁数"]])
        prev, lo, hi = int(r[col["前回指針"]]), int(r[col["予想下限"]]), int(r[col["予想上限"]])
        usage = ((lo - prev) % span + (hi - prev) % span) // 2
        value = (prev + usage) % span
        n += 1
        if typo and n % (1000 // typo) == 0:
            value = (value * 10 + 7) % span
        out.writerow([r[col["水栓番号"]], r[col["メーター番号"]], read_on, value])


if __name__ == "__main__":
    main()
