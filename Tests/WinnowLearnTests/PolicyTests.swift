import Foundation
import Testing
import WinnowTestSupport
import WinnowControl

@testable import WinnowLearn

/// Six candidates on three probes; probes 0 and 1 are queryable.
private let fixed = FixedPool(
    outputs: [[1, 5, 7], [2, 5, 7], [2, 5, 8], [2, 6, 8], [1, 6, 7], [2, 6, 8]], truth: [2, 6, 8], right: [3, 5],
    queryableProbes: 2)

/// A linear policy that prefers `action` above all others by `margin`.
private func biased(toward action: MacroAction, margin: Double = 100) -> LearnedPolicy {
    var policy = LearnedPolicy(seed: 1)
    let layer = policy.network.layers[0]
    policy.network.parameters[layer.biasOffset + action.rawValue] = margin
    return policy
}


@Suite struct MacroActionTests {
    @Test func macroActionsBecomeTheirConcreteActions() {
        let episode = Episode(problem: fixed, budget: ControlBudget(queries: 1, executions: 100))
        var state = episode.initialState()
        var observation = Observation(state)
        #expect(observation.actions[MacroAction.explore.rawValue] == .execute(candidates: [0, 1, 2, 3, 4, 5], probe: 0))
        #expect(observation.actions[MacroAction.query.rawValue] == nil, "nothing explored yet, so no informative query")
        #expect(observation.actions[MacroAction.commitMajority.rawValue] == .commit(candidate: 0))
        #expect(observation.actions[MacroAction.commitFirst.rawValue] == nil, "the same commit as commit-majority, so masked")
        #expect(observation.actions[MacroAction.abstain.rawValue] == .abstain)

        _ = episode.apply(.execute(candidates: [0, 1, 2, 3, 4, 5], probe: 0), to: &state)
        _ = episode.apply(.execute(candidates: [0, 1, 2, 3, 4, 5], probe: 1), to: &state)
        observation = Observation(state)
        #expect(observation.actions[MacroAction.explore.rawValue] == .execute(candidates: [0, 1, 2, 3, 4, 5], probe: 2))
        // Probe 0 splits 2/4, probe 1 splits 3/3: the query takes the even split.
        #expect(observation.actions[MacroAction.query.rawValue] == .query(probe: 1))
        // Classes on probes 0 and 1: {1,2}, {3,5}, {0}, {4}; the tie goes to the best-ranked member.
        #expect(observation.actions[MacroAction.commitMajority.rawValue] == .commit(candidate: 1))
        #expect(observation.actions[MacroAction.commitFirst.rawValue] == .commit(candidate: 0))

        let f = Dictionary(uniqueKeysWithValues: zip(StateFeatures.names, observation.features))
        #expect(f["bias"] == 1)
        #expect(f["largest-class-share"] == 2.0 / 6.0)
        #expect(f["first-in-largest"] == 0)
        #expect(f["explored-fraction"] == 2.0 / 3.0)
        #expect(f["informative-query"] == 1)
        #expect(abs(f["best-split-entropy"]! - 1 / log2(6.0)) < 1e-12, "one bit over a 6-candidate set")
        #expect(f["log-classes"] == log(5.0))
        #expect(f["executions-left-fraction"] == 1)
        #expect(observation.features.count == StateFeatures.count)

        _ = episode.apply(.query(probe: 1), to: &state)
        observation = Observation(state)
        #expect(state.consistent == [3, 4, 5])
        #expect(observation.actions[MacroAction.query.rawValue] == nil, "the only query is spent")
        #expect(observation.features[StateFeatures.names.firstIndex(of: "answered")!] == 1)
        #expect(observation.features[StateFeatures.names.firstIndex(of: "has-queries")!] == 0)
    }

