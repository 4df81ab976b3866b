import MCP

/// The JSON Schemas of the MCP tools' arguments and answers.
///
/// The argument schemas are closed (`additionalProperties: false`) because a misspelt key silently
/// ignored would answer a question the agent did not ask; `WinnowTools` refuses the same keys the
/// schema does, reading the allowed names from here, so the two cannot drift. The answer schemas stay
/// open: a client that validates `structuredContent` (the Python SDK does) must keep working when an
/// answer gains a key.
///
/// No schema has `oneOf`/`anyOf` at its top: some agent hosts refuse such tools outright, so where an
/// argument has two forms (`table` or `csv`) the description says so and the request reader enforces it.
enum ToolSchemas {
    /// A table as JSON: a list of rows, each a list of cells, each cell a string.
    static let table: Value = [
        "type": "array", "minItems": 1,
        "description": "A table: a list of rows, each row a list of cells, every cell a string.",
        "items": ["type": "array", "items": ["type": "string"]],
    ]

    /// A committed program: the lines `solve_table` answers in `program`.
    static let program: Value = [
        "type": "array", "items": ["type": "string"],
        "description": "The program's lines, exactly as solve_table answers them in \"program\".",
    ]

    private static let lines: Value = ["type": "array", "items": ["type": "string"]]

    // MARK: solve_table

    static let solveInput: Value = [
        "type": "object",
        "properties": [
            "examples": [
                "type": "array", "minItems": 1,
                "description": "Input tables and the output each should become; more examples pin down the transformation.",
                "items": [
                    "type": "object",
                    "properties": ["input": table, "output": table],
                    "required": ["input", "output"],
                    "additionalProperties": false,
                ],
            ],
            "queries": [
                "type": "array",
                "description": "Held-out input tables to transform with the learned program (its answer's \"outputs\", in order).",
                "items": [
                    "type": "object",
                    "properties": ["input": table],
                    "required": ["input"],
                    "additionalProperties": false,
                ],
            ],
            "id": ["type": "string", "description": "A name for the task, echoed as \"task\"."],
            "timeout": [
                "type": "number", "exclusiveMinimum": 0,
                "description": "Seconds of search at most (the server caps it with --max-timeout).",
            ],
            "script": ["type": "boolean", "description": "Also answer a standalone Python script that performs the program."],
        ],
        "required": ["examples"],
        "additionalProperties": false,
    ]

    static let solveOutput: Value = {
        let nullableTable: Value = ["type": ["array", "null"], "items": lines]
        let count: Value = ["type": "integer", "minimum": 0]
        let share: Value = ["type": "number", "minimum": 0, "maximum": 1]
        return [
            "type": "object",
            "properties": [
                "task": ["type": "string"],
                "status": [
                    "type": "string", "enum": ["solved", "unsolved", "timeout", "memory"],
                    "description": "How the search ended; \"solved\" means programs reproduce the examples, not that one was committed.",
                ],
                "exit_code": [
                    "type": "integer", "enum": [0, 2, 4, 5],
                    "description": "What `winnow solve` would exit with: 0 committed, 2 no program found, 4 abstained, 5 out of memory.",
                ],
                "program": [
                    "type": ["array", "null"], "items": ["type": "string"],
                    "description": "The committed program's lines (pass them to apply_program), or null when nothing was committed.",
                ],
                "steps": ["type": "array", "items": ["type": "string"], "description": "The committed program in words, one sentence per step."],
                "consistent_programs": count,
                "abstained": [
                    "type": "boolean",
                    "description": "True when programs that reproduce the examples disagree on the queries and none holds enough belief: add an example that decides.",
                ],
                "ambiguity": [
                    "type": "object",
                    "properties": [
                        "behaviours": count,
                        "groups": [
                            "type": "array",
                            "items": [
                                "type": "object",
                                "properties": ["program": lines, "programs": count, "share": share],
                                "required": ["program", "programs", "share"],
                            ],
                        ],
                        "disagreements": [
                            "type": "array",
                            "items": [
                                "type": "object",
                                "properties": [
                                    "input": count,
                                    "rows": ["type": ["array", "null"], "items": count],
                                ],
                                "required": ["input", "rows"],
                            ],
                        ],
                    ],
                    "required": ["behaviours", "groups", "disagreements"],
                ],
                "alternatives": [
                    "type": "array",
                    "description": "When the programs disagree: each behaviour's best program, share of belief and outputs on the queries.",
                    "items": [
                        "type": "object",
                        "properties": ["program": lines, "share": share, "outputs": ["type": "array", "items": nullableTable]],
                        "required": ["program", "share", "outputs"],
                    ],
                ],
                "outputs": [
                    "type": "array", "items": ["type": "array", "items": lines],
                    "description": "The committed program's output on each query, in order.",
                ],
                "expanded": count,
                "generated": count,
                "rejected": count,
                "ms": ["type": "number", "minimum": 0],
                "script": ["type": "string", "description": "The Python script, when \"script\" was true and a program was committed."],
            ],
            "required": [
                "task", "status", "exit_code", "program", "steps", "consistent_programs", "abstained", "ambiguity", "alternatives",
                "outputs", "expanded", "generated", "rejected", "ms",
            ],
        ]
    }()

    // MARK: apply_program

    static let applyInput: Value = [
        "type": "object",
        "properties": [
            "program": program,
            "table": ["type": "array", "items": lines, "description": "The table to transform, as JSON rows; give this or \"csv\"."],
            "csv": ["type": "string", "description": "The table to transform, as CSV text; give this or \"table\"."],
            "header": [
                "type": "boolean",
                "description": "The table's first row is a header: it is kept out of the program's way and put back first on the result.",
            ],
        ],
        "required": ["program"],
        "additionalProperties": false,
    ]

    static let applyOutput: Value = [
        "type": "object",
        "properties": [
            "rows": ["type": "array", "items": lines, "description": "The transformed table (its header first when \"header\" was true)."],
            "row_count": ["type": "integer", "minimum": 0],
        ],
        "required": ["rows", "row_count"],
    ]

    // MARK: explain_program

    static let explainInput: Value = [
        "type": "object",
        "properties": ["program": program],
        "required": ["program"],
        "additionalProperties": false,
    ]

    static let explainOutput: Value = [
        "type": "object",
        "properties": [
            "steps": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": ["operator": ["type": "string"], "explanation": ["type": "string"]],
                    "required": ["operator", "explanation"],
                ],
            ],
            "script": ["type": "string", "description": "A standalone Python script that performs the program."],
        ],
        "required": ["steps", "script"],
    ]

    /// The argument names an input schema allows.
    static func argumentNames(_ schema: Value) -> Set<String> {
        Set((schema.objectValue?["properties"]?.objectValue ?? [:]).keys)
    }
}
