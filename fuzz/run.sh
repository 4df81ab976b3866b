#!/usr/bin/env bash
# Builds one fuzz target and runs it under libFuzzer for SECONDS, at the lowest CPU priority.
#
#   fuzz/run.sh TARGET SECONDS [libFuzzer flags...]
#
# TARGET is a folder under fuzz/corpus (csv, task-json, jail-frame, ...). The committed seeds are
# copied into fuzz/artifacts/TARGET/corpus, which grows as the fuzzer finds new coverage; crashes,
# hangs (-timeout) and out-of-memory inputs (-rss_limit_mb) land in fuzz/artifacts/TARGET/ and the
# log, with libFuzzer's final stats, in fuzz/artifacts/TARGET/run.log.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]" >&2
    echo "targets: $(ls "$(dirname "$0")/corpus" | tr '\n' ' ')" >&2
    exit 64
fi
target=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/corpus/$target" ]; then
    echo "run.sh: $target: no such target (no folder fuzz/corpus/$target)" >&2
    exit 64
fi

flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing)
(cd "$here" && nice -n 19 swift build "${flags[@]}" --product "fuzz-$target" >&2)
binary="$(cd "$here" && swift build "${flags[@]}" --show-bin-path)/fuzz-$target"

out="$here/artifacts/$target"
mkdir -p "$out/corpus"
cp -n "$here/corpus/$target"/* "$out/corpus/" 2>/dev/null || true
case $target in
    task-*) dict=task.dict ;;
    jail-frame) dict=json.dict ;;
    *) dict=$target.dict ;;
esac

# Leak checking stays off (libFuzzer's and ASan's at exit): Foundation on Linux leaks 4 KB each time
# it reads an empty file (Data(contentsOf:), FileManager.contents), which is not a loader's bug and
# would stop every path-reading target at its first empty input.
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" nice -n 19 "$binary" "$out/corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$out/" -dict="$here/dict/$dict" "$@" 2>&1 | tee "$out/run.log"
