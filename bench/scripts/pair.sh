#!/bin/bash
# Two capture builds (or capture and tcpdump) side by side on the same frames: both capture
# one veth at the same time, both on CPU 0 (capture's single-thread path), while trafgen sends
# N frames of 64 B (FRAME_LEN in the environment for another length) at RATE frames/s; each
# one's CPU time (user + system, all its threads) per frame during the send is printed.
# trafgen -P 1 pins itself to CPU 0 whatever taskset says, so it shares that CPU with both
# captures (and veth's receive work runs in its softirq): the figures compare the two sides,
# not a tool's cost on a core of its own. The host's load weighs on both alike, which the
# bench's runs one after the other cannot promise; repeat with the order swapped.
#
#   bench/scripts/pair.sh BIN_A BIN_B [RATE [N]]     (root; defaults 300000 and 6000000)
#
# The namespaces and files it makes are removed on exit; traffic stays inside the veth pair.
set -eu
A_BIN=$1 B_BIN=$2 RATE=${3:-300000} N=${4:-6000000}
. "$(dirname "$0")/veth-pair.sh" pair
ip netns exec "$NB" taskset -c 0 "$A_BIN" -i vb -w "$DIR/a.pcap" 2>"$DIR/a.err" &
pids+=($!)
ip netns exec "$NB" taskset -c 0 "$B_BIN" -i vb -w "$DIR/b.pcap" 2>"$DIR/b.err" &
pids+=($!)
sleep 1.5
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
a0=$(ticks "${pids[0]}") b0=$(ticks "${pids[1]}")
ip netns exec "$NA" taskset -c 1 trafgen -q -i "$DIR/frame.cfg" -o va -b "${RATE}pps" -n "$N" \
    -P 1 -C >/dev/null 2>&1
sleep 0.5
a1=$(ticks "${pids[0]}") b1=$(ticks "${pids[1]}")
kill -INT "${pids[@]}"
wait "${pids[@]}" || true
pids=()
hz=$(getconf CLK_TCK)
per() { echo $(( ($2 - $1) * 1000000000 / hz / N )); }
count() { tcpdump -r "$1" 2>/dev/null | wc -l; }
echo "A $(per "$a0" "$a1") ns/frame ($(count "$DIR/a.pcap") frames)," \
    "B $(per "$b0" "$b1") ns/frame ($(count "$DIR/b.pcap") frames) of $N sent"
