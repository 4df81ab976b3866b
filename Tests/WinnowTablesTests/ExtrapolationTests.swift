import Testing
import WinnowCore
import WinnowTables
import WinnowText

/// `year= 2016` → `2016`: cut at the first space, or after `= `? The held-out rows decide nothing
/// by their answers (they are never read), but `fuel economy= 25/33` has two spaces where the
/// example had one, so "the first space" is a guess there and "after `= `" is not.
private let keyValue = [Example<Table>(input: [["year= 2016"]], output: [["2016"]])]
private let heldOutKeyValues: [Table] = [[["fuel economy= 25/33"]]]

private let firstSpace = Pipeline([.split(column: 0, delimiter: " ", mode: .first), .drop(column: 0)])
private let afterEquals = Pipeline([.split(column: 0, delimiter: "= ", mode: .first), .drop(column: 0)])

private func cutAfter(_ token: TextToken, _ k: Int) -> [CellPart] {
    [.substring(column: 0, from: .matchEnd(token, k), to: .fromEnd(0), case: .keep)]
}

@Suite struct ExtrapolationTests {
    @Test func aDelimiterThatOccursMoreOftenOnAHeldOutRowThanOnAnyExampleRowIsCharged() throws {
        let ranking = ProgramRanking(inventory: try ShippedFiles.inventory(), examples: keyValue, queries: heldOutKeyValues)
        let ranked = ranking.ranked([firstSpace, afterEquals])
        #expect(ranked.map(\.program) == [afterEquals, firstSpace])
        #expect(ranked.map(\.extrapolationCost) == [0, 1])
        // Same price, same parameters: only the charge tells them apart.
        #expect(ranked[0].price == ranked[1].price)
    }

    @Test func withNoPenaltyTheRankingIsByPriceAloneTheControl() throws {
        let ranking = ProgramRanking(
            inventory: try ShippedFiles.inventory(), examples: keyValue, queries: heldOutKeyValues, extrapolationPenalty: 0)
        let ranked = ranking.ranked([firstSpace, afterEquals])
        #expect(ranked.map(\.program) == [firstSpace, afterEquals])
        #expect(ranked.allSatisfy { $0.extrapolationCost == 0 })
    }

    @Test func theChargeIsTheShareOfHeldOutRowsWhereACountWasNeverShown() throws {
        let queries: [Table] = [[["make= subaru"], ["fuel economy= 25/33"]], [["model= outback wagon"], ["a= b"]]]
        let ranking = ProgramRanking(inventory: try ShippedFiles.inventory(), examples: keyValue, queries: queries, extrapolationPenalty: 2)
        let ranked = ranking.ranked([firstSpace, afterEquals])
        // Two of the four held-out rows have two spaces; every row has one "= ".
        #expect(ranked.first { $0.program == firstSpace }?.extrapolationCost == 1)
        #expect(ranked.first { $0.program == afterEquals }?.extrapolationCost == 0)
    }

    @Test func everyCountAnExampleRowShowedIsCoveredNotOnlyTheFirstRows() throws {
        // A second example row with two spaces: "the first space" was shown on such a cell too.
        let examples = [Example<Table>(input: [["year= 2016"], ["fuel economy= 25/33"]], output: [["2016"], ["economy= 25/33"]])]
        let ranking = ProgramRanking(inventory: try ShippedFiles.inventory(), examples: examples, queries: [[["body style= sedan"]]])
        #expect(ranking.ranked([firstSpace, afterEquals]).allSatisfy { $0.extrapolationCost == 0 })
    }

