#!/usr/bin/env bash
# README command 2: the whole test suite. Installs what the tests need, then runs every
# module's tests; the tests start their own Elasticsearch (scripts/elasticsearch.sh, on a
# free port, data in a temporary directory) and stop it when they end.
#
#   scripts/test.sh [extra mvn arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh --test
exec mvn -B verify "$@"
