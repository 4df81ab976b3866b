import Foundation

/// A file the fuzzer's input is written to before each run, for loaders whose public entry point
/// takes a path (the path's suffix picks the task format, and the runner of a sandbox profile is
/// read from the profile's folder), so the fuzzed code is exactly what `winnow` runs.
public struct ScratchFile: Sendable {
    /// The file's path; its folder belongs to this process alone.
    public let path: String

    /// Makes a fresh folder under /dev/shm (or the temporary folder) holding `name`, plus any
    /// companion files the loader expects beside it.
    public init(name: String, companions: [String: String] = [:]) {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let folder = URL(fileURLWithPath: base).appendingPathComponent("winnow-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (companion, text) in companions {
            let companionPath = folder.appendingPathComponent(companion).path
            guard FileManager.default.createFile(atPath: companionPath, contents: Data(text.utf8)) else {
                fatalError("cannot write \(companionPath)")
            }
        }
        path = folder.appendingPathComponent(name).path
    }

    /// Replaces the file's bytes with the fuzzer's input.
    public func write(_ bytes: UnsafePointer<UInt8>, count: Int) {
        let data = Data(bytes: bytes, count: count)
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            fatalError("cannot write the scratch file \(path)")
        }
    }
}
