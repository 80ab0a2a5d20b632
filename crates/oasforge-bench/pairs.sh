#!/usr/bin/env bash
# Side by side, in one run: `cargo check --all-features` of two generated crates (for example
# the same document generated before and after a change), alternating, N pairs.
#
#   bash crates/oasforge-bench/pairs.sh CRATE_A CRATE_B [N]
#
# Both crates share CARGO_TARGET_DIR (default target/pairs-check), so their dependencies are
# built once, before the first timed run; each run touches src/lib.rs and checks the crate
# itself from scratch (CARGO_INCREMENTAL=0). Prints wall seconds, user and system CPU seconds
# and the peak resident set (KB) of the largest child (rustc), from GNU time.
set -euo pipefail
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); n=${3:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/pairs-check} CARGO_INCREMENTAL=0
for dir in "$a" "$b"; do (cd "$dir" && cargo check --all-features --quiet); done
echo "| run | crate | wall s | user s | sys s | peak KB |"
echo "|---|---|---:|---:|---:|---:|"
for i in $(seq "$n"); do
  for dir in "$a" "$b"; do
    touch "$dir/src/lib.rs"
    t=$(mktemp)
    (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$t" cargo check --all-features --quiet)
    read -r wall user sys peak < "$t"; rm -f "$t"
    echo "| $i | $dir | $wall | $user | $sys | $peak |"
  done
done
