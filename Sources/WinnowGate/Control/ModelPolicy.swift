import WinnowControl
import WinnowModel

/// The `model` policy: the language model reads a compact text rendering of the verifier-MDP state
/// (`Prompts/control.md`) and names the next action.
///
/// Its reply is parsed strictly: anything that is not one legal action, and any failed call, is an
/// abstention, so a confused model can only cost a task, never commit something it did not name.
public struct ModelPolicy: ControlPolicy {
    public let name = "model"
    public var model: any LanguageModel
    public var options: SamplingOptions
    /// Candidates shown in the prompt (the best-ranked consistent ones).
    public var shownCandidates = 12

    public init(model: any LanguageModel, options: SamplingOptions = SamplingOptions()) {
        self.model = model
        var options = options
        options.samples = 1
        options.temperature = 0
        options.maxTokens = 32
        self.options = options
    }

    public func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction {
        guard !state.consistent.isEmpty else { return .abstain }
        guard let prompt = try? PromptTemplate.shipped("control").fill(Self.render(state, context: context, shown: shownCandidates)),
              let reply = try? await model.complete([.user(prompt)], options: options),
              let text = reply.completions.first?.text
        else { return .abstain }
        return Self.parse(text, state: state) ?? .abstain
    }

    /// The prompt's placeholders for a state.
    static func render<Value>(_ state: ControlState<Value>, context: PolicyContext, shown: Int) -> [String: String] {
        let candidates = state.consistent.prefix(shown).map { "\($0): \(context.describeCandidate($0))" }
            + (state.consistent.count > shown ? ["… and \(state.consistent.count - shown) more"] : [])
        let probes = (0..<state.probeCount).map { probe in
            "\(probe)\(probe < state.queryableProbes ? " (queryable)" : ""): \(context.describeProbe(probe))"
        }
        var observations: [String] = []
        for probe in 0..<state.probeCount where state.observed[probe] != nil {
            let run = state.consistent.filter { state.observed[probe]?[$0] != nil }
            guard !run.isEmpty else { continue }
            var groups: [[Int]] = []
            for candidate in run {
                let output = state.observed[probe]?[candidate] ?? nil
                if let index = groups.firstIndex(where: { (state.observed[probe]?[$0[0]] ?? nil) == output }) {
                    groups[index].append(candidate)
                } else {
                    groups.append([candidate])
                }
            }
            let answer = state.answers[probe] != nil ? " (answer known)" : ""
            observations.append("probe \(probe)\(answer): " + groups.map { "{" + $0.map(String.init).joined(separator: ", ") + "}" }.joined(separator: " "))
        }
        return [
            "candidates": candidates.joined(separator: "\n"),
            "probes": probes.joined(separator: "\n"),
            "observations": observations.isEmpty ? "nothing yet" : observations.joined(separator: "\n"),
            "budget": "\(state.queriesLeft) queries, \(state.executionsLeft) executions",
        ]
    }

    /// One legal action from the reply's first line that names one, or nil.
    static func parse<Value>(_ text: String, state: ControlState<Value>) -> ControlAction? {
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            guard let verb = words.first else { continue }
            let number = words.dropFirst().first.flatMap { Int($0) }
            switch (verb, number) {
            case ("ABSTAIN", _): return .abstain
            case ("COMMIT", let n?) where state.consistent.contains(n): return .commit(candidate: n)
            case ("QUERY", let n?) where n < state.queryableProbes && state.queriesLeft > 0 && state.answers[n] == nil:
                return .query(probe: n)
            case ("EXECUTE", let n?) where n < state.probeCount && !state.unexecuted(on: n).isEmpty:
                return .execute(candidates: state.unexecuted(on: n), probe: n)
            default: continue
            }
        }
        return nil
    }
}
