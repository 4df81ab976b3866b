import Foundation
import WinnowCore

/// Checks up front that an output file can be created, so a long run does not fail at its very end
/// because of a typo in a folder name.
enum OutputPath {
    static func checkWritable(_ path: String) throws(WinnowError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw WinnowError(.cannotWrite, file: path, "is a directory, expected a file name")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WinnowError(.cannotWrite, file: path, "folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw WinnowError(.cannotWrite, file: path, "folder \(folder) is not writable")
        }
    }
}
