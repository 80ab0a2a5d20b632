#!/usr/bin/env bash
# Side-by-side: oasforge vs openapi-to-rust 0.23, oas3-gen 0.29 and cargo-progenitor 0.15.
#
#   bash crates/oasforge-bench/compare.sh [--check] DOC...
#
# For every document and tool: wall time and peak memory of generation (GNU time), whether
# the tool accepted the document, and with --check the `cargo check` time of the generated
# crate with its dependencies already built (oasforge-bench check-cost, median of
# CHECK_RUNS, default 3), also per 100 operations of the document. oasforge's crate is checked
# whole and as models + validators + client only (the part the other tools generate).
# The other generators are installed with `cargo install` into target/compare-tools on first use:
#   cargo install --locked --root target/compare-tools oas3-gen@0.29.0 openapi-to-rust@0.23.0 cargo-progenitor@0.15.1
# COMPARE_PEERS (default "oas3-gen openapi-to-rust progenitor") names the peers to run; the
# check-cost table's last column is the peak memory of the rustc checking each crate.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
tools=${COMPARE_TOOLS:-$root/target/compare-tools}
# Outside this repository: a crate below it would be taken for a member of its workspace.
work=${COMPARE_WORK:-${TMPDIR:-/tmp}/oasforge-compare}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/compare-check}
mkdir -p "$work"
peers=" ${COMPARE_PEERS:-oas3-gen openapi-to-rust progenitor} "
runs() { [[ "$peers" == *" $1 "* ]]; }
for spec in "oas3-gen@0.29.0:oas3-gen" "openapi-to-rust@0.23.0:openapi-to-rust" "cargo-progenitor@0.15.1:cargo-progenitor"; do
  bin=${spec#*:}
  runs "${bin#cargo-}" || continue
  [ -x "$tools/bin/$bin" ] || cargo install --quiet --locked --root "$tools" "${spec%%:*}"
done
cargo build --quiet --release -p oasforge-cli -p oasforge-bench
gen=$root/target/release/gen
bench=$root/target/release/oasforge-bench

# Runs a generator under GNU time; prints "seconds peak_MB" or "refused".
timed() {
  local log=$1; shift
  if /usr/bin/time -f "%e %M" -o "$log.time" "$@" >"$log" 2>&1; then
    awk '{printf "%.2f s, %.0f MB", $1, $2/1024}' "$log.time"
  else
    echo "refused"
  fi
}

# The document's operation count (every method under `paths`), for the per-100 column.
operations() {
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
m={"get","put","post","delete","options","head","patch","trace"}
print(sum(1 for p in (d.get("paths") or {}).values() for k in p if k in m))' "$1"
}

crates=()
echo "| document | tool | generation | accepted |"
echo "|---|---|---:|---|"
for doc in "$@"; do
  name=$(basename "$doc" .json | tr '.-' '__')
  d=$work/$name; rm -rf "$d"; mkdir -p "$d"

  ops=$(operations "$doc")
  r=$(timed "$d/oasforge.log" "$gen" generate "$doc" -o "$d/oasforge_$name" --crate "oasforge_$name" --quiet)
  echo "| $name | oasforge | $r | $([ "$r" = refused ] && echo no || echo yes) |"
  # Twice: the whole crate, and models + validators + client (what the others generate).
  [ "$r" = refused ] || crates+=("$ops:$d/oasforge_$name" "$ops:$d/oasforge_$name:client")

  if runs oas3-gen; then
  r=$(timed "$d/oas3.log" "$tools/bin/oas3-gen" generate client-mod -i "$doc" -o "$d/oas3_$name" --workspace -q)
  echo "| $name | oas3-gen | $r | $([ "$r" = refused ] && echo no || echo yes) |"
  [ "$r" = refused ] || crates+=("$ops:$d/oas3_$name")
  fi

  if runs openapi-to-rust; then
  o2r=$d/o2r_$name
  r=$(timed "$d/o2r.log" "$tools/bin/openapi-to-rust" generate "$doc" --output-dir "$o2r/src")
  echo "| $name | openapi-to-rust | $r | $([ "$r" = refused ] && echo no || echo yes) |"
  if [ "$r" != refused ]; then
    # Wrap its module folder into a crate, with the dependency list it writes.
    { printf '[package]\nname = "o2r_%s"\nversion = "0.1.0"\nedition = "2021"\n\n' "$name"
      grep -v '^#' "$o2r/src/REQUIRED_DEPS.toml"; } >"$o2r/Cargo.toml"
    mv "$o2r/src/mod.rs" "$o2r/src/lib.rs"
    crates+=("$ops:$o2r")
  fi
  fi

  if runs progenitor; then
  r=$(timed "$d/prog.log" "$tools/bin/cargo-progenitor" progenitor -i "$doc" -o "$d/prog_$name" -n "prog_$name" -v 0.1.0)
  echo "| $name | progenitor | $r | $([ "$r" = refused ] && echo no || echo yes) |"
  [ "$r" = refused ] || crates+=("$ops:$d/prog_$name")
  fi
done

if [ "$check" = 1 ] && [ ${#crates[@]} -gt 0 ]; then
  echo
  header=--header
  for entry in "${crates[@]}"; do
    ops=${entry%%:*}; rest=${entry#*:}; dir=${rest%%:*}
    extra=()
    [ "$rest" != "$dir" ] && extra=(--cargo --no-default-features --cargo "--features=${rest#*:}")
    "$bench" check-cost $header --runs "${CHECK_RUNS:-3}" --ops "$ops" "${extra[@]}" "$dir"
    header=
  done
fi
