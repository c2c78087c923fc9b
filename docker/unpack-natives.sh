#!/bin/bash
# Unpacks, at image build time, the native libraries that DJL and JNA would otherwise extract
# from their jars at the service's first start, and leaves a small stub in place of libtorch's
# jar (its 110 MB of compressed libraries would be in the image twice).
#   unpack-natives.sh APP_DIR OUT_DIR
# APP_DIR: a copy of target/quarkus-app (changed in place: the stub replaces the native jar), or
#          any directory whose lib/main holds the DJL and JNA jars (Maven or Quarkus file names).
# OUT_DIR/djl:    DJL's engine cache as DJL 0.35 lays it out (ENGINE_CACHE_DIR):
#                 pytorch/<version>-<flavor>-<classifier>/ with libtorch's libraries and
#                 <djl version>-libdjl_torch.so; DJL finds them there and extracts nothing.
# OUT_DIR/native: libjnidispatch.so for -Djna.boot.library.path.
# Needs the JDK's `jar` tool on PATH.
set -euo pipefail
app=$1 out=$2
lib=$app/lib/main
native_jar=$(echo "$lib"/*pytorch-native-cpu-*.jar)
jni_jar=$(echo "$lib"/*pytorch-jni-*.jar)
jna_jar=$(echo "$lib"/*jna-[0-9]*.jar)
for jar in "$native_jar" "$jni_jar" "$jna_jar"; do
  [ -f "$jar" ] || { echo "unpack-natives: $jar is missing from $lib" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && jar xf "$native_jar" native/lib/pytorch.properties)
prop() { sed -n "s/^$1=//p" "$work/native/lib/pytorch.properties" | tr -d '\r'; }
version=$(prop version) flavor=$(prop flavor) classifier=$(prop classifier) libraries=$(prop libraries)
(cd "$work" && jar xf "$native_jar" "pytorch/$flavor/$classifier")
# The JNI library's cache name carries DJL's version: jni_version is <pytorch>-<djl>.
jni_version=$(cd "$work" && jar xf "$jni_jar" jnilib/pytorch.properties && sed -n 's/^jni_version=//p' jnilib/pytorch.properties | tr -d '\r')
djl_version=${jni_version##*-}
(cd "$work" && jar xf "$jni_jar" "jnilib/$classifier/$flavor/libdjl_torch.so")

cache=$out/djl/pytorch/$version-$flavor-$classifier
mkdir -p "$cache" "$out/native"
IFS=, read -r -a names <<<"$libraries"
for name in "${names[@]}"; do
  mv "$work/pytorch/$flavor/$classifier/$name" "$cache/$name"
done
mv "$work/jnilib/$classifier/$flavor/libdjl_torch.so" "$cache/$djl_version-libdjl_torch.so"

(cd "$work" && jar xf "$jna_jar" com/sun/jna/linux-x86-64/libjnidispatch.so)
mv "$work/com/sun/jna/linux-x86-64/libjnidispatch.so" "$out/native/"

# DJL still reads the native jar's properties to know libtorch's version: keep only those.
rm "$native_jar"
(cd "$work" && jar --create --no-manifest --file "$native_jar" native/lib/pytorch.properties)
chmod -R a+rX "$out"
echo "unpack-natives: libtorch $version ($flavor, $classifier) and DJL $djl_version's JNI library in $cache"
