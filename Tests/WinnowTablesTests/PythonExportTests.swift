import Foundation
import Testing
import WinnowCore
import WinnowTables
import WinnowText

/// Differential tests of `PythonExporter`: every pipeline runs in Swift and, exported, in `python3`,
/// and the two must produce the same table code point for code point, or both report the step as not
/// applicable.
@Suite(.enabled(if: PythonRunner.isAvailable, "python3 (3.9 or later) is not installed"))
struct PythonExportTests {
    // MARK: Per operator

    @Test func everyOperatorAgreesWithSwift() throws {
        let pipelines = Self.operatorPool.map { Pipeline([$0]) } + [Pipeline([])]
        let report = try Differential.run(pipelines, on: Self.tables)
        print("PythonExportTests: \(report.comparisons) single-step comparisons, \(report.applied) applicable")
        #expect(report.comparisons == pipelines.count * Self.tables.count)
        #expect(report.mismatches.isEmpty, "\(report.mismatches.count) disagreements:\n\(report.mismatches.prefix(8).joined(separator: "\n"))")
        // The tables must exercise every operator kind, not only its "not applicable" path.
        #expect(report.appliedNames == Self.operatorNames)
    }

    @Test func operatorPoolCoversEveryCase() {
        #expect(Set(Self.operatorPool.map(\.name)) == Self.operatorNames)
        #expect(Self.operatorPool.allSatisfy(Self.isKnown))
        for mode in SplitMode.allCases {
            #expect(Self.operatorPool.contains { if case .split(_, _, mode) = $0 { true } else { false } })
        }
        for cellClass: CellClass in [.digits, .letters, .alphanumeric, .date, .containing(",")] {
            #expect(Self.operatorPool.contains { if case .divide(_, cellClass) = $0 { true } else { false } })
        }
        for tokenClass in TokenClass.allCases {
            #expect(Self.operatorPool.contains { op in
                guard case .extract(_, let pattern) = op else { return false }
                return pattern.tokens.contains(.run(tokenClass))
            })
        }
        #expect(Self.operatorPool.contains { if case .extract(_, let p) = $0 { !p.prefix.isEmpty && !p.suffix.isEmpty } else { false } })
    }

    // MARK: Multi-step pipelines

    @Test func multiStepPipelinesAgreeWithSwift() throws {
        let pipelines = Self.handWrittenPipelines + Self.randomPipelines(count: 200, seed: 0x5EED)
        let report = try Differential.run(pipelines, on: Self.tables)
        print("PythonExportTests: \(report.comparisons) multi-step comparisons, \(report.applied) applicable")
        #expect(report.mismatches.isEmpty, "\(report.mismatches.count) disagreements:\n\(report.mismatches.prefix(8).joined(separator: "\n"))")
        #expect(report.applied >= 200)
    }

    /// Harvest renders search pipelines as `transformFunction` for the model to learn from; cell
    /// steps must run there exactly as in the script.
    @Test func cellStepsInTheModelsProgramFormatAgreeWithSwift() throws {
        let pipelines = Self.cellSteps.map { Pipeline([$0]) } + Self.handWrittenPipelines.suffix(3)
        let report = try Differential.run(pipelines, on: Self.tables, render: PythonExporter.transformFunction(for:))
        #expect(report.mismatches.isEmpty, "\(report.mismatches.count) disagreements:\n\(report.mismatches.prefix(8).joined(separator: "\n"))")
        #expect(report.applied > 0)
    }

    /// Harvest renders row programs the same way: sort keys, dedupes and row tests must agree there too.
    @Test func rowStepsInTheModelsProgramFormatAgreeWithSwift() throws {
        let pipelines = Self.rowSteps.map { Pipeline([$0]) }
        let report = try Differential.run(pipelines, on: Self.tables, render: PythonExporter.transformFunction(for:))
        #expect(report.mismatches.isEmpty, "\(report.mismatches.count) disagreements:\n\(report.mismatches.prefix(8).joined(separator: "\n"))")
        #expect(report.applied > 100)
    }

    /// Cell programs `CellProgramSampler` draws from each table's rows, derived and replaced, then
    /// run on every table: the sampler builds on the rows' own tokens, so these reach parts and
    /// positions hand-written programs miss.
    @Test func sampledCellProgramsAgreeWithSwift() throws {
        var generator = SplitMix64(state: 0xCE11)
        let sampler = CellProgramSampler()
        var pipelines: [Pipeline] = []
        for table in Self.tables where !table.rows.isEmpty {
            for _ in 0..<8 {
                guard let program = sampler.sample(rows: table.rows, using: &generator) else { continue }
                pipelines.append(Pipeline([.derive(program: program, at: table.columnCount)]))
                if let c = program.columns.min() { pipelines.append(Pipeline([.replace(column: c, program: program), .deleteEmptyRows])) }
            }
        }
        #expect(pipelines.count >= 40)
        let report = try Differential.run(pipelines, on: Self.tables)
        #expect(report.mismatches.isEmpty, "\(report.mismatches.count) disagreements:\n\(report.mismatches.prefix(8).joined(separator: "\n"))")
        #expect(report.applied >= 40)
    }

    // MARK: The script's command line

    /// Every operator kind through `main()`: JSON in, JSON out, or exit 1 naming the step.
    @Test(arguments: PythonExportTests.representatives)
    func commandLineMatchesSwift(_ step: TableOperator) throws {
        let pipeline = Pipeline([.copy(column: 0), step])
        let script = PythonExporter.script(for: pipeline, comment: "Test of \(step.name).")
        var ran = 0
        if let table = Self.tables.first(where: { pipeline.apply($0) != nil }) {
            let run = try PythonRunner.run(script: script, input: try JSONEncoder().encode(table.rows))
            #expect(run.status == 0, "\(run.stderr)")
            let output = try JSONDecoder().decode([[String]].self, from: run.stdout)
            #expect(identical(output, pipeline.apply(table)!.rows))
            #expect(run.text.hasSuffix("]\n"))
            ran += 1
        }
        if let table = Self.tables.first(where: { !$0.rows.isEmpty && pipeline.steps[0].apply($0) != nil && pipeline.apply($0) == nil }) {
            let run = try PythonRunner.run(script: script, input: try JSONEncoder().encode(table.rows))
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("step 2 of 2, \(step.description), does not apply"), "\(run.stderr)")
            ran += 1
        }
        #expect(ran >= 1)
    }

    @Test func outputIsUTF8WithoutEscapes() throws {
        let script = PythonExporter.script(for: Pipeline([.merge(column: 0, separator: "–")]))
        let run = try PythonRunner.run(script: script, input: Data(#"[["café","😀"],["日本","x"]]"#.utf8))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == "[[\"café–😀\"], [\"日本–x\"]]\n")
    }

    @Test func stepThatDoesNotApplyStopsWithoutOutput() throws {
        let pipeline = Pipeline([.fold(from: 1), .drop(column: 7), .transpose])
        let run = try PythonRunner.run(script: PythonExporter.script(for: pipeline), input: Data(#"[["a","b","c"]]"#.utf8))
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("step 2 of 3, drop(column: 7), does not apply to this table"), "\(run.stderr)")
        // A table without rows: no operator applies to it, the identity pipeline passes it through.
        let empty = try PythonRunner.run(script: PythonExporter.script(for: Pipeline([.transpose])), input: Data("[]".utf8))
        #expect(empty.status == 1)
        let identity = try PythonRunner.run(script: PythonExporter.script(for: Pipeline([])), input: Data("[]".utf8))
        #expect(identity.status == 0)
        #expect(identity.text == "[]\n")
    }

    @Test(arguments: [
        "", "not json", "{}", "\"text\"", "[1]", "[\"a\", \"b\"]", "[[1]]", "[[\"a\", null]]", "[[[\"a\"]]]",
        "[[\"\\ud800\"]]", "[[\"a\"]] trailing",
    ])
    func invalidJSONExitsWith65(_ input: String) throws {
        let run = try PythonRunner.run(script: PythonExporter.script(for: Pipeline([.transpose])), input: Data(input.utf8))
        #expect(run.status == 65, "\(input): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("not a table"))
    }

    @Test func invalidUTF8ExitsWith65() throws {
        let script = PythonExporter.script(for: Pipeline([.transpose]))
        let bytes = Data([0x5B, 0x5B, 0x22, 0xFF, 0x22, 0x5D, 0x5D])  // [["\xff"]]
        #expect(try PythonRunner.run(script: script, input: bytes).status == 65)
        #expect(try PythonRunner.run(script: script, arguments: ["--csv"], input: Data([0x61, 0x2C, 0xFF, 0x0A])).status == 65)
    }

    @Test func commandLineArguments() throws {
        let script = PythonExporter.script(for: Pipeline([.transpose]))
        let help = try PythonRunner.run(script: script, arguments: ["--help"])
        #expect(help.status == 0)
        #expect(help.text.contains("--csv"))
        let bad = try PythonRunner.run(script: script, arguments: ["--tsv"], input: Data("[[\"a\"]]".utf8))
        #expect(bad.status == 64)
        #expect(bad.stdout.isEmpty)
    }

    // MARK: CSV

    @Test func csvRoundTrip() throws {
        let input = "name,\"tags; \"\"quoted\"\"\",note\r\nAnn,a;b;c,\"line 1\nline 2\"\r\n,x;;y,é ü 😀\r\nBob\r\n\r\nCé,\"1,5\",\r\n"
        let table: Table = [
            ["name", "tags; \"quoted\"", "note"], ["Ann", "a;b;c", "line 1\nline 2"], ["", "x;;y", "é ü 😀"], ["Bob"], [],
            ["Cé", "1,5", ""],
        ]
        let pipeline = Pipeline([.split(column: 1, delimiter: ";", mode: .all), .fillDown(column: 0)])
        let expected = csv(pipeline.apply(table)!)
        let script = PythonExporter.script(for: pipeline)
        let run = try PythonRunner.run(script: script, arguments: ["--csv"], input: Data(input.utf8))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == expected)
        // LF line endings and a byte-order mark read the same.
        let lf = "\u{FEFF}" + input.replacingOccurrences(of: "\r\n", with: "\n")
        let again = try PythonRunner.run(script: script, arguments: ["--csv"], input: Data(lf.utf8))
        #expect(again.text == expected)
        // The identity pipeline writes the table back as it read it.
        let identity = try PythonRunner.run(script: PythonExporter.script(for: Pipeline([])), arguments: ["--csv"], input: Data(input.utf8))
        #expect(identity.text == csv(table))
        #expect(identity.text == input)
    }

    @Test func rowLocalPipelinesStreamTheirCSVToExactlyWhatSwiftMakesOfTheTable() throws {
        // Every fifth single step (one process per run keeps this to a few seconds), the hand-written
        // pipelines and random ones, those that stream.
        let singles = Self.operatorPool.enumerated().filter { $0.offset % 5 == 0 }.map { Pipeline([$0.element]) }
        let streaming = (singles + Self.handWrittenPipelines + Self.randomPipelines(count: 40, seed: 0x57EA))
            .filter { !$0.steps.isEmpty && StreamingPipeline.streams($0) }
        #expect(streaming.count > 20)
        // Rectangular tables, as CSV exports are (a ragged one is refused when a record is wider than the first).
        let tables = [Self.tables[0], Self.tables[3]]
        var compared = 0, applied = 0
        for pipeline in streaming {
            let script = PythonExporter.script(for: pipeline)
            #expect(script.contains("STREAMS = True"))
            for table in tables {
                let run = try PythonRunner.run(script: script, arguments: ["--csv"], input: Data(csv(table).utf8))
                compared += 1
                if let expected = pipeline.apply(table) {
                    applied += 1
                    #expect(run.status == 0 && run.text == csv(expected), "\(pipeline.steps) on \(table.rows): \(run.stderr)")
                } else {
                    #expect(run.status == 1 && run.stdout.isEmpty, "\(pipeline.steps) on \(table.rows) should not apply")
                }
            }
        }
        #expect(applied >= compared / 3)
    }

    @Test func aStreamedScriptRefusesARecordWiderThanTheFirstAndWritesNothing() throws {
        let script = PythonExporter.script(for: Pipeline([.move(column: 0, to: 1)]))
        let ragged = try PythonRunner.run(script: script, arguments: ["--csv"], input: Data("a,b\r\nc,d,e\r\n".utf8))
        #expect(ragged.status == 65)
        #expect(ragged.stdout.isEmpty)
        #expect(ragged.stderr.contains("record 2"))
        let whole = try PythonRunner.run(script: script, arguments: ["--csv", "--whole"], input: Data("a,b\r\nc,d,e\r\n".utf8))
        #expect(whole.status == 0)
        #expect(whole.text == csv(Pipeline([.move(column: 0, to: 1)]).apply([["a", "b"], ["c", "d", "e"]])!))
        let tableScript = PythonExporter.script(for: Pipeline([.transpose]))
        #expect(tableScript.contains("STREAMS = False"))
    }

    @Test func csvStepThatDoesNotApply() throws {
        let script = PythonExporter.script(for: Pipeline([.deleteEmptyRows]))
        let run = try PythonRunner.run(script: script, arguments: ["--csv"], input: Data(",\r\n,,\r\n".utf8))
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
    }

    // MARK: The script itself

    @Test func scriptIsSelfContainedAndDeterministic() {
        let pipeline = Pipeline([.split(column: 0, delimiter: ":", mode: .runs), .fold(from: 1)])
        let script = PythonExporter.script(for: pipeline, comment: "Splits and folds.\nSecond line.")
        #expect(script == PythonExporter.script(for: pipeline, comment: "Splits and folds.\nSecond line."))
        #expect(script.hasPrefix("#!/usr/bin/env python3\n"))
        #expect(script.contains("# Splits and folds.\n# Second line.\n"))
        #expect(script.contains("#   1. split(column: 0, on: \":\", mode: runs)\n#   2. fold(from: 1)\n"))
        let imports = script.split(separator: "\n").filter { $0.hasPrefix("import ") || $0.hasPrefix("from ") }
        #expect(imports == ["import csv", "import itertools", "import json", "import re", "import sys"])
        #expect(script.contains("def transform(table: list[list[str]]) -> list[list[str]]:"))
        #expect(script.contains("def main("))
        #expect(script.contains("def split_column("))
        #expect(script.contains("def fold("))
        #expect(!script.contains("def unfold("))
        #expect(!script.contains("def is_date("))
        // Only the operators used are emitted, and `re` only when needed.
        let small = PythonExporter.script(for: Pipeline([.transpose]))
        #expect(!small.contains("import re"))
        #expect(!small.contains("def split_column("))
        #expect(small.contains("def transpose("))
    }

    @Test func awkwardTextStaysValidPython() throws {
        let nasty = "\u{0}\"'\\\n\r\t\u{7F}\u{85}\u{2028}\u{FEFF}\u{301}é😀"
        let pipeline = Pipeline([
            .merge(column: 0, separator: nasty),
            .split(column: 0, delimiter: nasty, mode: .first),
            .extract(column: 0, pattern: ExtractPattern(prefix: nasty, tokens: [.literal("\""), .run(.digits)], suffix: "\\'")),
            .divide(column: 0, by: .containing(nasty)),
        ])
        let script = PythonExporter.script(for: pipeline, comment: "A comment with \(nasty) inside.\r\nAnd a second line.")
        let table: Table = [["a", "b"], ["x\(nasty)\"12\\'", "y"], [nasty, nasty]]
        let run = try PythonRunner.run(script: script, input: try JSONEncoder().encode(table.rows))
        #expect(run.status == 0, "\(run.stderr)")
        let output = try JSONDecoder().decode([[String]].self, from: run.stdout)
        #expect(identical(output, pipeline.apply(table)!.rows))
    }

    // MARK: Foofah tasks

    @Test func foofahProgramsAgreeWithSwift() throws {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("foofah")
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures.path)
            .filter { $0.hasPrefix("exp0_") && $0.hasSuffix(".txt") }.sorted()
        #expect(files.count >= 8)
        let inventory = try ShippedFiles.inventory()
        let solver = TableSolver(inventory: inventory)
        var solved = 0
        var comparisons = 0
        for file in files {
            let tasks = try TaskFile.load(fixtures.appendingPathComponent(file).path, as: Table.self)
            for task in tasks {
                let result = solver.solve(task)
                guard result.status == .solved, let program = result.program else { continue }
                solved += 1
                #expect(result.outputs.count == task.queries.count)
                let script = PythonExporter.script(for: program, comment: "Solves \(task.id).")
                for (query, output) in zip(task.queries, result.outputs) {
                    let run = try PythonRunner.run(script: script, input: try JSONEncoder().encode(query.rows))
                    #expect(run.status == 0, "\(task.id): \(run.stderr)")
                    let python = try JSONDecoder().decode([[String]].self, from: run.stdout)
                    #expect(identical(python, output.rows), "\(task.id): \(program) gives \(python) in Python, \(output.rows) in Swift")
                    comparisons += 1
                }
            }
        }
        print("PythonExportTests: \(solved) of \(files.count) Foofah fixtures solved, \(comparisons) comparisons")
        #expect(solved >= 5)
    }
}

