#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 30 s each).
# The machine's stable toolchain builds them with RUSTC_BOOTSTRAP=1; no sanitizer,
# so the build stays small — libFuzzer's coverage guidance is what we want here.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
mkdir -p corpus artifacts
for target in $(cargo fuzz list); do
  mkdir -p "corpus/$target" "artifacts/$target"
  # Seed the corpus with the saved regressions, so they are replayed first.
  if [ -d "regressions/$target" ]; then cp -n regressions/"$target"/* "corpus/$target/" 2>/dev/null || true; fi
  echo "fuzz: $target for ${seconds}s"
  cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -artifact_prefix="artifacts/$target/" \
    -print_final_stats=0
done
