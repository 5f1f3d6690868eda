#!/usr/bin/env python3
"""The month's outputs as one md5 per table, to compare two builds on copies of one city.

  bench/month_digest.py DB_URL            (sqlite:FILE, or a PostgreSQL conninfo)

Prints, for every table a month (readings import, billing, slips, debit request and
result) or the demo's payment history writes, "table rows md5", the md5 over its rows in
key order with every column but those of the clock and the process (created_at,
heartbeat_at, pid, ...: they differ between runs) and the sealed ones (*_enc: sealed with
a fresh nonce each time); then the audit log's rows counted by action (its
times, hashes and sealed details differ between runs by construction), and the sums of
money a utility would check first.  Two builds that write the same rows print the same
lines (`diff` them).  Uses the sqlite3 and psql command-line tools only.
"""
import hashlib
import subprocess
import sys

TABLES = [
    "readings", "reading_rejects", "bills", "bill_lines", "bill_skips", "bill_open", "bill_balances",
    "bill_runs", "payments", "allocations", "credits", "suspense", "payment_flashes", "debit_batches",
    "debit_items", "mandates", "late_charges", "late_charge_payments", "work_orders", "import_files",
    "import_results", "notices", "notice_letters", "bill_writeoffs",
]
CLOCK = {"created_at", "imported_at", "updated_at", "resolved_at", "closed_at", "finished_at", "started_at",
         "done_at", "sent_at", "at", "heartbeat_at", "pid"}
SUMS = [
    ("payments", "COUNT(*), COALESCE(SUM(amount), 0)"),
    ("allocations", "COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(water_yen), 0), COALESCE(SUM(sewer_yen), 0),"
                    " COALESCE(SUM(tax_yen), 0)"),
    ("bill_balances", "COUNT(*), COALESCE(SUM(paid_yen), 0)"),
    ("late_charges", "COUNT(*), COALESCE(SUM(amount), 0)"),
    ("credits", "COUNT(*), COALESCE(SUM(amount), 0)"),
    ("suspense", "COUNT(*)"),
]


def run(url, query):
    if url.startswith("sqlite:"):
        cmd = ["sqlite3", "-separator", "\x1f", url[len("sqlite:"):], query]
    else:
        cmd = ["psql", url, "-qAt", "-F", "\x1f", "-c", query]
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return r.stdout


def columns(url, table):
    if url.startswith("sqlite:"):
        out = run(url, f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
    else:
        out = run(url, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                       f" AND table_name = '{table}' ORDER BY ordinal_position")
    return [c for c in out.split("\n") if c]


def main():
    url = sys.argv[1]
    for t in TABLES:
        cols = [c for c in columns(url, t) if c not in CLOCK and not c.endswith("_enc")]
        if not cols:
            continue
        lst = ", ".join(cols)
        out = run(url, f"SELECT {lst} FROM {t} ORDER BY {lst}")
        n = out.count("\n")
        print(t, n, hashlib.md5(out.encode()).hexdigest())
    for line in run(url, "SELECT action, COUNT(*) FROM audit_log GROUP BY action ORDER BY action").split("\n"):
        if line:
            print("audit", *line.split("\x1f"))
    for t, what in SUMS:
        print("sum", t, *run(url, f"SELECT {what} FROM {t}").strip().split("\x1f"))


if __name__ == "__main__":
    main()