// MARK: - Operators and tables

extension PythonExportTests {
    static let operatorNames: Set<String> = [
        "drop", "move", "copy", "merge", "split", "divide", "extract", "fold", "fold-header", "unfold",
        "unfold-header", "fill-down", "delete-rows-with-empty-cell", "delete-empty-columns", "delete-empty-rows",
        "wrap-every", "wrap-on", "wrap-into-one-row", "transpose", "derive", "replace", "sort", "dedupe", "filter",
    ]

    /// Does not compile when `TableOperator` gains a case: extend `operatorPool` and `operatorNames` then.
    static func isKnown(_ op: TableOperator) -> Bool {
        switch op {
        case .drop, .move, .copy, .merge, .split, .divide, .extract, .fold, .foldHeader, .unfold, .unfoldHeader,
            .fillDown, .deleteRowsWithEmptyCell, .deleteEmptyColumns, .deleteEmptyRows, .wrapEvery, .wrapOn,
            .wrapIntoOneRow, .transpose, .derive, .replace, .sort, .dedupe, .filter:
            true
        }
    }

    /// Cell programs of every part kind the language evaluates without a number or date reader:
    /// constants, token and index positions, case changes, whitespace clean-up, substitutions,
    /// conditionals, and programs that are not applicable to some rows.
    static let cellPrograms: [CellProgram] = [
        CellProgram(otherwise: [.constant("Dr. "), .substring(column: 0, from: .fromStart(0), to: .matchStart(.whitespace, 1), case: .keep)]),
        CellProgram(otherwise: [.whole(column: 1, spacing: .collapse, case: .upper), .constant("-"), .whole(column: 0, spacing: .trim, case: .title)]),
        CellProgram(otherwise: [.substring(column: 2, from: .matchEnd(.literal(","), 1), to: .fromEnd(0), case: .lower)]),
        CellProgram(otherwise: [.substring(column: 0, from: .fromStart(1), to: .fromEnd(1), case: .capitalize)]),
        CellProgram(otherwise: [.substring(column: 1, from: .matchStart(.digits, -1), to: .matchEnd(.digits, -1), case: .keep)]),
        CellProgram(otherwise: [.substitute(column: 0, characters: ",", with: "; ")]),
        CellProgram(otherwise: [.substring(column: 0, from: .fromStart(0), to: .columnValue(column: 1, fromEnd: false), case: .keep)]),
        CellProgram(
            branches: [CellBranch(condition: .isEmpty(column: 1), parts: [.constant("none")])],
            otherwise: [.whole(column: 1, spacing: .keep, case: .keep), .constant("!")]),
        CellProgram(
            branches: [CellBranch(condition: .contains(column: 0, text: "é"), parts: [.truth(.startsWith(column: 0, text: "c"), .yesNo)])],
            otherwise: [.truth(.matches(column: 0, token: .letters), .upper)]),
        CellProgram(otherwise: []),
    ]

