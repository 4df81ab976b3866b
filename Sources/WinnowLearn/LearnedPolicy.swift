import Foundation
import WinnowControl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The learned controller policy: a softmax over the legal macro-actions of a `PolicyNetwork`'s
/// logits. Greedy (the most probable legal macro-action, ties to the earlier one) unless
/// `sampling`, when it draws from the softmax with a generator seeded by the context's seed and
/// the step.
public struct LearnedPolicy: ControlPolicy {
    public var name: String
    public var network: PolicyNetwork
    /// What produced the weights: "initial", "grpo" or "dpo".
    public var method: String
    public var control: TrainingControl
    public var config: TrainingConfig?
    /// GRPO: the mean sampled reward of each sweep's training rollouts. DPO: the mean loss of each
    /// epoch (`rounds` × `epochs` entries). Empty when untrained.
    public var history: [Double]
    public var sampling = false

    public init(
        network: PolicyNetwork, name: String = "learned", method: String = "initial", control: TrainingControl = .none,
        config: TrainingConfig? = nil, history: [Double] = []
    ) {
        precondition(
            network.inputCount == StateFeatures.count && network.outputCount == MacroAction.count,
            "a policy network maps \(StateFeatures.count) features to \(MacroAction.count) actions")
        self.name = name
        self.network = network
        self.method = method
        self.control = control
        self.config = config
        self.history = history
    }

    /// An untrained policy: near-uniform over the legal macro-actions.
    public init(hidden: Int = 0, scale: Double = 0.01, seed: UInt64 = 0) {
        self.init(network: PolicyNetwork(inputs: StateFeatures.count, outputs: MacroAction.count, hidden: hidden, scale: scale, seed: seed))
    }

    public func act<Value>(_ state: ControlState<Value>, context: PolicyContext) async -> ControlAction {
        let observation = Observation(state)
        if sampling {
            var random = SeededRandom(seed: context.seed &+ UInt64(state.steps) &* 0x9E37_79B9_7F4A_7C15)
            return observation.actions[sample(observation, using: &random).rawValue]!
        }
        return observation.actions[greedy(observation).rawValue]!
    }

    /// π(·|s) over the macro-actions (zero where illegal).
    public func probabilities(_ observation: Observation) -> [Double] {
        PolicyNetwork.probabilities(logits: network.logits(observation.features), legal: observation.legal)
    }

    /// The most probable legal macro-action (ties to the earlier one).
    public func greedy(_ observation: Observation) -> MacroAction {
        let z = network.logits(observation.features)
        var best: Int?
        for j in z.indices where observation.actions[j] != nil {
            if best == nil || z[j] > z[best!] { best = j }
        }
        return MacroAction(rawValue: best!)!
    }

    /// A legal macro-action drawn from π(·|s).
    public func sample(_ observation: Observation, using random: inout SeededRandom) -> MacroAction {
        let pi = probabilities(observation)
        var u = Double.random(in: 0..<1, using: &random)
        var last = MacroAction.abstain.rawValue
        for j in pi.indices where pi[j] > 0 {
            last = j
            u -= pi[j]
            if u < 0 { return MacroAction(rawValue: j)! }
        }
        return MacroAction(rawValue: last)!
    }

    // MARK: - The weights file

