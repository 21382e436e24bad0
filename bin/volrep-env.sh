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

# volrep_cds: prints the JVM options that load the command client's classes from a class-data sharing
# archive beside the engine jar (a command then starts about a third faster), writing the archive first
# when there is none newer than the jar: one silent training run of the client against a stand-in daemon
# (ClientMain --cds-training), a second run that must map the new archive (-Xshare:on), then a rename;
# about half a second, once. The archive's name carries its size, checked before each use: HotSpot
# crashes on a truncated archive instead of ignoring it. Prints nothing where that cannot work (a JVM
# other than HotSpot, a folder this user cannot write): commands then start without it. JVM warnings go
# to stderr, never into a command's output. After a JDK update HotSpot ignores the archive (silently):
# remove engine/target/volrep-client.*.jsa and the next command writes a new one.
volrep_cds() {
    target=$VOLREP_HOME/engine/target
    none=$target/volrep-client.nocds
    jar=
    for j in "$target/"volrep-engine-*.jar; do
        case "$j" in *-sources.jar|*-tests.jar) ;; *) jar=$j ;; esac
    done
    jsa=
    for f in "$target/"volrep-client.*.jsa; do
        [ -f "$f" ] && [ ! "$jar" -nt "$f" ] && jsa=$f
    done
    if [ -z "$jsa" ]; then
        if [ -f "$none" ] && [ ! "$jar" -nt "$none" ]; then
            return 0
        fi
        [ -w "$target" ] || return 0
        tmp=$target/volrep-client.$$.tmp
        cp=$(volrep_classpath engine)
        crash=-XX:ErrorFile=$target/hs_err_cds_%p.log # a crash report never lands in the user's directory
        # shellcheck disable=SC2086
        if java $volrep_client_opts "$crash" -XX:ArchiveClassesAtExit="$tmp" -cp "$cp" \
                io.volrep.engine.client.ClientMain --cds-training "$VOLREP_HOME/conf/vxrep.conf" >/dev/null 2>&1 &&
            java $volrep_client_opts "$crash" -Xshare:on -XX:SharedArchiveFile="$tmp" -cp "$cp" \
                io.volrep.engine.client.ClientMain --cds-training "$VOLREP_HOME/conf/vxrep.conf" >/dev/null 2>&1; then
            rm -f "$target/"volrep-client.*.jsa
            jsa=$target/volrep-client.$(wc -c < "$tmp" | tr -d ' ').jsa
            mv -f "$tmp" "$jsa" || { rm -f "$tmp"; return 0; }
        else
            rm -f "$tmp" "$target/"hs_err_cds_*.log
            : > "$none"
            return 0
        fi
    fi
    size=${jsa##*/volrep-client.}
    [ "$(wc -c < "$jsa" | tr -d ' ')" = "${size%.jsa}" ] || return 0
    echo "-XX:SharedArchiveFile=$jsa -Xlog:disable -Xlog:all=warning:stderr"
}

volrep_client_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:-UsePerfData"

# volrep_client COMMAND ARGS...: a product command, run inside this host's daemon.
volrep_client() {
    if [ -z "${VOLREP_JAVA_OPTS:-}" ]; then
        volrep_build
        VOLREP_JAVA_OPTS="$volrep_client_opts $(volrep_cds)"
    fi
    volrep_java engine io.volrep.engine.client.ClientMain "$@"
}
