import Foundation
import Testing
import WinnowCore
@testable import WinnowJail

/// The strict profile loader: the shipped profile loads, and every kind of mistake is a clear error.
@Suite struct ProfileTests {
    /// A temporary folder holding the shipped profile's runner and a variant of its JSON.
    struct Variant {
        let folder: URL
        var profilePath: String { folder.appendingPathComponent("profile.json").path }

        /// Copies the shipped profile's object through `edit` and writes it, with the runner beside it.
        init(copyRunner: Bool = true, _ edit: (inout [String: Any]) throws -> Void) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-profile-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var object = try ProfileTests.shippedObject()
            try edit(&object)
            try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                .write(to: URL(fileURLWithPath: profilePath))
            if copyRunner {
                // Under its shipped name, whatever the variant's "runner" now says.
                let runner = try #require(try ProfileTests.shippedObject()["runner"] as? String)
                try FileManager.default.copyItem(
                    at: JailFixtures.packageRoot.appendingPathComponent("sandboxes").appendingPathComponent(runner),
                    to: folder.appendingPathComponent(runner))
            }
        }

        /// A folder with the runner and the given raw text as the profile.
        init(text: String) throws {
            try self.init { _ in }
            try Data(text.utf8).write(to: URL(fileURLWithPath: profilePath))
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }

