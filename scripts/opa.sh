#!/usr/bin/env bash
# Prints the path of an OPA binary for the interop tests, building it when missing:
# $GAVEL_OPA, else `opa` on PATH, else $(go env GOPATH)/bin/opa, else `go install` of the pinned
# version with the machine's Go (the Go module proxy must be reachable). Exit 1 with a message
# when there is no Go toolchain to build it with.
set -euo pipefail
version="v1.22.3"
if [ -n "${GAVEL_OPA:-}" ] && [ -x "$GAVEL_OPA" ]; then echo "$GAVEL_OPA"; exit 0; fi
if command -v opa >/dev/null 2>&1 && opa version 2>/dev/null | grep -q "^Version: ${version#v}$"; then command -v opa; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "scripts/opa.sh: no Go toolchain to build OPA $version with (install Go, or set GAVEL_OPA)" >&2
  exit 1
fi
bin="$(go env GOPATH)/bin/opa"
if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q "^Version: ${version#v}$"; then echo "$bin"; exit 0; fi
echo "scripts/opa.sh: building OPA $version with $(go version | cut -d' ' -f3) (a few minutes the first time)..." >&2
go install "github.com/open-policy-agent/opa@$version" >&2
echo "$bin"
