import WinnowGate

/// The lab-notebook numbers of a benchmark run with a model, per gate mode, all on the same replies.
struct ModelBenchSummary: Encodable, Sendable {
    struct Mode: Encodable, Sendable {
        var gate: GateMode
        /// Cases with a usable held-out answer.
        var scored: Int
        var perfect: Int
        var wrong: Int
        var abstained: Int
        /// Programs committed (scored cases), and how many of them were perfect: their precision.
        var programsCommitted: Int
        var programsPerfect: Int
        /// Direct answers committed (scored cases), and how many were perfect.
        var answersCommitted: Int
        var answersPerfect: Int
        /// Perfect here but not under `direct`, and the reverse.
        var recoveries: Int
        var regressions: Int
        /// A committed program disagreed with a readable direct answer, and who was right.
        var disagreements: Int
        var programRight: Int
        var directRight: Int
        var neitherRight: Int
        /// Committed programs by origin (all cases, scored or not).
        var origins: [String: Int]
        /// Cases (scored or not) in which a model call this gate draws on failed.
        var modelErrors: Int

        var programPrecision: Double? { programsCommitted == 0 ? nil : Double(programsPerfect) / Double(programsCommitted) }
    }

    var cases: Int
    var scored: Int
    /// The direct answer judged on its own: perfect, wrong, unreadable (scored cases).
    var directPerfect: Int
    var directWrong: Int
    var directUnreadable: Int
    var modes: [Mode]
    var requests: Int
    var retries: Int
    var promptTokens: Int
    var completionTokens: Int
    var programsChecked: Int
    var programsReproduced: Int
    var repairs: Int
    var unreadableReplies: Int
    var casesWithModelErrors: Int
    var jailRuns: Int
    var totalSeconds: Double
    var modelSeconds: Double
    var resumed: Int

    init(cases: [ModelBenchCase], modes: [GateMode], totalSeconds: Double, resumed: Int) {
        self.cases = cases.count
        let scoredCases = cases.filter(\.scored)
        scored = scoredCases.count
        directPerfect = scoredCases.filter { $0.direct == .perfect }.count
        directWrong = scoredCases.filter { $0.direct == .wrong }.count
        directUnreadable = scoredCases.filter { $0.direct == .unreadable }.count
        self.modes = modes.map { gate in
            let results = cases.compactMap { c in c.result(gate).map { (c, $0) } }
            let scoredResults = results.filter { $0.0.scored }
            func count(_ test: (ModelBenchCase, ModelBenchCase.ModeResult) -> Bool) -> Int { scoredResults.filter(test).count }
            let baseline = { (c: ModelBenchCase) in c.result(.direct)?.score == .perfect }
            var origins: [String: Int] = [:]
            for (_, result) in results where result.decision == "program" {
                origins[result.origin?.rawValue ?? "?", default: 0] += 1
            }
            return Mode(
                gate: gate, scored: scoredResults.count,
                perfect: count { $1.score == .perfect }, wrong: count { $1.score == .wrong }, abstained: count { $1.score == .abstained },
                programsCommitted: count { $1.decision == "program" }, programsPerfect: count { $1.decision == "program" && $1.score == .perfect },
                answersCommitted: count { $1.decision == "answer" }, answersPerfect: count { $1.decision == "answer" && $1.score == .perfect },
                recoveries: count { $1.score == .perfect && !baseline($0) }, regressions: count { $1.score != .perfect && baseline($0) },
                disagreements: count { $1.disagreement != nil }, programRight: count { $1.disagreement == .program },
                directRight: count { $1.disagreement == .direct }, neitherRight: count { $1.disagreement == .neither },
                origins: origins, modelErrors: cases.filter { $0.modelFailed(for: gate) }.count)
        }
        requests = cases.reduce(0) { $0 + $1.requests }
        retries = cases.reduce(0) { $0 + $1.retries }
        promptTokens = cases.reduce(0) { $0 + $1.promptTokens }
        completionTokens = cases.reduce(0) { $0 + $1.completionTokens }
        programsChecked = cases.reduce(0) { $0 + $1.programs }
        programsReproduced = cases.reduce(0) { $0 + $1.reproduced }
        repairs = cases.reduce(0) { $0 + $1.repairs }
        unreadableReplies = cases.reduce(0) { $0 + $1.unreadable }
        casesWithModelErrors = cases.filter { !$0.errors.isEmpty }.count
        jailRuns = cases.reduce(0) { $0 + $1.jailRuns }
        self.totalSeconds = totalSeconds
        modelSeconds = cases.reduce(0) { $0 + $1.modelMs } / 1000
        self.resumed = resumed
    }
}
