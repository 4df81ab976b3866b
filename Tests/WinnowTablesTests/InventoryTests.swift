import Foundation
import Testing
import WinnowCore
import WinnowTables

/// Writes an inventory to a temporary file, loads it, and returns the error (nil when it loads).
private func loadError(_ json: String) -> WinnowError? {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-inventory-\(UUID().uuidString).json")
    _ = FileManager.default.createFile(atPath: url.path, contents: Data(json.utf8))
    defer { try? FileManager.default.removeItem(at: url) }
    do {
        _ = try Inventory.load(path: url.path)
        return nil
    } catch {
        #expect(error.file == url.path, "the error names the inventory file")
        return error
    }
}

/// An inventory holding only the given operators object.
private func inventory(operators: String) -> String {
    #"{"domain": "table", "version": 1, "operators": {\#(operators)}}"#
}

@Suite struct InventoryTests {
    static let shippedPath = ShippedFiles.inventoryPath

    @Test func shippedInventoryEnablesAllTwentyTwoOperators() throws {
        let inventory = try Inventory.load(path: Self.shippedPath)
        #expect(Inventory.knownOperators.count == 22)
        #expect(Set(inventory.costs.keys) == Set(Inventory.knownOperators.keys))
        for name in Inventory.knownOperators.keys {
            #expect(inventory.enables(name), "\(name)")
        }
        #expect(inventory.costs.values.allSatisfy { $0 == 1 })
    }

    @Test func shippedInventoryParameters() throws {
        let inventory = try Inventory.load(path: Self.shippedPath)
        #expect(inventory.splitModes == [.first, .all, .runs])
        #expect(inventory.splitDelimiters.contains(","))
        #expect(inventory.splitDelimiters.contains("\n"))
        #expect(inventory.splitDelimiters.contains("\\"))
        #expect(!inventory.splitDelimiters.contains(""))
        #expect(inventory.mergeSeparators.first == "")
        #expect(inventory.mergeSeparators.contains("\t"))
        #expect(inventory.divideClasses == [.digits, .letters, .alphanumeric, .date, .containing(","), .containing("-")])
        #expect(inventory.extractTokens == [.digits, .upper, .lower, .letters, .alphanumeric, .alphanumericSpace])
        #expect(inventory.extractContext)
        #expect(inventory.wrapSizes == [2, 3, 4, 5])
    }