    @Test func exploreIsIllegalWithoutExecutionsAndCommitsWithoutCandidates() {
        let episode = Episode(problem: fixed, budget: ControlBudget(queries: 0, executions: 0))
        var state = episode.initialState()
        #expect(Observation(state).legal == [false, false, false, true, true])
        state.consistent = []
        #expect(Observation(state).legal == [false, false, false, false, true])
    }

    @Test(arguments: MacroAction.allCases)
    func illegalMacroActionsAreNeverChosen(favourite: MacroAction) async {
        // A policy that wants `favourite` above everything, in tight budgets where it is often illegal.
        for sampling in [false, true] {
            var policy = biased(toward: favourite, margin: sampling ? 3 : 100)
            policy.sampling = sampling
            for (index, problem) in SyntheticPool.pools(0..<40).enumerated() {
                let budget = ControlBudget(queries: index % 2, executions: index % 3 == 0 ? 0 : 7)
                let episode = Episode(problem: problem, budget: budget)
                var state = episode.initialState()
                while state.steps < episode.maxSteps {
                    let observation = Observation(state)
                    let action = await policy.act(state, context: episode.context(seed: UInt64(index)))
                    let legalActions = observation.actions.compactMap { $0 }
                    #expect(legalActions.contains(action), "\(action) is not a legal macro-action here")
                    if episode.apply(action, to: &state) { break }
                }
            }
        }
    }

    @Test func greedyTakesTheFavouriteWhenLegal() async {
        let policy = biased(toward: .commitMajority)
        let episode = Episode(problem: fixed, budget: ControlBudget(queries: 1, executions: 100))
        let result = await episode.run(policy)
        #expect(result.actions == ["commit 0"])
        #expect(result.policy == "learned")
    }
}

@Suite struct WeightsFileTests {
    @Test(arguments: [0, 4])
    func saveThenLoadRoundTripsExactly(hidden: Int) throws {
        let scratch = try TemporaryFolder()
        var policy = LearnedPolicy(hidden: hidden, scale: 0.37, seed: 99)
        policy.method = "grpo"
        policy.control = .scrambledFeatures
        policy.config = TrainingConfig(epochs: 3, learningRate: 0.123456789, seed: 42, budget: ControlBudget(queries: 2, executions: 77))
        policy.history = [0.1, -1.0 / 3.0, 2e-17]
        policy.network.parameters[0] = -0.0
        policy.network.parameters[1] = 1.0 / 3.0
        policy.network.parameters[2] = 1e-300
        var random = SeededRandom(seed: 4)
        policy.network.standardise(
            on: (0..<(30 * StateFeatures.count)).map { _ in Double.random(in: -3...3, using: &random) }, rows: 30)
        let path = scratch.path("weights.json")
        try policy.save(to: path)
        try policy.save(to: path)  // over an existing file
        let loaded = try LearnedPolicy(path: path)
        #expect(loaded.network.parameters.map(\.bitPattern) == policy.network.parameters.map(\.bitPattern))
        #expect(loaded.network.inputShift.map(\.bitPattern) == policy.network.inputShift.map(\.bitPattern))
        #expect(loaded.network.inputScale.map(\.bitPattern) == policy.network.inputScale.map(\.bitPattern))
        #expect(loaded.network == policy.network)
        #expect(loaded.name == policy.name && loaded.method == "grpo" && loaded.control == .scrambledFeatures)
        #expect(loaded.config == policy.config)
        #expect(loaded.history.map(\.bitPattern) == policy.history.map(\.bitPattern))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["weights.json"], "no temporary file left")
    }

    @Test func theFileRecordsVersionNamesAndShapes() throws {
        let scratch = try TemporaryFolder()
        let path = scratch.path("w.json")
        try LearnedPolicy(seed: 1).save(to: path)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        #expect(json["formatVersion"] as? Int == 1)
        #expect(json["featureNames"] as? [String] == StateFeatures.names)
        #expect(json["actionNames"] as? [String] == ["explore", "query", "commit-first", "commit-majority", "abstain"])
        let layer = (json["layers"] as! [[String: Any]])[0]
        #expect(layer["inputs"] as? Int == StateFeatures.count && layer["outputs"] as? Int == MacroAction.count)
        #expect((layer["weights"] as? [Double])?.count == StateFeatures.count * MacroAction.count)
    }

