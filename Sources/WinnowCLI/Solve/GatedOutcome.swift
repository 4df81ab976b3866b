import WinnowCore
import WinnowGate
import WinnowModel
import WinnowTables

/// One task solved through the gate: the evidence, what was committed, and what it produced.
struct GatedOutcome: Sendable {
    var taskID: String
    var mode: GateMode
    var modelName: String
    var evidence: Evidence
    var decision: Decision

    /// The committed program, when the decision is one.
    var program: CheckedProgram? {
        if case .program(let index, _) = decision { return evidence.programs[index] }
        return nil
    }

    /// The committed outputs on the held-out inputs: the program's, or the direct answer's.
    var outputs: [Table] {
        switch decision {
        case .program: return program?.outputs ?? []
        case .answer(let tables): return tables
        case .abstained: return []
        }
    }

    /// `solved` (a verified program), `answered` (the unverified direct answer) or `abstained`.
    var status: String {
        switch decision {
        case .program: return "solved"
        case .answer: return "answered"
        case .abstained: return "abstained"
        }
    }

    var reason: String? {
        if case .abstained(let why) = decision { return why }
        return nil
    }

    /// The committed program as a standalone Python script: an exported pipeline, or the model's
    /// source with a command-line wrapper.
    func script(comment: String) -> String? {
        switch program?.code {
        case .pipeline(let pipeline)?: return PythonExporter.script(for: pipeline, comment: comment)
        case .python(let source)?: return ModelProgramScript.script(for: source, comment: comment + " Written by the model \(modelName).")
        case nil: return nil
        }
    }

    /// Whether the direct answer agrees with a committed program's outputs; nil when either is missing.
    var directAgrees: Bool? {
        guard case .program = decision, let answers = evidence.direct?.tables, let outputs = program?.outputs else { return nil }
        return answers == outputs
    }
}

/// A model-written `transform` as a script a user can keep: the program verbatim, then the same
/// stdin/stdout interface exported pipelines have (JSON, or CSV with `--csv`).
///
/// The header says first who wrote it and where it ran: outside the jail nothing stops it, and
/// the jail's evidence (it reproduced the example, it tried no side effect) is all there is.
enum ModelProgramScript {
    static let header = [
        "# MODEL-WRITTEN CODE: a language model wrote this program; no person has reviewed it.",
        "# Winnow ran it only inside its jail (no files, network or processes), where it reproduced",
        "# the example and tried no side effect; it has never run outside the jail. Read it before you run it.",
    ]

    static func script(for source: String, comment: String) -> String {
        var lines = ["#!/usr/bin/env python3"] + header
        for line in comment.split(separator: "\n") { lines.append("# " + line) }
        lines += [
            "# Usage: python3 transform.py < table.json > result.json   (or --csv for CSV)",
            "",
        ]
        return lines.joined(separator: "\n") + "\n" + source.trimmingCharacters(in: .newlines) + "\n" + main
    }

    private static let main = #"""


        def _winnow_main(arguments):
            import csv
            import json
            import sys
            if arguments not in ([], ["--csv"]):
                print("usage: transform.py [--csv] < table > result", file=sys.stderr)
                return 64
            use_csv = arguments == ["--csv"]
            try:
                table = [list(row) for row in csv.reader(sys.stdin)] if use_csv else json.load(sys.stdin)
            except (ValueError, csv.Error) as error:
                print(f"error: the input is not a table: {error}", file=sys.stderr)
                return 65
            result = transform(table)
            if use_csv:
                csv.writer(sys.stdout, lineterminator="\r\n").writerows(result)
            else:
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            return 0


        if __name__ == "__main__":
            import sys
            sys.exit(_winnow_main(sys.argv[1:]))

        """#
}
