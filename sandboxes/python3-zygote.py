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
  report  zygote -> host  b"WJR1", u32 tag, i32 wait status, u32 flags, u32 cpu_us, u32 maxrss_kb,
                          u32 length, then the child's raw bytes (length-prefixed JSON when honest)
The host validates the child's bytes; nothing here trusts them.
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

CONFIG = json.loads(sys.argv[1])
LIMITS = CONFIG["limits"]
for _name in CONFIG["preload"]:
    __import__(_name)
if "random" in sys.modules:
    # random reseeds itself after every fork by calling seed() with no argument (os.urandom); make
    # that argument the profile's seed, so every child starts from the same state at no extra cost.
    sys.modules["random"].Random.seed.__defaults__ = (CONFIG["seed"], 2)
    sys.modules["random"].seed()
os.environ.clear()

REQUEST = struct.Struct("<4sII")
REPORT = struct.Struct("<4sIiIIII")
FLAG_TIMEOUT = 1
FLAG_OUTPUT_CAP = 2
OUTPUT_CAP = LIMITS["output_bytes"] + 4  # the frame's body may be output_bytes long
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
        raise ImportError(f"module {name!r} is not available in the jail (preloaded: {', '.join(CONFIG['preload'])})")


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


def _error_line(error):
    if isinstance(error, SyntaxError) and error.filename == "<program>":
        return error.lineno
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == "<program>":
            line = lineno
    return line


def run_job(payload):
    """Runs one job and returns the frame's JSON text; never raises."""
    try:
        job = json.loads(payload)
        namespace = {"__name__": "__job__", "__builtins__": builtins}
        exec(compile(job["source"], "<program>", "exec"), namespace)
        result = namespace[job["entry"]](job["input"])
    except BaseException as error:  # the program's failure is data for the host, whatever it is
        message = str(error) if not isinstance(error, MemoryError) else "out of memory"
        return json.dumps({"error": {"type": type(error).__name__, "message": message[:2000], "line": _error_line(error)}})
    try:
        return json.dumps({"ok": result}, allow_nan=False)
    except BaseException as error:
        return json.dumps({"unserializable": f"{type(error).__name__}: {error}"[:2000]})


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def child_main(payload, result_fd):
    """The job's child: its layers, then the job, then one frame and exit."""
    apply_job_limits(result_fd)
    apply_job_filter()
    body = run_job(bytes(payload)).encode()
    write_all(result_fd, struct.pack("<I", len(body)) + body)
    os._exit(0)


def read_exact(fd, view):
    got = 0
    while got < len(view):
        n = os.readv(fd, [view[got:]])
        if n == 0:
            return False
        got += n
    return True


def supervise(pid, result_fd, output):
    """Collects the child's bytes until EOF, the wall deadline or the output cap; returns (length, flags)."""
    poller = select.poll()
    poller.register(result_fd, select.POLLIN)
    deadline = time.monotonic() + WALL_SECONDS
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
    if flags:
        os.kill(pid, signal.SIGKILL)
    return min(got, OUTPUT_CAP), flags


def run_one(name, payload_view):
    """Forks the job's child, which finds its payload in its copy of the request buffer."""
    result_read, result_write = os.pipe()
    name_next_child(name)
    pid = os.fork()
    if pid == 0:
        os.close(result_read)
        child_main(payload_view, result_write)
    os.close(result_write)
    length, flags = supervise(pid, result_read, OUTPUT)
    os.close(result_read)
    _, status, usage = os.wait4(pid, 0)
    cpu_us = int((usage.ru_utime + usage.ru_stime) * 1e6)
    return status, flags, cpu_us, usage.ru_maxrss, length


TAG_PREFIX = CONFIG["tag_prefix"].encode()
OUTPUT = bytearray(OUTPUT_CAP + 1)
request = bytearray(REQUEST_BUFFER)


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
    run_job(payload)
    view = memoryview(request)[:len(payload)]
    view[:] = payload
    _, _, _, _, out_length = run_one(TAG_PREFIX + b"warmup", view)
    view[:] = bytes(len(payload))
    memoryview(OUTPUT)[:out_length] = bytes(out_length)
    view.release()


def main():
    # A pool's zygote proves the per-job layers and warms up before its first fork; a one-job jail
    # (the benchmark's fresh-process peer) skips both.
    layers = self_test() if CONFIG["warm"] else []
    if CONFIG["warm"]:
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
    status, flags, cpu_us, maxrss, out_length = run_one(TAG_PREFIX + b"%08x" % tag_number, view)
    # One write for header and bytes, so the host wakes once per report.
    report = REPORT.pack(b"WJR1", tag_number, status, flags, min(cpu_us, 0xFFFFFFFF), maxrss, out_length)
    body = memoryview(OUTPUT)[:out_length]
    sent = os.writev(1, [report, body])
    if sent < len(report):
        write_all(1, report[sent:])
        write_all(1, body)
    elif sent < len(report) + out_length:
        write_all(1, body[sent - len(report):])
    body.release()
    # Wipe this job's bytes before the next child is forked, so it cannot find them.
    view[:] = bytes(length)
    memoryview(OUTPUT)[:out_length] = bytes(out_length)
    view.release()
    if len(request) > REQUEST_BUFFER:
        # A big job's buffer would count against every later child's address-space limit.
        request = bytearray(REQUEST_BUFFER)
    return True

main()
