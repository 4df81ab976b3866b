#!/usr/bin/env python3
"""Schemathesis against a running `winnow serve`, checking it against docs/openapi.json.

    python schemathesis_run.py --base-url http://127.0.0.1:PORT/ --spec docs/openapi.json \
        [--max-examples 100] [--seed N] [--workers 1] [--token-file FILE] [--python PYTHON]

Needs schemathesis 4.32.5 (pinned: the checks' names and the CLI's options change between releases):

    python3 -m venv /tmp/oasvenv && /tmp/oasvenv/bin/pip install schemathesis==4.32.5

Runs with the interpreter given by --python, else this one if it has schemathesis, else
/tmp/oasvenv/bin/python. Every operation of the spec except POST /mcp is tested in the examples,
coverage and fuzzing phases, positive and negative data, with at most --max-examples generated
cases per operation and phase, and these checks on every answer:

- not_a_server_error: no 5xx;
- status_code_conformance: the status is one the operation lists;
- content_type_conformance: the Content-Type is one the spec lists for that status;
- response_schema_conformance: the body matches the schema for that status and media type;
- response_headers_conformance: the headers the spec marks required are there and match;
- unsupported_method, allow_header_conformance: a method a path does not list gets 405 with an
  Allow header naming the ones it does.

POST /mcp is left out: it is JSON-RPC (MCP Streamable HTTP), whose meaning is in the `method` and
`params` of the body; schemathesis would only generate random JSON-RPC envelopes that the MCP SDK
refuses before any tool runs, which tests the SDK's validators and not Winnow. The MCP tools are
covered by the MCP tests.

Searches are bounded: a POST /v1/solve body gets `timeout` (the request's own, documented field)
of at most SOLVE_TIMEOUT seconds, so one random table cannot hold a 30-second search and the run
stays under two minutes on two cores (see `before_call` below). This script is also the hooks
module schemathesis loads (SCHEMATHESIS_HOOKS), which is where that happens.

Exits 0 and prints "schemathesis: ok" when every check passed; otherwise schemathesis's report of
each failure (with a curl command that reproduces it) is printed, then "schemathesis: FAIL ...",
and the exit status is 1 (2 when the run could not start).
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SCHEMATHESIS_VERSION = "4.32.5"
DEFAULT_VENV_PYTHON = "/tmp/oasvenv/bin/python"
SOLVE_TIMEOUT = 1.0  # seconds of search per generated POST /v1/solve
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "unsupported_method",
    "allow_header_conformance",
]
EXCLUDED_PATHS = ["/mcp"]


# ---------------------------------------------------------------------------------------------
# Hooks: this file is loaded by schemathesis itself (SCHEMATHESIS_HOOKS) under this module name.

if __name__ == "_schemathesis_hooks":
    import schemathesis

    @schemathesis.hook
    def before_call(context, case, kwargs):
        """Bounds the search of a generated solve request through its own `timeout` field."""
        if case.operation.path != "/v1/solve" or not isinstance(case.body, dict):
            return
        timeout = case.body.get("timeout")
        if timeout is None:
            case.body["timeout"] = SOLVE_TIMEOUT
        elif isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > SOLVE_TIMEOUT:
            case.body["timeout"] = SOLVE_TIMEOUT


# ---------------------------------------------------------------------------------------------


def has_schemathesis(python: str) -> str | None:
    """The schemathesis version `python` imports, or None."""
    try:
        result = subprocess.run(
            [python, "-c", "import importlib.metadata as m; print(m.version('schemathesis'))"],
            capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def choose_python(requested: str | None) -> str:
    candidates = [requested] if requested else [sys.executable, DEFAULT_VENV_PYTHON]
    for python in candidates:
        version = has_schemathesis(python)
        if version == SCHEMATHESIS_VERSION:
            return python
        if version is not None:
            fail_to_start(f"{python} has schemathesis {version}, this run is pinned to {SCHEMATHESIS_VERSION}")
    fail_to_start(
        f"no interpreter with schemathesis {SCHEMATHESIS_VERSION} (tried {', '.join(candidates)}); "
        f"install it: python3 -m venv /tmp/oasvenv && /tmp/oasvenv/bin/pip install schemathesis=={SCHEMATHESIS_VERSION}"
    )


def fail_to_start(message: str):
    print(f"schemathesis: cannot run: {message}", file=sys.stderr)
    sys.exit(2)


def check_server(base_url: str, token: str | None) -> None:
    request = urllib.request.Request(base_url + "/healthz")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as error:
        fail_to_start(f"GET {base_url}/healthz answered {error.code}")
    except (urllib.error.URLError, OSError) as error:
        fail_to_start(f"no server at {base_url} ({error})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the address `winnow serve` printed")
    parser.add_argument("--spec", required=True, help="docs/openapi.json")
    parser.add_argument("--max-examples", type=int, default=100, help="most generated cases per operation and phase (default 100)")
    parser.add_argument("--seed", type=int, help="the seed to reproduce a run (printed at the end of each run)")
    parser.add_argument("--workers", type=int, default=1, help="concurrent requests (default 1)")
    parser.add_argument("--token-file", help="the server's --token-file, for a server with a token")
    parser.add_argument("--python", help=f"the interpreter with schemathesis {SCHEMATHESIS_VERSION}")
    parser.add_argument("--report-dir", help="also write a HAR file of every request and answer here")
    args = parser.parse_args()

    base_url = args.base_url.rstrip("/")
    spec = Path(args.spec)
    if not spec.is_file():
        fail_to_start(f"no spec at {spec}")
    token = None
    if args.token_file:
        token = Path(args.token_file).read_text().splitlines()[0].strip()
    python = choose_python(args.python)
    check_server(base_url, token)

    command = [
        python, "-m", "schemathesis.cli", "run", str(spec),
        "--url", base_url,
        "--checks", ",".join(CHECKS),
        "--phases", "examples,coverage,fuzzing",
        "--mode", "all",
        "--max-examples", str(args.max_examples),
        "--workers", str(args.workers),
        "--request-timeout", "60",
        "--generation-database", "none",
        "--suppress-health-check", "too_slow,filter_too_much",
        "--continue-on-failure",
        "--no-color",
    ]
    for path in EXCLUDED_PATHS:
        command += ["--exclude-path", path]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    if args.report_dir:
        command += ["--report", "har", "--report-dir", args.report_dir]

    environment = dict(os.environ)
    environment["SCHEMATHESIS_HOOKS"] = str(Path(__file__).resolve())
    environment["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ beside this file when it is loaded as hooks
    started = time.monotonic()
    print("+ " + " ".join(command), flush=True)
    result = subprocess.run(command, env=environment)
    seconds = time.monotonic() - started
    if result.returncode == 0:
        print(f"schemathesis: ok ({seconds:.0f} s)")
        return 0
    print(f"schemathesis: FAIL (schemathesis exited {result.returncode} after {seconds:.0f} s; the failures are above)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