    @Test func loadingACorruptFileThrowsAClearError() throws {
        let scratch = try TemporaryFolder()
        let good = scratch.path("good.json")
        try LearnedPolicy(hidden: 3, seed: 5).save(to: good)
        let text = try String(contentsOfFile: good, encoding: .utf8)
        var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]

        func write(_ name: String, _ contents: String) throws -> String {
            let path = scratch.path(name)
            try contents.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
        func write(_ name: String, _ json: [String: Any]) throws -> String {
            try write(name, String(decoding: JSONSerialization.data(withJSONObject: json), as: UTF8.self))
        }
        func failure(_ path: String) -> LearnedPolicyError? {
            do {
                _ = try LearnedPolicy(path: path)
                return nil
            } catch {
                return error as? LearnedPolicyError
            }
        }

        guard case .unreadable = failure(scratch.path("missing.json")) else {
            Issue.record("a missing file")
            return
        }
        guard case .malformed = failure(try write("garbage.json", "{not json")) else {
            Issue.record("garbage")
            return
        }
        guard case .malformed = failure(try write("truncated.json", String(text.prefix(text.count / 2)))) else {
            Issue.record("a truncated file")
            return
        }
        var versioned = object
        versioned["formatVersion"] = 2
        #expect(failure(try write("version.json", versioned)) == .unsupportedVersion(found: 2, expected: 1))

        var renamed = object
        renamed["featureNames"] = Array(StateFeatures.names.reversed())
        guard case .featureMismatch = failure(try write("features.json", renamed)) else {
            Issue.record("features in another order")
            return
        }
        var actions = object
        actions["actionNames"] = ["explore", "query", "abstain"]
        guard case .actionMismatch = failure(try write("actions.json", actions)) else {
            Issue.record("other actions")
            return
        }
        var layers = object["layers"] as! [[String: Any]]
        layers[0]["weights"] = Array((layers[0]["weights"] as! [Double]).dropLast())
        object["layers"] = layers
        guard case .shape(let detail) = failure(try write("short.json", object)) else {
            Issue.record("a short weight matrix")
            return
        }
        #expect(detail.contains("expected 3×15"))

        var chain = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var chainLayers = chain["layers"] as! [[String: Any]]
        chainLayers[1]["inputs"] = 4
        chainLayers[1]["weights"] = [Double](repeating: 0, count: 4 * MacroAction.count)
        chain["layers"] = chainLayers
        guard case .shape = failure(try write("chain.json", chain)) else {
            Issue.record("layers that do not chain")
            return
        }
        var scaled = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        scaled["inputScale"] = [Double](repeating: 0, count: StateFeatures.count)
        guard case .shape = failure(try write("scale.json", scaled)) else {
            Issue.record("a zero input scale")
            return
        }
        var extra = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        extra["learningRate"] = 0.1
        #expect(failure(try write("extra.json", extra)) == .unknownKeys(["learningRate"]))
        #expect(LearnedPolicyError.unsupportedVersion(found: 2, expected: 1).description.contains("version 2"))
    }
}

