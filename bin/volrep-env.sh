# Sourced by every launcher in bin/: finds the install, builds the jars on first use, and offers
# volrep_java CLASS ARGS... to exec the JVM. POSIX sh (also AIX ksh): no bashisms, no readlink -f.

volrep_bin=$(cd "$(dirname "$0")" && pwd -P)
VOLREP_HOME=${VOLREP_HOME:-$(cd "$volrep_bin/.." && pwd -P)}
export VOLREP_HOME

volrep_die() {
    echo "$volrep_cmd: $*" >&2
    exit 1
}

# Builds engine and tui jars with Maven when a jar or its library folder is missing.
volrep_build() {
    for m in engine tui; do
        if ! ls "$VOLREP_HOME/$m/target/"volrep-"$m"-*.jar >/dev/null 2>&1 || [ ! -d "$VOLREP_HOME/$m/target/lib" ]; then
            command -v mvn >/dev/null 2>&1 || volrep_die "the jars are not built and mvn is not installed: install Maven, or build elsewhere and copy $m/target"
            echo "$volrep_cmd: building volrep (first use): mvn -q -B -DskipTests package" >&2
            (cd "$VOLREP_HOME" && mvn -q -B -DskipTests package >&2) || volrep_die "build failed: run 'mvn -B -DskipTests package' in $VOLREP_HOME to see why"
            return
        fi
    done
}

volrep_classpath() {
    cp=""
    for m in "$@"; do
        for j in "$VOLREP_HOME/$m/target/"volrep-"$m"-*.jar; do
            case "$j" in *-sources.jar|*-tests.jar) continue ;; esac
            cp="$cp:$j"
        done
        cp="$cp:$VOLREP_HOME/$m/target/lib/*"
    done
    echo "${cp#:}"
}

# volrep_java MODULES CLASS ARGS...: runs CLASS with the jars of MODULES ("engine" or "engine tui").
volrep_java() {
    modules=$1
    class=$2
    shift 2
    volrep_build
    # shellcheck disable=SC2086
    exec java ${VOLREP_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k} \
        -Dvolrep.home="$VOLREP_HOME" -cp "$(volrep_classpath $modules)" "$class" "$@"
}

# volrep_client COMMAND ARGS...: a product command, run inside this host's daemon.
volrep_client() {
    volrep_java engine io.volrep.engine.client.ClientMain "$@"
}
