"""Winnow's Python zygote: a warm interpreter inside the jail that forks one fresh child per job.

The host (Winnow) starts this file through the `winnow-jail` launcher, which has already put the
process in its namespaces, cgroups and zygote seccomp filter, and left the compiled job filter (BPF)
on fd 3. Each job gets a fresh child, forked when the job arrives, which applies the per-job layers
itself before touching the job: rlimits, stdio on /dev/null, every other descriptor closed, then the
kill-on-violation allowlist (no_new_privs is inherited from the launcher). Forking ahead of the job
was measured and rejected: the parent's writes between fork and job cost the pair ~340 us of
copy-on-write faults per job, for latency nobody needs. The zygote
holds no expected outputs (the host compares) and wipes each job's bytes from its buffers when the
job ends, so a later child cannot find them.

Protocol, all integers little-endian:
  ready   zygote -> host  u32 length, JSON {"ready": true, "python": ..., "layers": [...]}
  request host -> zygote  b"WJQ1", u32 tag, u32 length, JSON {"source", "entry", "input"}
  report  zygote -> host  b"WJR2", u32 tag, i32 wait status, u32 flags, u32 cpu_us, u32 maxrss_kb,
                          u32 elapsed_us, u32 events length, u32 output length, then the side-effect
                          records, then the child's raw bytes (length-prefixed JSON when honest)
The host validates the child's bytes; nothing here trusts them. Flags: 1 the zygote killed the child
at the wall limit, 2 at the output cap, 4 the child's bytes began with this job's token (the zygote
checked and removed it): the frame was written by the runner's code, not by the program.

Side effects are evidence: before the program runs, its child installs an audit hook (PEP 578)
that writes one line per attempt (`kind TAB event TAB detail NEWLINE`) to a pipe of its own, at
once, before the attempt proceeds. The program cannot take back what is in the pipe; any bytes
there, well-formed or not, mean the program is not clean.
"""

import builtins
import ctypes
import gc
import json
import os
import resource
import select
import signal
import struct
import sys
import time
import traceback
import warnings

CONFIG = json.loads(sys.argv[1])
# The command line held the configuration (and, before, bits of the host's pid): a job reads
# sys.argv, sys.orig_argv and this module's globals, so none of it stays.
sys.argv[:] = ["-c"]
if hasattr(sys, "orig_argv"):
    sys.orig_argv[:] = []
LIMITS = CONFIG["limits"]
PRELOAD = tuple(CONFIG["preload"])
WARM = CONFIG["warm"]
for _name in PRELOAD:
    __import__(_name)
if "random" in sys.modules:
    # random reseeds itself after every fork by calling seed() with no argument (os.urandom); make
    # that argument the profile's seed, so every child starts from the same state at no extra cost.
    sys.modules["random"].Random.seed.__defaults__ = (CONFIG["seed"], 2)
    sys.modules["random"].seed()
# A warning shown for a line of a standard module makes linecache open its source: an attempt to
# read a host file the program never asked for. Warnings go to /dev/null anyway.
warnings.simplefilter("ignore")
os.environ.clear()

REQUEST = struct.Struct("<4sII")
REPORT = struct.Struct("<4sIiIIIIII")
FLAG_TIMEOUT = 1
FLAG_OUTPUT_CAP = 2
FLAG_AUTHENTIC = 4
TOKEN_BYTES = 16
OUTPUT_CAP = TOKEN_BYTES + LIMITS["output_bytes"] + 4  # the frame's body may be output_bytes long
EVENTS_CAP = 1 << 16
# The child's status when its audit hook could not record an attempt (the program closed the
# descriptor): the attempt is refused and the job ends without a result.
RECORD_LOST_STATUS = 86
REQUEST_BUFFER = 1 << 16
WALL_SECONDS = LIMITS["wall_ms"] / 1000.0


