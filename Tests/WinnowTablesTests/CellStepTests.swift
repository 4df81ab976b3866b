import Testing
import WinnowCore
import WinnowSearch
import WinnowTables
import WinnowText

/// `derive` and `replace`: the table steps that carry a cell program into pipelines and the search.
@Suite struct CellStepTests {
    /// `"Dr. "` and the text of column `c` up to its first space.
    static func title(column c: Int) -> CellProgram {
        CellProgram(otherwise: [.constant("Dr. "), .substring(column: c, from: .fromStart(0), to: .matchStart(.literal(" "), 1), case: .keep)])
    }

    static func upper(column c: Int) -> CellProgram {
        CellProgram(otherwise: [.whole(column: c, spacing: .keep, case: .upper)])
    }

    // MARK: Applying

    @Test func deriveInsertsTheComputedColumnAtItsIndex() {
        let table: Table = [["Ann Lee", "1"], ["Bo Chan", "2"]]
        #expect(TableOperator.derive(program: Self.title(column: 0), at: 1).apply(table) == [["Ann Lee", "Dr. Ann", "1"], ["Bo Chan", "Dr. Bo", "2"]])
        #expect(TableOperator.derive(program: Self.title(column: 0), at: 0).apply(table)?.column(0) == ["Dr. Ann", "Dr. Bo"])
        #expect(TableOperator.derive(program: Self.title(column: 0), at: 2).apply(table)?.column(2) == ["Dr. Ann", "Dr. Bo"])
    }

    @Test func deriveOutsideTheTableIsNotApplicable() {
        let table: Table = [["a", "b"]]
        #expect(TableOperator.derive(program: Self.upper(column: 0), at: 3).apply(table) == nil)
        #expect(TableOperator.derive(program: Self.upper(column: 0), at: -1).apply(table) == nil)
        #expect(TableOperator.replace(column: 2, program: Self.upper(column: 0)).apply(table) == nil)
        #expect(TableOperator.replace(column: -1, program: Self.upper(column: 0)).apply(table) == nil)
        #expect(TableOperator.derive(program: Self.upper(column: 0), at: 0).apply(Table([])) == nil)
    }

    @Test func oneRowTheProgramCannotHandleMakesTheStepNotApplicable() {
        // The second row has no space, so the substring's end does not exist there.
        let table: Table = [["Ann Lee"], ["Madonna"]]
        #expect(TableOperator.derive(program: Self.title(column: 0), at: 1).apply(table) == nil)
        #expect(TableOperator.replace(column: 0, program: Self.title(column: 0)).apply(table) == nil)
        #expect(Pipeline([.copy(column: 0), .replace(column: 1, program: Self.title(column: 0))]).apply(table) == nil)
    }

    @Test func raggedRowsReadMissingCellsAsEmpty() {
        let table: Table = [["a", "b"], ["c"]]
        let program = CellProgram(otherwise: [.whole(column: 1, spacing: .keep, case: .upper), .constant("!")])
        #expect(TableOperator.derive(program: program, at: 2).apply(table) == [["a", "b", "B!"], ["c", "", "!"]])
        #expect(TableOperator.replace(column: 1, program: program).apply(table) == [["a", "B!"], ["c", "!"]])
    }

    @Test func replaceReadsTheRowBeforeReplacing() {
        let table: Table = [["ann", "lee"]]
        let swap = CellProgram(otherwise: [
            .whole(column: 1, spacing: .keep, case: .keep), .constant(" "), .whole(column: 0, spacing: .keep, case: .keep),
        ])
        #expect(TableOperator.replace(column: 0, program: swap).apply(table) == [["lee ann", "lee"]])
        #expect(TableOperator.replace(column: 1, program: swap).apply(table) == [["ann", "lee ann"]])
    }

    @Test func namesAndDescriptionsPutTheProgramLast() {
        let derive = TableOperator.derive(program: Self.upper(column: 0), at: 2)
        let replace = TableOperator.replace(column: 1, program: Self.upper(column: 0))
        #expect(derive.name == "derive")
        #expect(replace.name == "replace")
        #expect(derive.description == "derive(at: 2, program: \(Self.upper(column: 0)))")
        #expect(replace.description == "replace(column: 1, program: \(Self.upper(column: 0)))")
        #expect(replace.column == 1)
        #expect(derive.column == nil)
        #expect(!derive.dependsOnOtherRows && !replace.dependsOnOtherRows)
    }