    @Test func aCellProgramIsChargedForItsTokenPositionsAndNotForItsIndexes() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let afterFirstSpace = Pipeline([.replace(column: 0, program: CellProgram(otherwise: cutAfter(.literal(" "), 1)))])
        let afterLastEquals = Pipeline([.replace(column: 0, program: CellProgram(otherwise: cutAfter(.literal("= "), -1)))])
        let afterSixth = Pipeline([
            .replace(column: 0, program: CellProgram(otherwise: [.substring(column: 0, from: .fromStart(6), to: .fromEnd(0), case: .keep)]))
        ])
        let ranking = ProgramRanking(inventory: inventory, examples: keyValue, queries: [[["make= subaru"], ["fuel economy= 25/33"]]])
        let costs = Dictionary(uniqueKeysWithValues: ranking.ranked([afterFirstSpace, afterLastEquals, afterSixth]).map { ($0.program, $0.extrapolationCost) })
        #expect(costs[afterFirstSpace] == 0.5)
        #expect(costs[afterLastEquals] == 0)
        #expect(costs[afterSixth] == 0)
    }

    @Test func aConditionalIsChargedOnlyForTheBranchThatFiresOnTheRow() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        // Rows with "=" are cut after "= ", the others after their first space; a held-out row
        // without "=" and with two spaces leaves what the otherwise-branch was shown.
        let conditional = CellProgram(
            branches: [CellBranch(condition: .contains(column: 0, text: "="), parts: cutAfter(.literal("= "), 1))],
            otherwise: cutAfter(.literal(" "), 1))
        let examples = [Example<Table>(input: [["year= 2016"], ["make subaru"]], output: [["2016"], ["subaru"]])]
        let program = Pipeline([.replace(column: 0, program: conditional)])
        let rivals = Pipeline([.split(column: 0, delimiter: " ", mode: .first), .drop(column: 0)])
        func cost(_ queries: [Table]) -> Double? {
            ProgramRanking(inventory: inventory, examples: examples, queries: queries)
                .ranked([program, rivals]).first { $0.program == program }?.extrapolationCost
        }
        // "fuel economy= 25/33" has two spaces, but its branch counts "= ", seen once: no charge.
        #expect(cost([[["fuel economy= 25/33"]]]) == 0)
        #expect(cost([[["body style sedan"]]]) == 1)
        #expect(conditional.anchorCounts(["body style sedan"]) == [1: 2])
        #expect(conditional.anchorCounts(["year= 2016"]) == [0: 1])
    }

    @Test func anExtractIsChargedWhenItsMatchSitsBesideCharactersNoExampleMatchHad() throws {
        let fileName = ExtractPattern(tokens: [.run(.lower), .literal("."), .run(.lower)])
        let extract = Pipeline([.extract(column: 0, pattern: fileName), .drop(column: 0)])
        let afterSlash = Pipeline([.replace(column: 0, program: CellProgram(otherwise: cutAfter(.literal("/"), -1)))])
        let examples = [Example<Table>(input: [["c=/users/dave/shotcut.xls"]], output: [["shotcut.xls"]])]
        let ranking = ProgramRanking(inventory: try ShippedFiles.inventoryWithCellPrograms(), examples: examples, queries: [[["c=/users/dave/pivot table.xls"]]])
        let costs = Dictionary(uniqueKeysWithValues: ranking.ranked([extract, afterSlash]).map { ($0.program, $0.extrapolationCost) })
        // The example's match followed a "/"; the held-out one follows a space.
        #expect(costs[extract] == 1)
        #expect(costs[afterSlash] == 0)
    }

    @Test func aSpaceAndTheCellsEdgeAreOneKindOfNeighbourForAnExtract() throws {
        let address = ExtractPattern(tokens: [.run(.lower), .literal("_"), .run(.lower), .literal("."), .run(.lower)])
        let extract = Pipeline([.extract(column: 0, pattern: address), .drop(column: 0)])
        let examples = [Example<Table>(input: [["send email to json_acme.com"]], output: [["json_acme.com"]])]
        let ranking = ProgramRanking(
            inventory: try ShippedFiles.inventoryWithCellPrograms(), examples: examples, queries: [[["contact help_robot.com for all support requests"]]])
        let lastWord = Pipeline([.replace(column: 0, program: CellProgram(otherwise: cutAfter(.literal(" "), -1)))])
        let costs = Dictionary(uniqueKeysWithValues: ranking.ranked([lastWord, extract]).map { ($0.program, $0.extrapolationCost) })
        // The example's address ends the cell, the held-out one is followed by a space: both end a word.
        #expect(costs[extract] == 0)
        #expect(costs[lastWord] == 1)
    }

    @Test func theChargeLowersABehavioursShareOfBelief() throws {
        let ranking = ProgramRanking(inventory: try ShippedFiles.inventory(), examples: keyValue, queries: heldOutKeyValues)
        let ambiguity = TableAmbiguity(ranked: ranking.ranked([firstSpace, afterEquals]), queries: heldOutKeyValues)
        #expect(ambiguity.groups.map(\.best) == [afterEquals, firstSpace])
        // Equal prices: one unit of charge is a factor of e.
        let expected = 1 / (1 + 1 / 2.718281828459045)
        #expect(abs(ambiguity.groups[0].share - expected) < 1e-9)
        #expect(TableGate().decide(ambiguity) == afterEquals)
        let control = ProgramRanking(inventory: try ShippedFiles.inventory(), examples: keyValue, queries: heldOutKeyValues, extrapolationPenalty: 0)
        #expect(TableGate().decide(TableAmbiguity(ranked: control.ranked([firstSpace, afterEquals]), queries: heldOutKeyValues)) == nil)
    }

    /// A row-by-row pipeline on a large example is measured on rows spread over each table, so the
    /// measure costs the same on 2,000 rows as on 64; the share is still the share of such rows.
    @Test func onALargeExampleTheChargeIsTheShareOverRowsSpreadAcrossIt() throws {
        let rows = 300
        let example = Example<Table>(
            input: Table((0..<rows).map { ["key\($0)= value \($0)"] }), output: Table((0..<rows).map { ["value \($0)"] }))
        // The first half of the held-out rows have a second space, the second half do not.
        let query = Table((0..<rows).map { $0 < rows / 2 ? ["the key\($0)= value \($0)"] : ["key\($0)= value \($0)"] })
        let ranking = ProgramRanking(inventory: try ShippedFiles.inventory(), examples: [example], queries: [query])
        let costs = Dictionary(uniqueKeysWithValues: ranking.ranked([firstSpace, afterEquals]).map { ($0.program, $0.extrapolationCost) })
        #expect(costs[firstSpace] == 0.5)
        #expect(costs[afterEquals] == 0)
    }
}
