import Foundation
import WinnowCore

/// The search prior's JSON file (format version 1):
///
/// ```json
/// {
///   "format": "winnow-search-prior", "formatVersion": 1,
///   "operatorNames": ["copy", ...],          // LearnedSearchPrior.operatorNames, in order
///   "shapeFeatureNames": ["logRows", ...],   // the operator head's inputs, in order
///   "stepFeatureNames": ["columnGiven", ...],// the parameter head's inputs, in order
///   "uniformMix": 0.1, "priceScale": 3.9,
///   "operatorHead": {"inputShift": [...], "inputScale": [...],
///                    "layers": [{"inputs": 52, "outputs": 19, "activation": "identity", "weights": [...], "bias": [...]}]},
///   "parameterHead": {"inputShift": [...], "inputScale": [...], "weights": [...]},  // operators × step features
///   "training": {"config": {...}, "examples": 1200, "skipped": 3, "history": [...]}  // absent when untrained
/// }
/// ```
/// Names are checked on load, so a file written by a build with other features fails loudly rather
/// than pricing steps with weights that mean something else.
struct SearchPriorFile: Codable {
    static let formatName = "winnow-search-prior"
    static let currentVersion = 1

    /// What identifies the file, read before anything else.
    struct Header: Decodable {
        var format: String?
        var formatVersion: Int?
    }

    struct Layer: Codable {
        var inputs: Int
        var outputs: Int
        var activation: PolicyNetwork.Activation
        var weights: [Double]
        var bias: [Double]
    }

    struct OperatorHead: Codable {
        var inputShift: [Double]
        var inputScale: [Double]
        var layers: [Layer]
    }

    struct ParameterHead: Codable {
        var inputShift: [Double]
        var inputScale: [Double]
        var weights: [Double]
    }

    var format: String
    var formatVersion: Int
    var operatorNames: [String]
    var shapeFeatureNames: [String]
    var stepFeatureNames: [String]
    var uniformMix: Double
    var priceScale: Double
    var operatorHead: OperatorHead
    var parameterHead: ParameterHead
    var training: PriorTrainingRecord?
}

extension LearnedSearchPrior {
    /// Writes the prior's file atomically: a reader sees the old file or the whole new one.
    public func save(to path: String) throws(WinnowError) {
        let head = operatorHead
        let file = SearchPriorFile(
            format: SearchPriorFile.formatName, formatVersion: SearchPriorFile.currentVersion,
            operatorNames: Self.operatorNames, shapeFeatureNames: FeatureRow<ShapeFeature>.names,
            stepFeatureNames: FeatureRow<StepFeature>.names, uniformMix: uniformMix, priceScale: priceScale,
            operatorHead: .init(
                inputShift: head.inputShift, inputScale: head.inputScale,
                layers: head.layers.indices.map { index in
                    let (weights, bias) = head.matrices(index)
                    let layer = head.layers[index]
                    return .init(inputs: layer.inputs, outputs: layer.outputs, activation: layer.activation, weights: weights, bias: bias)
                }),
            parameterHead: .init(
                inputShift: parameterHead.inputShift, inputScale: parameterHead.inputScale, weights: parameterHead.weights),
            training: training)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(file)
        } catch {
            throw WinnowError(.internalFailure, file: path, "cannot encode the search prior: \(error)")
        }
        try AtomicFile.write(data, to: path)
    }

    /// Reads a file written by `save(to:)`. A missing file is `missingInput`; anything else wrong
    /// (not JSON, another format or version, other feature names, mis-shaped or non-finite weights)
    /// is `badConfiguration`, naming the file and the problem.
    public static func load(path: String) throws(WinnowError) -> LearnedSearchPrior {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WinnowError(.missingInput, file: path, "search prior not found")
        }
        func bad(_ message: String) -> WinnowError { WinnowError(.badConfiguration, file: path, message) }
        // The format and version first, so a file of another kind or version fails on that, not on its fields.
        let header: SearchPriorFile.Header
        let file: SearchPriorFile
        do {
            header = try JSONDecoder().decode(SearchPriorFile.Header.self, from: data)
        } catch {
            throw bad("not a search prior file: \(Self.describe(error))")
        }
        guard header.format == SearchPriorFile.formatName else {
            throw bad("\"format\" is \(header.format.map { "\"\($0)\"" } ?? "missing"), expected \"\(SearchPriorFile.formatName)\"")
        }
        guard header.formatVersion == SearchPriorFile.currentVersion else {
            throw bad("format version \(header.formatVersion.map(String.init) ?? "missing") is not supported (this build reads version \(SearchPriorFile.currentVersion))")
        }
        do {
            file = try JSONDecoder().decode(SearchPriorFile.self, from: data)
        } catch {
            throw bad("not a search prior file: \(Self.describe(error))")
        }
        for (what, found, expected) in [
            ("operator names", file.operatorNames, operatorNames),
            ("shape feature names", file.shapeFeatureNames, FeatureRow<ShapeFeature>.names),
            ("step feature names", file.stepFeatureNames, FeatureRow<StepFeature>.names),
        ] where found != expected {
            throw bad("its \(what) do not match this build's; retrain the prior")
        }
        guard file.uniformMix > 0, file.uniformMix <= 1 else { throw bad("\"uniformMix\" must be in (0, 1]") }
        guard file.priceScale > 0, file.priceScale.isFinite else { throw bad("\"priceScale\" must be a positive number") }
        let head: PolicyNetwork
        do {
            head = try PolicyNetwork(
                layers: file.operatorHead.layers.map { ($0.inputs, $0.outputs, $0.activation, $0.weights, $0.bias) },
                inputShift: file.operatorHead.inputShift, inputScale: file.operatorHead.inputScale)
        } catch {
            throw bad("operator head: \(error)")
        }
        guard head.inputCount == FeatureRow<ShapeFeature>.count, head.outputCount == operatorNames.count, head.layers.count <= 2 else {
            throw bad("operator head maps \(head.inputCount) features to \(head.outputCount) operators in \(head.layers.count) layers, expected \(FeatureRow<ShapeFeature>.count) to \(operatorNames.count) in at most 2")
        }
        let parameters = file.parameterHead
        let inputs = FeatureRow<StepFeature>.count
        guard parameters.weights.count == operatorNames.count * inputs, parameters.inputShift.count == inputs,
            parameters.inputScale.count == inputs
        else {
            throw bad("parameter head holds \(parameters.weights.count) weights, expected \(operatorNames.count) × \(inputs)")
        }
        guard parameters.weights.allSatisfy(\.isFinite), parameters.inputShift.allSatisfy(\.isFinite),
            parameters.inputScale.allSatisfy({ $0.isFinite && $0 > 0 })
        else {
            throw bad("parameter head holds a value that is not finite (or a scale that is not positive)")
        }
        return LearnedSearchPrior(
            operatorHead: head,
            parameterHead: ParameterScorer(
                operators: operatorNames.count, inputs: inputs, weights: parameters.weights, inputShift: parameters.inputShift,
                inputScale: parameters.inputScale),
            uniformMix: file.uniformMix, priceScale: file.priceScale, training: file.training)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "malformed JSON" : "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
