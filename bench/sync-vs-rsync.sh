#!/bin/sh
# Difference-based synchronization, volrep against rsync, in one run on the same machine:
#   two lab hosts, each with a data volume of SIZE; the Secondary's volume differs from the Primary's
#   in P% of its 64 KiB blocks (for each P of PCTS);
#   (a) rsync --inplace --no-whole-file --ignore-times (so it does not skip an equal-size file of the same
#       mtime) of the same image file between two directories (the baseline)
#   (b) vradmin syncrvg (both hosts hash their blocks with vxrep.sync.digest, xxh3-128 unless DIGEST
#       says otherwise; only differing blocks are sent)
# Also: the hashing rate (vradmin -verify syncrvg of identical volumes), for both hosts together and for
# each host from its daemon log, against the sequential read rate of the volume file: dd with 4 MiB
# reads through the warm page cache, and dd with 1 MiB O_DIRECT reads (the disk itself).
# Usage: bench/sync-vs-rsync.sh [SIZE] [DIR]     (defaults: 1g, a fresh temp dir; env PCTS="1 50",
#        DIGEST=xxh3-128|sha-256, BENCH_PORT: the lab's peer port, by default one free on its addresses
#        now, so that runs beside other labs do not clash)
# Prints a Markdown table; paste it into docs/BENCHMARKS.md with the date and the machine.
set -eu
size=${1:-1g}
work=${2:-$(mktemp -d /var/tmp/volrep-sync-bench.XXXXXX)}
pcts=${PCTS:-1 50}
digest=${DIGEST:-xxh3-128}
home=$(cd "$(dirname "$0")/.." && pwd -P)
for t in rsync nbdcopy python3 dd; do
    command -v $t >/dev/null 2>&1 || { echo "bench: $t is missing (apt-get install rsync libnbd-bin python3)" >&2; exit 1; }
done
mkdir -p "$work"
lab="$work/lab"
cleanup() {
    "$home/bin/vxlab" down --dir "$lab" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

bytes=$(python3 -c "import sys; s=sys.argv[1].lower(); m={'k':1<<10,'m':1<<20,'g':1<<30}; print(int(s[:-1])*m[s[-1]] if s[-1] in m else int(s))" "$size")
# date, not a python3 one-liner: the clock's own start-up (20-30 ms for python3) lands inside each timing.
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }

# A peer port free on both lab addresses (127.0.1.1, 127.0.2.1) now.
port=${BENCH_PORT:-$(python3 - <<'PY'
import socket
for _ in range(100):
    a = socket.socket(); a.bind(("127.0.1.1", 0)); p = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.2.1", p)); print(p); break
    except OSError:
        pass
    finally:
        a.close(); b.close()
PY
)}
# The hosts' configs, written before vxlab's first start (vxlab keeps a config it finds), so no daemon
# ever binds the default port that another lab may hold.
for h in bpri bsec; do
    if [ $h = bpri ]; then me=1 other=bsec; else me=2 other=bpri; fi
    mkdir -p "$lab/$h"
    cat > "$lab/$h/vxrep.conf" <<EOF
# vxlab host $h, written by bench/sync-vs-rsync.sh
vxrep {
  host = "$h"
  state-dir = "$lab/$h/state"
  peer {
    listen-address = "127.0.$me.1"
    port = $port
    key-file = "$lab/lab.key"
  }
  hosts {
    $other = "127.0.$((3 - me)).1"
  }
  sync.digest = "$digest"
}
EOF
done
"$home/bin/vxlab" up --dir "$lab" --hosts bpri,bsec >&2
on() { # host command...
    h=$1; shift
    VXREP_CONF="$lab/$h/vxrep.conf" "$@"
}
for h in bpri bsec; do
    on $h "$home/bin/vxdg" init bdg
    on $h "$home/bin/vxassist" -g bdg make data "$size"
    on $h "$home/bin/vxassist" -g bdg make srl 128m
done
sock() { echo "$lab/$1/state/nbd.sock"; }
vol() { echo "$lab/$1/state/dg/bdg/vol/data"; }

# Images: base (random), and for each P a copy with P% of its 64 KiB blocks replaced.
head -c "$bytes" /dev/urandom > "$work/base.img"
for p in $pcts; do
    python3 - "$work/base.img" "$work/mut$p.img" "$p" <<'PY'
import os, random, shutil, sys
src, dst, pct = sys.argv[1], sys.argv[2], float(sys.argv[3])
shutil.copyfile(src, dst)
blocks = os.path.getsize(src) // 65536
rnd = random.Random(42)
with open(dst, "r+b") as f:
    for b in rnd.sample(range(blocks), max(1, int(blocks * pct / 100))):
        f.seek(b * 65536)
        f.write(os.urandom(65536))
