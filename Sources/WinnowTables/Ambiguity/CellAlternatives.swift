import WinnowCore
import WinnowText

/// Widens a pool of consistent pipelines with the other cell programs that fit their `derive` and
/// `replace` steps.
///
/// The search prices a cell step by its best program, so the pipelines it finds differ in layout;
/// where one example leaves a cell program open (split at the first space, or cut after the last
/// `= `?) they all carry the same choice. Each cell step of the best pipelines is learned again from
/// the rows it actually saw, down the version space (`CellSynthesizer.alternatives`), and each other
/// program that gives those rows the same cells makes another pipeline. It reaches the same first
/// example by construction; `accept` checks the rest, as for search solutions.
struct CellAlternatives {
    let synthesizer: CellSynthesizer
    /// Pipelines whose cell steps are relearned, best-ranked first.
    var pipelinesWidened = 4
    /// Programs asked for per cell step.
    var programsPerStep = 24
    /// Cell steps relearned in all: the direct construction of a wide table derives every column, and
    /// one synthesis per column would cost more than the search that found it.
    var maxStepsWidened = 8

    init(inventory: Inventory) {
        synthesizer = CellSynthesizer(inventory: inventory.text)
    }

    /// The new pipelines (not in `pipelines`) that `accept` takes, in the order found.
    ///
    /// - Parameter whole: the whole first example's input when `start` is a sample of its rows
    ///   (`ExampleSample`): cell programs are learned from the sample, and one that makes other cells
    ///   than the step's own program on some row of the whole example is dropped before `accept`
    ///   runs its pipeline on everything (most are, at their first few rows).
    ///   - deadline: the solve's wall-clock budget: widening stops there, with what it found so far.
    func widen(
        _ pipelines: [Pipeline], start: Table, whole: Table? = nil, until deadline: ContinuousClock.Instant? = nil,
        accept: (Pipeline) -> Bool
    ) -> [Pipeline] {
        var known = Set(pipelines)
        var found: [Pipeline] = []
        var widened = 0
        for pipeline in pipelines.prefix(pipelinesWidened) {
            if let deadline, ContinuousClock.now >= deadline { break }
            var state = start
            var wholeState = whole
            for (index, step) in pipeline.steps.enumerated() {
                if let program = step.cellProgram, widened < maxStepsWidened {
                    widened += 1
                    let rows = state.rows
                    let outputs = rows.compactMap { program.apply($0) }
                    if outputs.count == rows.count {
                        let wholeRows = wholeState?.rows ?? []
                        var wholeOutputs: [String?]?
                        for other in synthesizer.alternatives(rows: rows, outputs: outputs, limit: programsPerStep)
                        where other.program != program {
                            if let deadline, ContinuousClock.now >= deadline { break }
                            if !wholeRows.isEmpty {
                                let expected = wholeOutputs ?? wholeRows.map { program.apply($0) }
                                wholeOutputs = expected
                                guard wholeRows.indices.allSatisfy({ other.program.apply(wholeRows[$0]) == expected[$0] })
                                else { continue }
                            }
                            var steps = pipeline.steps
                            steps[index] = step.with(program: other.program)
                            let candidate = Pipeline(steps)
                            if known.insert(candidate).inserted, accept(candidate) { found.append(candidate) }
                        }
                    }
                }
                guard let next = step.apply(state) else { break }
                state = next
                wholeState = wholeState.flatMap(step.apply)
            }
        }
        return found
    }
}

extension TableOperator {
    /// The cell program a `derive` or `replace` step runs.
    var cellProgram: CellProgram? {
        switch self {
        case .derive(let program, _), .replace(_, let program): program
        default: nil
        }
    }

    /// The same step running another cell program (only `derive` and `replace` carry one).
    func with(program: CellProgram) -> TableOperator {
        switch self {
        case .derive(_, let at): .derive(program: program, at: at)
        case .replace(let column, _): .replace(column: column, program: program)
        default: self
        }
    }
}
