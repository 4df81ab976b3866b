import WinnowCore

/// Why a request was refused, in the classes the HTTP API answers as RFC 9457 problems and the MCP
/// tools as tool errors.
///
/// The classes follow the CLI's exit codes (`docs/exit-codes.md`) where one fits, so a script that
/// already handles `solve`'s 65 or 3 handles the server's answers the same way; the rest (busy,
/// draining, unauthorized…) exist only on a network.
public struct ServiceError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Malformed JSON or CSV, unknown or mistyped fields, ragged or empty tables: exit 65.
        case badInput = "bad-input"
        /// A body, table or stream larger than the server's caps: exit 65 too, but a 413 on HTTP.
        case tooLarge = "too-large"
        /// A body in a media type the route does not read.
        case unsupportedMediaType = "unsupported-media-type"
        /// The program does not apply to the table it was given: exit 3.
        case programFailed = "program-failed"
        /// Every work slot is taken; the answer says when to retry.
        case busy
        /// The server is shutting down and takes no new work.
        case draining
        /// The server has a token and the request did not carry it.
        case unauthorized
        /// The Host header names another site (a DNS-rebinding page on loopback).
        case forbidden
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        /// The search ran out of memory: exit 5.
        case outOfMemory = "out-of-memory"
        /// A bug in Winnow: exit 70.
        case internalFailure = "internal"
    }

    public var kind: Kind
    /// One line a person can act on; the same words the CLI prints for the same mistake.
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// A `WinnowError` from the shared readers (CSV, task files, programs) in the class its exit code has.
    public init(_ error: WinnowError) {
        switch error.kind {
        case .badInput, .missingInput, .badConfiguration: self.init(.badInput, error.description)
        case .cannotWrite, .internalFailure: self.init(.internalFailure, error.description)
        }
    }

    /// The problem's `type`: a URN, because the classes are Winnow's own and no page needs to exist.
    public var type: String { "urn:winnow:problem:\(kind.rawValue)" }

    public var title: String {
        switch kind {
        case .badInput: "The request cannot be used"
        case .tooLarge: "The request is larger than this server accepts"
        case .unsupportedMediaType: "The body is not in a media type this route reads"
        case .programFailed: "The program does not apply to this table"
        case .busy: "Every work slot is busy"
        case .draining: "The server is shutting down"
        case .unauthorized: "A token is required"
        case .forbidden: "This host name is not served here"
        case .notFound: "No such route"
        case .methodNotAllowed: "The route does not take this method"
        case .outOfMemory: "The search ran out of memory"
        case .internalFailure: "Winnow failed"
        }
    }

    /// The HTTP status the problem is sent with.
    public var status: Int {
        switch kind {
        case .badInput: 400
        case .tooLarge: 413
        case .unsupportedMediaType: 415
        case .programFailed: 422
        case .busy: 429
        case .draining: 503
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .outOfMemory: 503
        case .internalFailure: 500
        }
    }

    /// The exit code `winnow` gives the same failure, where it has one.
    public var exitCode: Int32? {
        switch kind {
        case .badInput, .tooLarge, .unsupportedMediaType: ExitStatus.badInput
        case .programFailed: ExitStatus.programFailed
        case .outOfMemory: ExitStatus.outOfMemory
        case .internalFailure: ExitStatus.internalFailure
        case .busy, .draining, .unauthorized, .forbidden, .notFound, .methodNotAllowed: nil
        }
    }
}