def _load_job_filter():
    with os.fdopen(3, "rb") as f:
        program = f.read()
    if len(program) % 8 != 0 or not program:
        raise SystemExit("winnow zygote: the job filter on fd 3 is not a BPF program")

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    code = ctypes.create_string_buffer(program, len(program))
    fprog = SockFprog(len(program) // 8, ctypes.cast(code, ctypes.c_char_p))
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl, ctypes.byref(fprog), (code, fprog)


PRCTL, FPROG, _KEEP_ALIVE = _load_job_filter()
PR_SET_NAME, PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 15, 38, 39, 22, 2
ULONG0 = ctypes.c_ulong(0)
DEVNULL = os.open("/dev/null", os.O_RDWR)
RLIMITS = [
    (resource.RLIMIT_AS, LIMITS["address_space_bytes"], LIMITS["address_space_bytes"]),
    (resource.RLIMIT_CPU, LIMITS["cpu_seconds"], LIMITS["cpu_seconds"] + 1),
    (resource.RLIMIT_NOFILE, LIMITS["open_files"], LIMITS["open_files"]),
    (resource.RLIMIT_FSIZE, LIMITS["file_size_bytes"], LIMITS["file_size_bytes"]),
    (resource.RLIMIT_CORE, 0, 0),
]


class _NotInJail:
    """Refuses every import the zygote did not preload, with a message a program's author can act on."""

    def find_spec(self, name, path=None, target=None):
        raise ImportError(f"module {name!r} is not available in the jail (preloaded: {', '.join(PRELOAD)})")


def apply_job_limits(*keep):
    """In a fresh child, first: stdio on /dev/null, every descriptor but `keep` closed, the rlimits."""
    os.dup2(DEVNULL, 0)
    os.dup2(DEVNULL, 1)
    os.dup2(DEVNULL, 2)
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 1 << 16)
    for kind, soft, hard in RLIMITS:
        resource.setrlimit(kind, (soft, hard))


def name_next_child(tag):
    """Names the zygote itself just before a fork, so the child is born with the name: the kernel's
    seccomp audit record carries it, which is how the host learns which syscall killed which job.
    Done in the zygote because a call through ctypes in the child costs it ~100 µs of page faults."""
    PRCTL(PR_SET_NAME, ctypes.c_char_p(tag), ULONG0, ULONG0, ULONG0)


CTYPES_MODULES = tuple(m for m in sys.modules if m == "_ctypes" or m == "ctypes" or m.startswith("ctypes."))
IMPORT_GUARD = _NotInJail()


def apply_job_filter():
    """Then the allowlist (no_new_privs is already set: the launcher set it and every child inherits
    it); from here on a syscall outside the list kills the child."""
    if PRCTL(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), FPROG, ULONG0, ULONG0) != 0:
        # Die by a signal no job can send (kill and tgkill are off the allowlist), so the host can
        # tell a jail that failed to close from a program that exits with some status.
        os.kill(os.getpid(), signal.SIGUSR1)
    for name in CTYPES_MODULES:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, IMPORT_GUARD)


# Which audit events are attempts on the world outside the program, and what kind. Events not
# listed are the interpreter's own business (compile, exec, id(), …) and are not recorded.
SIDE_EFFECT_EVENTS = {
    "open": "file", "builtins.input": "file", "mmap.__new__": "file", "sqlite3.connect": "file",
    "subprocess.Popen": "process", "pty.spawn": "process", "signal.pthread_kill": "process",
    "resource.setrlimit": "process", "resource.prlimit": "process",
    "os.system": "process", "os.exec": "process", "os.fork": "process", "os.forkpty": "process",
    "os.posix_spawn": "process", "os.spawn": "process", "os.kill": "process", "os.killpg": "process",
    "os.startfile": "process", "os.putenv": "environment", "os.unsetenv": "environment",
    "import": "import",
    "sys.addaudithook": "introspection", "sys.settrace": "introspection", "sys.setprofile": "introspection",
    "sys._current_frames": "introspection", "gc.get_objects": "introspection",
    "gc.get_referrers": "introspection", "gc.get_referents": "introspection", "code.__new__": "native",
}
# Every other event of these families counts too (os.remove, socket.connect, ctypes.dlopen, …).
SIDE_EFFECT_FAMILIES = {
    "os.": "file", "shutil.": "file", "glob.": "file", "tempfile.": "file", "fcntl.": "file", "syslog.": "file",
    "socket.": "network", "http.": "network", "urllib.": "network", "ftplib.": "network", "smtplib.": "network",
    "poplib.": "network", "imaplib.": "network", "nntplib.": "network", "telnetlib.": "network",
    "webbrowser.": "network", "ctypes.": "native",
}
# Restricted attributes whose read hands out a frame or code: the way to the runner's state.
FRAME_ATTRIBUTES = frozenset(["tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back", "f_code", "__code__",
                              "gi_code", "cr_code", "ag_code"])
