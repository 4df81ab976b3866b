import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

extension AdversarialTests {
    /// Reaching the network.
    ///
    /// Contrary to the first guess (the import layer makes sockets unreachable), they are
    /// reachable: the import guard is one entry of `sys.meta_path`, which a job can pop, and this
    /// CPython (Debian's 3.11) has `_socket` built in, so it loads without touching a file; the
    /// zygote's ctypes is reachable too (see `Imports`). So the syscall layer is what stops them:
    /// socket is not on the allowlist, and the first socket() kills the job. (Behind that, the jail
    /// has its own empty network namespace.)
    @Suite struct Network {
        @Test func socketModulesAreRefusedAtImport() async throws {
            let profile = try Adversarial.profile()
            try await JailFixtures.withPool(profile: profile) { pool in
                for module in ["socket", "_socket", "ssl", "http.client", "urllib.request"] {
                    let first = String(module.split(separator: ".")[0])
                    #expect(try await Adversarial.run(pool, "import \(module)\n")
                        == .runtimeError(type: "ImportError", message: Adversarial.notInJail(first, profile), line: 1))
                }
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// With the guard popped, `_socket` imports; every way out dies at the syscall layer.
        @Test(arguments: [
            // TCP connect: dies at socket(), before any connect.
            ("s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)\n    s.connect(('1.1.1.1', 80))", "socket"),
            // UDP sendto.
            ("s = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)\n    s.sendto(b'x', ('1.1.1.1', 53))", "socket"),
            // An abstract AF_UNIX socket (would bypass the mount namespace, not the network one).
            ("s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)\n    s.connect('\\0winnow-adversarial')", "socket"),
            // DNS: glibc cannot open /etc/nsswitch.conf or /etc/hosts (openat is refused with
            // EACCES), falls back to asking a name server, and dies at socket(). (A str host name
            // would first import encodings.idna, which is a PermissionError at the import.)
            ("_socket.getaddrinfo(b'example.com', 80)", "socket"),
            // The host's name: uname is not allowed either (and the jail has its own UTS namespace).
            ("_socket.gethostname()", "uname"),
        ])
        func socketsDieAtTheSyscallLayer(call: String, syscall: String) async throws {
            try await JailFixtures.withPool { pool in
                let source = """
                    import sys
                    def transform(t):
                        sys.meta_path.pop(0)  # the import guard
                        import _socket
                        \(call)
                        return [['escaped']]
                    """
                #expect(try await Adversarial.run(pool, source) == .seccompKill(syscall: syscall))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// The module really does import once the guard is gone (so the test above reaches socket()).
        @Test func socketModuleImportsOnceTheGuardIsPopped() async throws {
            try await JailFixtures.withPool { pool in
                let source = """
                    import sys
                    def transform(t):
                        sys.meta_path.pop(0)
                        import _socket
                        return [[_socket.__name__, str(hasattr(_socket, 'socket'))]]
                    """
                #expect(try await Adversarial.run(pool, source) == .ok([["_socket", "True"]]))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }
    }

    /// Reading and writing the host's files.
    ///
    /// Observed (the profile changed while this suite was written): openat is on the profile's
    /// `job_refused_syscalls`, so it fails with EACCES instead of killing the job (CPython opens the
    /// program's "file" to quote a SyntaxError's line). Every open is therefore a PermissionError,
    /// not the seccomp kill first guessed; the other ways to open a file (open, openat2) and to
    /// change the filesystem (mkdir, symlink, unlink, rename) still kill the job.
    @Suite struct Files {
        static let projectFile = JailFixtures.packageRoot.appendingPathComponent("Package.swift").path

        static func denied(_ path: String, line: Int) -> Verdict {
            .runtimeError(type: "PermissionError", message: "[Errno 13] Permission denied: '\(path)'", line: line)
        }

        @Test(arguments: [
            ("def transform(t):\n    return [[open('/etc/passwd').read()]]\n", "/etc/passwd"),
            ("def transform(t):\n    return [[open('/proc/self/environ', 'rb').read().decode('latin-1')]]\n", "/proc/self/environ"),
            ("def transform(t):\n    return [[open('/proc/1/status').read()]]\n", "/proc/1/status"),
            ("def transform(t):\n    return [[open('\(Files.projectFile)').read()]]\n", Files.projectFile),
            // Even the interpreter, which is in the jail's root.
            ("def transform(t):\n    return [[str(open('/usr/bin/python3', 'rb').read(4))]]\n", "/usr/bin/python3"),
        ])
        func readingFilesIsRefused(source: String, path: String) async throws {
            try await JailFixtures.withPool { pool in
                #expect(try await Adversarial.run(pool, source) == Files.denied(path, line: 2))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func listingDirectoriesIsRefused() async throws {
            try await JailFixtures.withPool { pool in
                for path in ["/", "/tmp", "/proc"] {
                    #expect(try await Adversarial.run(pool, "import os\ndef transform(t):\n    return [[n] for n in os.listdir('\(path)')]\n")
                        == Files.denied(path, line: 3))
                }
                #expect(try await Adversarial.run(pool, "import os\ndef transform(t):\n    return [[str(os.open('/etc/shadow', os.O_RDONLY))]]\n")
                    == Files.denied("/etc/shadow", line: 3))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// The syscalls around the refused openat: open (2) and openat2 (437), through the zygote's
        /// ctypes (see `Imports`), kill the job.
        @Test(arguments: [
            ("libc.syscall(2, b'/etc/passwd', 0, 0)", "open"),
            ("libc.syscall(437, -100, b'/etc/passwd', None, 0)", "openat2"),
            ("libc.syscall(85, b'/tmp/winnow-adversarial', 0o777)", "creat"),
        ])
        func otherOpenSyscallsAreKilled(call: String, syscall: String) async throws {
            try await JailFixtures.withPool { pool in
                let source = """
                    import sys
                    def transform(t):
                        ctypes = sys.modules['__main__'].ctypes
                        libc = ctypes.CDLL(None, use_errno=True)
                        return [[str(\(call)), str(ctypes.get_errno())]]
                    """
                #expect(try await Adversarial.run(pool, source) == .seccompKill(syscall: syscall))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        /// stat is allowed (Python needs fstat/newfstatat), so a job can probe names; but the host's
        /// files are not in the jail's root, only /usr, /lib, /lib64 and /bin are.
        @Test func hostFilesAreNotInTheJailsRoot() async throws {
            try await JailFixtures.withPool { pool in
                for path in [Files.projectFile, "/etc/passwd", "/root", "/home"] {
                    let source = "import os\ndef transform(t):\n    os.stat('\(path)')\n    return [['seen']]\n"
                    #expect(try await Adversarial.run(pool, source) == .runtimeError(
                        type: "FileNotFoundError", message: "[Errno 2] No such file or directory: '\(path)'", line: 3))
                }
                // While the interpreter, read-only from the host, is there (the probe works).
                let present = "import os\ndef transform(t):\n    return [[str(os.path.exists('/usr/bin/python3'))]]\n"
                #expect(try await Adversarial.run(pool, present) == .ok([["True"]]))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func writingFilesIsRefusedAndNothingAppearsOnTheHost() async throws {
            try await JailFixtures.withPool { pool in
                var paths: [String] = []
                for mode in ["w", "a", "x", "wb", "r+"] {
                    // Both a host path (the host's temporary folder) and one in the jail's own /tmp.
                    let host = JailFixtures.hostPath("write-\(mode)")
                    let local = "/tmp/winnow-adversarial-\(mode)"
                    paths.append(host)
                    for path in [host, local] {
                        let source = "def transform(t):\n    open('\(path)', '\(mode)').write('pwned')\n    return t\n"
                        #expect(try await Adversarial.run(pool, source) == Files.denied(path, line: 2))
                    }
                }
                let created = JailFixtures.hostPath("os-open")
                paths.append(created)
                let osOpen = "import os\ndef transform(t):\n    os.open('\(created)', os.O_CREAT | os.O_WRONLY, 0o777)\n    return t\n"
                #expect(try await Adversarial.run(pool, osOpen) == Files.denied(created, line: 3))
                let directory = JailFixtures.hostPath("mkdir")
                paths.append(directory)
                let mkdir = "import os\ndef transform(t):\n    os.mkdir('\(directory)')\n    return t\n"
                #expect(try await Adversarial.run(pool, mkdir) == .seccompKill(syscall: "mkdir"))
                let link = JailFixtures.hostPath("symlink")
                paths.append(link)
                let symlink = "import os\ndef transform(t):\n    os.symlink('/etc/passwd', '\(link)')\n    return t\n"
                #expect(try await Adversarial.run(pool, symlink) == .seccompKill(syscall: "symlink"))
                for path in paths { Adversarial.expectAbsent(path) }
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
        }

        @Test func removingAndRenamingFilesIsKilled() async throws {
            // A file of the host's that a program tries to delete or move: it stays as it was.
            let victim = JailFixtures.hostPath("victim")
            try "keep me".write(toFile: victim, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: victim) }
            let moved = victim + "-moved"
            try await JailFixtures.withPool { pool in
                let unlink = "import os\ndef transform(t):\n    os.unlink('\(victim)')\n    return t\n"
                #expect(try await Adversarial.run(pool, unlink) == .seccompKill(syscall: "unlink"))
                let rename = "import os\ndef transform(t):\n    os.rename('\(victim)', '\(moved)')\n    return t\n"
                #expect(try await Adversarial.run(pool, rename) == .seccompKill(syscall: "rename"))
                try await JailFixtures.expectHealthy(pool)
                await Adversarial.expectResting(pool)
            }
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
            Adversarial.expectAbsent(moved)
        }
    }
}
