#!/usr/bin/env bash
# Regenerates the demo fixtures: test-fixtures/trust.json, the signed requests in
# test-fixtures/requests (allow-*, deny-*, invalid/*) and expected-reasons.json.
# Keys in test-fixtures/keys are reused when present (so trust.json stays stable) and created
# otherwise. They are TEST-ONLY keys: their private halves are in this repository.
# The generator is engine/core/src/test/java/dev/gavel/core/fixtures/DemoFixtures.java.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl engine/core -am test -Dtest=DemoFixturesRegeneration -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgavel.regenerate=true
echo "regenerated: $(ls test-fixtures/requests/*.json | wc -l) requests, $(ls test-fixtures/requests/invalid/*.json | wc -l) invalid requests"
