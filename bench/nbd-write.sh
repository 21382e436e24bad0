#!/bin/sh
# Write throughput and latency over NBD, volrep against nbdkit, in one run on the same disk:
#   (a) nbdkit file serving a plain file            (the unreplicated baseline)
#   (b) volrep serving a volume in no RVG
#   (c) volrep serving a data volume of a started Primary RVG (SRL durable before every ack)
#   (d) no NBD: fio writing a file on the same disk from as many threads as (c) has writes in flight,
#       each write followed by fdatasync: the disk's ceiling for acknowledging only durable writes
#   (e) as (d), but O_DIRECT writes into a file fio has written in full first (allocated, like an SRL):
#       the best this disk does for durable writes at that concurrency, one write each instead of (c)'s two
# Tests: fio nbd engine, 4 KiB random write at iodepth 16, and 1 MiB sequential write at iodepth 8.
# Each test starts every target on new sparse files (a new nbdkit image, new volumes, a new RVG and SRL,
# a new (d) file): a file that the 4 KiB random test has left fragmented changes how fast the 1 MiB test
# can write it back, which only the targets that sync within the test (c, d) pay for.
# Usage: bench/nbd-write.sh [SECONDS_PER_TEST] [DIR]      (defaults: 20, a fresh temp dir; env RAMP: 10)
# Prints a Markdown table with the ratios to (a); paste it into docs/BENCHMARKS.md with the date.
set -eu
secs=${1:-20}
# Each test first runs RAMP seconds unrecorded (fio's ramp_time): the daemons are fresh JVMs, and in an
# 8 s run of async replication after a 4 s warm-up their C2 compiler still took 2.1 of the 5.4 s of CPU
# both daemons used. What is measured is a running daemon, not its first seconds.
ramp=${RAMP:-10}
work=${2:-$(mktemp -d /var/tmp/volrep-bench.XXXXXX)}
home=$(cd "$(dirname "$0")/.." && pwd -P)
for t in fio nbdkit python3; do
    command -v $t >/dev/null 2>&1 || { echo "bench: $t is missing (apt-get install fio nbdkit python3)" >&2; exit 1; }
