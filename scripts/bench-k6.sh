#!/usr/bin/env bash
# Kept for old habits: the k6 stream benchmark (plain and gzip) is part of scripts/bench, the one benchmark entry point
# (see docs/performance.md). Options pass through: --quick, --sizes 10,50,200, --runs N, --bin PATH.
exec "$(dirname "$0")/bench" --only k6 "$@"
