#!/usr/bin/env bash
# The whole test suite, including the tests against a real llama.cpp server: builds or reuses
# llama-server and the gguf Python (prepare.sh), points the tests at them, then runs `swift test`
# with any arguments given (e.g. --filter RealServer).
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(Tests/RealServers/prepare.sh)"
exec swift test "$@"
