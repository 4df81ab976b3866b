import WinnowModel

/// The one thing a user can do about a failed model call, added to the line that reports it.
enum ModelErrorAdvice {
    /// `error` as the gathering labels it (`direct: …`, `program: …`), with a pointer to
    /// `--no-structured-output` when a direct-answer request, which carries a JSON schema, was
    /// answered with an error: a server that mishandles the schema without naming it (so the
    /// client cannot tell and fall back) fails exactly so.
    static func line(_ error: String, structuredOutput: Bool) -> String {
        guard structuredOutput, error.hasPrefix("direct: "),
              !["cannot reach the server", "no answer within", ModelError.notRecordedLead].contains(where: error.contains)
        else { return error }
        return error + " (if the server cannot take a JSON schema, try --no-structured-output)"
    }
}
