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

# Three kinds of build per size, each the median of $runs:
#   clean  no output, no .praktika-cache/ (what a first CI run does; the cache is written as it goes)
#   cached the cache of the previous build, nothing changed (a CI run that restored .praktika-cache/)
#   cached+1 the cache, and one practice's body changed since it was written
printf '%-9s %-8s %-7s %9s %9s %10s %10s   %s\n' practices build pages "wall s" "cpu s" "peak MiB" "pages/s" "stages (last run)"
run_build() {  # $1 corpus, $2 n: one timed build; appends to walls/cpus/rss, sets pages/stages
  rm -rf "$dir/out$2"
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time" \
    "$bin" build --root "$1" --templates Templates --output "$dir/out$2" --timings \
    >"$dir/stdout" 2>"$dir/stderr"
  read -r wall user sys maxkb <"$dir/time"
  walls+=("$wall"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"); rss+=("$((maxkb / 1024))")
  pages=$(find "$dir/out$2" -name '*.html' | wc -l)
  stages=$(grep -E '^[a-z+ ]+: [0-9,]+ ms$' "$dir/stderr" | sed 's/ ms//; s/,//' | awk -F': ' '{printf "%s %s ms, ", $1, $2}')
}
run_check() {  # $1 corpus: one timed `praktika check` (load and validate only); appends to walls/cpus/rss, sets stages
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$bin" check --root "$1" --timings >"$dir/stdout" 2>"$dir/stderr"
  read -r wall user sys maxkb <"$dir/time"
  walls+=("$wall"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"); rss+=("$((maxkb / 1024))")
  stages=$(grep -E '^[a-z+ ]+: [0-9,]+ ms$' "$dir/stderr" | sed 's/ ms//; s/,//' | awk -F': ' '{printf "%s %s ms, ", $1, $2}')
}
report_row() {  # $1 n, $2 kind
  w=$(printf '%s\n' "${walls[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  pps=$(awk -v p="$pages" -v w="$w" 'BEGIN {printf "%d", p / w}')
  printf '%-9s %-8s %-7s %9s %9s %10s %10s   %s\n' "$1" "$2" "$pages" "$w" "$c" "$m" "$pps" "${stages%, }"
}
for n in $sizes; do
  corpus="$dir/c$n"
  if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus"
    python3 "$gen" --practices "$n" --out "$corpus" >/dev/null
    touch "$corpus/.complete"
  fi
  walls=(); cpus=(); rss=(); pages=0; stages=""
  for _ in $(seq "$runs"); do rm -rf "$corpus/.praktika-cache"; run_build "$corpus" "$n"; done
  report_row "$n" clean
  walls=(); cpus=(); rss=()
  for _ in $(seq "$runs"); do run_build "$corpus" "$n"; done
  report_row "$n" cached
  # One body edit per run on a copy of the corpus (the corpus itself stays as generated).
  work="$dir/edit$n"
  rm -rf "$work" && cp -r "$corpus" "$work"
  "$bin" build --root "$work" --templates Templates --output "$dir/out$n" >/dev/null 2>&1
  practices=("$work"/practices/*.md)
  walls=(); cpus=(); rss=()
  for i in $(seq "$runs"); do printf '\nПравка %s.\n' "$i" >>"${practices[0]}"; run_build "$work" "$n"; done
  report_row "$n" cached+1
  rm -rf "$work" "$corpus/.praktika-cache"
  # `check`: load and validate only, nothing written (issue 2: "well under a second" at 10,000).
  walls=(); cpus=(); rss=()
  for _ in $(seq "$runs"); do run_check "$corpus"; done
  printf '%-9s %-8s %-7s %9s %9s %10s %10s   %s\n' "$n" check - "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" - "${stages%, }"
done

# One-file rebuild: a running `praktika serve` and a body edit saved the way editors save (write + rename).
# "rebuild" is the server's own time for the change; "save→reload" is what the editor waits, watcher included.
rebuild_sizes=${BENCH_REBUILD_SIZES:-"$(echo "$sizes" | awk '{print $NF}')"}
rounds=${BENCH_REBUILD_ROUNDS:-10}
echo
printf '%-9s %8s %13s %16s\n' practices rounds "rebuild ms" "save→reload ms"
for n in $rebuild_sizes; do
  work="$dir/serve$n"
  rm -rf "$work" && cp -r "$dir/c$n" "$work"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --root "$work" --templates Templates --port "$port" >"$dir/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 600); do grep -q 'Сайт:' "$dir/serve.log" && break; sleep 0.5; done
  practices=("$work"/practices/*.md)
  file=${practices[0]}
  latency=$(python3 scripts/serve-latency.py "$port" "$file" "$rounds" 2 | awk '/median/ {print $5}')
  kill "$server"; wait "$server" 2>/dev/null || true
  rebuild=$(grep -o 'total [0-9]*ms' "$dir/serve.log" | tr -dc '0-9\n' | median)
  printf '%-9s %8s %13s %16s\n' "$n" "$rounds" "${rebuild:-?}" "${latency:-?}"
  rm -rf "$work"
done