    @Test(arguments: [
        TableOperator.derive(program: CellStepTests.title(column: 1), at: 0),
        .replace(column: 2, program: CellProgram(
            branches: [CellBranch(condition: .contains(column: 0, text: ")\"("), parts: [.constant("(x)")])],
            otherwise: [.whole(column: 0, spacing: .collapse, case: .title)])),
        .derive(program: CellProgram(otherwise: [.whole(column: 0, spacing: .keep, case: .keep), .constant("\u{2028}}{\u{85}")]), at: 1),
    ])
    func cellStepsReadBackFromTheirDescription(_ op: TableOperator) throws {
        #expect(op.description.split(whereSeparator: \.isNewline).count == 1)
        #expect(try TableOperator(parsing: op.description) == op)
    }

    @Test(arguments: [
        "derive(at: 1)", "derive(at: 1, program: )", "derive(at: x, program: \"a\")", "replace(at: 1, program: \"a\")",
        "derive(at: 1, program: \"a\"", "derive(at: 1, program: \"a\"))", "replace(column: 0, program: \"a)",
        "derive(at: 1, program: cell(column: 0)) x",
    ])
    func malformedCellStepsAreRefusedAsBadInput(_ line: String) {
        #expect(throws: WinnowError.self) { try TableOperator(parsing: line) }
        do {
            _ = try TableOperator(parsing: line)
        } catch {
            #expect(error.kind == .badInput)
        }
    }

    // MARK: Inventory and pricing

    @Test func aTableInventoryAloneHasCellProgramsOff() throws {
        let inventory = try ShippedFiles.inventory()
        #expect(!inventory.enables("derive"))
        #expect(!inventory.enables("replace"))
        #expect(!inventory.enablesCellPrograms)
        let withText = try ShippedFiles.inventoryWithCellPrograms()
        #expect(withText.enables("derive") && withText.enables("replace"))
    }

    @Test func aTextInventoryWithBothStepsDisabledTurnsCellProgramsOff() throws {
        var inventory = try ShippedFiles.inventory()
        inventory.text = try TextInventory.parse([
            "domain": "text",
            "parts": ["derive": ["enabled": false], "replace": ["enabled": false], "substring": [:], "constant": [:]],
        ] as [String: Any])
        #expect(!inventory.enablesCellPrograms)
        let task = SynthesisTask<Table>(
            id: "title", domain: "table", examples: [Example(input: [["Ann Lee"], ["Bo Chan"]], output: [["Dr. Ann"], ["Dr. Bo"]])],
            queries: [])
        let result = TableSolver(inventory: inventory, parallel: false).solve(task)
        #expect(result.program == nil)
        #expect(result.expanded == 0)
    }

