#!/usr/bin/env bash
# The whole system on this machine: builds the service if needed, then starts a Kafka broker
# (KRaft, from Maven Central's Kafka jars), the service with the demo model on
# http://localhost:8080, and publishes the demo catalog through Kafka. Ctrl-C stops everything.
# Options go to 'camsearch local' (see --help): --port, --kafka-port, --data, --classes, --per-class.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source src/main/sh/jdk.sh
echo "Using JDK at $JAVA_HOME; building (./mvnw package -DskipTests) ..."
./mvnw -q -B package -DskipTests
exec "$JAVA_HOME/bin/java" -jar target/camsearch-cli.jar local "$@"