    /// `derive` and `replace` with every program above, at every kind of index.
    static let cellSteps: [TableOperator] = cellPrograms.flatMap { program in
        [-1, 0, 1, 3].map { TableOperator.derive(program: program, at: $0) }
            + [-1, 0, 1, 2].map { TableOperator.replace(column: $0, program: program) }
    }

    static let cellClasses: [CellClass] = [
        .digits, .letters, .alphanumeric, .date, .containing(","), .containing(""), .containing("é"),
        .containing("::"), .containing("\u{301}"), .containing("\n"),
    ]

    static let patterns: [ExtractPattern] =
        TokenClass.allCases.map { ExtractPattern(tokens: [.run($0)]) } + [
            ExtractPattern(tokens: [.run(.upper), .run(.lower)]),
            ExtractPattern(prefix: "$", tokens: [.run(.digits), .literal("."), .run(.digits)]),
            ExtractPattern(prefix: "Tel: ", tokens: [.run(.digits), .literal("-"), .run(.digits)], suffix: " (home)"),
            ExtractPattern(tokens: [.literal("#"), .run(.upper), .run(.digits)]),
            ExtractPattern(tokens: []),
            ExtractPattern(prefix: "é", tokens: [.run(.digits)], suffix: "é"),
            ExtractPattern(prefix: "(", tokens: [.run(.letters)], suffix: ")"),
            ExtractPattern(prefix: "[", tokens: [.run(.lower)], suffix: "]*"),
            ExtractPattern(tokens: [.run(.letters)], suffix: "\""),
            ExtractPattern(prefix: "'", tokens: [.run(.alphanumeric)]),
            ExtractPattern(prefix: "\\", tokens: [.run(.lower)]),
            ExtractPattern(tokens: [.run(.lower), .literal("\n"), .run(.lower)]),
            ExtractPattern(tokens: [.run(.alphanumericSpace), .run(.digits)]),
            ExtractPattern(tokens: [.run(.digits), .run(.digits)]),
            ExtractPattern(tokens: [.run(.letters), .literal(" "), .run(.digits)]),
            ExtractPattern(tokens: [.literal("é"), .run(.digits)]),
            ExtractPattern(prefix: "x", tokens: [.run(.word)], suffix: "_"),
        ]