done
size=1g
mkdir -p "$work"
lab="$work/lab"
cleanup() {
    "$home/bin/vxlab" down --dir "$lab" >/dev/null 2>&1 || true
    [ -n "${kit:-}" ] && kill "$kit" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

"$home/bin/vxlab" up --dir "$lab" --hosts bench >&2
eval "$("$home/bin/vxlab" env bench --dir "$lab")"
"$home/bin/vxdg" init bdg
sock="$lab/bench/state/nbd.sock"
# fresh RW: new sparse files for every target of test RW; the last test's are removed first.
fresh() {
    if [ -n "${kit:-}" ]; then kill "$kit" 2>/dev/null || true; wait "$kit" 2>/dev/null || true; fi
    rm -f "$work/nbdkit.img" "$work/nbdkit.sock" "$work/durable.img" "$work/direct.img"
    if "$home/bin/vxprint" -g bdg brvg >/dev/null 2>&1; then
        "$home/bin/vradmin" -g bdg -f delpri brvg >/dev/null
        for v in plain data srl; do "$home/bin/vxassist" -g bdg remove volume $v; done
    fi
    "$home/bin/vxassist" -g bdg make plain $size
    "$home/bin/vxassist" -g bdg make data $size
    "$home/bin/vxassist" -g bdg make srl 1g
    "$home/bin/vradmin" -g bdg createpri brvg data srl >/dev/null
    truncate -s $size "$work/nbdkit.img"
    nbdkit --exit-with-parent -f -U "$work/nbdkit.sock" file "$work/nbdkit.img" &
    kit=$!
    i=0
    while [ ! -S "$work/nbdkit.sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

# Each test starts with no dirty pages: the write-back of an earlier test's gigabyte would otherwise
# compete with the next test for the disk (it cost (c) half its 1 MiB rate when it ran after (a) and (b)).
run() { # name uri rw bs depth
    sync
    cpu "$1-$3" 0
    fio --name="$1" --ioengine=nbd --uri="$2" --rw="$3" --bs="$4" --iodepth="$5" --size=$size \
        --time_based --runtime="$secs" --ramp_time="$ramp" --output-format=json --output="$work/$1-$3.json" >/dev/null
    cpu "$1-$3" 1
}
# The CPU line of /proc/stat before (0) and after (1) a test: the table shows the share the hypervisor
# took meanwhile (steal), which on this kind of VM reached 15% in a run and explains many a bad one.
cpu() { head -1 /proc/stat > "$work/$1.cpu$2" 2>/dev/null || true; }
durable() { # rw bs writers
    sync
    cpu "durable-$1" 0
    fio --name=durable --filename="$work/durable.img" --ioengine=psync --fdatasync=1 --numjobs="$3" \
        --group_reporting --rw="$1" --bs="$2" --size=$size --time_based --runtime="$secs" --ramp_time="$ramp" \
        --output-format=json --output="$work/durable-$1.json" >/dev/null
    cpu "durable-$1" 1
    # fio lays the file out (writes it whole) before the clock starts
    cpu "direct-$1" 0
    fio --name=direct --filename="$work/direct.img" --ioengine=psync --direct=1 --fdatasync=1 --numjobs="$3" \
        --group_reporting --rw="$1" --bs="$2" --size=$size --time_based --runtime="$secs" --ramp_time="$ramp" \
        --output-format=json --output="$work/direct-$1.json" >/dev/null
    cpu "direct-$1" 1
    rm -f "$work/direct.img"
}
for rw in randwrite:4k:16 write:1m:8; do
    set -- $(echo $rw | tr : ' ')
    fresh
    durable "$1" "$2" "$3"
    run nbdkit "nbd+unix:///?socket=$work/nbdkit.sock" "$1" "$2" "$3"
    run plain "nbd+unix:///bdg/plain?socket=$sock" "$1" "$2" "$3"
    run rvg "nbd+unix:///bdg/data?socket=$sock" "$1" "$2" "$3"
done

python3 - "$work" <<'PY'
import json, sys, os
work = sys.argv[1]
def load(name, rw):
    j = json.load(open(os.path.join(work, f"{name}-{rw}.json")))["jobs"][0]["write"]
    return j["iops"], j["bw_bytes"] / 2**20, j["clat_ns"]["percentile"]["50.000000"] / 1e3, j["clat_ns"]["percentile"]["99.000000"] / 1e3
def steal(name, rw):
    try:
        a, b = ([int(x) for x in open(os.path.join(work, f"{name}-{rw}.cpu{i}")).read().split()[1:9]] for i in (0, 1))
        d = [y - x for x, y in zip(a, b)]
        return f"{100 * d[7] / sum(d):.0f}"
    except (OSError, ValueError, IndexError, ZeroDivisionError):
        return "-"
names = [("nbdkit", "(a) nbdkit file"), ("plain", "(b) volrep, volume in no RVG"), ("rvg", "(c) volrep, Primary RVG volume"),
         ("durable", "(d) file on the same disk, fdatasync after every write"),
         ("direct", "(e) as (d), O_DIRECT into an allocated file")]
for rw, title in [("randwrite", "4 KiB random write, iodepth 16"), ("write", "1 MiB sequential write, iodepth 8")]:
    base = load("nbdkit", rw)
    print(f"\n{title}\n")
    print("| target | IOPS | MiB/s | p50 µs | p99 µs | ratio to (a) | CPU steal % |")
    print("|---|---|---|---|---|---|---|")
    for n, label in names:
        iops, mib, p50, p99 = load(n, rw)
        print(f"| {label} | {iops:.0f} | {mib:.1f} | {p50:.0f} | {p99:.0f} | {iops / base[0]:.2f} | {steal(n, rw)} |")
    print(f"\n(c) against the durable ceilings (d) and (e): {load('rvg', rw)[0] / load('durable', rw)[0]:.2f}, "
          f"{load('rvg', rw)[0] / load('direct', rw)[0]:.2f}")
PY
