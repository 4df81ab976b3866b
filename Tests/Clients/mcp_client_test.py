#!/usr/bin/env python3
"""The reference MCP client against Winnow's MCP server, both doors:

1. `winnow mcp` over stdio (mcp.client.stdio), as an agent host starts it from
   {"mcpServers": {"winnow": {"command": "winnow", "args": ["mcp"]}}};
2. `winnow serve --port 0` over Streamable HTTP at /mcp (mcp.client.streamable_http).

On each: the initialize handshake (ClientSession.initialize) and the SDK's default connect (Client,
which probes server/discover first and falls back to initialize), tools/list with the three tools
and their schemas, solve_table on a real task (split "Last, First" names) and on an ambiguous one,
apply_program on JSON rows and on CSV, explain_program, and bad calls that must come back as tool
errors (isError) or, for an unknown tool, a protocol error. The client checks every structured
answer against the tool's output schema itself, so a schema that does not match the answers fails
here.

    python mcp_client_test.py --winnow PATH_TO_WINNOW_BINARY

Needs: pip install mcp==2.3.0 (e.g. python3 -m venv /tmp/mcpvenv && /tmp/mcpvenv/bin/pip install mcp==2.3.0).
Prints "mcp client test: ok" and exits 0 on success; prints "mcp client test: FAIL: ..." and exits 1 otherwise.
"""

import argparse
import asyncio
import json
import re
import subprocess
import sys
import threading

from mcp import Client, ClientSession, MCPError, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

TOOLS = ["solve_table", "apply_program", "explain_program"]

NAMES_TASK = {
    "id": "split-last-first-names",
    "examples": [
        {
            "input": [["Okafor, Chidi", "E-1043", "Sales"], ["Lindqvist, Maja", "E-1177", "Finance"], ["Ruiz, Ana", "E-0981", "Sales"]],
            "output": [["Chidi", "Okafor", "Sales"], ["Maja", "Lindqvist", "Finance"], ["Ana", "Ruiz", "Sales"]],
        }
    ],
    "queries": [{"input": [["Tanaka, Hiro", "E-1201", "Support"], ["Becker, Lena", "E-1202", "Legal"]]}],
}
NAMES_ANSWER = [[["Hiro", "Tanaka", "Support"], ["Lena", "Becker", "Legal"]]]

# One example row fits both "keep the first column" and "keep the second"; the query tells them apart
# on its second row, so the gate abstains and shows both behaviours.
AMBIGUOUS_TASK = {
    "examples": [{"input": [["7", "7"]], "output": [["7"]]}],
    "queries": [{"input": [["1", "1"], ["2", "3"], ["4", "4"]]}],
}


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def leaves(error):
    """The exceptions inside the exception groups the SDK's task groups wrap them in."""
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from leaves(inner)
    else:
        yield error


def text_of(result):
    return "\n".join(block.text for block in result.content if getattr(block, "type", None) == "text")


async def check_tools(session, door):
    listed = await session.list_tools()
    check([tool.name for tool in listed.tools] == TOOLS, f"{door}: tools/list gave {[tool.name for tool in listed.tools]}")
    for tool in listed.tools:
        check(tool.input_schema.get("type") == "object", f"{door}: {tool.name} input schema is not an object")
        check(tool.input_schema.get("additionalProperties") is False, f"{door}: {tool.name} input schema is open")
        check(tool.output_schema is not None and tool.output_schema.get("type") == "object", f"{door}: {tool.name} has no output schema")
        check(tool.description, f"{door}: {tool.name} has no description")


