#!/bin/bash
# What counting ingress frames costs the kernel's receive path on a veth with GRO off (a new
# veth's default), where that path runs in the sender's softirq on the sender's CPU: capture
# (BIN) on CPU 1, trafgen sending N frames of 64 B unpaced from CPU 0 (trafgen -P 1 pins
# itself there), perf sampling CPU 0 for 3 s. Prints the sender's system time per frame, how
# capture counted ingress, and the share of CPU 0's samples in __netif_receive_skb_core
# (where the kernel inlines the TC ingress hook) and in capture's TC program. Run it with a
# build that counts at TC ingress and one that reads the device's counters, alternately;
# wall-clock figures move by ±300 ns per frame between runs on a shared VM, the shares less.
#
#   bench/scripts/ingress-share.sh BIN [N]     (root; default N 3000000)
#
# The namespaces and files it makes are removed on exit; traffic stays inside the veth pair.
set -eu
BIN=$1 N=${2:-3000000}
. "$(dirname "$0")/veth-pair.sh" share
ip netns exec "$NB" taskset -c 1 "$BIN" -i vb -w "$DIR/c.pcap" --stats-json "$DIR/s.json" \
    2>"$DIR/err" &
pids+=($!)
sleep 1.5
perf record -q -e cpu-clock -C 0 -o "$DIR/perf.data" -- sleep 3 >/dev/null 2>&1 &
perf_pid=$!
TIMEFORMAT="%S"
{ time ip netns exec "$NA" trafgen -q -i "$DIR/frame.cfg" -o va -n "$N" -P 1 -C \
    >/dev/null 2>&1; } 2>"$DIR/time"
wait "$perf_pid"
kill -INT "${pids[@]}"
wait "${pids[@]}" || true
pids=()
share() {
    perf report -i "$DIR/perf.data" --no-children --sort sym 2>/dev/null |
        awk -v re="$1" '$0 ~ re { s += $1 } END { printf "%.2f %%", s }'
}
python3 - "$DIR/s.json" "$(cat "$DIR/time")" "$N" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"sender system time {float(sys.argv[2]) * 1e9 / int(sys.argv[3]):.0f} ns/frame;",
      f"ingress count: {s['engine'].get('ingress counter')}, seen {s['xdp_seen']},",
      f"captured {s['captured']}")
PY
echo "CPU 0 samples: __netif_receive_skb_core $(share '__netif_receive_skb_core')," \
    "TC program $(share 'capture_tc_ingress')"
