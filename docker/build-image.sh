#!/usr/bin/env bash
# Builds the camsearch image without a Docker engine: buildah builds docker/Dockerfile (the same
# file a Docker engine builds elsewhere) from two local images made here instead of pulled:
#   localhost/camsearch-base:bookworm   Debian bookworm, debootstrap --variant=minbase, trimmed
#   localhost/camsearch-jdk:<version>   that base plus this machine's Temurin JDK (for jlink, jar)
# Idempotent: the debootstrap root filesystem is cached (CAMSEARCH_IMAGE_CACHE, default
# ~/.cache/camsearch-image), the two local images are made once, and buildah's layer cache
# makes a rebuild after a code change redo only the last layers.
#   docker/build-image.sh [IMAGE]          (default localhost/camsearch:latest)
# Needs: buildah, podman, debootstrap (Debian packages), a JDK 25 (src/main/sh/jdk.sh finds it),
# and the packaged application (built here with ./mvnw package -DskipTests when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

image=${1:-localhost/camsearch:latest}
cache=${CAMSEARCH_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/camsearch-image}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=localhost/camsearch-base:bookworm
runtime=${OCI_RUNTIME:-$(command -v runc || echo /usr/sbin/runc)}

for tool in buildah podman; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (apt-get install buildah podman runc debootstrap)" >&2; exit 1; }
done
source src/main/sh/jdk.sh >/dev/null
if [ "$(java_major "$JAVA_HOME")" -lt 25 ]; then
  echo "build-image: the image's JDK stage needs a JDK 25 (jlink, the AOT cache); $JAVA_HOME is older. Set JAVA_HOME." >&2
  exit 1
fi

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  echo "build-image: building the application (./mvnw package -DskipTests) ..."
  ./mvnw -B -q package -DskipTests
fi

# The Debian base: a minbase root filesystem from the package archive apt uses, without the
# documentation, man pages, locales and package lists a service never reads.
if ! podman image exists "$base"; then
  rootfs=$cache/bookworm-minbase
  if [ ! -f "$rootfs/.complete" ]; then
    command -v debootstrap >/dev/null || { echo "build-image: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
    [ "$(id -u)" = 0 ] || { echo "build-image: debootstrap makes the Debian base as root only; run as root (once: the base is cached)" >&2; exit 1; }
    echo "build-image: debootstrap --variant=minbase bookworm from $mirror (a few minutes, once) ..."
    rm -rf "$rootfs" "$rootfs.tmp"
    mkdir -p "$cache"
    debootstrap --variant=minbase bookworm "$rootfs.tmp" "$mirror" >"$cache/debootstrap.log"
    rm -rf "$rootfs.tmp"/usr/share/{doc,man,info,locale}/* "$rootfs.tmp"/var/cache/apt/* \
      "$rootfs.tmp"/var/lib/apt/lists/* "$rootfs.tmp"/var/log/*.log "$rootfs.tmp"/var/cache/debconf/*-old
    touch "$rootfs.tmp/.complete"
    mv "$rootfs.tmp" "$rootfs"
  fi
  tar -C "$rootfs" --numeric-owner --exclude=./.complete -c . \
    | podman import --change 'CMD ["/bin/bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$base" >/dev/null
fi

# The JDK stage's image: the base with this machine's Temurin, where eclipse-temurin images keep it.
jdk_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release" | tr '+' '_')
jdk=localhost/camsearch-jdk:$jdk_version
if ! podman image exists "$jdk"; then
  container=$(buildah from --pull-never "$base")
  # Through a tar with links followed: Debian's Temurin links lib/security/cacerts to /etc/ssl.
  mkdir -p "$cache"
  tar -C "$JAVA_HOME" --dereference -cf "$cache/jdk.tar" .
  buildah add --quiet "$container" "$cache/jdk.tar" /opt/java/openjdk >/dev/null
  rm "$cache/jdk.tar"
  buildah config --env JAVA_HOME=/opt/java/openjdk \
    --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$container"
  buildah commit --quiet --rm "$container" "$jdk" >/dev/null
fi

version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)   # the project's own, first in the pom
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || revision="$revision-dirty"
source_url=$(git remote get-url origin 2>/dev/null || echo unknown)

# RUN steps need no network (jlink, unpacking, the AOT training run against no broker).
buildah bud --layers --force-rm --pull-never --runtime "$runtime" --network none \
  --build-arg BASE_IMAGE="$base" --build-arg JDK_IMAGE="$jdk" \
  --build-arg VERSION="$version" --build-arg REVISION="$revision" --build-arg SOURCE="$source_url" \
  -f docker/Dockerfile -t "$image" .
echo "build-image: $image, $(podman image inspect --format '{{.Size}}' "$image" | numfmt --to=iec)"
