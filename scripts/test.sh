#!/usr/bin/env bash
# The project's test command: installs what it needs, then typechecks, lints, builds and runs the
# unit, integration (emulator) and end-to-end (real pulumi CLI) suites with coverage.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$REPO_ROOT" || exit 1

status=0
phase "typecheck" npm run --silent typecheck || status=1
phase "lint" npm run --silent lint || status=1
phase "build" npm run --silent build || status=1
[ $status -eq 0 ] || { echo "typecheck, lint or build failed"; exit $status; }
phase "tests (unit+integration+e2e)" npx --no-install c8 mocha \
  'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts' || status=1
exit $status
