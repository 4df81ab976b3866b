import Testing
import WinnowCore
import WinnowTables
import WinnowText

/// `sort`, `dedupe` and `filter`: what each does to rows, how each prints and reads back, and that
/// the search finds each from one small example and the program carries over to a held-out table.
@Suite struct RowProgramTests {
    private func run(_ op: TableOperator, _ rows: [[String]]) -> [[String]]? { op.apply(Table(rows))?.rows }

    private static let mdy = DateReading(order: .mdy)

    // MARK: Sort

    @Test func sortIsStableAndKeepsTiesInInputOrder() {
        let rows = [["b", "1"], ["a", "2"], ["b", "3"], ["a", "4"]]
        #expect(run(.sort(keys: [SortKey(column: 0, kind: .text)], header: false), rows) == [["a", "2"], ["a", "4"], ["b", "1"], ["b", "3"]])
        // Descending reverses the keys, not the ties.
        #expect(
            run(.sort(keys: [SortKey(column: 0, kind: .text, descending: true)], header: false), rows)
                == [["b", "1"], ["b", "3"], ["a", "2"], ["a", "4"]])
    }

    @Test func headerRowStaysOnTop() {
        let rows = [["Name", "Amount"], ["x", "5"], ["y", "50"], ["z", "$1,000"]]
        let sorted = run(.sort(keys: [SortKey(column: 1, kind: .number, descending: true)], header: true), rows)
        #expect(sorted == [["Name", "Amount"], ["z", "$1,000"], ["y", "50"], ["x", "5"]])
        // Without the header flag the header is a row like any other: unreadable, so it goes last.
        let unflagged = run(.sort(keys: [SortKey(column: 1, kind: .number, descending: true)], header: false), rows)
        #expect(unflagged?.last == ["Name", "Amount"])
    }

    @Test func numbersReadAsCellProgramsReadThemAndUnreadableCellsGoLastInEitherDirection() {
        let rows = [["n/a"], ["10"], ["(3)"], [""], ["$2.50"], ["9"], ["1,5"], ["12.5%"]]
        let ascending = run(.sort(keys: [SortKey(column: 0, kind: .number)], header: false), rows)
        #expect(ascending == [["(3)"], ["12.5%"], ["$2.50"], ["9"], ["10"], ["n/a"], [""], ["1,5"]])
        let descending = run(.sort(keys: [SortKey(column: 0, kind: .number, descending: true)], header: false), rows)
        #expect(descending == [["10"], ["9"], ["$2.50"], ["12.5%"], ["(3)"], ["n/a"], [""], ["1,5"]])
        // As text, "10" sorts before "9".
        #expect(run(.sort(keys: [SortKey(column: 0, kind: .text)], header: false), [["9"], ["10"]]) == [["10"], ["9"]])
    }

    @Test func datesSortInTheirReading() {
        let rows = [["3/4/2020"], ["12/1/2019"], ["1/5/2020"], ["soon"]]
        #expect(
            run(.sort(keys: [SortKey(column: 0, kind: .date(Self.mdy))], header: false), rows)
                == [["12/1/2019"], ["1/5/2020"], ["3/4/2020"], ["soon"]])
        // Day first, 3/4/2020 is the 3rd of April and 1/5/2020 the 1st of May; 12/1/2019 is January.
        #expect(
            run(.sort(keys: [SortKey(column: 0, kind: .date(DateReading(order: .dmy)))], header: false), rows)
                == [["12/1/2019"], ["3/4/2020"], ["1/5/2020"], ["soon"]])
        let iso = [["2021-01-02"], ["2020-12-31"], ["2020-02-29"]]
        #expect(
            run(.sort(keys: [SortKey(column: 0, kind: .date(DateReading(order: .ymd)), descending: true)], header: false), iso)
                == [["2021-01-02"], ["2020-12-31"], ["2020-02-29"]])
    }

    @Test func textIgnoringCaseFoldsOnlyASCIILetters() {
        let rows = [["beta"], ["Alpha"], ["alpha"], ["Beta"], ["Éclair"], ["éclair"]]
        #expect(
            run(.sort(keys: [SortKey(column: 0, kind: .textIgnoringCase)], header: false), rows)
                == [["Alpha"], ["alpha"], ["beta"], ["Beta"], ["Éclair"], ["éclair"]])
        #expect(
            run(.sort(keys: [SortKey(column: 0, kind: .text)], header: false), rows)
                == [["Alpha"], ["Beta"], ["alpha"], ["beta"], ["Éclair"], ["éclair"]])
    }

    @Test func secondKeyOrdersTheFirstKeysTies() {
        let rows = [["East", "5"], ["West", "7"], ["East", "20"], ["West", "1"]]
        let keys = [SortKey(column: 0, kind: .text), SortKey(column: 1, kind: .number, descending: true)]
        #expect(run(.sort(keys: keys, header: false), rows) == [["East", "20"], ["East", "5"], ["West", "7"], ["West", "1"]])
    }

    @Test func sortIsNotApplicableWithoutKeysOrOutsideTheTableAndPadsRaggedRows() {
        #expect(run(.sort(keys: [], header: false), [["a"]]) == nil)
        #expect(run(.sort(keys: [SortKey(column: 2, kind: .text)], header: false), [["a", "b"]]) == nil)
        #expect(run(.sort(keys: [SortKey(column: 1, kind: .text)], header: false), [["a", "z"], ["b"]]) == [["b", ""], ["a", "z"]])
        #expect(TableOperator.sort(keys: [SortKey(column: 0, kind: .text)], header: false).apply(Table([])) == nil)
    }

    // MARK: Dedupe

    @Test func dedupeKeepsFirstOrLastOccurrenceInOrder() {
        let rows = [["a", "1"], ["b", "2"], ["a", "1"], ["c", "3"], ["b", "2"]]
        #expect(run(.dedupe(columns: [], keep: .first), rows) == [["a", "1"], ["b", "2"], ["c", "3"]])
        #expect(run(.dedupe(columns: [], keep: .last), rows) == [["a", "1"], ["c", "3"], ["b", "2"]])
    }

    @Test func dedupeByKeyColumnsIgnoresTheOthers() {
        let rows = [["1", "ann@x.com", "Ann"], ["2", "bob@x.com", "Bob"], ["3", "ann@x.com", "Ann B."], ["4", "bob@x.com", "Bobby"]]
        #expect(run(.dedupe(columns: [1], keep: .first), rows) == [rows[0], rows[1]])
        #expect(run(.dedupe(columns: [1], keep: .last), rows) == [rows[2], rows[3]])
        #expect(run(.dedupe(columns: [1, 2], keep: .first), rows) == rows)
        #expect(run(.dedupe(columns: [3], keep: .first), rows) == nil)
    }

    @Test func dedupeComparesTextByCodePoints() {
        let rows = [["caf\u{E9}"], ["cafe\u{301}"], ["caf\u{E9}"]]
        let result = run(.dedupe(columns: [], keep: .first), rows)
        #expect(result?.count == 2)
    }

    // MARK: Filter

    private static let orders: [[String]] = [
        ["1", "shipped", "120", "3/1/2020", "A-17"], ["2", "cancelled", "80", "12/24/2019", "B-2"],
        ["3", "", "$1,050.00", "2/29/2020", "A-3"], ["4", "pending", "99.5", "1/15/2021", "c9"],
        ["5", "Cancelled", "n/a", "soon", "A-x"],
    ]

    private func kept(_ predicate: RowPredicate, keep: Bool = true) -> [String]? {
        run(.filter(predicate: predicate, keep: keep), Self.orders)?.map { $0[0] }
    }

    @Test func eachTestKeepsTheRowsItHoldsOn() {
        #expect(kept(.isEmpty(column: 1)) == ["3"])
        #expect(kept(.contains(column: 4, text: "-")) == ["1", "2", "3", "5"])
        #expect(kept(.startsWith(column: 4, text: "A")) == ["1", "3", "5"])
        #expect(kept(.endsWith(column: 1, text: "ed")) == ["1", "2", "5"])
        #expect(kept(.equalsOneOf(column: 1, values: ["shipped", "pending"])) == ["1", "4"])
        #expect(kept(.matches(column: 4, cellClass: .alphanumeric)) == ["4"])
        #expect(kept(.matches(column: 3, cellClass: .date)) == ["1", "2", "3", "4"])
    }

    @Test func numberAndDateTestsAreFalseOnCellsTheyCannotRead() {
        #expect(kept(.number(column: 2, .greater, 100)) == ["1", "3"])
        #expect(kept(.number(column: 2, .greater, 100), keep: false) == ["2", "4", "5"])
        #expect(kept(.number(column: 2, .lessOrEqual, 99.5)) == ["2", "4"])
        let newYear = CalendarDate(year: 2020, month: 1, day: 1)!
        #expect(kept(.date(column: 3, Self.mdy, .greaterOrEqual, newYear)) == ["1", "3", "4"])
        #expect(kept(.date(column: 3, Self.mdy, .less, newYear)) == ["2"])
    }

    @Test func deleteFormAndConjunctions() {
        #expect(kept(.equalsOneOf(column: 1, values: ["cancelled", "Cancelled"]), keep: false) == ["1", "3", "4"])
        #expect(kept(.both(.startsWith(column: 4, text: "A"), .number(column: 2, .greater, 100))) == ["1", "3"])
        #expect(kept(.both(.startsWith(column: 4, text: "A"), .number(column: 2, .greater, 100)), keep: false) == ["2", "4", "5"])
    }

    @Test func filterIsNotApplicableWhenNoRowRemainsOrAColumnIsMissing() {
        #expect(run(.filter(predicate: .isEmpty(column: 0), keep: true), Self.orders) == nil)
        #expect(run(.filter(predicate: .isEmpty(column: 9), keep: false), Self.orders) == nil)
        #expect(run(.filter(predicate: .both(.isEmpty(column: 0), .isEmpty(column: -1)), keep: false), Self.orders) == nil)
    }

    @Test func rowProgramsDependOnOtherRowsExceptFilter() {
        #expect(TableOperator.sort(keys: [SortKey(column: 0, kind: .number)], header: false).dependsOnOtherRows)
        #expect(TableOperator.dedupe(columns: [], keep: .first).dependsOnOtherRows)
        #expect(!TableOperator.filter(predicate: .isEmpty(column: 0), keep: true).dependsOnOtherRows)
    }

    // MARK: Printing and parsing

    @Test(arguments: [
        TableOperator.sort(keys: [SortKey(column: 2, kind: .number, descending: true)], header: true),
        .sort(keys: [SortKey(column: 0, kind: .textIgnoringCase), SortKey(column: 1, kind: .date(DateReading(order: .dmy, pivot: 30)))], header: false),
        .dedupe(columns: [], keep: .first), .dedupe(columns: [1, 0], keep: .last),
        .filter(predicate: .number(column: 2, .greater, 100), keep: true),
        .filter(predicate: .number(column: 0, .lessOrEqual, -0.00001), keep: false),
        .filter(predicate: .equalsOneOf(column: 1, values: ["say \"hi\"", "a, b", "]", ""]), keep: false),
        .filter(predicate: .both(.startsWith(column: 0, text: "and("), .matches(column: 1, cellClass: .containing(")"))), keep: true),
        .filter(predicate: .date(column: 3, DateReading(order: .names), .notEqual, CalendarDate(year: 1, month: 2, day: 3)!), keep: true),
    ])
    func rowProgramsReadBackFromTheirDescription(_ op: TableOperator) throws {
        let parsed = try TableOperator(parsing: op.description)
        #expect(parsed == op, "\(op.description)")
        #expect(parsed.description == op.description)
    }

    @Test func printedFormsArePlain() {
        #expect(
            TableOperator.sort(keys: [SortKey(column: 2, kind: .number, descending: true)], header: true).description
                == "sort(keys: [number(column: 2, direction: descending)], header: true)")
        #expect(TableOperator.dedupe(columns: [], keep: .first).description == "dedupe(columns: all, keep: first)")
        #expect(
            TableOperator.filter(predicate: .number(column: 2, .greater, 100), keep: true).description
                == "filter(keep: true, where: number(column: 2, op: \">\", value: 100), header: false)")
    }

    @Test(arguments: [
        "sort(keys: [number(column: 1)], header: true)", "sort(keys: [1], header: true)",
        "sort(keys: [colour(column: 1, direction: ascending)], header: false)", "dedupe(columns: some, keep: first)",
        "dedupe(columns: [1], keep: middle)", "filter(keep: maybe, where: empty(column: 1), header: false)",
        "filter(keep: true, where: number(column: 1, op: \"~\", value: 3), header: false)",
        "filter(keep: true, where: date(column: 1, order: mdy, pivot: 50, op: \"<\", value: \"2020-02-30\"), header: false)",
        "filter(keep: true, where: and(empty(column: 1)), header: false)", "filter(keep: true, where: empty(column: 1, text: \"x\"), header: false)",
    ])
    func malformedRowProgramsAreRefused(_ line: String) {
        #expect(throws: WinnowError.self) { try TableOperator(parsing: line) }
    }

    // MARK: Solved from one example

    private func solve(_ input: Table, _ output: Table, heldOut: Table, answer: Table) throws -> Pipeline? {
        let task = SynthesisTask(id: "rows", domain: "table", examples: [Example(input: input, output: output)], queries: [heldOut])
        let result = TableSolver(inventory: try ShippedFiles.inventory(), parallel: false).solve(task)
        #expect(result.status == .solved)
        #expect(result.outputs == [answer], "\(String(describing: result.program))")
        return result.program
    }

    @Test func salesSortedByAmountDescendingUnderAHeader() throws {
        let program = try solve(
            [["Rep", "Region", "Amount"], ["Ann", "East", "$1,200"], ["Bob", "West", "950"], ["Cid", "East", "87.50"], ["Dee", "North", "2,400"], ["Eve", "West", "310"]],
            [["Rep", "Region", "Amount"], ["Dee", "North", "2,400"], ["Ann", "East", "$1,200"], ["Bob", "West", "950"], ["Eve", "West", "310"], ["Cid", "East", "87.50"]],
            heldOut: [["Rep", "Region", "Amount"], ["Fay", "South", "95"], ["Gus", "East", "$10,000"], ["Hal", "West", "120"]],
            answer: [["Rep", "Region", "Amount"], ["Gus", "East", "$10,000"], ["Hal", "West", "120"], ["Fay", "South", "95"]])
        #expect(program?.steps == [.sort(keys: [SortKey(column: 2, kind: .number, descending: true)], header: true)])
    }

    @Test func datesSortedOldestFirst() throws {
        let program = try solve(
            [["Invoice", "Due"], ["I-4", "3/2/2021"], ["I-7", "11/30/2020"], ["I-3", "1/15/2021"], ["I-9", "12/5/2020"]],
            [["Invoice", "Due"], ["I-7", "11/30/2020"], ["I-9", "12/5/2020"], ["I-3", "1/15/2021"], ["I-4", "3/2/2021"]],
            heldOut: [["Invoice", "Due"], ["J-1", "10/1/2021"], ["J-2", "9/30/2021"], ["J-3", "1/1/2022"]],
            answer: [["Invoice", "Due"], ["J-2", "9/30/2021"], ["J-1", "10/1/2021"], ["J-3", "1/1/2022"]])
        #expect(program?.steps.count == 1)
    }

    @Test func contactsDedupedByEmailKeepingTheFirst() throws {
        let program = try solve(
            [["id", "email", "name"], ["1", "ann@x.com", "Ann"], ["2", "bob@y.org", "Bob"], ["3", "ann@x.com", "Ann B."], ["4", "cid@z.net", "Cid"], ["5", "bob@y.org", "Robert"], ["6", "dee@x.com", "Dee"]],
            [["id", "email", "name"], ["1", "ann@x.com", "Ann"], ["2", "bob@y.org", "Bob"], ["4", "cid@z.net", "Cid"], ["6", "dee@x.com", "Dee"]],
            heldOut: [["id", "email", "name"], ["7", "eve@x.com", "Eve"], ["8", "eve@x.com", "Evelyn"], ["9", "fay@y.org", "Fay"], ["10", "eve@x.com", "E."]],
            answer: [["id", "email", "name"], ["7", "eve@x.com", "Eve"], ["9", "fay@y.org", "Fay"]])
        #expect(program?.steps == [.dedupe(columns: [1], keep: .first)])
    }

    @Test func cancelledOrdersDeleted() throws {
        let program = try solve(
            [["order", "status", "amount"], ["1001", "shipped", "40"], ["1002", "cancelled", "15"], ["1003", "pending", "220"], ["1004", "shipped", "75"], ["1005", "cancelled", "60"], ["1006", "pending", "18"]],
            [["order", "status", "amount"], ["1001", "shipped", "40"], ["1003", "pending", "220"], ["1004", "shipped", "75"], ["1006", "pending", "18"]],
            heldOut: [["order", "status", "amount"], ["2001", "cancelled", "500"], ["2002", "returned", "30"], ["2003", "shipped", "12"]],
            answer: [["order", "status", "amount"], ["2002", "returned", "30"], ["2003", "shipped", "12"]])
        #expect(program?.steps == [.filter(predicate: .equalsOneOf(column: 1, values: ["cancelled"]), keep: false)])
    }

    @Test func rowsWithAmountOverAHundredKept() throws {
        _ = try solve(
            [["item", "amount"], ["desk", "150"], ["pen", "4.50"], ["chair", "320"], ["lamp", "99"], ["shelf", "101.5"], ["mug", "12"]],
            [["item", "amount"], ["desk", "150"], ["chair", "320"], ["shelf", "101.5"]],
            heldOut: [["item", "amount"], ["sofa", "1,299"], ["cup", "99.99"], ["rug", "100.01"], ["pin", "0.5"]],
            answer: [["item", "amount"], ["sofa", "1,299"], ["rug", "100.01"]])
    }

    @Test func rowsKeptByTwoConditionsWhenNoneAloneSeparates() throws {
        // Region East and amount over 100: neither test alone keeps exactly these rows.
        let program = try solve(
            [["East", "Ann", "150"], ["West", "Bob", "300"], ["East", "Cid", "40"], ["East", "Dee", "220"], ["North", "Eve", "90"]],
            [["East", "Ann", "150"], ["East", "Dee", "220"]],
            heldOut: [["East", "Fay", "500"], ["West", "Gus", "700"], ["East", "Hal", "10"]],
            answer: [["East", "Fay", "500"]])
        guard case .filter(.both, _, _)? = program?.steps.first else {
            Issue.record("expected a conjunction, got \(String(describing: program))")
            return
        }
    }

    @Test func filterThenSortWhenTheKeptRowsComeInAnotherOrder() throws {
        let program = try solve(
            [["item", "amount"], ["desk", "150"], ["pen", "4.50"], ["chair", "320"], ["lamp", "99"], ["shelf", "101.5"], ["mug", "12"]],
            [["item", "amount"], ["chair", "320"], ["desk", "150"], ["shelf", "101.5"]],
            heldOut: [["item", "amount"], ["sofa", "1,299"], ["cup", "99.99"], ["rug", "100.01"], ["pin", "0.5"], ["bed", "450"]],
            answer: [["item", "amount"], ["sofa", "1,299"], ["bed", "450"], ["rug", "100.01"]])
        #expect(program?.steps.map(\.name) == ["filter", "sort"])
    }

    @Test func filterKeepsAHeaderRowAboveTheRowsATestKeeps() throws {
        let program = try solve(
            [["SKU", "desc"], ["AB-100", "widget"], ["CD-200", "gadget"], ["AB-310", "gizmo"], ["XY-999", "thing"], ["AB-7", "doohickey"]],
            [["SKU", "desc"], ["AB-100", "widget"], ["AB-310", "gizmo"], ["AB-7", "doohickey"]],
            heldOut: [["SKU", "desc"], ["EF-1", "cog"], ["AB-55", "sprocket"], ["AC-1", "nut"]],
            answer: [["SKU", "desc"], ["AB-55", "sprocket"]])
        #expect(program?.steps == [.filter(predicate: .startsWith(column: 0, text: "AB"), keep: true, header: true)])
    }

    /// The later of two `ok` notes is also "dated 2020 or later": the test, which treats each row
    /// alike, wins over a dedupe that fits by coincidence.
    @Test func aSingleTestWinsOverADedupeThatHappensToFit() throws {
        let program = try solve(
            [["id", "date", "note"], ["1", "3/14/2019", "ok"], ["2", "1/5/2020", "late"], ["3", "12/30/2019", "ok"], ["4", "7/4/2021", "fine"], ["5", "2/1/2020", "ok"]],
            [["id", "date", "note"], ["2", "1/5/2020", "late"], ["4", "7/4/2021", "fine"], ["5", "2/1/2020", "ok"]],
            heldOut: [["id", "date", "note"], ["6", "11/11/2019", "new"], ["7", "3/3/2022", "ok"], ["8", "5/5/2020", "ok"]],
            answer: [["id", "date", "note"], ["7", "3/3/2022", "ok"], ["8", "5/5/2020", "ok"]])
        #expect(program?.steps.map(\.name) == ["filter"])
    }

    @Test func filterFoundAfterASplit() throws {
        _ = try solve(
            [["Ann|cancelled"], ["Bob|shipped"], ["Cid|shipped"], ["Dee|cancelled"]],
            [["Bob", "shipped"], ["Cid", "shipped"]],
            heldOut: [["Eve|shipped"], ["Fay|cancelled"]],
            answer: [["Eve", "shipped"]])
    }
}
