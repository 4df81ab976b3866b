import FuzzSupport
import WinnowJail

/// Sandbox profiles (`sandboxes/python3.json`): strict keys, syscall names checked against this
/// machine's libseccomp, the runner read from the profile's folder (a small stand-in is put there,
/// so a relative `"runner"` resolves; the profile never runs here).
private let scratch = ScratchFile(name: "profile.json", companions: ["python3-zygote.py": "pass\n"])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJailProfile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    scratch.write(data, count: size)
    _ = try? JailProfile.load(path: scratch.path)
    return 0
}

@main enum Main {
    static func main() { FuzzEntry.run() }
}
