#!/usr/bin/env python3
"""Writes N synthetic orders in the contract's generic layout (deterministic for a seed).

Usage: scripts/gen_orders.py N [--seed 42] [-o orders.csv]

Customers have Arabic or Latin names, SAR amounts, timestamps with a +03:00 offset spread over
2025; about 30% of orders carry one of a few hundred codes (a few vanity ones), and about 2% are
cancelled.
"""
import argparse
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
    a = ap.parse_args()
    rng = random.Random(a.seed)
    codes = ["SARA2026", "NOURA10", "INFLUENCE1"] + [
        "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(8)) for _ in range(300)
    ]
    customers = max(1, a.n // 3)
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
        buf.append(
            f"ORD-{i + 1:08d},customer{c}@example.com,{name},+9665{c % 100000000:08d},"
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


if __name__ == "__main__":
    main()