PROGRAM_FILE = "<program>"


def install_side_effect_hook(events_fd):
    """Installs, in the job's child, the audit hook that records what the program tries, and
    returns a function that runs a callable with recording paused (for the runner's own reads of
    the program's traceback).

    Everything the hook uses is bound here, in its closure, before the program runs: the program
    can rebind os.write, builtins or json, and the hook does not notice. It never calls the
    program's code (only exact str, bytes and int arguments are described), it writes each record
    at once with one write (atomic: shorter than PIPE_BUF), and when it cannot write (the program
    closed the descriptor) it ends the child, so an attempt is never both refused and unrecorded.
    Reaching the hook's closure or the runner's frames takes frames, code or gc, and those reads
    are themselves recorded before they return."""
    write, exit_now, getframe = os.write, os._exit, sys._getframe
    exact_kinds, families, frame_attributes = dict(SIDE_EFFECT_EVENTS), dict(SIDE_EFFECT_FAMILIES), FRAME_ATTRIBUTES
    str_type, bytes_type, int_type, tuple_type, list_type, kind_of = str, bytes, int, tuple, list, type
    type_type, is_instance, int_text, base = type, isinstance, int.__repr__, BaseException
    would_block, program_file, lost = BlockingIOError, PROGRAM_FILE, RECORD_LOST_STATUS
    state = [False, False]  # [inside the hook, recording paused by the runner]

    def describe(value):
        kind = kind_of(value)
        if kind is str_type:
            return value
        if kind is bytes_type:
            return value.decode("utf-8", "replace")
        if kind is int_type:
            return int_text(value)
        if kind is tuple_type or kind is list_type:
            return " ".join(describe(item) for item in value[:8])
        return ""

    def record(kind, event, detail):
        line = f"{kind}\t{event}\t{detail[:240]}".replace("\n", " ")[:400] + "\n"
        try:
            write(events_fd, line.encode("utf-8", "replace"))
        except would_block:
            pass  # the pipe is full: what is in it is already enough to refuse the program
        except base:
            exit_now(lost)

    def hook(event, args):
        if state[0] or state[1]:
            return
        try:
            kind, detail = classify(event, args)
        except base:
            kind, detail = "introspection", ""  # an event shaped like no real one: sys.audit by hand
        if kind is not None:
            record(kind, event, detail)

    def classify(event, args):
        kind = exact_kinds.get(event)
        detail = ""
        if kind is None:
            if event == "object.__getattr__":
                if args[1] not in frame_attributes:
                    return None, ""
                kind, detail = "introspection", args[1]
            elif event == "object.__setattr__" or event == "object.__delattr__":
                if is_instance(args[0], type_type):
                    return None, ""  # a class attribute (namedtuple sets __module__): the program's own data
                kind, detail = "introspection", describe(args[1])
            elif event == "sys._getframe":
                state[0] = True
                try:
                    caller = getframe(1)
                    # namedtuple and Enum ask for their caller's module: a frame of the program,
                    # asked for by a standard module, reveals nothing of the runner.
                    if caller.f_code.co_filename != program_file and args[0].f_code.co_filename == program_file:
                        return None, ""
                finally:
                    state[0] = False
                kind = "introspection"
            else:
                dot = event.find(".")
                kind = families.get(event[:dot + 1]) if dot > 0 else None
                if kind is None:
                    return None, ""
        if not detail:
            detail = describe(args[0]) if args else ""
        return kind, detail

    def paused(function, *arguments):
        state[1] = True
        try:
            return function(*arguments)
        finally:
            state[1] = False

    sys.addaudithook(hook)
    return paused


