#!/usr/bin/env bash
# Builds, or reuses, what the real-server tests need, and prints the variables that point the tests
# at it (eval its output):
#   WINNOW_LLAMA_SERVER  llama.cpp's llama-server, built from the llama.cpp that llama-cpp-python
#                        LLAMA_CPP_PYTHON_VERSION vendors (the pinned version)
#   WINNOW_GGUF_PYTHON   a Python with PyPI's gguf, which make_models.py needs
#   WINNOW_CLIENT_PYTHON a Python with the reference clients of `winnow serve` (Tests/Clients/
#                        requirements.txt: Selenium, the MCP SDK, schemathesis)
#   WINNOW_CHROMEDRIVER  Debian's chromedriver, which drives headless Chromium for the page test
#
# Both live in WINNOW_CACHE (default /var/cache/winnow), outside any clone, keyed by the pinned
# versions and build flags, so a later run on the same machine takes seconds. Each is built in a
# temporary folder and renamed into place only when complete: an interrupted build is never taken
# for a finished one. Needs cmake, a C++ compiler and python3 with venv (see README "Run the tests").
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION=0.3.36
GGUF_VERSION=0.19.0
CMAKE_FLAGS=(
    -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DGGML_NATIVE=OFF
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON -DBUILD_SHARED_LIBS=OFF
)
cache=${WINNOW_CACHE:-/var/cache/winnow}
jobs=${WINNOW_BUILD_JOBS:-$(nproc)}
flags_key=$(printf '%s\n' "${CMAKE_FLAGS[@]}" | sha256sum | cut -c1-12)
python_key=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
server_dir=$cache/llama-server-$LLAMA_CPP_PYTHON_VERSION-$flags_key
venv_dir=$cache/gguf-$GGUF_VERSION-py$python_key
clients_requirements=$(dirname "$0")/../Clients/requirements.txt
clients_key=$(sha256sum <"$clients_requirements" | cut -c1-12)
clients_dir=$cache/clients-$clients_key-py$python_key

log() { printf 'prepare.sh: %s\n' "$*" >&2; }

# Moves a finished temporary folder into place; if another run got there first, keeps theirs.
publish() {
    local staged=$1 final=$2
    if ! mv -T "$staged" "$final" 2>/dev/null; then
        rm -rf "$staged"
        [[ -d $final ]] || { log "cannot move $staged to $final"; exit 1; }
    fi
}

# venv DIR IMPORTS WHAT PIP-ARGUMENTS...: a Python venv in DIR with what the pip arguments install,
# unless DIR already holds one that imports IMPORTS (comma-separated modules).
venv() {
    local dir=$1 imports=$2 what=$3
    shift 3
    [[ -x $dir/bin/python ]] && "$dir/bin/python" -c "import $imports" 2>/dev/null && return
    rm -rf "$dir"
    staged=$(mktemp -d "$cache/.venv.XXXXXX")
    trap 'rm -rf "$staged"' EXIT
    log "creating a Python venv with $what in $dir"
    python3 -m venv "$staged"
    "$staged/bin/python" -m pip install --quiet --disable-pip-version-check "$@" >&2
    trap - EXIT
    publish "$staged" "$dir"
}

mkdir -p "$cache"

venv "$venv_dir" "gguf, numpy" "gguf $GGUF_VERSION" "gguf==$GGUF_VERSION"

if [[ ! -x $server_dir/bin/llama-server ]]; then
    staged=$(mktemp -d "$cache/.llama-server.XXXXXX")
    trap 'rm -rf "$staged"' EXIT
    log "building llama-server from llama-cpp-python $LLAMA_CPP_PYTHON_VERSION's llama.cpp into $server_dir (several minutes)"
    "$venv_dir/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
        -d "$staged/sdist" "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" >&2
    tar -xzf "$staged"/sdist/llama_cpp_python-*.tar.gz -C "$staged/sdist"
    source_dir=$(echo "$staged"/sdist/llama_cpp_python-*/vendor/llama.cpp)
    cmake -S "$source_dir" -B "$staged/build" "${CMAKE_FLAGS[@]}" >&2
    cmake --build "$staged/build" --target llama-server -j "$jobs" >&2
    mkdir "$staged/bin"
    cp "$staged/build/bin/llama-server" "$staged/bin/"
    "$staged/bin/llama-server" --version >"$staged/VERSION" 2>&1
    printf '%s\n' "llama-cpp-python $LLAMA_CPP_PYTHON_VERSION" "${CMAKE_FLAGS[@]}" >>"$staged/VERSION"
    rm -rf "$staged/sdist" "$staged/build"
    trap - EXIT
    publish "$staged" "$server_dir"
fi

venv "$clients_dir" "selenium, mcp, schemathesis" "the reference clients" -r "$clients_requirements"

log "llama-server: $server_dir/bin/llama-server ($(head -n1 "$server_dir/VERSION"))"
printf 'export WINNOW_LLAMA_SERVER=%q\n' "$server_dir/bin/llama-server"
printf 'export WINNOW_GGUF_PYTHON=%q\n' "$venv_dir/bin/python"
printf 'export WINNOW_CLIENT_PYTHON=%q\n' "$clients_dir/bin/python"
if command -v chromedriver >/dev/null; then printf 'export WINNOW_CHROMEDRIVER=%q\n' "$(command -v chromedriver)"; fi
