#!/usr/bin/env python3
"""Checks a `winnow harvest` output folder before training on it.

Usage: python3 check_harvest.py DIR        (DIR holds train.jsonl and valid.jsonl)

What it checks, and why:
  * The files load with Hugging Face `datasets.load_dataset("json", data_files=...)` when `datasets`
    is installed (else with the standard `json` module): this is how TRL and Unsloth read them, and it
    fails on a key whose type changes between rows.
  * Every record is exactly {"messages", "meta"}; messages are {"role", "content"} strings, user then
    assistant; meta has one key set and one type per key in every row, never null.
  * Every family is in one file only, so valid.jsonl measures tasks the model never trained on.
  * Every "program" record's assistant program, taken out of its ```python fence, run in a fresh
    Python process on meta["check_input"], returns meta["check_output"] (its visible example).
  * Every "direct" record's assistant answer is the JSON table meta["check_output"].

Exit status: 0 when every check passes, 1 otherwise (each failure is printed), 2 for bad usage.
Needs Python 3.9 or later; `datasets` is optional.
"""

import concurrent.futures
import json
import os
import re
import subprocess
import sys

FILES = ("train.jsonl", "valid.jsonl")
FENCE = re.compile(r"\A(`{3,})python\n(.*\n)\1\Z", re.DOTALL)
RUNNER = """
import json, sys
namespace = {"__name__": "harvested_program"}
exec(compile(sys.argv[1], "<assistant program>", "exec"), namespace)
table = json.loads(sys.stdin.read())
sys.stdout.write(json.dumps(namespace["transform"](table)))
"""
TIMEOUT_SECONDS = 10


def load_rows(folder):
    """The rows of each non-empty file, by file name, loaded as a trainer would load them."""
    paths = {name: os.path.join(folder, name) for name in FILES if os.path.exists(os.path.join(folder, name))}
    missing = [name for name in FILES if name not in paths]
    if missing:
        raise SystemExit(f"error: {folder} has no {', '.join(missing)}")
    non_empty = {name: path for name, path in paths.items() if os.path.getsize(path) > 0}
    try:
        import datasets
    except ImportError:
        datasets = None
    rows = {name: [] for name in FILES}
    if datasets is not None and non_empty:
        # One call for both files: the two must share one Arrow schema, as a trainer needs.
        loaded = datasets.load_dataset("json", data_files={name.split(".")[0]: path for name, path in non_empty.items()})
        for name in non_empty:
            rows[name] = list(loaded[name.split(".")[0]])
        print(f"loaded with datasets {datasets.__version__}: " + ", ".join(f"{n} {len(r)}" for n, r in rows.items()))
    else:
        for name, path in non_empty.items():
            with open(path, encoding="utf-8") as stream:
                rows[name] = [json.loads(line) for line in stream if line.strip()]
        print("loaded with json (datasets is not installed): " + ", ".join(f"{n} {len(r)}" for n, r in rows.items()))
    return rows


def schema_problems(rows):
    """Records that are not {"messages", "meta"} with one typed meta key set across every row."""
    problems = []
    shape = None
    for name, records in rows.items():
        for number, record in enumerate(records, 1):
            where = f"{name}:{number}"
            if set(record) != {"messages", "meta"}:
                problems.append(f"{where}: top-level keys {sorted(record)}, expected messages and meta")
                continue
            messages = record["messages"]
            roles = [m.get("role") for m in messages] if isinstance(messages, list) else None
            if roles != ["user", "assistant"] or not all(isinstance(m.get("content"), str) for m in messages):
                problems.append(f"{where}: messages must be a user turn then an assistant turn, with string content")
            meta = record["meta"]
            record_shape = {key: type(value).__name__ for key, value in meta.items()}
            if any(value is None for value in meta.values()):
                problems.append(f"{where}: meta has null values")
            if shape is None:
                shape = record_shape
            elif record_shape != shape:
                problems.append(f"{where}: meta keys or types differ from the first record's")
            expected_split = name.split(".")[0]
            if meta.get("split") != expected_split:
                problems.append(f"{where}: meta.split is {meta.get('split')!r} in {name}")
    return problems


def family_problems(rows):
    """Families found in both files."""
    families = {name: {record["meta"]["family"] for record in records} for name, records in rows.items()}
    shared = families[FILES[0]] & families[FILES[1]]
    return [f"family {family} is in both train.jsonl and valid.jsonl" for family in sorted(shared)]


def run_program(source, table):
    """What the program's transform returns for table, run in a fresh process; or the error."""
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", RUNNER, source], input=json.dumps(table), capture_output=True,
            text=True, encoding="utf-8", timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return None, f"no result within {TIMEOUT_SECONDS} s"
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return None, lines[-1] if lines else f"exit status {done.returncode}"
    return json.loads(done.stdout), None


def check_record(where, record):
    """A problem with what the record's assistant turn says, or None."""
    meta = record["meta"]
    answer = record["messages"][-1]["content"]
    expected = json.loads(meta["check_output"])
    if meta["view"] == "direct":
        try:
            given = json.loads(answer)
        except ValueError as error:
            return f"{where}: the direct answer is not JSON ({error})"
        return None if given == expected else f"{where}: the direct answer is not meta.check_output"
    if meta["view"] != "program":
        return f"{where}: unknown view {meta['view']!r}"
    match = FENCE.match(answer)
    if match is None:
        return f"{where}: the assistant turn is not one ```python block"
    output, error = run_program(match.group(2), json.loads(meta["check_input"]))
    if error is not None:
        return f"{where}: task {meta['task_id']}: the program fails: {error}"
    return None if output == expected else f"{where}: task {meta['task_id']}: the program does not reproduce its example"


def main(arguments):
    if len(arguments) != 1 or arguments[0] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rows = load_rows(arguments[0])
    problems = schema_problems(rows)
    # The later checks read meta keys that only a sound schema vouches for.
    if not problems:
        problems += family_problems(rows)
        jobs = [(f"{name}:{number}", record) for name, records in rows.items() for number, record in enumerate(records, 1)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            problems += [problem for problem in pool.map(lambda job: check_record(*job), jobs) if problem]
    total = sum(len(records) for records in rows.values())
    for problem in problems:
        print("FAIL " + problem)
    if problems:
        print(f"{len(problems)} problem(s) in {total} records")
        return 1
    programs = sum(record["meta"]["view"] == "program" for records in rows.values() for record in records)
    print(f"ok: {total} records; {programs} programs reproduce their visible example, {total - programs} direct answers match")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
