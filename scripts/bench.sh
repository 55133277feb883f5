#!/usr/bin/env bash
# Kept for old habits: the SARIF benchmark is part of scripts/bench, the one benchmark entry point
# (see docs/performance.md). Options pass through: --quick, --sizes 10,50,200, --runs N, --bin PATH.
exec "$(dirname "$0")/bench" --only sarif,start-up "$@"