        func load() throws(WinnowError) -> JailProfile {
            defer { remove() }
            return try JailProfile.load(path: profilePath)
        }
    }

    static func shippedObject() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: JailFixtures.profilePath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Edits a nested object (`limits` or `jail`) of the profile.
    static func editing(_ key: String, _ edit: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) throws -> Void {
        { object in
            var nested = try #require(object[key] as? [String: Any])
            edit(&nested)
            object[key] = nested
        }
    }

    /// Loads a variant and returns the error it must fail with.
    func failure(
        copyRunner: Bool = true, sourceLocation: SourceLocation = #_sourceLocation, _ edit: @escaping (inout [String: Any]) throws -> Void
    ) throws -> WinnowError {
        let variant = try Variant(copyRunner: copyRunner, edit)
        do {
            let profile = try variant.load()
            Issue.record("the variant loaded: \(profile)", sourceLocation: sourceLocation)
            return WinnowError(.internalFailure, "loaded")
        } catch {
            #expect(error.file == variant.profilePath, sourceLocation: sourceLocation)
            return error
        }
    }

    func expectBadConfiguration(
        _ error: WinnowError, mentioning words: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error.kind == .badConfiguration, "\(error)", sourceLocation: sourceLocation)
        #expect(error.exitCode == ExitStatus.badConfiguration, sourceLocation: sourceLocation)
        for word in words {
            #expect(error.message.contains(word), "\(error.message) does not mention \(word)", sourceLocation: sourceLocation)
        }
    }

    // MARK: The shipped profile

    @Test func shippedProfileLoads() throws {
        let profile = try JailProfile.load(path: JailFixtures.profilePath)
        #expect(profile.name == "python3")
        #expect(profile.interpreter == "/usr/bin/python3")
        #expect(profile.limits.wallMilliseconds == 1000)
        #expect(profile.limits.cpuSeconds == 2)
        #expect(profile.limits.outputBytes == 1_048_576)
        #expect(profile.limits.inputBytes == 67_108_864)
        #expect(profile.limits.fileSizeBytes == 0)
        #expect(profile.jail.namespaces == ["user", "pid", "net", "ipc", "uts", "mount"])
        #expect(profile.jail.uid == 65534)
        #expect(profile.jail.cgroupPids == 8)
        #expect(!profile.jobExecutableMemory)
        #expect(profile.zygoteDeniedSyscalls.contains("socket"))
        #expect(!profile.jobAllowedSyscalls.contains("socket"))
        #expect(profile.jobAllowedSyscalls.contains("exit_group"))
        #expect(profile.requiredLayers.allSatisfy(JailLayer.known.contains))
        let runner = try String(contentsOf: JailFixtures.packageRoot.appendingPathComponent("sandboxes/python3-zygote.py"), encoding: .utf8)
        #expect(profile.runnerSource == runner)
    }

    @Test func unchangedCopyLoadsTheSame() throws {
        let copy = try Variant { _ in }.load()
        #expect(copy == (try JailProfile.load(path: JailFixtures.profilePath)))
    }

    @Test func runnerMayBeAnAbsolutePath() throws {
        let runner = JailFixtures.packageRoot.appendingPathComponent("sandboxes/python3-zygote.py").path
        let profile = try Variant(copyRunner: false) { $0["runner"] = runner }.load()
        #expect(profile.runnerSource.contains("Winnow's Python zygote"))
    }

    // MARK: Typos are named, with the key that was meant

    @Test func typoInLimits() throws {
        let error = try failure(Self.editing("limits") { limits in
            limits["wal_ms"] = limits.removeValue(forKey: "wall_ms")
        })
        expectBadConfiguration(error, mentioning: "limits", "\"wal_ms\"", "did you mean \"wall_ms\"")
    }

    @Test func typoInJail() throws {
        let error = try failure(Self.editing("jail") { jail in
            jail["namespace"] = jail.removeValue(forKey: "namespaces")
        })
        expectBadConfiguration(error, mentioning: "jail", "\"namespace\"", "did you mean \"namespaces\"")
    }

    @Test func typoAtTopLevel() throws {
        let error = try failure { object in object["interpretr"] = object.removeValue(forKey: "interpreter") }
        expectBadConfiguration(error, mentioning: "\"interpretr\"", "did you mean \"interpreter\"")
    }

    @Test func extraKeyFarFromAnyIsStillRefused() throws {
        let error = try failure { object in object["comment"] = "added by hand" }
        expectBadConfiguration(error, mentioning: "unknown key \"comment\"")
        #expect(!error.message.contains("did you mean"), "\(error.message)")
    }

    // MARK: Values the jail could not enforce

    @Test func unknownSyscall() throws {
        let error = try failure { object in
            object["job_allowed_syscalls"] = (object["job_allowed_syscalls"] as? [String] ?? []) + ["opennat"]
        }
        expectBadConfiguration(error, mentioning: "job_allowed_syscalls", "\"opennat\"", "not a syscall")
        let denied = try failure { object in
            object["zygote_denied_syscalls"] = (object["zygote_denied_syscalls"] as? [String] ?? []) + ["ptrac"]
        }
        expectBadConfiguration(denied, mentioning: "zygote_denied_syscalls", "\"ptrac\"", "not a syscall")
    }

    @Test(arguments: ["clone", "clone3", "execve", "execveat"])
    func launcherManagedSyscallInZygoteDenied(_ name: String) throws {
        let error = try failure { object in
            object["zygote_denied_syscalls"] = (object["zygote_denied_syscalls"] as? [String] ?? []) + [name]
        }
        expectBadConfiguration(error, mentioning: "zygote_denied_syscalls", "\"\(name)\"", "launcher")
    }

    @Test func syscallListedTwice() throws {
        let error = try failure { object in
            object["job_allowed_syscalls"] = (object["job_allowed_syscalls"] as? [String] ?? []) + ["read"]
        }
        expectBadConfiguration(error, mentioning: "job_allowed_syscalls", "twice")
    }

    @Test func unknownNamespace() throws {
        let error = try failure(Self.editing("jail") { jail in
            jail["namespaces"] = ["user", "pid", "network", "mount"]
        })
        expectBadConfiguration(error, mentioning: "jail.namespaces", "\"network\"", "net")
    }

    @Test func unknownRequiredLayer() throws {
        let error = try failure { object in
            object["required_layers"] = ["seccomp-job", "job-rlimit"]
        }
        expectBadConfiguration(error, mentioning: "required_layers", "\"job-rlimit\"", "did you mean \"job-rlimits\"")
        let far = try failure { object in object["required_layers"] = ["firewall"] }
        expectBadConfiguration(far, mentioning: "required_layers", "\"firewall\"")
    }

    @Test func relativeInterpreter() throws {
        let error = try failure { object in object["interpreter"] = "python3" }
        expectBadConfiguration(error, mentioning: "\"interpreter\"", "absolute")
    }

    @Test func interpreterOutsideReadOnlyPaths() throws {
        let error = try failure { object in object["interpreter"] = "/opt/python/bin/python3" }
        expectBadConfiguration(error, mentioning: "/opt/python/bin/python3", "read_only_paths")
        // A path that only shares a prefix with a read-only folder is not under it.
        let prefix = try failure { object in object["interpreter"] = "/usrlocal/bin/python3" }
        expectBadConfiguration(prefix, mentioning: "/usrlocal/bin/python3", "read_only_paths")
    }

    @Test func relativeReadOnlyPath() throws {
        let error = try failure(Self.editing("jail") { jail in jail["read_only_paths"] = ["/usr", "lib"] })
        expectBadConfiguration(error, mentioning: "read_only_paths", "\"lib\"", "absolute")
    }

    // MARK: Types and presence

    @Test func stringForAnInteger() throws {
        let error = try failure(Self.editing("limits") { limits in limits["wall_ms"] = "1000" })
        expectBadConfiguration(error, mentioning: "limits.wall_ms", "integer", "string")
    }

    @Test func fractionForAnInteger() throws {
        let error = try failure(Self.editing("limits") { limits in limits["cpu_seconds"] = 1.5 })
        expectBadConfiguration(error, mentioning: "limits.cpu_seconds", "integer")
    }

    @Test func zeroOrNegativeLimit() throws {
        let zero = try failure(Self.editing("limits") { limits in limits["output_bytes"] = 0 })
        expectBadConfiguration(zero, mentioning: "limits.output_bytes", "positive")
        let negative = try failure(Self.editing("limits") { limits in limits["wall_ms"] = -5 })
        expectBadConfiguration(negative, mentioning: "limits.wall_ms", "positive")
    }

    /// Issue 16, item 12: a wall limit past what poll(2) takes (a C int of milliseconds) used to
    /// start a jail whose zygote then died of an OverflowError; it is refused when the profile
    /// loads, as are frame sizes a 32-bit length cannot carry.
    @Test func limitsTheProtocolCannotCarryAreRefused() throws {
        let wall = try failure(Self.editing("limits") { limits in limits["wall_ms"] = 2_147_483_648 })
        expectBadConfiguration(wall, mentioning: "limits.wall_ms", "at most 2147483647")
        let output = try failure(Self.editing("limits") { limits in limits["output_bytes"] = 1 << 32 })
        expectBadConfiguration(output, mentioning: "limits.output_bytes", "at most")
        let input = try failure(Self.editing("limits") { limits in limits["input_bytes"] = 1 << 32 })
        expectBadConfiguration(input, mentioning: "limits.input_bytes", "at most")
    }

    @Test func wrongTypeForAList() throws {
        let error = try failure { object in object["preload"] = "json" }
        expectBadConfiguration(error, mentioning: "preload", "wrong type")
        let cells = try failure { object in object["job_allowed_syscalls"] = ["read", 1] }
        expectBadConfiguration(cells, mentioning: "job_allowed_syscalls", "wrong type")
    }

    /// JSON's `true` is not the integer 1, and 1 is not `true`: a policy file must say what it means.
    /// (On Linux, JSONSerialization gives both as NSNumber, which bridges to Int and to Bool alike.)
    @Test func booleanAndIntegerAreNotInterchangeable() throws {
        let boolForInt = try failure(Self.editing("limits") { limits in limits["cpu_seconds"] = true })
        expectBadConfiguration(boolForInt, mentioning: "limits.cpu_seconds")
        let intForBool = try failure { object in object["job_executable_memory"] = 1 }
        expectBadConfiguration(intForBool, mentioning: "job_executable_memory")
        // A real boolean where a boolean belongs still loads.
        let variant = try Variant { object in object["job_executable_memory"] = true }
        #expect(try variant.load().jobExecutableMemory)
    }

    @Test func nestedObjectOfTheWrongType() throws {
        let error = try failure { object in object["limits"] = [1000, 2] }
        expectBadConfiguration(error, mentioning: "limits must be a JSON object")
    }

    @Test func missingKey() throws {
        let top = try failure { object in object.removeValue(forKey: "seed") }
        expectBadConfiguration(top, mentioning: "missing key \"seed\"")
        let nested = try failure(Self.editing("limits") { limits in limits.removeValue(forKey: "input_bytes") })
        expectBadConfiguration(nested, mentioning: "limits", "missing key \"input_bytes\"")
        let object = try failure { object in object.removeValue(forKey: "jail") }
        expectBadConfiguration(object, mentioning: "missing key \"jail\"")
    }

    @Test func badPreloadModuleAndEnvironment() throws {
        let module = try failure { object in object["preload"] = ["json", "os; import socket"] }
        expectBadConfiguration(module, mentioning: "preload", "not a module name")
        let environment = try failure { object in object["environment"] = ["A=B": "1"] }
        expectBadConfiguration(environment, mentioning: "environment", "not a variable name")
    }

    @Test func malformedJSON() throws {
        let variant = try Variant(text: #"{"name": "python3", "interpreter": "/usr/bin/python3",,}"#)
        #expect {
            try variant.load()
        } throws: { error in
            guard let error = error as? WinnowError else { return false }
            return error.kind == .badConfiguration && error.message.contains("malformed JSON") && error.file == variant.profilePath
        }
    }

    @Test func notAnObject() throws {
        let error: WinnowError
        let variant = try Variant(text: "[1, 2, 3]")
        do {
            _ = try variant.load()
            Issue.record("a list loaded as a profile")
            return
        } catch let caught {
            error = caught
        }
        expectBadConfiguration(error, mentioning: "profile must be a JSON object")
    }

    @Test func missingRunnerFile() throws {
        let error = try failure(copyRunner: false) { _ in }
        expectBadConfiguration(error, mentioning: "\"runner\"", "python3-zygote.py")
        let other = try failure { object in object["runner"] = "no-such-zygote.py" }
        expectBadConfiguration(other, mentioning: "no-such-zygote.py")
    }

    @Test func missingProfileFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-profile-\(UUID().uuidString).json").path
        do {
            let profile = try JailProfile.load(path: path)
            Issue.record("loaded a profile that does not exist: \(profile)")
        } catch {
            #expect(error.kind == .missingInput)
            #expect(error.file == path)
            #expect(error.exitCode == ExitStatus.missingInput)
        }
    }
}