    @Test func costOfAnOperatorComesFromTheInventoryWithOneAsDefault() throws {
        let parsed = try Inventory.parse(try JSONSerialization.jsonObject(with: Data(inventory(operators: #""fold": {"cost": 2.5}"#).utf8)))
        #expect(parsed.cost(of: .fold(from: 1)) == 2.5)
        #expect(parsed.cost(of: .transpose) == 1)
        #expect(parsed.enables("fold"))
        #expect(!parsed.enables("transpose"))
    }

    @Test func disabledOperatorIsNotEnabledAndItsParametersAreIgnored() throws {
        let json = inventory(operators: #""split": {"enabled": false, "modes": ["first"], "delimiters": [","]}, "drop": {}"#)
        let parsed = try Inventory.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        #expect(!parsed.enables("split"))
        #expect(parsed.enables("drop"))
        #expect(parsed.splitDelimiters.isEmpty)
    }

    @Test func omittedParametersTakeTheirDefaults() throws {
        let json = inventory(operators: #""merge": {}, "split": {"delimiters": [",", ""]}, "extract": {}, "wrap-every": {}"#)
        let parsed = try Inventory.parse(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        #expect(parsed.mergeSeparators == [""])
        #expect(parsed.splitModes == [.first, .all])
        #expect(parsed.splitDelimiters == [","])
        #expect(parsed.extractTokens == TokenClass.allCases)
        #expect(parsed.extractContext)
        #expect(parsed.wrapSizes == [2, 3, 4, 5])
    }

    @Test func wrapDivisorsAddEveryDivisorOfTheRowCountToTheListedSizes() throws {
        let listed = try Inventory.parse(try JSONSerialization.jsonObject(with: Data(
            inventory(operators: #""wrap-every": {"k": [2, 3]}"#).utf8)))
        #expect(listed.wrapSizes(forRowCount: 12) == [2, 3])
        #expect(listed.wrapSizes(forRowCount: 11) == [])
        let divisors = try Inventory.parse(try JSONSerialization.jsonObject(with: Data(
            inventory(operators: #""wrap-every": {"k": [2, 3], "divisors": true}"#).utf8)))
        #expect(divisors.wrapSizes(forRowCount: 12) == [2, 3, 4, 6, 12])
        #expect(divisors.wrapSizes(forRowCount: 11) == [11])
        #expect(divisors.wrapSizes(forRowCount: 1) == [])
    }

    @Test func typoInAnOperatorNameIsRejectedByName() throws {
        let error = try #require(loadError(inventory(operators: #""fodl": {"enabled": true}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#"unknown operator "fodl""#))
        #expect(error.message.contains("fold"))
        #expect(error.exitCode == ExitStatus.badConfiguration)
    }

    @Test func typoInADisabledOperatorNameIsStillRejected() throws {
        let error = try #require(loadError(inventory(operators: #""trasnpose": {"enabled": false}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#"unknown operator "trasnpose""#))
    }

    @Test func unknownFieldIsRejectedWithOperatorAndField() throws {
        let error = try #require(loadError(inventory(operators: #""split": {"delimeters": [","]}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#"operator "split" has unknown field "delimeters""#))
    }

    @Test func fieldOfAnotherOperatorIsUnknownHere() throws {
        let error = try #require(loadError(inventory(operators: #""drop": {"separators": [" "]}"#)))
        #expect(error.message.contains(#"operator "drop" has unknown field "separators""#))
    }

    @Test func badSplitModeIsRejectedByName() throws {
        let error = try #require(loadError(inventory(operators: #""split": {"modes": ["first", "every"]}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#"split mode "every""#))
    }

    @Test(arguments: ["-1", "0", "-0.5"])
    func nonPositiveCostIsRejected(_ cost: String) throws {
        let error = try #require(loadError(inventory(operators: #""fold": {"cost": \#(cost)}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#"operator "fold" field "cost" must be a positive number"#))
    }

    @Test func costWrittenAsTextIsRejected() throws {
        let error = try #require(loadError(inventory(operators: #""fold": {"cost": "1"}"#)))
        #expect(error.message.contains("cost"))
    }

    @Test func malformedJSONIsRejected() throws {
        let error = try #require(loadError(#"{"domain": "table", "operators": {"fold": {}"#))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains("malformed JSON"))
    }

    @Test func badDivideClassIsRejectedByName() throws {
        let error = try #require(loadError(inventory(operators: #""divide": {"classes": ["digits", "numbers"]}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#"divide class "numbers""#))
    }

    @Test func badExtractTokenIsRejectedByName() throws {
        let error = try #require(loadError(inventory(operators: #""extract": {"tokens": ["digit"]}"#)))
        #expect(error.message.contains(#"extract token "digit""#))
    }

    @Test func wrapSizeBelowTwoIsRejected() throws {
        let error = try #require(loadError(inventory(operators: #""wrap-every": {"k": [1, 2]}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains("at least 2"))
    }

    @Test func fieldOfTheWrongTypeIsRejected() throws {
        let error = try #require(loadError(inventory(operators: #""merge": {"separators": ","}"#)))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#"operator "merge" field "separators" has the wrong type"#))
    }

    @Test func operatorSpecMustBeAnObject() throws {
        let error = try #require(loadError(inventory(operators: #""fold": true"#)))
        #expect(error.message.contains(#"operator "fold" must be an object"#))
    }

    @Test func missingOperatorsObjectIsRejected() throws {
        let error = try #require(loadError(#"{"domain": "table"}"#))
        #expect(error.kind == .badConfiguration)
        #expect(error.message.contains(#""operators""#))
    }

    @Test func otherDomainIsRejected() throws {
        let error = try #require(loadError(#"{"domain": "lists", "operators": {}}"#))
        #expect(error.message.contains(#""domain" must be "table""#))
    }

    @Test func missingInventoryFileIsMissingInput() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-inventory-\(UUID().uuidString).json").path
        let error = #expect(throws: WinnowError.self) { try Inventory.load(path: path) }
        #expect(error?.kind == .missingInput)
        #expect(error?.file == path)
    }
}
