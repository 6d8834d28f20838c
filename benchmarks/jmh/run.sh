#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the hot path's inner loops; arguments go to JMH, e.g.
#   benchmarks/jmh/run.sh                       # all (about 6 minutes)
#   benchmarks/jmh/run.sh MapSideCombine -f 1   # the benchmarks whose name matches, one fork
# Builds the module (and what it needs) first unless SKIP_BUILD=1; MVN_ARGS adds Maven options.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -q -B -DskipTests ${MVN_ARGS:-} package -pl benchmarks/jmh -am)
fi
exec "$JAVA" -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" org.openjdk.jmh.Main "$@"
