# Sourced by the scripts beside it: two namespaces joined by a veth pair (va in $NA, vb in
# $NB, where the capture runs), a work directory $DIR holding trafgen's UDP frame
# ($DIR/frame.cfg: 64 B, or FRAME_LEN bytes from the environment, at least 64), and a cleanup
# on exit that interrupts the captures in $pids (by PID) and removes the namespaces and $DIR.
# Traffic stays inside the pair.
NA=$1-a-$$ NB=$1-b-$$ DIR=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
    ip netns del "$NA" 2>/dev/null || true
    ip netns del "$NB" 2>/dev/null || true
    rm -rf "$DIR"
}
trap cleanup EXIT
ip netns add "$NA"
ip netns add "$NB"
ip link add va netns "$NA" type veth peer name vb netns "$NB"
ip -n "$NA" link set va up
ip -n "$NB" link set vb up
cat >"$DIR/frame.cfg" <<CFG
{ eth(da=02:00:00:00:00:02, sa=02:00:00:00:00:01, type=0x0800),
  ipv4(saddr=10.9.0.1, daddr=10.9.0.2, proto=17, ttl=64), udp(sport=1000, dport=2000),
  fill(0x41, $(( ${FRAME_LEN:-64} - 42 ))) }
CFG