PY
done
nbdcopy "$work/base.img" "nbd+unix:///bdg/data?socket=$(sock bpri)"
on bpri "$home/bin/vradmin" -g bdg createpri brvg data srl >&2
on bpri "$home/bin/vradmin" -g bdg addsec brvg bpri bsec >&2

results="$work/results.txt"
: > "$results"
# JIT warm-up, changes nothing. Twice: the first also reads the volumes into the page cache (2.4 s in a
# run), and after it alone the first timed sync still hashed at 0.46 s per host against 0.35-0.38 s later.
for _ in 1 2; do
    on bpri "$home/bin/vradmin" -g bdg -verify syncrvg brvg bsec > /dev/null 2>&1 || true
done
for p in $pcts; do
    # The Secondary is detached: its volume is writable through NBD.
    nbdcopy "$work/mut$p.img" "nbd+unix:///bdg/data?socket=$(sock bsec)"
    rm -rf "$work/a" "$work/b"; mkdir -p "$work/a" "$work/b"
    cp "$work/base.img" "$work/a/data.img"; cp "$work/mut$p.img" "$work/b/data.img"
    cat "$work/a/data.img" "$work/b/data.img" "$(vol bpri)" "$(vol bsec)" > /dev/null   # warm both sides alike
    sync   # no write-back of the copies above inside the timings
    t0=$(now); rsync --inplace --no-whole-file --ignore-times "$work/a/data.img" "$work/b/data.img"; t1=$(now)
    cmp -s "$work/a/data.img" "$work/b/data.img" || { echo "bench: rsync left the files different" >&2; exit 1; }
    t2=$(now); on bpri "$home/bin/vradmin" -g bdg syncrvg brvg bsec > "$work/sync$p.out"; t3=$(now)
    cmp -s "$(vol bpri)" "$(vol bsec)" || { echo "bench: syncrvg left the volumes different" >&2; exit 1; }
    engine=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$work/sync$p.out" | head -1)
    echo "$p $(secs "$t0" "$t1") $(secs "$t2" "$t3") $engine" >> "$results"
done

# Hashing rate: verify identical volumes (both hosts hash everything) against sequential reads.
sync
t0=$(now); dd if="$(vol bpri)" of=/dev/null bs=1M iflag=direct 2>/dev/null; t1=$(now)
cat "$(vol bpri)" "$(vol bsec)" > /dev/null
t2=$(now); dd if="$(vol bpri)" of=/dev/null bs=4M 2>/dev/null; t3=$(now)
t4=$(now); on bpri "$home/bin/vradmin" -g bdg -verify syncrvg brvg bsec > "$work/verify.out"; t5=$(now)
engine=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$work/verify.out" | head -1)
echo "read $(secs "$t2" "$t3") $(secs "$t4" "$t5") $engine $(secs "$t0" "$t1")" >> "$results"
# Each host's own account of the verify: its last 'read and hashed' line (log lines start with the time).
for h in bpri bsec; do
    echo "$h: $(cat "$lab/$h/state"/vxrepd.log* | grep 'read and hashed' | sort | tail -1 | sed 's/.*: this host //')"
done > "$work/per-host.txt"

python3 - "$results" "$bytes" "$work" "$digest" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
mb = int(sys.argv[2]) / 1e6
print(f"\nDifference-based sync of a {mb:.0f} MB volume (64 KiB blocks), warm page cache, same machine\n")
print("| blocks differing | rsync --inplace --no-whole-file s | volrep syncrvg s (wall, incl. client) | speed-up | "
      "syncrvg s (daemon job) | speed-up |")
print("|---|---|---|---|---|---|")
for r in rows:
    if r[0] != "read":
        a, b, c = float(r[1]), float(r[2]), float(r[3])
        print(f"| {r[0]}% | {a:.2f} | {b:.2f} | {a / b:.2f}x | {c:.2f} | {a / c:.2f}x |")
read = [r for r in rows if r[0] == "read"][0]
rd, vf, ve, rdd = float(read[1]), float(read[2]), float(read[3]), float(read[4])
print(f"\nSequential read of the volume file: {mb / rdd:.0f} MB/s from the disk (dd bs=1M iflag=direct), "
      f"{mb / rd:.0f} MB/s from the warm page cache (dd bs=4M).")
print(f"Hashing with {sys.argv[4]} on both hosts at once (vradmin -verify syncrvg of identical volumes): "
      f"{mb / ve:.0f} MB/s in the daemon job = {rdd / ve * 100:.0f}% of the disk's read rate, "
      f"{rd / ve * 100:.0f}% of the page cache's ({mb / vf:.0f} MB/s wall clock incl. the client)")
print("Per host (from its vxrepd.log):")
for line in open(sys.argv[3] + "/per-host.txt"):
    print("- " + line.strip())
print(f"(outputs in {sys.argv[3]}: sync*.out, verify.out, per-host.txt)")
PY
