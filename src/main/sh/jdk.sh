# Sourced by the scripts that build or run camsearch: exports JAVA_HOME as a JDK 22 or newer
# (Lucene 10 needs it), keeping a suitable JAVA_HOME, else taking the first one under /usr/lib/jvm
# (Temurin 25 preferred).

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 22 ]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 22 ]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "$JAVA_HOME" ]; then
  echo "camsearch needs a JDK 22 or newer (e.g. Temurin 25 under /usr/lib/jvm); none was found. Set JAVA_HOME to one." >&2
  exit 1
fi
export JAVA_HOME