/// The observation computed the slow, obvious way from `ControlState`'s own accessors.
private func referenceObservation<Value>(_ state: ControlState<Value>) -> (features: [Double], actions: [ControlAction?]) {
    let count = state.consistent.count
    let explored = state.exploredProbes
    let classes = count > 0 ? state.behaviourClasses(on: explored) : []
    let largest = classes.first ?? []
    func entropy(_ groups: [[Int]]) -> Double {
        groups.reduce(0) { sum, group in
            let p = Double(group.count) / Double(count)
            return sum - p * log2(p)
        }
    }
    var best: (probe: Int, entropy: Double)?
    for probe in state.informativeQueries {
        let e = entropy(state.behaviourClasses(on: [probe]))
        if best == nil || e > best!.entropy { best = (probe, e) }
    }
    let unexplored = (0..<state.probeCount).filter { !state.unexecuted(on: $0).isEmpty }
    let work = (0..<state.probeCount).reduce(0) { $0 + state.unexecuted(on: $1).count }
    let normaliser = count > 1 ? log2(Double(count)) : 0
    let features: [Double] = [
        1, log(1 + Double(state.candidateCount)), state.candidateCount > 0 ? Double(count) / Double(state.candidateCount) : 0,
        log(1 + Double(classes.count)), count > 0 ? Double(largest.count) / Double(count) : 0,
        state.consistent.first.map { largest.contains($0) } == true ? 1 : 0, normaliser > 0 ? entropy(classes) / normaliser : 0,
        state.probeCount > 0 ? Double(explored.count) / Double(state.probeCount) : 1, state.queriesLeft > 0 ? 1 : 0,
        log(1 + Double(state.queriesLeft)), work > 0 ? min(1, Double(state.executionsLeft) / Double(work)) : 1,
        state.informativeQueries.isEmpty ? 0 : 1, normaliser > 0 ? (best?.entropy ?? 0) / normaliser : 0, state.answers.isEmpty ? 0 : 1,
        log(1 + Double(state.steps)),
    ]
    let explore: ControlAction? =
        unexplored.first.flatMap { state.executionsLeft > 0 ? .execute(candidates: state.unexecuted(on: $0), probe: $0) : nil }
    let first = state.consistent.first
    return (
        features,
        [
            explore, best.map { .query(probe: $0.probe) }, first.flatMap { $0 == largest[0] ? nil : .commit(candidate: $0) },
            first.map { _ in .commit(candidate: largest[0]) }, .abstain,
        ]
    )
}

/// A random pool with failures (nil outputs) and three queryable probes.
private func messyPool(seed: UInt64) -> FixedPool {
    var random = SeededRandom(seed: seed)
    let n = Int.random(in: 1...9, using: &random)
    let probes = Int.random(in: 1...4, using: &random)
    let outputs: [[Int?]] = (0..<n).map { _ in
        (0..<probes).map { _ in Int.random(in: 0..<5, using: &random) == 0 ? nil : Int.random(in: 0..<3, using: &random) }
    }
    return FixedPool(
        taskID: "messy-\(seed)", outputs: outputs, truth: outputs[0].map { $0 ?? 1 }, right: [0], queryableProbes: min(3, probes))
}

@Suite struct ObservationTests {
    @Test func observationAgreesWithTheControlStateAccessors() async {
        var states = 0
        for seed in UInt64(0)..<150 {
            let problem = messyPool(seed: seed)
            let episode = Episode(problem: problem, budget: ControlBudget(queries: Int(seed % 3), executions: Int(seed % 11) + 1))
            var state = episode.initialState()
            var random = SeededRandom(seed: seed)
            // Random moves, including executions of random subsets, so probes end up half run.
            for _ in 0..<12 {
                let observation = Observation(state)
                let reference = referenceObservation(state)
                #expect(observation.actions == reference.actions, "seed \(seed) step \(state.steps)")
                let error = zip(observation.features, reference.features).map { abs($0 - $1) }.max()!
                #expect(error < 1e-12, "seed \(seed) step \(state.steps): features differ by \(error)")
                states += 1
                let probe = Int.random(in: 0..<problem.probeCount, using: &random)
                let move: ControlAction =
                    Bool.random(using: &random)
                    ? .execute(candidates: state.consistent.filter { _ in Bool.random(using: &random) }, probe: probe)
                    : .query(probe: probe)
                _ = episode.apply(move, to: &state)
            }
        }
        #expect(states == 1_800)
    }
}