def _error_line(error, _walk=traceback.walk_tb, _traceback_of=BaseException.__dict__["__traceback__"].__get__,
                _program=PROGRAM_FILE):
    """The program's last line in the traceback. Runs with recording paused, so it reads only
    what no program can override: the real traceback, its frames, their code."""
    line = None
    for frame, lineno in _walk(_traceback_of(error)):
        if frame.f_code.co_filename == _program:
            line = lineno
    return line


def _encoder():
    """A JSON encoder that no later change to the json module can reach: the C encoder itself."""
    def refuse(value):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return json.encoder.c_make_encoder(
        {}, refuse, json.encoder.encode_basestring, None, ":", ",", False, False, False)


def _text(value, _str=str):
    """Text any reader can take: a lone surrogate in a message becomes its escape, `\\udc80`."""
    return _str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def _error_frame(error, line, encode, _join="".join, _kind_of=type, _str=str, _base=BaseException, _text=_text):
    try:
        message, name = _text(_str(error)[:2000]), _text(_kind_of(error).__name__)
    except _base:
        message, name = "(the exception's message could not be read)", "Exception"
    return _join(encode({"error": {"type": name, "message": message, "line": line}}, 0))


def run_job(payload, events_fd, _loads=json.loads, _compile=compile, _exec=exec, _builtins=builtins,
            _base=BaseException, _memory=MemoryError, _syntax=SyntaxError, _kind_of=type, _is_instance=isinstance,
            _encoder=_encoder, _join="".join, _line=_error_line, _frame=_error_frame, _install=install_side_effect_hook,
            _text=_text):
    """Runs one job and returns the frame's JSON text; never raises.

    The program runs in this process, so everything used after it has run is bound before it
    runs (the defaults above): rebinding json.dumps, builtins.type, MemoryError or this module's
    functions changes nothing here. `memory` is the real MemoryError's identity, not a name the
    program chose."""
    encode = _encoder()
    try:
        job = _loads(payload)
        namespace = {"__name__": "__job__", "__builtins__": _builtins}
        code = _compile(job["source"], PROGRAM_FILE, "exec")
        entry, table = job["entry"], job["input"]
    except _base as error:
        if _kind_of(error) is _memory:
            return '{"memory": true}'  # the compiler ran out of memory on a huge program
        line = error.lineno if _is_instance(error, _syntax) and error.filename == PROGRAM_FILE else None
        return _frame(error, line, encode)
    # The zygote's own warm-up runs a job without a child: no hook there, or every child would inherit it.
    paused = _install(events_fd) if events_fd is not None else None
    try:
        _exec(code, namespace)
        result = namespace[entry](table)
    except _base as error:
        if _kind_of(error) is _memory:
            return '{"memory": true}'
        try:
            line = paused(_line, error) if paused else _line(error)
        except _base:
            line = None
        return _frame(error, line, encode)
    try:
        return _join(encode({"ok": result}, 0))
    except _base as error:
        return _join(encode({"unserializable": _text(f"{_kind_of(error).__name__}: {error}"[:2000])}, 0))


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def child_main(payload, result_fd, events_fd, token, _write=os.write, _exit=os._exit,
               _pack=struct.Struct("<I").pack, _memoryview=memoryview, _len=len, _base=BaseException):
    """The job's child: its layers, then the job, then one frame, led by the job's token, and exit."""
    apply_job_limits(result_fd, events_fd)
    apply_job_filter()
    text = run_job(bytes(payload), events_fd)
    try:
        body = text.encode()
    except _base:
        # A lone surrogate in the table (messages are escaped already): a bad value, not text.
        body = b'{"unserializable": "a cell is not valid Unicode text (lone surrogate)"}'
    view = _memoryview(token + _pack(_len(body)) + body)
    while view:
        view = view[_write(result_fd, view):]
    _exit(0)


def read_exact(fd, view):
    got = 0
    while got < len(view):
        n = os.readv(fd, [view[got:]])
        if n == 0:
            return False
        got += n
    return True