    static let delimiters = [
        ",", ":", "::", " ", "-", "/", "\\", "\"", "'", "\n", "\t", "é", "😀", "ab", "", "\u{301}", "\r", ".", "*",
    ]

    /// Every operator with every kind of parameter, valid or not.
    static let operatorPool: [TableOperator] = {
        let columns = [-1, 0, 1, 2, 3, 6]
        var pool: [TableOperator] = []
        pool += columns.map { .drop(column: $0) }
        for c in [-1, 0, 1, 2, 3] { for to in [-1, 0, 1, 2, 3, 4] { pool.append(.move(column: c, to: to)) } }
        pool += columns.map { .copy(column: $0) }
        for c in columns {
            for s in ["", " ", ", ", "é", "\\", "\"", "'", "\n", "\u{0}"] { pool.append(.merge(column: c, separator: s)) }
        }
        for c in [-1, 0, 1, 2, 4] {
            for d in delimiters { for mode in SplitMode.allCases { pool.append(.split(column: c, delimiter: d, mode: mode)) } }
        }
        for c in columns { for k in cellClasses { pool.append(.divide(column: c, by: k)) } }
        for c in [-1, 0, 1, 2, 3] { for p in patterns { pool.append(.extract(column: c, pattern: p)) } }
        pool += (-1...6).map { .fold(from: $0) }
        pool += (-1...6).map { .foldHeader(from: $0) }
        pool.append(.unfold)
        pool += (-1...5).map { .unfoldHeader(key: $0) }
        pool += columns.map { .fillDown(column: $0) }
        pool += columns.map { .deleteRowsWithEmptyCell(column: $0) }
        pool += [.deleteEmptyColumns, .deleteEmptyRows]
        pool += [-1, 0, 1, 2, 3, 4, 5, 6, Int.max].map { .wrapEvery(k: $0) }
        pool += columns.map { .wrapOn(column: $0) }
        pool += [.wrapIntoOneRow, .transpose, .drop(column: Int.min), .fold(from: Int.max)]
        pool += cellSteps
        pool += rowSteps
        return pool
    }()

