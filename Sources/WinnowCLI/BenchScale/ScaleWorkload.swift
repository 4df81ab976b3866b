import WinnowControl
import WinnowCore

/// A generated task of the size analysts paste, and what `bench-scale` expects of it.
///
/// The tasks are written by a seeded generator so that anyone can rerun the measurement: "Last,
/// First" names with a number (and, for the wide one, pass-through columns) split into first, last
/// and number; and a wide table whose output is one row, which no pipeline within the depth limit
/// reaches, so it measures only whether the wall-clock budget holds.
struct ScaleWorkload: Sendable {
    var name: String
    var task: SynthesisTask<Table>
    /// The held-out answer, when the task has one to check.
    var answer: Table?
    /// Extra `solve` options (the control runs with `--no-sampling`).
    var options: [String] = []

    static let firstNames = ["Ann", "Bob", "Carla", "Dmitri", "Eve", "Farid", "Gus", "Hana", "Ivan", "Jo", "Kim", "Lee"]
    static let lastNames = ["Smith", "Ng", "O'Hara", "Lopez", "Kowalski", "Chen", "Brown", "Dubois", "Ito", "Khan"]

    /// A "Last, First" split with `rows` example rows and `extra` pass-through columns.
    static func names(rows: Int, extra: Int, seed: UInt64, name: String) -> ScaleWorkload {
        var draws = SeededDraws(seed: seed)
        var input: [[String]] = [], output: [[String]] = []
        for i in 0..<rows {
            let first = draws.element(of: firstNames), last = draws.element(of: lastNames)
            let number = String(draws.int(in: 1...99))
            let passed = (0..<extra).map { "x\(i)_\($0)" }
            input.append(["\(last), \(first)", number] + passed)
            output.append([first, last, number] + passed)
        }
        let query = [["Zed, Amy", "5"] + (0..<extra).map { "q\($0)" }]
        let answer = [["Amy", "Zed", "5"] + (0..<extra).map { "q\($0)" }]
        let task = SynthesisTask(
            id: name, domain: "table", examples: [Example(input: Table(input), output: Table(output))], queries: [Table(query)])
        return ScaleWorkload(name: name, task: task, answer: Table(answer))
    }

    /// A `rows` × `columns` table whose output is the first row's first three cells.
    static func oneRow(rows: Int, columns: Int, name: String) -> ScaleWorkload {
        let input = (0..<rows).map { r in (0..<columns).map { "c\(r)_\($0)" } }
        let task = SynthesisTask(
            id: name, domain: "table", examples: [Example(input: Table(input), output: Table([Array(input[0].prefix(3))]))], queries: [])
        return ScaleWorkload(name: name, task: task, answer: nil)
    }

    /// The workloads of issue 19, each large one beside its control.
    static func all(seed: UInt64) -> [ScaleWorkload] {
        let small = names(rows: 5, extra: 0, seed: seed, name: "names, 5 rows")
        let medium = names(rows: 300, extra: 0, seed: seed, name: "names, 300 rows")
        let wide = names(rows: 2_000, extra: 13, seed: seed, name: "names, 2,000 rows x 15 columns")
        var mediumControl = medium, wideControl = wide
        mediumControl.name += " (control: --no-sampling)"
        mediumControl.options = ["--no-sampling"]
        wideControl.name += " (control: --no-sampling)"
        wideControl.options = ["--no-sampling"]
        return [small, medium, mediumControl, wide, wideControl, oneRow(rows: 2_000, columns: 50, name: "2,000 rows x 50 columns to one row")]
    }
}
