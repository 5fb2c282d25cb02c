#!/usr/bin/env bash
# Model signature verification (JMH, same-run baseline): a key-signed OpenSSF model signature vs a
# certificate chain vs Sigstore keyless, on the real samples of ../shared. Usage: bench/model-signatures.sh [JMH options]
exec "$(dirname "${BASH_SOURCE[0]}")/jmh.sh" adapters/cli dev.gavel.cli.bench.ModelSignatureBench "$@"
