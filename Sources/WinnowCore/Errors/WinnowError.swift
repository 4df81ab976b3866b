/// The one error type that reaches a user: it names the file and the problem in one line and carries
/// the documented exit code, so every command reports bad input the same way.
public struct WinnowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, which decides the process exit code (see `docs/exit-codes.md`).
    public enum Kind: String, Sendable {
        /// The input exists but cannot be used: malformed JSON or CSV, a missing key, a non-string
        /// cell, an empty table.
        case badInput
        /// A named input file does not exist or cannot be read.
        case missingInput
        /// An output file could not be written; nothing partial is left behind.
        case cannotWrite
        /// A configuration file (an inventory) is malformed or names something unknown.
        case badConfiguration
        /// A bug in Winnow itself.
        case internalFailure
    }

    public var kind: Kind
    /// The file the problem is in, when there is one.
    public var file: String?
    public var message: String

    public init(_ kind: Kind, file: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    public var description: String {
        if let file { return "\(file): \(message)" }
        return message
    }

    /// The exit code a command returns for this error (sysexits values where one fits).
    public var exitCode: Int32 {
        switch kind {
        case .badInput: return ExitStatus.badInput
        case .missingInput: return ExitStatus.missingInput
        case .cannotWrite: return ExitStatus.cannotWrite
        case .badConfiguration: return ExitStatus.badConfiguration
        case .internalFailure: return ExitStatus.internalFailure
        }
    }
}

/// Every exit code Winnow's commands use, in one place so docs and code cannot drift apart.
public enum ExitStatus {
    /// The command did what was asked (for `solve`: a program was committed).
    public static let success: Int32 = 0
    /// `solve` found no program reproducing the example within its budget; nothing was committed.
    public static let unsolved: Int32 = 2
    /// `exec`: the program ran in the jail but did not return a table (the verdict says why).
    public static let programFailed: Int32 = 3
    /// `solve` abstained rather than guess: the consistent programs disagree on the held-out input
    /// and none dominates, or, with a model, nothing passed the visible example and the direct
    /// answer failed its sanity check (or there was none).
    public static let abstained: Int32 = 4
    /// `solve` stopped at the memory ceiling (`--max-memory`) before a program reproduced the example.
    public static let outOfMemory: Int32 = 5
    /// Command-line usage error (swift-argument-parser's `EX_USAGE`).
    public static let usage: Int32 = 64
    /// Malformed or unusable input data (`EX_DATAERR`).
    public static let badInput: Int32 = 65
    /// An input file is missing or unreadable (`EX_NOINPUT`).
    public static let missingInput: Int32 = 66
    /// The jail cannot run here: a required layer is unavailable or the launcher is missing
    /// (`EX_UNAVAILABLE`).
    public static let jailUnavailable: Int32 = 69
    /// The model server cannot be reached or does not speak the OpenAI API (`EX_PROTOCOL`).
    public static let modelUnavailable: Int32 = 76
    /// `iterate --train-cmd`: the user's fine-tune command failed or named no model (`EX_TEMPFAIL`:
    /// the rounds done so far are kept, and a rerun resumes after them).
    public static let trainCommandFailed: Int32 = 75
    /// Internal error (`EX_SOFTWARE`).
    public static let internalFailure: Int32 = 70
    /// An output file could not be created (`EX_CANTCREAT`).
    public static let cannotWrite: Int32 = 73
    /// A configuration file is malformed (`EX_CONFIG`).
    public static let badConfiguration: Int32 = 78
}
