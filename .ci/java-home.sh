# shellcheck shell=bash
# Sourced by .ci/run and the sandbox: exports JAVA_HOME pointing at a JDK 21 or newer.
# Keeps a suitable JAVA_HOME, else tries the java on PATH, else the JDKs under /usr/lib/jvm (newest first).

java_feature_version() {
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }'
}

jdk_is_recent() {
    [ -x "$1/bin/java" ] && [ "$(java_feature_version "$1/bin/java")" -ge 21 ] 2>/dev/null
}

if [ -z "${JAVA_HOME:-}" ] || ! jdk_is_recent "$JAVA_HOME"; then
    candidates=()
    if command -v java >/dev/null; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    # shellcheck disable=SC2012 # JDK folder names are plain; sort -V orders their versions
    while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV)
    JAVA_HOME=""
    for candidate in "${candidates[@]}"; do
        candidate="${candidate%/}"
        if jdk_is_recent "$candidate"; then JAVA_HOME="$candidate"; break; fi
    done
    if [ -z "$JAVA_HOME" ]; then
        echo "No JDK 21 or newer found: install one (e.g. Temurin 21/25) and set JAVA_HOME." >&2
        exit 1
    fi
fi
export JAVA_HOME
