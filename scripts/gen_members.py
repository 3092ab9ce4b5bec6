#!/usr/bin/env python3
"""Writes N synthetic members in the contract's members layout (deterministic for a seed).

Usage: scripts/gen_members.py N [--seed 42] [--partners 0.25] [-o members.csv]

The first (1 - partners) share are customers who refer friends: their emails are those of
customers in scripts/gen_orders.py's orders (customer<11*i>@example.com), paid in store credit
or by bank transfer. The rest are partners (bloggers, influencers) with their own emails, paid by
PayPal. Rows are in that order, so `grep ',customer,'` / `grep ',partner,'` split them.
"""
import argparse
import random
import sys

FIRST = ["Sara", "Noura", "Reem", "Fahad", "Abdullah", "Mohammed", "Hessa", "Maha", "Khalid",
         "Yousef", "Nada", "Fatimah", "Omar", "Lina", "Hind", "Sultan", "Munira", "Turki"]
LAST = ["Alqahtani", "Alharbi", "Alotaibi", "Aldosari", "Alshammari", "Alzahrani", "Alsubaie",
        "Alghamdi", "Alanazi", "Alkhaldi", "Miller", "Haddad", "Hassan", "Khan", "Garcia"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--partners", type=float, default=0.25, help="share of partners")
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    partners = int(a.n * a.partners)
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8", newline="")
    out.write("email,name,phone,kind,payout_method,payout_account\n")
    for i in range(a.n):
        name = f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}"
        if i < a.n - partners:
            c = 11 * i
            if rng.random() < 0.5:
                method, account = "store-credit", ""
            else:
                method, account = "bank", f"SA{rng.randrange(10**22):022d}"
            out.write(f"customer{c}@example.com,{name},+9665{c % 100000000:08d},customer,"
                      f"{method},{account}\n")
        else:
            email = f"partner{i}@example.net"
            out.write(f"{email},{name},+9715{i:08d},partner,paypal,{email}\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
