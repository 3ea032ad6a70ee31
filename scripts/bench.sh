#!/usr/bin/env bash
# make bench: clean builds of generated corpora, median of several runs, as a table.
#   BENCH_SIZES="1000 10000"  corpus sizes (practices); BENCH_LARGE=1 adds 100000
#   BENCH_RUNS=3              runs per size
#   BENCH_DIR=/dev/shm/praktika-bench   where corpora and output go (tmpfs: disk noise swamps the tool)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${BENCH_SIZES:-"1000 10000"}
[ "${BENCH_LARGE:-0}" = "1" ] && sizes="$sizes 100000"
runs=${BENCH_RUNS:-3}
dir=${BENCH_DIR:-/dev/shm/praktika-bench}
gen=../shared/bench/gen-corpus.py
mkdir -p "$dir"

swift build -c release --product praktika >/dev/null
bin="$(swift build -c release --show-bin-path)/praktika"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-9s %-7s %9s %9s %10s %10s   %s\n' practices pages "wall s" "cpu s" "peak MiB" "pages/s" "stages (last run)"
for n in $sizes; do
  corpus="$dir/c$n"
  if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus"
    python3 "$gen" --practices "$n" --out "$corpus" >/dev/null
    touch "$corpus/.complete"
  fi
  walls=(); cpus=(); rss=(); pages=0; stages=""
  for _ in $(seq "$runs"); do
    rm -rf "$dir/out$n"
    /usr/bin/time -f '%e %U %S %M' -o "$dir/time" \
      "$bin" build --root "$corpus" --templates Templates --output "$dir/out$n" --timings \
      >"$dir/stdout" 2>"$dir/stderr"
    read -r wall user sys maxkb <"$dir/time"
    walls+=("$wall"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"); rss+=("$((maxkb / 1024))")
    pages=$(find "$dir/out$n" -name '*.html' | wc -l)
    stages=$(grep -E '^[a-z+]+: ' "$dir/stderr" | sed 's/ ms//; s/,//' | awk -F': ' '{printf "%s %s ms, ", $1, $2}')
  done
  w=$(printf '%s\n' "${walls[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  pps=$(awk -v p="$pages" -v w="$w" 'BEGIN {printf "%d", p / w}')
  printf '%-9s %-7s %9s %9s %10s %10s   %s\n' "$n" "$pages" "$w" "$c" "$m" "$pps" "${stages%, }"
done