    /// Reads a weights file written by `save(to:)`, strictly: the format version, the feature and
    /// action names (in order), the layer shapes and every value must be what this build expects.
    public init(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LearnedPolicyError.unreadable(path: path, reason: "\(error)")
        }
        let file: WeightsFile
        do {
            file = try JSONDecoder().decode(WeightsFile.self, from: data)
        } catch let error as LearnedPolicyError {
            throw error
        } catch {
            throw LearnedPolicyError.malformed(path: path, reason: Self.describe(error))
        }
        guard file.formatVersion == WeightsFile.currentVersion else {
            throw LearnedPolicyError.unsupportedVersion(found: file.formatVersion, expected: WeightsFile.currentVersion)
        }
        guard file.featureNames == StateFeatures.names else {
            throw LearnedPolicyError.featureMismatch(found: file.featureNames, expected: StateFeatures.names)
        }
        guard file.actionNames == MacroAction.names else {
            throw LearnedPolicyError.actionMismatch(found: file.actionNames, expected: MacroAction.names)
        }
        let network = try PolicyNetwork(
            layers: file.layers.map { ($0.inputs, $0.outputs, $0.activation, $0.weights, $0.bias) }, inputShift: file.inputShift,
            inputScale: file.inputScale)
        guard network.inputCount == StateFeatures.count, network.outputCount == MacroAction.count else {
            throw LearnedPolicyError.shape(
                "the network maps \(network.inputCount) features to \(network.outputCount) actions, expected \(StateFeatures.count) to \(MacroAction.count)")
        }
        guard network.layers.count <= 2 else { throw LearnedPolicyError.shape("\(network.layers.count) layers; at most 2 (one hidden)") }
        self.init(
            network: network, name: file.policyName, method: file.method, control: file.control, config: file.training,
            history: file.history)
    }

    /// Writes the weights file: to a temporary file beside `path`, then renamed over it, so a
    /// reader never sees half a file.
    public func save(to path: String) throws {
        let file = WeightsFile(
            formatVersion: WeightsFile.currentVersion, policyName: name, method: method, control: control,
            featureNames: StateFeatures.names, actionNames: MacroAction.names, inputShift: network.inputShift,
            inputScale: network.inputScale, layers: network.layers.indices.map { index in
                let layer = network.layers[index]
                let (weights, bias) = network.matrices(index)
                return .init(inputs: layer.inputs, outputs: layer.outputs, activation: layer.activation, weights: weights, bias: bias)
            },
            training: config, history: history)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(file)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw LearnedPolicyError.unwritable(path: path, reason: "\(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw LearnedPolicyError.unwritable(path: path, reason: reason)
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(Self.path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(Self.path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON: \(context.debugDescription)" : "\(Self.path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// Why a weights file could not be read or written.
public enum LearnedPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case unsupportedVersion(found: Int, expected: Int)
    case featureMismatch(found: [String], expected: [String])
    case actionMismatch(found: [String], expected: [String])
    case shape(String)
    case unknownKeys([String])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read weights file \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot write weights file \(path): \(reason)"
        case .malformed(let path, let reason): "weights file \(path) is malformed: \(reason)"
        case .unsupportedVersion(let found, let expected):
            "weights file format version \(found) is not supported (this build reads version \(expected))"
        case .featureMismatch(let found, let expected):
            "weights file features \(found) do not match this build's \(expected)"
        case .actionMismatch(let found, let expected):
            "weights file actions \(found) do not match this build's \(expected)"
        case .shape(let detail): "weights file has the wrong shape: \(detail)"
        case .unknownKeys(let keys): "weights file has unknown keys: \(keys.joined(separator: ", "))"
        }
    }
}

/// The JSON weights file (format version 1):
///
/// ```json
/// {
///   "formatVersion": 1,
///   "policyName": "learned",
///   "method": "grpo",                       // "initial", "grpo" or "dpo"
///   "control": "none",                      // "none", "shuffled-rewards", "scrambled-features"
///   "featureNames": ["bias", ...],          // StateFeatures.names, in order
///   "actionNames": ["explore", ...],        // MacroAction.names, in order
///   "inputShift": [...], "inputScale": [...], // per feature: x' = (x − shift) · scale
///   "layers": [{"inputs": 15, "outputs": 5, "activation": "identity",
///               "weights": [...],           // outputs × inputs, row-major
///               "bias": [...]}],            // outputs
///   "training": {...},                      // TrainingConfig, or absent when untrained
///   "history": [...]                        // per sweep / epoch, see LearnedPolicy.history
/// }
/// ```
/// Unknown keys are rejected, at the top level and in a layer.
struct WeightsFile: Codable {
    static let currentVersion = 1

    struct LayerRecord: Codable {
        enum CodingKeys: String, CodingKey, CaseIterable { case inputs, outputs, activation, weights, bias }

        var inputs: Int
        var outputs: Int
        var activation: PolicyNetwork.Activation
        var weights: [Double]
        var bias: [Double]

        init(inputs: Int, outputs: Int, activation: PolicyNetwork.Activation, weights: [Double], bias: [Double]) {
            self.inputs = inputs
            self.outputs = outputs
            self.activation = activation
            self.weights = weights
            self.bias = bias
        }

        init(from decoder: any Decoder) throws {
            try WeightsFile.rejectUnknownKeys(decoder, known: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            inputs = try c.decode(Int.self, forKey: .inputs)
            outputs = try c.decode(Int.self, forKey: .outputs)
            activation = try c.decode(PolicyNetwork.Activation.self, forKey: .activation)
            weights = try c.decode([Double].self, forKey: .weights)
            bias = try c.decode([Double].self, forKey: .bias)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case formatVersion, policyName, method, control, featureNames, actionNames, inputShift, inputScale, layers, training, history
    }

    var formatVersion: Int
    var policyName: String
    var method: String
    var control: TrainingControl
    var featureNames: [String]
    var actionNames: [String]
    var inputShift: [Double]
    var inputScale: [Double]
    var layers: [LayerRecord]
    var training: TrainingConfig?
    var history: [Double]

    init(
        formatVersion: Int, policyName: String, method: String, control: TrainingControl, featureNames: [String],
        actionNames: [String], inputShift: [Double], inputScale: [Double], layers: [LayerRecord], training: TrainingConfig?,
        history: [Double]
    ) {
        self.formatVersion = formatVersion
        self.policyName = policyName
        self.method = method
        self.control = control
        self.featureNames = featureNames
        self.actionNames = actionNames
        self.inputShift = inputShift
        self.inputScale = inputScale
        self.layers = layers
        self.training = training
        self.history = history
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // The version first, so a file from another version fails on its version, not its fields.
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        guard formatVersion == Self.currentVersion else {
            throw LearnedPolicyError.unsupportedVersion(found: formatVersion, expected: Self.currentVersion)
        }
        try Self.rejectUnknownKeys(decoder, known: CodingKeys.self)
        policyName = try c.decode(String.self, forKey: .policyName)
        method = try c.decode(String.self, forKey: .method)
        control = try c.decode(TrainingControl.self, forKey: .control)
        featureNames = try c.decode([String].self, forKey: .featureNames)
        actionNames = try c.decode([String].self, forKey: .actionNames)
        inputShift = try c.decode([Double].self, forKey: .inputShift)
        inputScale = try c.decode([Double].self, forKey: .inputScale)
        layers = try c.decode([LayerRecord].self, forKey: .layers)
        training = try c.decodeIfPresent(TrainingConfig.self, forKey: .training)
        history = try c.decode([Double].self, forKey: .history)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, known: Keys.Type) throws {
        let names = Set(Keys.allCases.map(\.stringValue))
        let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).filter { !names.contains($0) }
        if !unknown.isEmpty { throw LearnedPolicyError.unknownKeys(unknown.sorted()) }
    }
}

