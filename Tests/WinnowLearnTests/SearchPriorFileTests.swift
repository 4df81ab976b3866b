import Foundation
import Testing
import WinnowTestSupport
import WinnowCore
import WinnowTables

@testable import WinnowLearn

@Suite struct SearchPriorFileTests {
    @Test(arguments: [0, 4])
    func saveThenLoadGivesIdenticalPrices(hidden: Int) throws {
        var config = PriorFixtures.config
        config.hidden = hidden
        let prior = LearnedSearchPrior.train(PriorFixtures.examples(count: 10), config: config)
        let folder = try TemporaryFolder()
        let path = folder.path("prior.json")
        try prior.save(to: path)
        let loaded = try LearnedSearchPrior.load(path: path)
        let inventory = try PriorFixtures.inventory()
        for example in [PriorFixtures.gapsExample(40), PriorFixtures.junkExample(41)] {
            let offered = inventory.offeredSteps(from: example.state, toward: example.target)
            #expect(
                loaded.prices(of: offered, from: example.state, toward: example.target)
                    == prior.prices(of: offered, from: example.state, toward: example.target))
        }
        #expect(loaded.training == prior.training)
        #expect(loaded.priceScale == prior.priceScale)
    }

    @Test func aMissingFileIsMissingInput() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("absent.json")
        #expect(throws: WinnowError(.missingInput, file: path, "search prior not found")) {
            try LearnedSearchPrior.load(path: path)
        }
    }

    @Test(arguments: [
        ("not json {", "not a search prior file"),
        (#"{"format": "winnow-search-prior", "formatVersion": 1}"#, "missing"),
        (#"{"format": "something-else", "formatVersion": 1, "operatorNames": [], "shapeFeatureNames": [], "stepFeatureNames": [], "uniformMix": 0.1, "priceScale": 1, "operatorHead": {"inputShift": [], "inputScale": [], "layers": []}, "parameterHead": {"inputShift": [], "inputScale": [], "weights": []}}"#, "\"format\""),
    ])
    func aBadFileIsABadConfigurationErrorNamingTheFile(text: String, mentions: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("bad.json")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: WinnowError.self) { try LearnedSearchPrior.load(path: path) }
        #expect(error.kind == .badConfiguration)
        #expect(error.file == path)
        #expect(error.message.contains(mentions), "\(error.message)")
    }

    @Test func aFileFromAnotherBuildIsRejectedByItsNamesAndShapes() throws {
        let prior = LearnedSearchPrior.train(PriorFixtures.examples(count: 4), config: PriorFixtures.config)
        let folder = try TemporaryFolder()
        let path = folder.path("prior.json")
        try prior.save(to: path)
        let original = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let edits: [(String, ([String: Any]) -> [String: Any], String)] = [
            ("version", { var o = $0; o["formatVersion"] = 2; return o }, "format version 2"),
            ("names", { var o = $0; o["stepFeatureNames"] = ["columnGiven"]; return o }, "step feature names"),
            ("weights", { var o = $0; o["parameterHead"] = ["inputShift": [], "inputScale": [], "weights": [1.0]]; return o }, "parameter head"),
            ("mix", { var o = $0; o["uniformMix"] = 0; return o }, "uniformMix"),
        ]
        for (name, edit, mentions) in edits {
            try JSONSerialization.data(withJSONObject: edit(original)).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: WinnowError.self, "\(name)") { try LearnedSearchPrior.load(path: path) }
            #expect(error.kind == .badConfiguration, "\(name)")
            #expect(error.message.contains(mentions), "\(name): \(error.message)")
        }
    }
}
