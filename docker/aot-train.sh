#!/bin/bash
# Trains the JDK's AOT cache for the image (JEP 514): starts the service exactly as the image's
# ENTRYPOINT does (same JVM options file, same jar paths), with no Kafka broker and a throw-away
# index, waits until it answers with its model loaded (libtorch loaded, the network built), then
# stops it with SIGTERM; the JVM writes the cache as it exits.
#   aot-train.sh CACHE_FILE
set -euo pipefail
cache=$1
port=18080
management_port=18081
index=$(mktemp -d)
log=$(mktemp)
# No broker: 127.0.0.1:9 refuses at once; the client's complaints are kept out of the build log.
CAMSEARCH_INDEX_PATH=$index KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9 QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management_port \
  QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL=OFF \
  java -XX:AOTCacheOutput="$cache" @/opt/camsearch/jvm.options -jar /opt/camsearch/app/quarkus-run.jar >"$log" 2>&1 &
pid=$!

# Readiness is about searching (model loaded, index open), so it turns UP without a broker; it is
# on the management port.
model_loaded() {
  exec 3<>"/dev/tcp/127.0.0.1/$management_port" || return 1
  printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  grep -q '"status": *"UP"' <&3
}
deadline=$((SECONDS + 600))
until model_loaded 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
    echo "aot-train: the service did not load its model (within 600 s); its log:" >&2
    cat "$log" >&2
    kill -9 "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done
kill -TERM "$pid"
wait "$pid" || true   # 143: stopped by SIGTERM, as intended
grep -E "AOTCache creation|started in" "$log" || true
rm -rf "$index" "$log"
if [ ! -s "$cache" ]; then
  echo "aot-train: no AOT cache was written to $cache" >&2
  exit 1
fi
