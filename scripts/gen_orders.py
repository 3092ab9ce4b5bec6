#!/usr/bin/env python3
"""Writes N synthetic orders in the contract's generic layout (deterministic for a seed).

Usage: scripts/gen_orders.py N [--seed 42] [-o orders.csv] [--codes codes.txt] [--first-id K]
                              [--returns M --returns-output returns.csv]

Customers have Arabic or Latin names, SAR amounts, timestamps with a +03:00 offset spread over
2025; about 30% of orders carry one of a few hundred codes (a few vanity ones), and about 2% are
cancelled.

--codes takes the codes to use (one per line, e.g. `rewards code list --format csv | cut -d, -f1`)
instead of made-up ones, so that coded orders reference issued codes. --first-id numbers the
orders from K (ORD-<K> on; default 1), for a second file of new orders. --returns writes M
returns (generic layout: return_id,order_id,amount,returned_at,reason) of distinct orders of this
file, each for part or all of its amount, 1 to 40 days after the order; drawn from a separate
random stream, so the orders file is the same with or without it.
"""
import argparse
import datetime
import random
import sys

ARABIC_FIRST = ["سارة", "نورة", "ريم", "فهد", "عبدالله", "محمد", "حصة", "مها", "خالد", "يوسف",
                "ندى", "فاطمة", "عمر", "لينا", "هند", "سلطان", "منيرة", "تركي", "جواهر", "بندر"]
ARABIC_LAST = ["القحطاني", "الحربي", "العتيبي", "الدوسري", "الشمري", "الزهراني", "السبيعي",
               "الغامدي", "العنزي", "الخالدي", "اليامي", "المطيري", "الشهري", "البلوي"]
LATIN_FIRST = ["James", "Emma", "Omar", "Lina", "Ali", "Sophia", "Noah", "Maya", "Adam", "Zara",
               "Lucas", "Hana", "Yusuf", "Olivia", "Sami", "Leila"]
LATIN_LAST = ["Miller", "Wilson", "Haddad", "Hassan", "Farouk", "Khan", "Garcia", "Smith",
              "Nasser", "Brown", "Saleh", "Taylor"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--codes", help="file with the codes to use, one per line")
    ap.add_argument("--first-id", type=int, default=1, help="number of the first order")
    ap.add_argument("--returns", type=int, default=0, help="how many returns to write")
    ap.add_argument("--returns-output", help="where the returns go (required with --returns)")
    a = ap.parse_args()
    if a.returns and not a.returns_output:
        ap.error("--returns needs --returns-output")
    if a.returns > a.n:
        ap.error("--returns cannot exceed the number of orders")
    rng = random.Random(a.seed)
    if a.codes:
        with open(a.codes, encoding="utf-8") as f:
            codes = [line.strip() for line in f if line.strip()]
        if not codes:
            ap.error(f"{a.codes} holds no codes")
    else:
        codes = ["SARA2026", "NOURA10", "INFLUENCE1"] + [
            "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(8))
            for _ in range(300)
        ]
    customers = max(1, a.n // 3)
    returned = set(random.Random(a.seed + 1).sample(range(a.n), a.returns)) if a.returns else set()
    rrng = random.Random(a.seed + 2)
    ret = None
    if a.returns:
        ret = open(a.returns_output, "w", encoding="utf-8", newline="")
        ret.write("return_id,order_id,amount,returned_at,reason\n")
    reasons = ["damaged", "wrong size", "changed mind", "late delivery"]
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8", newline="")
    w = out.write
    w("order_id,customer_email,customer_name,customer_phone,amount,currency,ordered_at,code,status\n")
    buf = []
    for i in range(a.n):
        c = rng.randrange(customers)
        if c % 2:
            name = f"{ARABIC_FIRST[c % len(ARABIC_FIRST)]} {ARABIC_LAST[(c // 7) % len(ARABIC_LAST)]}"
        else:
            name = f"{LATIN_FIRST[c % len(LATIN_FIRST)]} {LATIN_LAST[(c // 5) % len(LATIN_LAST)]}"
        amount = rng.randrange(1000, 500000)
        month = 1 + rng.randrange(12)
        day = 1 + rng.randrange(28)
        secs = rng.randrange(86400)
        code = codes[rng.randrange(len(codes))] if rng.random() < 0.30 else ""
        status = "cancelled" if rng.random() < 0.02 else "paid"
        oid = f"ORD-{i + a.first_id:08d}"
        if i in returned:
            part = amount if rrng.random() < 0.6 else rrng.randrange(1, amount + 1)
            back = datetime.datetime(2025, month, day, secs // 3600, secs // 60 % 60, secs % 60)
            back += datetime.timedelta(days=1 + rrng.randrange(40), seconds=rrng.randrange(86400))
            ret.write(
                f"RET-{i + a.first_id:08d},{oid},{part // 100}.{part % 100:02d},"
                f"{back:%Y-%m-%dT%H:%M:%S}+03:00,{reasons[rrng.randrange(len(reasons))]}\n"
            )
        buf.append(
            f"{oid},customer{c}@example.com,{name},+9665{c % 100000000:08d},"
            f"{amount // 100}.{amount % 100:02d},SAR,"
            f"2025-{month:02d}-{day:02d}T{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}+03:00,"
            f"{code},{status}\n"
        )
        if len(buf) >= 10000:
            w("".join(buf))
            buf.clear()
    w("".join(buf))
    if out is not sys.stdout:
        out.close()
    if ret:
        ret.close()


if __name__ == "__main__":
    main()