def supervise(pid, result_fd, output):
    """Collects the child's bytes until EOF, the wall deadline or the output cap, then waits for the
    child to exit, still under the deadline: a child that closes its pipe and blocks is killed on
    time too. Returns (bytes written into `output`, flags, elapsed seconds). The second wait is its
    own poll on a pidfd, so the zygote allocates alike whatever the timing, and every child starts
    from the same memory layout."""
    started = time.monotonic()
    deadline = started + WALL_SECONDS
    poller = select.poll()
    poller.register(result_fd, select.POLLIN)
    view = memoryview(output)
    got, flags = 0, 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not poller.poll(left * 1000.0):
            flags |= FLAG_TIMEOUT
            break
        n = os.readv(result_fd, [view[got:]])
        if n == 0:
            break
        got += n
        if got > OUTPUT_CAP:
            flags |= FLAG_OUTPUT_CAP
            break
    if not flags:
        process = os.pidfd_open(pid)
        exit_poller = select.poll()
        exit_poller.register(process, select.POLLIN)
        if not exit_poller.poll(max(deadline - time.monotonic(), 0.0) * 1000.0):
            flags |= FLAG_TIMEOUT
        os.close(process)
    if flags:
        os.kill(pid, signal.SIGKILL)
    return got, flags, time.monotonic() - started


def read_events(fd, events):
    """The side-effect records the child left in its pipe (it has exited: the pipe ends at EOF)."""
    view = memoryview(events)
    got = 0
    while got < len(view):
        n = os.readv(fd, [view[got:]])
        if n == 0:
            break
        got += n
    return got


def run_one(name, payload_view):
    """Forks the job's child, which finds its payload in its copy of the request buffer; returns
    the report's fields and how many bytes of OUTPUT and EVENTS hold the job's bytes."""
    token = os.urandom(TOKEN_BYTES)
    result_read, result_write = os.pipe()
    events_read, events_write = os.pipe()
    os.set_blocking(events_write, False)
    name_next_child(name)
    pid = os.fork()
    if pid == 0:
        os.close(result_read)
        os.close(events_read)
        child_main(payload_view, result_write, events_write, token)
    os.close(result_write)
    os.close(events_write)
    got, flags, elapsed = supervise(pid, result_read, OUTPUT)
    os.close(result_read)
    _, status, usage = os.wait4(pid, 0)
    events = read_events(events_read, EVENTS)
    os.close(events_read)
    cpu_us = int((usage.ru_utime + usage.ru_stime) * 1e6)
    length = min(got, OUTPUT_CAP)
    start = 0
    if length >= TOKEN_BYTES and OUTPUT[:TOKEN_BYTES] == token:
        flags |= FLAG_AUTHENTIC
        start = TOKEN_BYTES
    return status, flags, cpu_us, usage.ru_maxrss, int(elapsed * 1e6), events, start, length, got


# A random name for this zygote's children in the kernel's seccomp log: nothing of the host's.
TAG_PREFIX = CONFIG["tag_prefix"].encode()
OUTPUT = bytearray(OUTPUT_CAP + 1)
EVENTS = bytearray(EVENTS_CAP)
request = bytearray(REQUEST_BUFFER)
del CONFIG



