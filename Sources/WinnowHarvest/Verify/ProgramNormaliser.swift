import WinnowCore
import WinnowJail

/// The normalised program hash harvest deduplicates on: SHA-256 of Python's own parse tree of the
/// program, with comments, blank lines, layout and docstrings (any statement that is only a string)
/// gone.
///
/// Python parses the program, in the jail like every other run of a program's text: the zygote
/// cannot import `ast`, but `compile(..., PyCF_ONLY_AST)` builds the tree without an import and a
/// dozen lines walk it. Field names and values are dumped, line numbers are not, so two programs
/// hash alike exactly when Python reads them alike (local names still count: no alpha-renaming).
/// The dump depends on the Python version's grammar, so hashes are stable for one interpreter.
enum ProgramNormaliser {
    static let entry = "winnow_normalise"

    static let source = #"""
        def _is_docstring(node):
            return type(node).__name__ == "Expr" and type(node.value).__name__ == "Constant" and isinstance(node.value.value, str)


        def _dump(node):
            if isinstance(node, list):
                return "[" + ",".join(_dump(item) for item in node if not _is_docstring(item)) + "]"
            if hasattr(node, "_fields"):
                return type(node).__name__ + "(" + ",".join(_dump(getattr(node, field, None)) for field in node._fields) + ")"
            return repr(node)


        def winnow_normalise(table):
            # 1024 is ast.PyCF_ONLY_AST: the parse tree, without importing ast.
            return [[_dump(compile(table[0][0], "<program>", "exec", 1024))]]
        """#

    /// The hash; nil when Python cannot parse the program.
    static func hash(_ program: String, executor: any Executor) async throws(ExecutorError) -> String? {
        let verdict = try await executor.run(Job(source: source, entry: entry, input: Table([[program]])))
        return verdict.table?.rows.first?.first.map(SHA256.hex)
    }
}
