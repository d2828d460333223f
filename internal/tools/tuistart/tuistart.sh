#!/bin/bash
# tuistart.sh BINARY DATASET: the CPU and peak memory of 'trailwise tui' until
# its ranking is on screen, in a pseudo-terminal of 120 x 40 (script(1) from
# util-linux), for BENCHMARKS.md. Linux only: it reads /proc.
set -u
B=$1 D=$2
OUT=$(mktemp)
# The interface reads its keys from the terminal script makes; script's own
# input is a pipe that stays open and sends nothing.
exec 3< <(exec sleep 3600)
hold=$!
script -q -c "stty cols 120 rows 40; exec $B tui --dataset $D" /dev/null > "$OUT" <&3 &
spid=$!
start=$(date +%s.%N)
pid=""
while [ -z "$pid" ]; do pid=$(pgrep -n -f "^$B tui --dataset $D"); sleep 0.05; done
until grep -q "org-trail/" "$OUT" 2>/dev/null; do
	kill -0 "$pid" 2>/dev/null || { echo "tuistart: the interface ended before its ranking showed" >&2; exit 1; }
	sleep 0.1
done
now=$(date +%s.%N)
read -r ut st < <(awk '{print $14, $15}' "/proc/$pid/stat")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
tck=$(getconf CLK_TCK)
kill "$pid"
sleep 0.5
kill "$hold" "$spid" 2>/dev/null # script waits for its input to end
rm -f "$OUT"
awk -v w="$(echo "$now - $start" | bc)" -v u="$ut" -v s="$st" -v t="$tck" -v m="$hwm" \
	'BEGIN { printf "until the ranking: %.1f s wall, %.1f s user, %.1f s system, peak %d KB\n", w, u/t, s/t, m }'