    static let sortKinds: [SortKind] = [
        .text, .textIgnoringCase, .number, .date(DateReading(order: .mdy)), .date(DateReading(order: .dmy)),
        .date(DateReading(order: .ymd)), .date(DateReading(order: .names, pivot: 30)),
    ]

    /// One test of every kind, with awkward constants, and tests of columns that do not exist.
    static let rowPredicates: [RowPredicate] = [
        .isEmpty(column: 0), .isEmpty(column: 2), .contains(column: 0, text: "a"), .contains(column: 1, text: ""),
        .contains(column: 0, text: "\u{301}"), .startsWith(column: 0, text: "b"), .startsWith(column: 1, text: "e\u{301}"),
        .endsWith(column: 1, text: "2"), .endsWith(column: 0, text: "é"), .equalsOneOf(column: 0, values: ["Ann", "bob", ""]),
        .equalsOneOf(column: 1, values: []), .equalsOneOf(column: 0, values: ["caf\u{E9}"]),
        .matches(column: 1, cellClass: .digits), .matches(column: 0, cellClass: .letters),
        .matches(column: 2, cellClass: .date), .matches(column: 0, cellClass: .containing(",")),
        .number(column: 1, .greater, 100), .number(column: 1, .lessOrEqual, -0.5), .number(column: 1, .equal, 1200),
        .number(column: 1, .notEqual, 0), .number(column: 1, .greaterOrEqual, 0.125), .number(column: 1, .less, 1e300),
        .date(column: 2, DateReading(order: .mdy), .greaterOrEqual, CalendarDate(year: 2020, month: 1, day: 1)!),
        .date(column: 2, DateReading(order: .dmy), .less, CalendarDate(year: 2020, month: 3, day: 14)!),
        .date(column: 2, DateReading(order: .names), .greater, CalendarDate(year: 1999, month: 12, day: 31)!),
        .date(column: 1, DateReading(order: .ymd, pivot: 0), .equal, CalendarDate(year: 2016, month: 7, day: 4)!),
        .both(.number(column: 1, .greater, 10), .startsWith(column: 0, text: "A")),
        .both(.isEmpty(column: 2), .both(.contains(column: 0, text: "b"), .matches(column: 1, cellClass: .digits))),
        .isEmpty(column: 5), .contains(column: -1, text: "a"), .both(.isEmpty(column: 0), .isEmpty(column: 9)),
    ]

    /// `sort`, `dedupe` and `filter` with every kind of key and test, valid or not.
    static let rowSteps: [TableOperator] = {
        var steps: [TableOperator] = []
        for c in [-1, 0, 1, 2, 4] {
            for kind in sortKinds {
                for descending in [false, true] {
                    steps.append(.sort(keys: [SortKey(column: c, kind: kind, descending: descending)], header: c == 1))
                }
            }
        }
        steps += [
            .sort(keys: [SortKey(column: 0, kind: .textIgnoringCase), SortKey(column: 1, kind: .number, descending: true)], header: false),
            .sort(keys: [SortKey(column: 2, kind: .date(DateReading(order: .mdy)), descending: true), SortKey(column: 0, kind: .text)], header: true),
            .sort(keys: [], header: false),
        ]
        for columns in [[], [0], [1, 2], [2, 0], [0, 5], [-1]] {
            for keep in KeptOccurrence.allCases { steps.append(.dedupe(columns: columns, keep: keep)) }
        }
        for predicate in rowPredicates {
            for keep in [true, false] { steps.append(.filter(predicate: predicate, keep: keep)) }
        }
        return steps
    }()