    @Test func aCellStepCostsItsOperatorPlusScaledProgramPrice() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let synthesizer = CellSynthesizer(inventory: inventory.text)
        for program in [Self.title(column: 0), Self.upper(column: 0)] {
            let derive = inventory.cost(of: .derive(program: program, at: 0))
            #expect(derive == inventory.text.cost("derive") + Inventory.cellProgramScale * synthesizer.cost(of: program))
            #expect(inventory.cost(of: .replace(column: 0, program: program)) == inventory.text.cost("replace") + Inventory.cellProgramScale * synthesizer.cost(of: program))
        }
        // Writing a constant word costs more than copying a cell, so the copy ranks first.
        #expect(inventory.cost(of: .derive(program: Self.upper(column: 0), at: 0)) < inventory.cost(of: .derive(program: Self.title(column: 0), at: 0)))
        // A cell step is dearer than a layout step, so a layout pipeline of similar length wins.
        #expect(inventory.cost(of: .derive(program: Self.upper(column: 0), at: 0)) > inventory.cost(of: .split(column: 0, delimiter: " ", mode: .first)))
    }

    @Test func anExtractPatternPaysForEachTokenBeyondTheFirst() throws {
        let inventory = try ShippedFiles.inventory()
        let one = TableOperator.extract(column: 0, pattern: ExtractPattern(tokens: [.run(.digits)]))
        let three = TableOperator.extract(column: 0, pattern: ExtractPattern(tokens: [.run(.lower), .literal("."), .run(.lower)]))
        #expect(inventory.cost(of: one) == inventory.cost(of: .drop(column: 0)))
        #expect(inventory.cost(of: three) == inventory.cost(of: one) + 0.5)
        // `([a-z]+\.[a-z]+\/[a-z]+)` is the example's shape, 5 tokens: 2 + a drop, against a cut after "//".
        let task = SynthesisTask<Table>(
            id: "strip-the-scheme", domain: "table",
            examples: [Example(input: [["https://shop.example/cart"]], output: [["shop.example/cart"]])],
            queries: [[["ftp://files.host.net"], ["http://a.b/c/d"]]])
        let result = TableSolver(inventory: try ShippedFiles.inventoryWithCellPrograms(), parallel: false).solve(task)
        #expect(result.outputs == [[["files.host.net"], ["a.b/c/d"]]])
    }

    @Test func replacingAColumnCostsWhatDerivingItAndDroppingTheSourceCost() throws {
        // Otherwise "drop the other columns, then rewrite the last one" would undercut "derive from
        // every column, then drop them" only because of how the steps are priced.
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let program = Self.upper(column: 0)
        #expect(
            inventory.cost(of: .replace(column: 0, program: program))
                == inventory.cost(of: .derive(program: program, at: 1)) + inventory.cost(of: .drop(column: 0)))
    }

    @Test func rankingPrefersTheLayoutPipelineAtASimilarLength() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let input: Table = [["Ann Lee"], ["Bo Chan"]]
        let output: Table = [["Lee"], ["Chan"]]
        let layout = Pipeline([.split(column: 0, delimiter: " ", mode: .first), .drop(column: 0)])
        let cell = Pipeline([.replace(column: 0, program: CellProgram(otherwise: [
            .substring(column: 0, from: .matchEnd(.literal(" "), 1), to: .fromEnd(0), case: .keep),
        ]))])
        #expect(layout.apply(input) == output && cell.apply(input) == output)
        let ranking = ProgramRanking(inventory: inventory, examples: [Example(input: input, output: output)], queries: [])
        #expect(ranking.rank([cell, layout]).first == layout)
    }

    // MARK: Search

    @Test func pruningKeepsTextTheStartHoldsAndIgnoresTextOnlyAProgramWrites() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let start: Table = [["Ann Lee", "x1"], ["Bo Chan", "x2"]]
        let target: Table = [["Dr. Ann"], ["Dr. Bo"]]
        let offered = inventory.offeredSteps(from: start, toward: target)
        // "Dr" is in no input cell, yet dropping the junk column is still a step toward the target…
        #expect(offered.contains(.drop(column: 1)))
        // …while dropping the names loses "Ann" and "Bo", which no program could write back.
        #expect(!offered.contains(.drop(column: 0)))
        #expect(offered.contains { if case .derive = $0 { true } else { false } })
        // Without cell programs the invented text makes every state a dead end: no step that may
        // discard text survives, the harmless drop included.
        #expect(!(try ShippedFiles.inventory().offeredSteps(from: start, toward: target).contains(.drop(column: 1))))
    }

    @Test func cellStepsAreOfferedOnlyForTargetColumnsTheStateLacks() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let start: Table = [["ann", "ANN"], ["bo", "BO"]]
        let offered = inventory.offeredSteps(from: start, toward: [["ANN"], ["BO"]])
        #expect(!offered.contains { if case .derive = $0 { true } else if case .replace = $0 { true } else { false } })
    }

    @Test func aTargetCellThatWrapsASourceCellInNewTextGetsACellProgram() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let offered = inventory.offeredSteps(from: [["Smith"], ["Jones"]], toward: [["Mr. Smith"], ["Mr. Jones"]])
        #expect(offered.contains { if case .derive = $0 { true } else if case .replace = $0 { true } else { false } })
        let task = SynthesisTask<Table>(
            id: "salutation", domain: "table", examples: [Example(input: [["Smith"]], output: [["Mr. Smith"]])],
            queries: [[["Jones"], ["Okafor"]]])
        let result = TableSolver(inventory: inventory, parallel: false).solve(task)
        #expect(result.outputs == [[["Mr. Jones"], ["Mr. Okafor"]]])
    }

    @Test func aTargetCellCutFromASourceCellGetsACellProgramOnTheStartTable() throws {
        let inventory = try ShippedFiles.inventoryWithCellPrograms()
        let offered = inventory.offeredSteps(from: [["www.domain.com"], ["mail.net"]], toward: [["com"], ["net"]])
        #expect(offered.contains { if case .replace = $0 { true } else { false } })
        // No split or extract cuts after the last ".", so without the cell step the search finds only
        // a contorted pipeline that fits these two rows.
        let task = SynthesisTask<Table>(
            id: "top-level-domain", domain: "table",
            examples: [Example(input: [["www.domain.com"], ["mail.net"]], output: [["com"], ["net"]])],
            queries: [[["www.amaon.co.uk"], ["example.org"]]])
        let result = TableSolver(inventory: inventory, parallel: false).solve(task)
        #expect(result.outputs == [[["uk"], ["org"]]])
    }

    @Test func aColumnWhoseRowsCopyDifferentSourceColumnsGetsAConditional() throws {
        let task = SynthesisTask<Table>(
            id: "pick-the-code", domain: "table",
            examples: [Example(
                input: [["C0abc", "def"], ["aabc", "def"], ["C0dd", "qwe"]], output: [["C0abc"], ["def"], ["C0dd"]])],
            queries: [[["C0x", "y"], ["zz", "w"]]])
        let result = TableSolver(inventory: try ShippedFiles.inventoryWithCellPrograms(), parallel: false).solve(task)
        let program = try #require(result.program)
        #expect(program.steps.contains { if case .derive(let p, _) = $0 { !p.branches.isEmpty } else { false } })
        #expect(result.outputs == [[["C0x"], ["w"]]])
    }

    @Test func extractDoesNotTakeAWordOfDigitsAsItsContext() throws {
        // "938-" before "242" is part of the data: a pattern anchored on it fits no other number.
        let task = SynthesisTask<Table>(
            id: "middle-group", domain: "table", examples: [Example(input: [["938-242-504"]], output: [["242"]])],
            queries: [[["308-916-545"], ["623-599-749"]]])
        let result = TableSolver(inventory: try ShippedFiles.inventoryWithCellPrograms(), parallel: false).solve(task)
        #expect(result.outputs == [[["916"], ["599"]]])
    }

    @Test func solverLearnsAFlashFillTaskFromOneExample() throws {
        let task = SynthesisTask<Table>(
            id: "title", domain: "table",
            examples: [Example(input: [["Nancy FreeHafer"]], output: [["Dr. Nancy"]])],
            queries: [[["Andrew Cencici"], ["Jan Kotas"]]])
        let result = TableSolver(inventory: try ShippedFiles.inventoryWithCellPrograms(), parallel: false).solve(task)
        #expect(result.status == .solved)
        #expect(result.outputs == [[["Dr. Andrew"], ["Dr. Jan"]]])
    }

    @Test func solverFoldsThenRewritesTheFoldedKeys() throws {
        let task = SynthesisTask<Table>(
            id: "fold-upper", domain: "table",
            examples: [Example(
                input: [["ann", "x1", "x2"], ["bob", "y1", "y2"]],
                output: [["ANN", "x1"], ["ANN", "x2"], ["BOB", "y1"], ["BOB", "y2"]])],
            queries: [[["cy", "z1", "z2"]]])
        let result = TableSolver(inventory: try ShippedFiles.inventoryWithCellPrograms(), parallel: false).solve(task)
        let program = try #require(result.program)
        #expect(program.steps.contains(.fold(from: 1)))
        #expect(program.steps.contains { if case .replace = $0 { true } else if case .derive = $0 { true } else { false } })
        #expect(result.outputs == [[["CY", "z1"], ["CY", "z2"]]])
    }
}
