#!/bin/sh
# Seeds scripts/fuzz/corpus/<target>/ from the sample data and the test fixtures.
# Run from anywhere; the corpora are not committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
c="$here/corpus"
mkdir -p "$c/money" "$c/time" "$c/members_csv" "$c/orders_csv" "$c/returns_csv" "$c/activities_csv"

# money and time: byte 0 picks the currency / zone and edge, the rest is the text.
i=0
for s in "49.90" "-12.345" "1,234,567.89" "٤٩٫٩٠" '$10.00' "SAR 5" "5 kwd" "12.5%" "0.25" \
         "99999999999999999999" '-$5' "1200.00" "ر.س 49.90"; do
  printf "$(printf '\\%03o' $((i * 7 % 256)))%s" "$s" > "$c/money/seed$i"; i=$((i + 1))
done
i=0
for s in "2026-03-31" "2026-03-31T23:59:59" "2026-03-31T23:59:59+03:00" "2026-05-12 12:54:07 -0700" \
         "2026-05-12T19:54:07Z" "٢٠٢٦-٠٣-٣١" "2026/03/31 10:00" "2026-03-08 02:30" "2026-11-01 01:30" \
         "9999-12-31" "0001-01-01"; do
  printf "$(printf '\\%03o' $((i * 3 % 256)))%s" "$s" > "$c/time/seed$i"; i=$((i + 1))
done

cp "$root"/sample-data/members.csv "$root"/tests/bad-input/members_*.csv "$c/members_csv/"

# orders and returns: byte 0 picks the layout (0 generic, 1 Shopify, 2 WooCommerce).
for f in "$root"/sample-data/orders.csv "$root"/tests/fixtures/import/*.csv "$root"/tests/bad-input/orders_*.csv; do
  { printf '\000'; cat "$f"; } > "$c/orders_csv/g_$(basename "$f")"
done
for f in "$root"/sample-data/returns.csv "$root"/tests/fixtures/import/returns_*.csv "$root"/tests/bad-input/returns_*.csv; do
  [ -f "$f" ] && { printf '\000'; cat "$f"; } > "$c/returns_csv/g_$(basename "$f")"
done
for t in orders_csv returns_csv; do
  { printf '\001'; cat "$root/sample-data/shopify_orders.csv"; } > "$c/$t/s_shopify.csv"
  { printf '\002'; cat "$root/tests/fixtures/import/woocommerce.csv"; } > "$c/$t/w_woocommerce.csv"
done
cp "$root"/sample-data/activities.csv "$c/activities_csv/"
cp "$root"/tests/bad-input/activities_*.csv "$c/activities_csv/" 2>/dev/null || true
echo "seeded $(find "$c" -type f | wc -l) files under $c"
