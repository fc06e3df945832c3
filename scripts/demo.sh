#!/usr/bin/env bash
# README command 1: install what is missing, build vigil, start a local Elasticsearch, and
# analyze the bundled intercom-site capture into it. Safe to run again.
#
#   scripts/demo.sh            port 9200 (VIGIL_ES_PORT overrides)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
echo "demo: building vigil (mvn package, tests skipped; scripts/test.sh runs them)" >&2
mvn -B -q -DskipTests package
scripts/elasticsearch.sh start
url=$(scripts/elasticsearch.sh url)
java -jar sensor/target/vigil.jar demo --es "$url"
echo
echo "Elasticsearch keeps running at $url; stop it with: scripts/elasticsearch.sh stop"
