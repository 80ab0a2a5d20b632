#!/usr/bin/env bash
# Brings the JSON Schema Test Suite (draft4 … draft2020-12 cases) into DEST, taking it from
# the source distribution of the Python `jsonschema` package on PyPI, which ships the suite.
#
#   bash .ci/fetch-json-schema-test-suite.sh [DEST]    (default: target/json-schema-test-suite)
#
# Needs only `pip` (or `python3 -m pip`) and `tar`. The conformance test calls this itself
# when the suite is missing.
set -euo pipefail
dest=${1:-target/json-schema-test-suite}
version=4.26.0
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if command -v pip >/dev/null 2>&1; then pip=(pip); else pip=(python3 -m pip); fi
"${pip[@]}" download --quiet --no-deps --no-binary :all: -d "$scratch" "jsonschema==$version"
tar xzf "$scratch/jsonschema-$version.tar.gz" -C "$scratch"
rm -rf "$dest/tests" "$dest/remotes"
cp -R "$scratch/jsonschema-$version/json/tests" "$scratch/jsonschema-$version/json/remotes" "$dest/"
echo "JSON Schema Test Suite in $dest/tests"