def self_test():
    """Proves the per-job layers in a real child before the first job: the rlimits and no_new_privs
    read back, and a syscall outside the allowlist kills the child with SIGSYS."""
    read_fd, write_fd = os.pipe()
    name_next_child(TAG_PREFIX + b"selftest")
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        apply_job_limits(write_fd)
        ok_limits = all(resource.getrlimit(kind) == (soft, hard) for kind, soft, hard in RLIMITS)
        no_new_privs = PRCTL(PR_GET_NO_NEW_PRIVS, ULONG0, ULONG0, ULONG0, ULONG0) == 1
        apply_job_filter()
        os.write(write_fd, b"R" if ok_limits else b"r")
        os.write(write_fd, b"N" if no_new_privs else b"n")
        os.getuid()  # not on the allowlist: the filter must kill us here
        os.write(write_fd, b"!")
        os._exit(0)
    os.close(write_fd)
    seen = b""
    while True:
        chunk = os.read(read_fd, 16)
        if not chunk:
            break
        seen += chunk
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSYS
    limits = ", ".join(f"{n} {LIMITS[k]}" for n, k in [("AS", "address_space_bytes"), ("CPU s", "cpu_seconds"),
                                                       ("NOFILE", "open_files"), ("FSIZE", "file_size_bytes")])
    return [
        {"name": "job-rlimits", "active": seen.startswith(b"R"), "detail": f"read back in a probe job: {limits}, CORE 0"},
        {"name": "job-seccomp-enforced", "active": killed and b"N" in seen and b"!" not in seen,
         "detail": "a probe job (no_new_privs inherited) was killed by SIGSYS at a syscall outside the allowlist"
         if killed and b"N" in seen else f"a probe job was not stopped (wait status {status}, saw {seen!r})"},
    ]


def warm_up():
    """Runs one representative job in the zygote itself, so first-use costs are paid once, not per
    child; then once more through a real child, so every structure the job loop creates on first use
    exists before the first real fork, and every child starts from the same memory layout."""
    source = "def transform(t):\n    return [[c.upper() for c in reversed(r)] for r in t[1:]]\n"
    payload = json.dumps({"source": source, "entry": "transform", "input": [["a", "b"], ["c", "d"]]}).encode()
    run_job(payload, None)
    view = memoryview(request)[:len(payload)]
    view[:] = payload
    *_, written = run_one(TAG_PREFIX + b"warmup", view)
    view[:] = bytes(len(payload))
    memoryview(OUTPUT)[:written] = bytes(written)
    view.release()


def main():
    # A pool's zygote proves the per-job layers and warms up before its first fork; a one-job jail
    # (the benchmark's fresh-process peer) skips both.
    layers = self_test() if WARM else []
    if WARM:
        warm_up()
    gc.collect()
    gc.freeze()
    gc.disable()
    ready = json.dumps({"ready": True, "python": sys.version.split()[0], "layers": layers}).encode()
    write_all(1, struct.pack("<I", len(ready)) + ready)
    while serve_one():
        pass


HEADER = bytearray(REQUEST.size)


def serve_one():
    """One request, start to end; False at the end of requests. A function, so that everything it
    allocates is freed before the next fork: every child starts from the same memory layout (and so
    the same id() values). The host numbers a zygote's jobs from 0; the child is named after the tag."""
    global request
    if not read_exact(0, memoryview(HEADER)):
        return False
    magic, tag_number, length = REQUEST.unpack(HEADER)
    if magic != b"WJQ1":
        raise SystemExit("winnow zygote: bad request frame")
    if length > len(request):
        request = bytearray(length)
    view = memoryview(request)[:length]
    if not read_exact(0, view):
        return False
    status, flags, cpu_us, maxrss, elapsed_us, events, start, end, written = run_one(
        TAG_PREFIX + b"%08x" % tag_number, view)
    # One write for header and bytes, so the host wakes once per report.
    report = REPORT.pack(b"WJR2", tag_number, status, flags, min(cpu_us, 0xFFFFFFFF), maxrss,
                         min(elapsed_us, 0xFFFFFFFF), events, end - start)
    records = memoryview(EVENTS)[:events]
    body = memoryview(OUTPUT)[start:end]
    parts = [report, records, body]
    sent = os.writev(1, parts)
    for part in parts:
        if sent >= len(part):
            sent -= len(part)
            continue
        write_all(1, part[sent:])
        sent = 0
    records.release()
    body.release()
    # Wipe this job's bytes before the next child is forked, so it cannot find them: every byte
    # the child wrote, the one past the cap included.
    view[:] = bytes(length)
    memoryview(OUTPUT)[:written] = bytes(written)
    memoryview(EVENTS)[:events] = bytes(events)
    view.release()
    if len(request) > REQUEST_BUFFER:
        # A big job's buffer would count against every later child's address-space limit.
        request = bytearray(REQUEST_BUFFER)
    return True

main()
