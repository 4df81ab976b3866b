import Testing
import WinnowTables
import WinnowText

/// The one-sentence explanations a web page and the `explain_program` tool show for each step: plain
/// English with columns counted from 1, where `description` counts from 0.
@Suite struct OperatorExplanationTests {
    @Test(arguments: [
        ("drop(column: 0)", "Delete column 1."),
        ("move(column: 2, to: 0)", "Move column 3 so that it becomes column 1."),
        ("merge(column: 1, with: 2, separator: \", \")", "Join column 2 with the next column into one column, with \", \" in between."),
        ("merge(column: 0, with: 1, separator: \"\")", "Join column 1 with the next column into one column, with nothing in between."),
        ("split(column: 1, on: \":\", mode: first)", "Split column 2 in two at the first \":\"."),
        ("split(column: 0, on: \" \", mode: runs)", "Split column 1 into several columns at every run of one or more \" \"."),
        ("divide(column: 1, by: digits)", "Split column 2 into two columns: a cell that is made only of digits goes to the first, any other cell to the second."),
        (
            #"extract(column: 0, pattern: "\\$([0-9]+\\.[0-9]+)")"#,
            "Insert after column 1 a new column holding the first part of each cell that is a run of digits followed by \".\" followed by a run of digits right after \"$\" (empty where there is none)."
        ),
        ("fold(from: 2)", "Turn each cell from column 3 onward into a row of its own that repeats the row's first 2 columns (wide to long)."),
        (
            "fold-header(from: 1)",
            "Treat the first row as a header and turn each cell below it from column 2 onward into a row of its own holding the row's first column, that column's header and the cell (wide to long)."
        ),
        ("fill-down(column: 0)", "Fill each empty cell of column 1 with the nearest non-empty cell above it."),
        ("wrap-every(k: 3)", "Join every 3 consecutive rows into one row, side by side."),
        ("transpose()", "Swap rows and columns, so that each column becomes a row."),
        (
            #"derive(at: 2, program: "Mr. " + cell(column: 0, case: upper))"#,
            "Insert a new column 3 holding \"Mr. \" followed by column 1 in upper case."
        ),
        (
            #"replace(column: 1, program: if empty(column: 1) then "none" else substring(column: 1, from: start, to: start(",", 1)))"#,
            "Replace each cell of column 2 with \"none\" if column 2 is empty, otherwise the text of column 2 up to the first \",\"."
        ),
        (
            "sort(keys: [text(column: 0, case: insensitive, direction: ascending), number(column: 2, direction: descending)], header: true)",
            "Sort the rows below the header by column 1 as text ignoring case (A to Z), then by the number in column 3 (largest first)."
        ),
        ("dedupe(columns: all, keep: first)", "Delete every row that matches an earlier row in every column, keeping the first occurrence."),
        ("dedupe(columns: [0, 2], keep: last)", "Delete every row that matches a later row in columns 1 and 3, keeping the last occurrence."),
        (
            #"filter(keep: true, where: number(column: 2, op: ">", value: 100), header: true)"#,
            "Keep the header and only the rows below it where the number in column 3 is greater than 100."
        ),
        (
            #"filter(keep: false, where: and(empty(column: 1), one-of(column: 0, values: ["Ann", "Bo"])), header: false)"#,
            "Delete the rows where column 2 is empty and column 1 is exactly \"Ann\" or \"Bo\"."
        ),
        (
            #"filter(keep: true, where: date(column: 1, order: dmy, pivot: 50, op: ">=", value: "2020-01-01"), header: false)"#,
            "Keep only the rows where the day/month/year date in column 2 is on or after 1 January 2020."
        ),
    ])
    func stepsReadAsSentences(line: String, sentence: String) throws {
        #expect(try TableOperator(parsing: line).explanation == sentence)
    }

    @Test func aPipelineExplainsEachStepInOrderAndTheEmptyOneKeepsTheTable() throws {
        let pipeline = try Pipeline(parsing: ["split(column: 0, on: \":\", mode: all)", "delete-empty-rows()"])
        #expect(pipeline.explanations == ["Split column 1 into several columns at every \":\".", "Delete the rows that are entirely empty."])
        #expect(Pipeline([]).explanations == ["Keep the table as it is."])
    }

    /// Every operator with every kind of parameter, including indexes no table has (`Int.max`
    /// included, which must not overflow when counted from 1): a sentence, not the program line again.
    @Test func everyOperatorInThePoolHasItsOwnSentence() {
        for op in PythonExportTests.operatorPool {
            let sentence = op.explanation
            #expect(sentence.first?.isUppercase == true && sentence.hasSuffix("."), "\(op): \(sentence)")
            #expect(sentence != op.description && !sentence.contains(op.description), "\(op): \(sentence)")
            #expect(!sentence.contains(#/column: -?\d/#), "\(op): \(sentence)")
        }
        #expect(Set(PythonExportTests.operatorPool.map(\.name)) == PythonExportTests.operatorNames)
    }

    @Test func columnsAreCountedFromOneEvenAtTheEdges() {
        #expect(TableOperator.copy(column: Int.max).explanation == "Insert a copy of column 9223372036854775808 right after it.")
        #expect(TableOperator.fillDown(column: -1).explanation == "Fill each empty cell of column 0 with the nearest non-empty cell above it.")
    }
}
