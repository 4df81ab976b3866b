/// The exported script's per-record form of a row-local pipeline (`StreamingPipeline.streams`), so
/// `--csv` streams a file through it as `solve --apply` does: one record in, one record out, in
/// constant memory and at the speed of the loop a person would write.
///
/// `record_width(width)` raises `NotApplicable` for the step that does not fit a table `width` columns
/// wide, exactly where `transform` would, and returns the output width; `transform_record(row, reached,
/// kept)` changes one record (padded to the first record's width) in place and returns it, or `None`
/// when a filter leaves it out. `reached` and `kept` count, per step, the records that got there and,
/// for filters, those kept: a filter's header is the first record to reach it, and a filter that keeps
/// nothing makes the pipeline not applicable, as the table step does.
enum PythonRecordExporter {
    static func source(for steps: [TableOperator]) -> String {
        // The identity writes rows back as they are, ragged ones too, where a streamed record is padded.
        guard !steps.isEmpty, StreamingPipeline.streams(Pipeline(steps)) else { return "STREAMS = False\n" }
        var patterns: [String] = []
        var widths = ["def record_width(width: int) -> int:", "    \"\"\"The output width of a table `width` columns wide; raises NotApplicable where transform would.\"\"\""]
        var record = [
            "def transform_record(row: list[str], reached: list[int], kept: list[int]):",
            "    \"\"\"One record through the pipeline, changed in place; None when a filter leaves it out.\"\"\"",
        ]
        for (index, step) in steps.enumerated() {
            let number = index + 1
            let fail = "raise NotApplicable(f\"step \(number) of {len(STEPS)}, {STEPS[\(index)]}, does not apply to this table\")"
            func guarded(_ condition: String, _ change: String) {
                widths += ["    if not (\(condition)):", "        \(fail)", "    width \(change)"]
            }
            switch step {
            case .drop(let c):
                guarded("0 <= \(c) < width and width > 1", "-= 1")
                record.append("    del row[\(c)]")
            case .move(let c, let to):
                guarded("0 <= \(c) < width and 0 <= \(to) < width and \(c) != \(to)", "+= 0")
                record.append("    row.insert(\(to), row.pop(\(c)))")
            case .copy(let c):
                guarded("0 <= \(c) < width", "+= 1")
                record.append("    row.insert(\(c + 1), row[\(c)])")
            case .merge(let c, let separator):
                guarded("0 <= \(c) < width - 1", "-= 1")
                record.append("    row[\(c):\(c + 2)] = [row[\(c)] + \(PythonExporter.literal(separator)) + row[\(c + 1)]]")
            case .split(let c, let delimiter, _):
                guarded("0 <= \(c) < width and \(PythonExporter.literal(delimiter)) != \"\"", "+= 1")
                record += [
                    "    head, _, tail = row[\(c)].partition(\(PythonExporter.literal(delimiter)))",
                    "    row[\(c):\(c + 1)] = [head, tail]",
                ]
            case .divide(let c, let cellClass):
                guarded("0 <= \(c) < width", "+= 1")
                record += [
                    "    cell = row[\(c)]",
                    "    row[\(c):\(c + 1)] = [cell, \"\"] if (\(PythonExporter.cellTest(cellClass)))(cell) else [\"\", cell]",
                ]
            case .extract(let c, let pattern):
                guarded("0 <= \(c) < width", "+= 1")
                patterns.append("PATTERN_\(number) = re.compile(\(PythonExporter.regexLiteral(pattern.regex)))")
                record += [
                    "    match = PATTERN_\(number).search(row[\(c)])",
                    "    row.insert(\(c + 1), match.group(1) if match else \"\")",
                ]
            case .derive(let program, let at):
                guarded("0 <= \(at) <= width", "+= 1")
                record += ["    value = \(program.python(row: "row"))", "    if value is None:", "        \(fail)", "    row.insert(\(at), value)"]
            case .replace(let c, let program):
                guarded("0 <= \(c) < width", "+= 0")
                record += ["    value = \(program.python(row: "row"))", "    if value is None:", "        \(fail)", "    row[\(c)] = value"]
            case .filter(let predicate, let keep, let header):
                let columns = predicate.columns.map(String.init).joined(separator: ", ")
                guarded("all(0 <= column < width for column in [\(columns)])", "+= 0")
                let isHeader = header ? "reached[\(index)] == 1" : "False"
                record += [
                    "    reached[\(index)] += 1",
                    "    if not \(isHeader) and (\(PythonExporter.rowTest(predicate))) != \(keep ? "True" : "False"):",
                    "        return None",
                    "    kept[\(index)] += 1",
                ]
            default:
                return "STREAMS = False\n"
            }
        }
        widths.append("    return width")
        record.append("    return row")
        let filters = steps.indices.filter { if case .filter = steps[$0] { true } else { false } }
        let header = [
            "# Every step is row-local, so `--csv` streams: one record at a time, in constant memory.",
            "STREAMS = True",
            "FILTER_STEPS = [\(filters.map(String.init).joined(separator: ", "))]",
        ] + patterns
        return (header + ["", ""] + widths + ["", ""] + record).joined(separator: "\n") + "\n"
    }
}