async def exercise(session, door):
    """Every tool, good and bad calls; `session` is a ClientSession or a Client."""
    await check_tools(session, door)

    solved = await session.call_tool("solve_table", NAMES_TASK)
    check(not solved.is_error, f"{door}: solve_table failed: {text_of(solved)}")
    answer = solved.structured_content
    check(answer["exit_code"] == 0 and answer["status"] == "solved", f"{door}: solve_table did not commit: {answer}")
    check(answer["outputs"] == NAMES_ANSWER, f"{door}: solve_table outputs {answer['outputs']}")
    check(answer["task"] == "split-last-first-names", f"{door}: task is {answer['task']}")
    check(len(answer["steps"]) == len(answer["program"]) > 0, f"{door}: steps {answer['steps']} for program {answer['program']}")
    check(json.loads(text_of(solved)) == answer, f"{door}: the text content is not the structured answer")
    program = answer["program"]

    applied = await session.call_tool("apply_program", {"program": program, "table": [["Nakamura, Yui", "E-2001", "Ops"]]})
    check(not applied.is_error, f"{door}: apply_program failed: {text_of(applied)}")
    check(applied.structured_content == {"rows": [["Yui", "Nakamura", "Ops"]], "row_count": 1}, f"{door}: apply_program gave {applied.structured_content}")

    csv_applied = await session.call_tool(
        "apply_program", {"program": program, "csv": 'name,id,team\n"Diaz, Eva",E-3,HR\n"Kim, Jo",E-4,IT\n', "header": True}
    )
    check(not csv_applied.is_error, f"{door}: apply_program on CSV failed: {text_of(csv_applied)}")
    rows = csv_applied.structured_content["rows"]
    check(rows[1:] == [["Eva", "Diaz", "HR"], ["Jo", "Kim", "IT"]], f"{door}: apply_program on CSV gave {rows}")

    explained = await session.call_tool("explain_program", {"program": program})
    check(not explained.is_error, f"{door}: explain_program failed: {text_of(explained)}")
    steps = explained.structured_content["steps"]
    check([step["operator"] for step in steps] == program, f"{door}: explain_program steps {steps}")
    check(all(step["explanation"] for step in steps), f"{door}: an explanation is empty: {steps}")
    check("def " in explained.structured_content["script"], f"{door}: explain_program script has no function")

    ambiguous = await session.call_tool("solve_table", AMBIGUOUS_TASK)
    check(not ambiguous.is_error, f"{door}: ambiguous solve_table failed: {text_of(ambiguous)}")
    answer = ambiguous.structured_content
    check(answer["exit_code"] == 4 and answer["abstained"] and answer["program"] is None, f"{door}: ambiguous task answered {answer}")
    second_rows = {tuple(alternative["outputs"][0][1]) for alternative in answer["alternatives"]}
    check(second_rows == {("2",), ("3",)}, f"{door}: alternatives disagree on {second_rows}")

    bad_calls = [
        ("solve_table", {"examples": NAMES_TASK["examples"], "frobnicate": 1}, 'unknown argument "frobnicate"'),
        ("solve_table", {"examples": [{"input": [["a", 1]], "output": [["a"]]}]}, "row 0 cell 1"),
        ("solve_table", {"examples": "a table"}, '"examples"'),
        ("apply_program", {"program": ["frobnicate(everything)"], "table": [["a"]]}, '"program"'),
        ("apply_program", {"program": program}, "is missing"),
        ("explain_program", {"program": "not a list"}, "must be a list of strings"),
    ]
    for tool, arguments, words in bad_calls:
        result = await session.call_tool(tool, arguments)
        check(result.is_error, f"{door}: {tool}({arguments}) was not a tool error: {result}")
        check(words in text_of(result), f"{door}: {tool}({arguments}) said {text_of(result)!r}, not {words!r}")

    try:
        await session.call_tool("solve_everything", {})
    except MCPError:
        pass
    else:
        raise Failure(f"{door}: an unknown tool was not a protocol error")


async def through_both_clients(door, streams, target):
    """The low-level ClientSession over `streams`, then the high-level Client on `target`: the
    session runs every call, the Client lists the tools and solves once."""
    async with streams as (read, write):
        async with ClientSession(read, write) as session:
            initialized = await session.initialize()
            check(initialized.server_info.name == "winnow", f"{door}: server is {initialized.server_info}")
            await exercise(session, door)
    async with Client(target) as client:
        await check_tools(client, f"{door} (Client)")
        solved = await client.call_tool("solve_table", NAMES_TASK)
        check(solved.structured_content["outputs"] == NAMES_ANSWER, f"{door} (Client): solve_table gave {solved.structured_content}")


async def over_stdio(winnow):
    params = StdioServerParameters(command=winnow, args=["mcp"])
    await through_both_clients("stdio", stdio_client(params), params)


class ServeProcess:
    """`winnow serve --port 0`, its port read from the line it prints on stderr."""

    def __init__(self, winnow):
        self.process = subprocess.Popen([winnow, "serve", "--port", "0"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.stderr = []
        found = threading.Event()
        self.port = None

        def read():
            for line in self.process.stderr:
                self.stderr.append(line)
                match = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
                if match and self.port is None:
                    self.port = int(match.group(1))
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(60):
            self.stop()
            raise Failure(f"winnow serve did not say where it listens: {''.join(self.stderr)}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


async def over_http(winnow):
    server = ServeProcess(winnow)
    try:
        url = f"http://127.0.0.1:{server.port}/mcp"
        await through_both_clients("http", streamable_http_client(url), url)
    finally:
        server.stop()
    check(server.process.returncode == 0, f"winnow serve exited {server.process.returncode}: {''.join(server.stderr)}")


async def main(winnow):
    await over_stdio(winnow)
    await over_http(winnow)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--winnow", required=True, help="path to the winnow binary")
    options = parser.parse_args()
    try:
        asyncio.run(asyncio.wait_for(main(options.winnow), 300))
    except Exception as error:  # a timeout or a transport failure is a failure too
        for cause in leaves(error):
            print(f"mcp client test: FAIL: {cause}" if isinstance(cause, Failure) else f"mcp client test: FAIL: {type(cause).__name__}: {cause}")
        sys.exit(1)
    print("mcp client test: ok")