    /// One operator per kind (and per cell class) for the command-line tests.
    static let representatives: [TableOperator] = [
        .drop(column: 1), .move(column: 0, to: 2), .copy(column: 1), .merge(column: 0, separator: ", "),
        .split(column: 1, delimiter: ",", mode: .first), .split(column: 1, delimiter: ":", mode: .all),
        .split(column: 1, delimiter: ":", mode: .runs),
        .divide(column: 1, by: .digits), .divide(column: 1, by: .letters), .divide(column: 1, by: .alphanumeric),
        .divide(column: 1, by: .date), .divide(column: 1, by: .containing(",")),
        .extract(column: 1, pattern: ExtractPattern(prefix: "$", tokens: [.run(.digits), .literal("."), .run(.digits)], suffix: "")),
        .fold(from: 2), .foldHeader(from: 1), .unfold, .unfoldHeader(key: 1), .fillDown(column: 1),
        .deleteRowsWithEmptyCell(column: 2), .deleteEmptyColumns, .deleteEmptyRows, .wrapEvery(k: 2), .wrapOn(column: 0),
        .wrapIntoOneRow, .transpose, .derive(program: cellPrograms[1], at: 1), .replace(column: 0, program: cellPrograms[0]),
        .sort(keys: [SortKey(column: 2, kind: .number, descending: true)], header: true), .dedupe(columns: [1], keep: .last),
        .filter(predicate: .both(.number(column: 2, .greater, 10), .isEmpty(column: 3)), keep: true),
    ]

    /// Tables with ragged rows, empty cells, non-ASCII text and delimiters at the ends of cells.
    /// Two spellings of the same text (`é` precomposed and decomposed) are covered separately by
    /// `canonicallyEquivalentKeysStayApartAsInPython`.
    static let tables: [Table] = [
        [["a,b", "1", "x y"], ["c,,d", "22", ""], [",e,", "3", "z"]],
        [["k1", "v:1", "7/4/2016"], ["k2"], ["k1", "v:2::3", "", "extra"], []],
        [["", ""], ["", "x"], ["", ""]],
        [["café", "日本,東京", "Ünïcødé 42"], ["naïve", "😀-😀", "ß"], ["café", "x", "٣"]],
        [
            ["7/4/2016", "02/29/2000", "2/29/1900"], ["13/1/2020", "12/31/0000", "1/1/0001"],
            ["1/32/2020", "01/01/20201", "a/b/cdef"], ["4/31/2021", "11/30/2021", "1//2021"],
            ["007/4/2016", "2/29/2004", "٣/1/2020"], ["12/31/9999", " 1/1/2000", "1/1/2000 "],
        ],
        [["a", "b", "c", "d"]],
        [["x"], [""], ["y"]],
        [[""]],
        [[]],
        [],
        [["A", "h1", "1"], ["A", "h2", "2"], ["B", "h1", "3"], ["", "h2", "4"], ["B", "h1", "5"]],
        [["name", "Ann"], ["age", "30"], ["name", "Bob"], ["city", "Rome"]],
        [[":a:", "::"], [":", "a::b"], ["a:b:c", ":::"], ["", "::x::"]],
        [["1", "2"], ["3"], ["5", "6"], ["7", "8"], [], ["11", "12"]],
        [
            ["Tel: 555-1234 (home)", "ID#A12b", "$3.50"], ["Price $12.99 USD", "x_y z9_", "é12é"],
            ["abcDEF123", "__init__", "(ab)[c]*d"], ["ab\ncd", "Mar 2016", "'q1 \"w\\e"],
        ],
        [["a\nb", "c\td", "q\"u'o"], ["back\\slash", "a,\u{301}b", "e\u{301}-x"], ["\r\n", "x\u{0}y", "\u{2028}a.b*"]],
        [["Region", "Q1", "Q2", "Q3"], ["North", "10", "", "30"], ["South", "", "", ""], ["", "1,5", "2", "3"]],
        [
            ["Name", "Amount", "Date"], ["bob", "$1,200", "3/14/2020"], ["Ann", "99.5", "2020-01-02"], ["ann", "(5)", "14/3/2020"],
            ["Bob", "", "3/14/2020"], ["bob", "$1,200", "3/14/2020"], ["Ann", "1e5", "Mar 2, 2019"], ["émile", "-0", "12/31/99"],
            ["e\u{301}mile", "0", "2/29/2021"], ["Zoë", "12.5%", "1/2/03"], ["caf\u{E9}", "1,200", "Dec 31, 1999"], ["Ann", "99.5"],
        ],
    ]

    static let handWrittenPipelines: [Pipeline] = [
        Pipeline([.split(column: 0, delimiter: ",", mode: .all), .fillDown(column: 1), .deleteEmptyColumns, .transpose]),
        Pipeline([.fold(from: 1), .split(column: 1, delimiter: ":", mode: .first), .unfoldHeader(key: 1)]),
        Pipeline([.foldHeader(from: 1), .deleteRowsWithEmptyCell(column: 2), .wrapOn(column: 0)]),
        Pipeline([.extract(column: 0, pattern: ExtractPattern(tokens: [.run(.digits)])), .drop(column: 0), .move(column: 0, to: 1), .merge(column: 0, separator: " ")]),
        Pipeline([.divide(column: 1, by: .digits), .fillDown(column: 2), .deleteEmptyRows]),
        Pipeline([.wrapEvery(k: 2), .deleteEmptyRows, .copy(column: 0), .unfold]),
        Pipeline([.transpose, .deleteEmptyColumns, .wrapIntoOneRow, .split(column: 0, delimiter: "/", mode: .runs)]),
        Pipeline([.fillDown(column: 0), .foldHeader(from: 1), .deleteRowsWithEmptyCell(column: 2), .unfoldHeader(key: 1), .transpose]),
        Pipeline([.split(column: 1, delimiter: ":", mode: .runs), .fold(from: 1), .deleteRowsWithEmptyCell(column: 1), .wrapOn(column: 0)]),
        Pipeline([.divide(column: 0, by: .date), .divide(column: 2, by: .containing("/")), .deleteEmptyColumns]),
        Pipeline([.copy(column: 0), .extract(column: 1, pattern: ExtractPattern(prefix: "$", tokens: [.run(.digits)])), .unfold, .transpose, .deleteEmptyRows]),
        Pipeline([.merge(column: 0, separator: "|"), .split(column: 0, delimiter: "|", mode: .first), .fold(from: 1)]),
        Pipeline([.fold(from: 1), .derive(program: cellPrograms[1], at: 2), .replace(column: 0, program: cellPrograms[3])]),
        Pipeline([.replace(column: 1, program: cellPrograms[7]), .split(column: 1, delimiter: "!", mode: .first), .deleteEmptyColumns]),
        Pipeline([.derive(program: cellPrograms[0], at: 0), .unfold, .replace(column: 0, program: cellPrograms[5])]),
        Pipeline([.split(column: 1, delimiter: ",", mode: .first), .filter(predicate: .matches(column: 1, cellClass: .digits), keep: true), .sort(keys: [SortKey(column: 0, kind: .textIgnoringCase, descending: true)], header: false)]),
        Pipeline([.sort(keys: [SortKey(column: 1, kind: .number)], header: true), .dedupe(columns: [0], keep: .first), .fillDown(column: 2)]),
    ]

    /// Random pipelines of 3 to 5 steps that apply to at least one table.
    static func randomPipelines(count: Int, seed: UInt64) -> [Pipeline] {
        var generator = SplitMix64(state: seed)
        let pool = operatorPool.filter { op in (op.column ?? 0) >= 0 && (op.column ?? 0) <= 3 }
        var pipelines: [Pipeline] = []
        var attempts = 0
        while pipelines.count < count, attempts < 200 * count {
            attempts += 1
            let length = Int.random(in: 3...5, using: &generator)
            let pipeline = Pipeline((0..<length).map { _ in pool.randomElement(using: &generator)! })
            if tables.contains(where: { pipeline.apply($0) != nil }) { pipelines.append(pipeline) }
        }
        return pipelines
    }
}

// MARK: - Known limitation

extension PythonExportTests {
    /// Swift compares strings by canonical equivalence, so `unfold` puts `é` and `e\u{301}` in one group;
    /// Python compares code points and cannot do the same with the standard library modules the
    /// script may use. Recorded as a known issue so a change on either side is noticed.
    @Test func canonicallyEquivalentKeysStayApartAsInPython() throws {
        let table: Table = [["caf\u{E9}", "1"], ["cafe\u{301}", "2"], ["caf\u{E9}", "3"]]
        let report = try Differential.run(
            [Pipeline([.unfold]), Pipeline([.wrapOn(column: 0)]), Pipeline([.unfoldHeader(key: 0)])], on: [table])
        #expect(report.mismatches.isEmpty)
    }
}

// MARK: - Row programs at scale

extension PythonExportTests {
    /// A deterministic 100,000-row table of names (case variants, accents in both normal forms),
    /// amounts in every form the number reader takes or refuses, dates in every order and some
    /// impossible ones, and a status column, with many repeated rows and keys.
    static func largeTable(rows count: Int) -> Table {
        var generator = SplitMix64(state: 0x0001_86A0)
        let names = ["ann", "Ann", "ANN", "bob", "Bob", "cid", "Zoë", "\u{E9}mile", "e\u{301}mile", "", "d'Arc", "O'Neil"]
        let statuses = ["shipped", "cancelled", "Cancelled", "pending", "", "returned"]
        var rows: [[String]] = [["Name", "Amount", "Date", "Status"]]
        rows.reserveCapacity(count + 1)
        func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
        while rows.count <= count {
            let n = Int(generator.next() % 300_000) - 50_000
            let amount: String = switch generator.next() % 9 {
            case 0: "\(n)"
            case 1: "$\(abs(n) / 1000),\(String(abs(n) % 1000 + 1000).dropFirst()).\(abs(n) % 100)"
            case 2: "(\(abs(n) % 500))"
            case 3: "\(n % 100).\(abs(n) % 10)%"
            case 4: pick(["", "n/a", "1,5", "-0", "0", "1e3", " 42 "])
            default: "\(Double(n) / 8)"
            }
            let year = 1990 + Int(generator.next() % 40), month = 1 + Int(generator.next() % 12), day = 1 + Int(generator.next() % 31)
            let date: String = switch generator.next() % 6 {
            case 0: "\(month)/\(day)/\(year)"
            case 1: "\(day)/\(month)/\(year % 100)"
            case 2: "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            case 3: "\(pick(["Jan", "March", "sept", "Dec"])) \(day), \(year)"
            case 4: pick(["", "soon", "2/30/2020", "13/13/2013"])
            default: "\(month)/\(day)/\(year)"
            }
            let row = [pick(names), amount, date, pick(statuses)]
            rows.append(row)
            // Exact repeats, some of them later on, for dedupe.
            if generator.next() % 7 == 0 { rows.append(row) }
        }
        return Table(Array(rows.prefix(count)))
    }

    static let largeTablePrograms: [TableOperator] = [
        .sort(keys: [SortKey(column: 1, kind: .number, descending: true)], header: true),
        .sort(keys: [SortKey(column: 2, kind: .date(DateReading(order: .mdy)))], header: true),
        .sort(keys: [SortKey(column: 2, kind: .date(DateReading(order: .dmy)), descending: true)], header: false),
        .sort(keys: [SortKey(column: 2, kind: .date(DateReading(order: .names)))], header: true),
        .sort(keys: [SortKey(column: 0, kind: .textIgnoringCase), SortKey(column: 1, kind: .number)], header: true),
        .sort(keys: [SortKey(column: 3, kind: .text, descending: true), SortKey(column: 0, kind: .text)], header: false),
        .dedupe(columns: [], keep: .first),
        .dedupe(columns: [0, 3], keep: .last),
        .dedupe(columns: [0], keep: .first),
        .filter(predicate: .number(column: 1, .greater, 100), keep: true),
        .filter(predicate: .equalsOneOf(column: 3, values: ["cancelled", "Cancelled"]), keep: false),
        .filter(predicate: .date(column: 2, DateReading(order: .ymd), .greaterOrEqual, CalendarDate(year: 2010, month: 1, day: 1)!), keep: true),
        .filter(predicate: .both(.startsWith(column: 0, text: "A"), .number(column: 1, .lessOrEqual, -12.5)), keep: false),
        .filter(predicate: .both(.matches(column: 1, cellClass: .digits), .endsWith(column: 2, text: "2020")), keep: true),
        .filter(predicate: .contains(column: 0, text: "\u{301}"), keep: false),
    ]

    /// The exported scripts give exactly Winnow's table on 100,000 rows, for every kind of row program.
    @Test func rowProgramsAgreeWithSwiftOnAHundredThousandRows() throws {
        let table = Self.largeTable(rows: 100_000)
        #expect(table.rowCount == 100_000)
        let pipelines = Self.largeTablePrograms.map { Pipeline([$0]) }
        let report = try Differential.run(pipelines, on: [table])
        #expect(report.comparisons == pipelines.count)
        #expect(report.applied == pipelines.count)
        #expect(report.mismatches.isEmpty, "\(report.mismatches.count) disagreements: \(report.mismatches.map { String($0.prefix(300)) })")
        // Each program changed the table: the test compares real work, not copies.
        for pipeline in pipelines { #expect(pipeline.apply(table) != table, "\(pipeline)") }
    }
}

// MARK: - Running Python

/// Compares Swift and the exported scripts on many (pipeline, table) pairs in one `python3` process.
private enum Differential {
    struct Report {
        var comparisons = 0
        var applied = 0
        var appliedNames: Set<String> = []
        var mismatches: [String] = []
    }

    private struct Batch: Encodable {
        var tables: [[[String]]]
        var scripts: [String]
    }

    private struct Outcome: Decodable {
        var table: [[String]]?
        var notApplicable: String?
        var error: String?
    }

    /// Loads each script as a module, runs its `transform` on every table, and reports the outcomes;
    /// it also checks that `transform` leaves its argument unchanged.
    private static let driver = #"""
        import copy, json, sys
        batch = json.load(sys.stdin)
        results = []
        for number, source in enumerate(batch["scripts"]):
            module = {"__name__": "exported"}
            exec(compile(source, f"script{number}.py", "exec"), module)
            outcomes = []
            for table in batch["tables"]:
                original = copy.deepcopy(table)
                try:
                    outcome = {"table": module["transform"](table)}
                except module["NotApplicable"] as error:
                    outcome = {"notApplicable": str(error)}
                except Exception as error:
                    outcome = {"error": repr(error)}
                if table != original:
                    outcome = {"error": "transform changed its input"}
                outcomes.append(outcome)
            results.append(outcomes)
        sys.stdout.buffer.write(json.dumps(results, ensure_ascii=False).encode("utf-8"))
        """#

    /// `render` is how a pipeline becomes Python: the standalone script by default, or the
    /// `transform(table)` that harvest trains the model on.
    static func run(
        _ pipelines: [Pipeline], on tables: [Table], render: (Pipeline) -> String = { PythonExporter.script(for: $0) }
    ) throws -> Report {
        let batch = Batch(tables: tables.map(\.rows), scripts: pipelines.map(render))
        let run = try PythonRunner.run(script: driver, input: try JSONEncoder().encode(batch))
        guard run.status == 0 else { throw PythonFailure(message: "driver exited \(run.status): \(run.stderr)") }
        let outcomes = try JSONDecoder().decode([[Outcome]].self, from: run.stdout)
        var report = Report()
        for (pipeline, results) in zip(pipelines, outcomes) {
            for (table, outcome) in zip(tables, results) {
                report.comparisons += 1
                let expected = pipeline.apply(table)
                let agree: Bool
                switch (expected, outcome.table, outcome.notApplicable) {
                case (nil, nil, .some): agree = true
                case (let swift?, let python?, nil): agree = identical(swift.rows, python)
                default: agree = false
                }
                if agree, expected != nil {
                    report.applied += 1
                    if pipeline.steps.count == 1 { report.appliedNames.insert(pipeline.steps[0].name) }
                }
                if !agree {
                    let python = outcome.error.map { "raised \($0)" } ?? outcome.table.map { "\($0)" } ?? "not applicable"
                    let swift = expected.map { "\($0.rows)" } ?? "not applicable"
                    report.mismatches.append("\(pipeline.steps) on \(table.rows): Swift \(swift), Python \(python)")
                }
            }
        }
        if outcomes.count != pipelines.count { report.mismatches.append("driver returned \(outcomes.count) results") }
        return report
    }
}

private struct PythonFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs `python3 -I -W error` on a script, with files for its standard streams.
private enum PythonRunner {
    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static let isAvailable: Bool = {
        let check = "import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)"
        return (try? run(script: check).status) == 0
    }()

    static func run(script: String, arguments: [String] = [], input: Data = Data()) throws -> Run {
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("winnow-python-\(UUID().uuidString)", isDirectory: true)
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("transform.py")
        let inURL = directory.appendingPathComponent("stdin")
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data(script.utf8).write(to: scriptURL)
        try input.write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-I", "-W", "error", scriptURL.path] + arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

// MARK: - Helpers

/// Equal cell for cell and code point for code point (Swift's `==` would accept canonical equivalents).
private func identical(_ a: [[String]], _ b: [[String]]) -> Bool {
    a.count == b.count
        && zip(a, b).allSatisfy { x, y in
            x.count == y.count && zip(x, y).allSatisfy { $0.unicodeScalars.elementsEqual($1.unicodeScalars) }
        }
}

/// CSV as Python's csv module writes it: minimal quoting, CRLF after every row.
private func csv(_ table: Table) -> String {
    table.rows.map { row in
        if row == [""] { return "\"\"\r\n" }
        return row.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\r\n"
    }.joined()
}

/// A small seeded generator so random pipelines are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
