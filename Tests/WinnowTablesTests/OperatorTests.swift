import Testing
import WinnowCore
import WinnowTables
import WinnowText

/// Applies an operator to rows and returns the resulting rows, or nil when it is not applicable.
private func run(_ op: TableOperator, _ rows: [[String]]) -> [[String]]? {
    op.apply(Table(rows))?.rows
}

/// Every operator pinned here; nested suites group the tests by operator.
@Suite struct OperatorTests {
    /// One instance of every case, with parameters that fit a 3×3 table.
    static let everyCase: [TableOperator] = [
        .drop(column: 0), .move(column: 0, to: 1), .copy(column: 0), .merge(column: 0, separator: " "),
        .split(column: 0, delimiter: ",", mode: .all), .divide(column: 0, by: .digits),
        .extract(column: 0, pattern: ExtractPattern(tokens: [.run(.digits)])), .fold(from: 1),
        .foldHeader(from: 1), .unfold, .unfoldHeader(key: 0), .fillDown(column: 0),
        .deleteRowsWithEmptyCell(column: 0), .deleteEmptyColumns, .deleteEmptyRows, .wrapEvery(k: 3),
        .wrapOn(column: 0), .wrapIntoOneRow, .transpose,
        .derive(program: CellProgram(otherwise: [.whole(column: 0, spacing: .keep, case: .upper)]), at: 1),
        .replace(column: 0, program: CellProgram(otherwise: [.whole(column: 2, spacing: .keep, case: .upper)])),
        .sort(keys: [SortKey(column: 1, kind: .number, descending: true)], header: false), .dedupe(columns: [0], keep: .last),
        .filter(predicate: .matches(column: 1, cellClass: .digits), keep: true),
    ]

    @Test func everyCaseHasADistinctNameKnownToInventories() {
        let names = Self.everyCase.map(\.name)
        #expect(Set(names).count == 24)
        // Table inventories list the layout operators; the text inventory enables the cell steps.
        #expect(Set(names) == Set(Inventory.knownOperators.keys).union(Inventory.cellOperators))
    }

    @Test(arguments: OperatorTests.everyCase)
    func tableWithoutRowsIsNotApplicable(_ op: TableOperator) {
        #expect(op.apply(Table([])) == nil)
    }

    @Test(arguments: OperatorTests.everyCase)
    func everyCaseAppliesToASmallTable(_ op: TableOperator) {
        let table: Table = [["a", "1", "x"], ["b", "2", "y"], ["c", "3", "z"]]
        #expect(op.apply(table) != nil, "\(op)")
    }

    /// Totality: odd parameters and odd tables give a table or nil, never a trap.
    @Test func oddParametersAndShapesNeverTrap() {
        let values = [Int.min, -2, -1, 0, 1, 2, 3, 7, Int.max - 1]
        var ops: [TableOperator] = [.unfold, .deleteEmptyColumns, .deleteEmptyRows, .wrapIntoOneRow, .transpose]
        let pattern = ExtractPattern(prefix: "#", tokens: [.run(.digits)], suffix: "!")
        for v in values {
            ops += [
                .drop(column: v), .copy(column: v), .merge(column: v, separator: "-"),
                .split(column: v, delimiter: ",", mode: .first), .split(column: v, delimiter: ",", mode: .all),
                .split(column: v, delimiter: ",", mode: .runs), .split(column: v, delimiter: "", mode: .all),
                .divide(column: v, by: .date), .extract(column: v, pattern: pattern), .fold(from: v),
                .foldHeader(from: v), .unfoldHeader(key: v), .fillDown(column: v),
                .deleteRowsWithEmptyCell(column: v), .wrapEvery(k: v), .wrapOn(column: v),
                .derive(program: CellProgram(otherwise: [.whole(column: v, spacing: .trim, case: .upper)]), at: v),
                .replace(column: v, program: CellProgram(otherwise: [.substring(column: v, from: .fromStart(v), to: .fromEnd(0), case: .keep)])),
                .sort(keys: [SortKey(column: v, kind: .date(DateReading(order: .dmy)))], header: true),
                .sort(keys: [SortKey(column: 0, kind: .text), SortKey(column: v, kind: .number, descending: true)], header: false),
                .dedupe(columns: [v], keep: .first), .dedupe(columns: [0, v], keep: .last),
                .filter(predicate: .number(column: v, .greater, 1), keep: true),
                .filter(predicate: .both(.isEmpty(column: 0), .contains(column: v, text: "")), keep: false),
            ]
            for w in values { ops.append(.move(column: v, to: w)) }
        }
        let tables: [Table] = [
            Table([]), Table([[]]), Table([[], []]), [[""]], [["a"]], [["a"], ["b"]], [["", ""], ["", ""]],
            [["a", "b", "c"], ["d"]], [[], ["a", "b"]], [["1,2", "#3!"], ["4,,5", ""], ["6", "7"]],
        ]
        for table in tables {
            for op in ops {
                if let result = op.apply(table) {
                    #expect(!result.rows.isEmpty, "\(op) on \(table.rows) gave a table without rows")
                }
            }
        }
    }

    @Test func descriptionsReadBackAsCalls() {
        #expect(TableOperator.split(column: 1, delimiter: ":", mode: .all).description == #"split(column: 1, on: ":", mode: all)"#)
        #expect(TableOperator.merge(column: 0, separator: "\t").description == #"merge(column: 0, with: 1, separator: "\t")"#)
        #expect(TableOperator.divide(column: 2, by: .containing("\"")).description == #"divide(column: 2, by: containing("\""))"#)
        #expect(TableOperator.foldHeader(from: 1).description == "fold-header(from: 1)")
        #expect(TableOperator.unfold.description == "unfold()")
    }

    @Test func columnIsTheColumnTheOperatorReads() {
        #expect(TableOperator.split(column: 2, delimiter: ",", mode: .first).column == 2)
        #expect(TableOperator.fold(from: 1).column == 1)
        #expect(TableOperator.unfoldHeader(key: 3).column == 3)
        #expect(TableOperator.transpose.column == nil)
        #expect(TableOperator.wrapEvery(k: 2).column == nil)
    }
}

extension OperatorTests {
    @Suite struct Drop {
        @Test func removesTheColumn() {
            #expect(run(.drop(column: 1), [["a", "b", "c"], ["d", "e", "f"]]) == [["a", "c"], ["d", "f"]])
            #expect(run(.drop(column: 2), [["a", "b", "c"]]) == [["a", "b"]])
        }

        @Test func outOfRangeColumnIsNotApplicable() {
            #expect(run(.drop(column: 3), [["a", "b", "c"]]) == nil)
            #expect(run(.drop(column: -1), [["a", "b", "c"]]) == nil)
        }

        @Test func lastRemainingColumnCannotBeDropped() {
            #expect(run(.drop(column: 0), [["a"], ["b"]]) == nil)
        }

        @Test func raggedRowsArePaddedFirst() {
            #expect(run(.drop(column: 0), [["a", "b", "c"], ["d"]]) == [["b", "c"], ["", ""]])
        }

        @Test func nonASCIICellsMoveIntact() {
            #expect(run(.drop(column: 0), [["é", "日本", "👩‍👩‍👧"]]) == [["日本", "👩‍👩‍👧"]])
        }
    }

    @Suite struct Move {
        @Test func movesAColumnToTheGivenIndex() {
            #expect(run(.move(column: 0, to: 2), [["a", "b", "c"]]) == [["b", "c", "a"]])
            #expect(run(.move(column: 2, to: 0), [["a", "b", "c"]]) == [["c", "a", "b"]])
            #expect(run(.move(column: 1, to: 2), [["a", "b", "c"], ["d", "e", "f"]]) == [["a", "c", "b"], ["d", "f", "e"]])
        }

        @Test func movingAColumnOntoItselfIsNotApplicable() {
            #expect(run(.move(column: 1, to: 1), [["a", "b", "c"]]) == nil)
            #expect(run(.move(column: 0, to: 0), [["a"]]) == nil)
        }

        @Test func outOfRangeColumnOrTargetIsNotApplicable() {
            #expect(run(.move(column: 3, to: 0), [["a", "b", "c"]]) == nil)
            #expect(run(.move(column: 0, to: 3), [["a", "b", "c"]]) == nil)
            #expect(run(.move(column: -1, to: 0), [["a", "b", "c"]]) == nil)
            #expect(run(.move(column: 0, to: -1), [["a", "b", "c"]]) == nil)
        }

        @Test func raggedRowsArePaddedFirst() {
            #expect(run(.move(column: 1, to: 0), [["a", "b"], ["c"]]) == [["b", "a"], ["", "c"]])
        }
    }

    @Suite struct Copy {
        @Test func insertsACopyRightAfterTheColumn() {
            #expect(run(.copy(column: 0), [["a", "b"], ["c", "d"]]) == [["a", "a", "b"], ["c", "c", "d"]])
            #expect(run(.copy(column: 1), [["a", "b"]]) == [["a", "b", "b"]])
        }

        @Test func oneColumnTableDoublesItsColumn() {
            #expect(run(.copy(column: 0), [["x"], [""]]) == [["x", "x"], ["", ""]])
        }

        @Test func outOfRangeColumnIsNotApplicable() {
            #expect(run(.copy(column: 2), [["a", "b"]]) == nil)
            #expect(run(.copy(column: -1), [["a", "b"]]) == nil)
        }

        @Test func raggedRowsCopyAnEmptyCell() {
            #expect(run(.copy(column: 1), [["a", "b"], ["c"]]) == [["a", "b", "b"], ["c", "", ""]])
        }
    }

    @Suite struct Merge {
        @Test func joinsAColumnWithTheNextUsingTheSeparator() {
            #expect(run(.merge(column: 0, separator: "-"), [["a", "b", "c"]]) == [["a-b", "c"]])
            #expect(run(.merge(column: 1, separator: ""), [["a", "b", "c"], ["d", "e", "f"]]) == [["a", "bc"], ["d", "ef"]])
        }

        @Test func lastColumnHasNothingToMergeWith() {
            #expect(run(.merge(column: 2, separator: " "), [["a", "b", "c"]]) == nil)
            #expect(run(.merge(column: 0, separator: " "), [["a"], ["b"]]) == nil)
            #expect(run(.merge(column: -1, separator: " "), [["a", "b"]]) == nil)
        }

        @Test func emptyCellsStillGetTheSeparator() {
            #expect(run(.merge(column: 0, separator: ", "), [["", "b"], ["a", ""], ["", ""]]) == [[", b"], ["a, "], [", "]])
        }

        @Test func raggedRowsMergeWithAnEmptyCell() {
            #expect(run(.merge(column: 0, separator: " "), [["a", "b"], ["c"]]) == [["a b"], ["c "]])
        }

        @Test func nonASCIISeparatorAndCells() {
            #expect(run(.merge(column: 0, separator: "・"), [["東", "京"]]) == [["東・京"]])
        }

        @Test
        func hugeColumnIsNotApplicable() {
            #expect(run(.merge(column: Int.max, separator: " "), [["a", "b"]]) == nil)
        }
    }

    @Suite struct Split {
        @Test func firstModeSplitsAtTheFirstDelimiterOnly() {
            #expect(run(.split(column: 0, delimiter: ":", mode: .first), [["a:b:c"], ["d"]]) == [["a", "b:c"], ["d", ""]])
        }

        @Test func firstModeAlwaysMakesTwoColumns() {
            #expect(run(.split(column: 0, delimiter: ":", mode: .first), [["ab"], [""]]) == [["ab", ""], ["", ""]])
            #expect(run(.split(column: 0, delimiter: ":", mode: .first), [[":"]]) == [["", ""]])
        }

        @Test func allModeSplitsAtEveryDelimiterAndPadsShortRows() {
            #expect(run(.split(column: 0, delimiter: ":", mode: .all), [["a:b:c", "x"], ["d", "y"]])
                == [["a", "b", "c", "x"], ["d", "", "", "y"]])
        }

        @Test func allModeKeepsEmptyPiecesBetweenConsecutiveDelimiters() {
            #expect(run(.split(column: 0, delimiter: ",", mode: .all), [["a,,b"]]) == [["a", "", "b"]])
            #expect(run(.split(column: 0, delimiter: ",", mode: .all), [[",a,"]]) == [["", "a", ""]])
        }

        @Test func allModeWithoutAnyDelimiterLeavesTheTableUnchanged() {
            #expect(run(.split(column: 0, delimiter: ":", mode: .all), [["ab", "c"]]) == [["ab", "c"]])
        }

        @Test func allModeWithAMultiCharacterDelimiter() {
            #expect(run(.split(column: 0, delimiter: ", ", mode: .all), [["a, b, c"], ["d,e"]]) == [["a", "b", "c"], ["d,e", "", ""]])
        }

        @Test func runsModeTreatsConsecutiveDelimitersAsOne() {
            #expect(run(.split(column: 0, delimiter: " ", mode: .runs), [["a   b c"], ["d"]]) == [["a", "b", "c"], ["d", "", ""]])
        }

        @Test func runsModeKeepsEmptyFirstAndLastPiecesLikePythonReSplit() {
            // re.split(re.escape(":") + "+", ":a::b:") == ["", "a", "b", ""]
            #expect(run(.split(column: 0, delimiter: ":", mode: .runs), [[":a::b:"]]) == [["", "a", "b", ""]])
            // re.split(":+", "a::") == ["a", ""], re.split(":+", "::") == ["", ""]
            #expect(run(.split(column: 0, delimiter: ":", mode: .runs), [["a::"], ["::"]]) == [["a", ""], ["", ""]])
            #expect(run(.split(column: 0, delimiter: ":", mode: .runs), [["a:b"]]) == [["a", "b"]])
        }

        @Test func emptyCellsSplitIntoOneEmptyPiece() {
            #expect(run(.split(column: 0, delimiter: ",", mode: .all), [[""], ["a,b"]]) == [["", ""], ["a", "b"]])
            #expect(run(.split(column: 0, delimiter: ",", mode: .runs), [[""], ["a,b"]]) == [["", ""], ["a", "b"]])
        }

        @Test func splitColumnKeepsItsNeighboursInPlace() {
            #expect(run(.split(column: 1, delimiter: "/", mode: .all), [["x", "7/4/2016", "y"]]) == [["x", "7", "4", "2016", "y"]])
        }

        @Test func raggedRowsSplitTheirMissingCellAsEmpty() {
            #expect(run(.split(column: 1, delimiter: ",", mode: .all), [["k"], ["k", "x,y"]]) == [["k", "", ""], ["k", "x", "y"]])
        }

        @Test func emptyDelimiterOrOutOfRangeColumnIsNotApplicable() {
            #expect(run(.split(column: 0, delimiter: "", mode: .all), [["abc"]]) == nil)
            #expect(run(.split(column: 1, delimiter: ",", mode: .all), [["a,b"]]) == nil)
            #expect(run(.split(column: -1, delimiter: ",", mode: .first), [["a,b"]]) == nil)
        }

        @Test func nonASCIIDelimitersAndCells() {
            #expect(run(.split(column: 0, delimiter: "・", mode: .all), [["日本・東京・渋谷"]]) == [["日本", "東京", "渋谷"]])
            #expect(run(.split(column: 0, delimiter: ",", mode: .all), [["😀,é,👩‍👩‍👧"]]) == [["😀", "é", "👩‍👩‍👧"]])
        }

        /// A CRLF is one `Character` in Swift; splitting must still work on code points as Python does.
        @Test func newlineDelimiterSplitsCRLFCellsLikePython() {
            // "a\r\nb".split("\n") == ["a\r", "b"]; mode first already does this.
            #expect(run(.split(column: 0, delimiter: "\n", mode: .first), [["a\r\nb"]]) == [["a\r", "b"]])
            #expect(run(.split(column: 0, delimiter: "\n", mode: .all), [["a\r\nb"]]) == [["a\r", "b"]])
            #expect(run(.split(column: 0, delimiter: "\n", mode: .runs), [["a\r\n\r\nb"]]) == [["a\r", "\r", "b"]])
        }

        @Test func delimiterFollowedByACombiningMarkStillSplits() {
            // "x,\u0301y".split(",") == ["x", "\u0301y"]
            #expect(run(.split(column: 0, delimiter: ",", mode: .all), [["x,\u{301}y"]]) == [["x", "\u{301}y"]])
            #expect(run(.split(column: 0, delimiter: ",", mode: .first), [["x,\u{301}y"]]) == [["x", "\u{301}y"]])
        }

        @Test func canonicallyEquivalentTextIsNotTheDelimiter() {
            // Python compares code points: "caf\u00e9x".split("e\u0301") == ["caf\u00e9x"].
            #expect(run(.split(column: 0, delimiter: "e\u{301}", mode: .all), [["caf\u{e9}x"]]) == [["caf\u{e9}x"]])
            #expect(run(.split(column: 0, delimiter: "e\u{301}", mode: .first), [["caf\u{e9}x"]]) == [["caf\u{e9}x", ""]])
        }
    }

    @Suite struct Divide {
        @Test func matchingCellsGoToTheFirstNewColumnOthersToTheSecond() {
            #expect(run(.divide(column: 0, by: .digits), [["123"], ["abc"], ["12a"]])
                == [["123", ""], ["", "abc"], ["", "12a"]])
        }

        @Test func dividedColumnKeepsItsNeighboursInPlace() {
            #expect(run(.divide(column: 1, by: .digits), [["x", "5", "y"], ["z", "five", "w"]])
                == [["x", "5", "", "y"], ["z", "", "five", "w"]])
        }

        @Test func lettersAndAlphanumericAreASCIIOnly() {
            #expect(run(.divide(column: 0, by: .letters), [["abC"], ["ab1"], ["é"]]) == [["abC", ""], ["", "ab1"], ["", "é"]])
            #expect(run(.divide(column: 0, by: .alphanumeric), [["ab1"], ["a b"], ["١٢٣"]]) == [["ab1", ""], ["", "a b"], ["", "١٢٣"]])
            #expect(run(.divide(column: 0, by: .digits), [["١٢٣"], ["１２"]]) == [["", "١٢٣"], ["", "１２"]])
        }

        @Test func dateIsMonthDayYearThatExists() {
            let cells = ["7/4/2016", "07/04/2016", "2/29/2016", "2/29/2015", "2/30/2016", "13/1/2016", "1/1/16", "2016-07-04", "12/31/1999"]
            let result = run(.divide(column: 0, by: .date), cells.map { [$0] })
            #expect(result?.map { !$0[0].isEmpty } == [true, true, true, false, false, false, false, false, true])
        }

        @Test func containingTestsForASubstring() {
            #expect(run(.divide(column: 0, by: .containing(",")), [["a,b"], ["ab"]]) == [["a,b", ""], ["", "ab"]])
            // Code points, as Python's `in`: "," is found before a combining mark, "\n" inside a CRLF.
            #expect(run(.divide(column: 0, by: .containing(",")), [["x,\u{301}y"]]) == [["x,\u{301}y", ""]])
            #expect(run(.divide(column: 0, by: .containing("\n")), [["a\r\nb"]]) == [["a\r\nb", ""]])
            #expect(run(.divide(column: 0, by: .containing("")), [["a"]]) == [["", "a"]])
        }

        @Test func emptyCellMatchesNoClass() {
            for cls in [CellClass.digits, .letters, .alphanumeric, .date, .containing("x")] {
                #expect(run(.divide(column: 0, by: cls), [[""]]) == [["", ""]], "\(cls)")
            }
        }

        @Test func outOfRangeColumnIsNotApplicable() {
            #expect(run(.divide(column: 1, by: .digits), [["1"]]) == nil)
            #expect(run(.divide(column: -1, by: .digits), [["1"]]) == nil)
        }

        @Test func raggedRowsDivideTheirMissingCellAsEmpty() {
            #expect(run(.divide(column: 1, by: .digits), [["a"], ["b", "7"]]) == [["a", "", ""], ["b", "7", ""]])
        }
    }

    @Suite struct Extract {
        static let digits = ExtractPattern(tokens: [.run(.digits)])

        @Test func insertsTheFirstMatchAfterTheColumnOrAnEmptyCell() {
            #expect(run(.extract(column: 0, pattern: Self.digits), [["ID 42 and 7"], ["none"]])
                == [["ID 42 and 7", "42"], ["none", ""]])
        }

        @Test func extractedColumnSitsRightAfterItsSource() {
            #expect(run(.extract(column: 1, pattern: Self.digits), [["a", "b7", "c"]]) == [["a", "b7", "7", "c"]])
        }

        @Test func contextIsNotPartOfTheExtractedText() {
            let pattern = ExtractPattern(prefix: "(", tokens: [.run(.digits)], suffix: ")")
            #expect(run(.extract(column: 0, pattern: pattern), [["5 (12) 3"], ["(x)"]]) == [["5 (12) 3", "12"], ["(x)", ""]])
        }

        @Test func outOfRangeColumnIsNotApplicable() {
            #expect(run(.extract(column: 1, pattern: Self.digits), [["1"]]) == nil)
            #expect(run(.extract(column: -1, pattern: Self.digits), [["1"]]) == nil)
        }

        @Test func raggedRowsExtractNothingFromTheirMissingCell() {
            #expect(run(.extract(column: 1, pattern: Self.digits), [["a"], ["b", "x9"]]) == [["a", "", ""], ["b", "x9", "9"]])
        }

        @Test func nonASCIITextAroundTheMatch() {
            #expect(run(.extract(column: 0, pattern: Self.digits), [["価格: 1200円"]]) == [["価格: 1200円", "1200"]])
        }
    }

    @Suite struct Fold {
        static let wide: [[String]] = [["k", "a", "b", "c"], ["m", "d", "e", "f"]]

        @Test func keepsEarlierColumnsAndEmitsOneRowPerLaterColumn() {
            #expect(run(.fold(from: 1), Self.wide) == [["k", "a"], ["k", "b"], ["k", "c"], ["m", "d"], ["m", "e"], ["m", "f"]])
        }

        @Test func severalKeyColumns() {
            #expect(run(.fold(from: 2), Self.wide) == [["k", "a", "b"], ["k", "a", "c"], ["m", "d", "e"], ["m", "d", "f"]])
        }

        @Test func needsAKeyColumnAndAtLeastTwoColumnsToFold() {
            #expect(run(.fold(from: 0), Self.wide) == nil)
            #expect(run(.fold(from: 3), Self.wide) == nil)
            #expect(run(.fold(from: 4), Self.wide) == nil)
            #expect(run(.fold(from: -1), Self.wide) == nil)
            #expect(run(.fold(from: 1), [["k", "a"]]) == nil)
            #expect(run(.fold(from: 1), [["a"], ["b"]]) == nil)
        }

        @Test func raggedRowsFoldTheirMissingCellsAsEmpty() {
            #expect(run(.fold(from: 1), [["k", "a", "b"], ["m"]]) == [["k", "a"], ["k", "b"], ["m", ""], ["m", ""]])
        }

        @Test func emptyAndNonASCIICellsAreFoldedAsTheyAre() {
            #expect(run(.fold(from: 1), [["名", "", "値"]]) == [["名", ""], ["名", "値"]])
        }
    }

    @Suite struct FoldHeader {
        static let scores: [[String]] = [["name", "q1", "q2"], ["A", "1", "2"], ["B", "3", "4"]]

        @Test func skipsTheHeaderRowAndEmitsKeysHeaderAndValue() {
            #expect(run(.foldHeader(from: 1), Self.scores) == [["A", "q1", "1"], ["A", "q2", "2"], ["B", "q1", "3"], ["B", "q2", "4"]])
        }

        @Test func fromZeroFoldsEveryColumnWithoutKeys() {
            #expect(run(.foldHeader(from: 0), [["x", "y"], ["1", "2"]]) == [["x", "1"], ["y", "2"]])
        }

        @Test func needsADataRowAndTwoColumnsToFold() {
            #expect(run(.foldHeader(from: 1), [["name", "q1", "q2"]]) == nil)
            #expect(run(.foldHeader(from: 2), Self.scores) == nil)
            #expect(run(.foldHeader(from: 3), Self.scores) == nil)
            #expect(run(.foldHeader(from: -1), Self.scores) == nil)
            #expect(run(.foldHeader(from: 0), [["h"], ["v"]]) == nil)
        }

        @Test func raggedRowsReadMissingCellsAndHeadersAsEmpty() {
            #expect(run(.foldHeader(from: 1), [["n", "h1", "h2"], ["A", "1"]]) == [["A", "h1", "1"], ["A", "h2", ""]])
            #expect(run(.foldHeader(from: 1), [["n", "h1"], ["A", "1", "2"]]) == [["A", "h1", "1"], ["A", "", "2"]])
        }

        @Test func nonASCIIHeaders() {
            #expect(run(.foldHeader(from: 1), [["", "月", "火"], ["x", "1", "2"]]) == [["x", "月", "1"], ["x", "火", "2"]])
        }
    }

    @Suite struct Unfold {
        @Test func groupsByAllButTheLastColumnAndSpreadsTheValues() {
            #expect(run(.unfold, [["a", "1"], ["a", "2"], ["b", "3"]]) == [["a", "1", "2"], ["b", "3", ""]])
            #expect(run(.unfold, [["a", "x", "1"], ["a", "x", "2"], ["b", "y", "3"], ["a", "y", "4"]])
                == [["a", "x", "1", "2"], ["b", "y", "3", ""], ["a", "y", "4", ""]])
        }

        @Test func groupsAppearInFirstSeenOrderAndNeedNotBeAdjacent() {
            #expect(run(.unfold, [["b", "1"], ["a", "2"], ["b", "3"]]) == [["b", "1", "3"], ["a", "2", ""]])
        }

        @Test func distinctKeysLeaveTheTableUnchanged() {
            #expect(run(.unfold, [["a", "1"], ["b", "2"]]) == [["a", "1"], ["b", "2"]])
        }

        @Test func oneColumnTableIsNotApplicable() {
            #expect(run(.unfold, [["a"], ["a"]]) == nil)
        }

        @Test func raggedRowsUnfoldTheirMissingValueAsEmpty() {
            #expect(run(.unfold, [["a", "1"], ["a"]]) == [["a", "1", ""]])
        }

        @Test func emptyKeysFormAGroupToo() {
            #expect(run(.unfold, [["", "1"], ["", "2"], ["é", "3"]]) == [["", "1", "2"], ["é", "3", ""]])
        }
    }

    @Suite struct UnfoldHeader {
        @Test func makesAHeaderRowAndOneRowPerIdentity() {
            let rows = [["A", "q1", "1"], ["A", "q2", "2"], ["B", "q1", "3"]]
            #expect(run(.unfoldHeader(key: 1), rows) == [["", "q1", "q2"], ["A", "1", "2"], ["B", "3", ""]])
        }

        @Test func headerRowStartsWithWidthMinusTwoEmptyCells() {
            let rows = [["A", "k1", "X", "1"], ["A", "k2", "X", "2"], ["B", "k1", "Y", "3"]]
            #expect(run(.unfoldHeader(key: 1), rows) == [["", "", "k1", "k2"], ["A", "X", "1", "2"], ["B", "Y", "3", ""]])
        }

        @Test func keyMayBeTheFirstColumn() {
            #expect(run(.unfoldHeader(key: 0), [["q1", "A", "1"], ["q2", "A", "2"]]) == [["", "q1", "q2"], ["A", "1", "2"]])
        }

        @Test func headersAreDistinctKeysInFirstSeenOrder() {
            let rows = [["A", "z", "1"], ["A", "a", "2"], ["B", "a", "3"], ["B", "z", "4"]]
            #expect(run(.unfoldHeader(key: 1), rows) == [["", "z", "a"], ["A", "1", "2"], ["B", "4", "3"]])
        }

        @Test func twoColumnsMakeARecordPerRepeatedHeader() {
            let rows = [["name", "Ann"], ["age", "30"], ["name", "Bob"], ["age", "41"]]
            #expect(run(.unfoldHeader(key: 0), rows) == [["name", "age"], ["Ann", "30"], ["Bob", "41"]])
        }

        @Test func twoColumnsWithAMissingFieldLeaveItEmpty() {
            let rows = [["name", "Ann"], ["name", "Bob"], ["age", "41"]]
            #expect(run(.unfoldHeader(key: 0), rows) == [["name", "age"], ["Ann", ""], ["Bob", "41"]])
        }

        @Test func emptyKeyCellIsNotApplicable() {
            #expect(run(.unfoldHeader(key: 0), [["a", "1"], ["", "2"]]) == nil)
            #expect(run(.unfoldHeader(key: 1), [["A", "q1", "1"], ["B", "", "2"]]) == nil)
        }

        @Test func raggedRowWhoseKeyCellIsMissingIsNotApplicable() {
            #expect(run(.unfoldHeader(key: 1), [["A", "q1", "1"], ["B"]]) == nil)
        }

        @Test func keyMustBeBeforeTheLastColumn() {
            #expect(run(.unfoldHeader(key: 2), [["A", "q1", "1"]]) == nil)
            #expect(run(.unfoldHeader(key: 1), [["q1", "1"]]) == nil)
            #expect(run(.unfoldHeader(key: -1), [["q1", "1"]]) == nil)
            #expect(run(.unfoldHeader(key: 0), [["q1"], ["q2"]]) == nil)
        }

        @Test func nonASCIIHeaders() {
            #expect(run(.unfoldHeader(key: 0), [["名前", "Ann"], ["年齢", "30"]]) == [["名前", "年齢"], ["Ann", "30"]])
        }
    }

    @Suite struct FillDown {
        @Test func fillsEmptyCellsFromTheNearestNonEmptyCellAbove() {
            #expect(run(.fillDown(column: 0), [["a", "1"], ["", "2"], ["b", "3"], ["", "4"]])
                == [["a", "1"], ["a", "2"], ["b", "3"], ["b", "4"]])
        }

        @Test func leadingEmptyCellsStayEmpty() {
            #expect(run(.fillDown(column: 0), [[""], ["x"], [""]]) == [[""], ["x"], ["x"]])
        }

        @Test func columnWithoutEmptyCellsIsUnchanged() {
            #expect(run(.fillDown(column: 1), [["a", "1"], ["b", "2"]]) == [["a", "1"], ["b", "2"]])
        }

        @Test func whitespaceIsNotEmpty() {
            #expect(run(.fillDown(column: 0), [["a"], [" "], [""]]) == [["a"], [" "], [" "]])
        }

        @Test func outOfRangeColumnIsNotApplicable() {
            #expect(run(.fillDown(column: 1), [["a"]]) == nil)
            #expect(run(.fillDown(column: -1), [["a"]]) == nil)
        }

        @Test func raggedRowsFillTheirMissingCell() {
            #expect(run(.fillDown(column: 1), [["a", "1"], ["b"], ["", "3"]]) == [["a", "1"], ["b", "1"], ["", "3"]])
        }

        @Test func nonASCIIValuesAreCopied() {
            #expect(run(.fillDown(column: 0), [["東京"], [""]]) == [["東京"], ["東京"]])
        }
    }

    @Suite struct DeleteRowsWithEmptyCell {
        @Test func deletesRowsWhoseCellIsEmpty() {
            #expect(run(.deleteRowsWithEmptyCell(column: 1), [["a", "1"], ["b", ""], ["c", "3"]]) == [["a", "1"], ["c", "3"]])
        }

        @Test func deletingEveryRowIsNotApplicable() {
            #expect(run(.deleteRowsWithEmptyCell(column: 0), [[""], [""]]) == nil)
        }

        @Test func noEmptyCellLeavesTheTableUnchanged() {
            #expect(run(.deleteRowsWithEmptyCell(column: 0), [["a"], [" "]]) == [["a"], [" "]])
        }

        @Test func raggedRowMissingTheCellIsDeleted() {
            #expect(run(.deleteRowsWithEmptyCell(column: 1), [["a", "1"], ["b"]]) == [["a", "1"]])
        }

        @Test func outOfRangeColumnIsNotApplicable() {
            #expect(run(.deleteRowsWithEmptyCell(column: 2), [["a", "b"]]) == nil)
            #expect(run(.deleteRowsWithEmptyCell(column: -1), [["a", "b"]]) == nil)
        }
    }

    @Suite struct DeleteEmptyColumns {
        @Test func deletesColumnsWhoseEveryCellIsEmpty() {
            #expect(run(.deleteEmptyColumns, [["a", "", "b", ""], ["c", "", "d", ""]]) == [["a", "b"], ["c", "d"]])
        }

        @Test func columnWithOneNonEmptyCellStays() {
            #expect(run(.deleteEmptyColumns, [["a", ""], ["b", "x"]]) == [["a", ""], ["b", "x"]])
        }

        @Test func allEmptyTableIsNotApplicable() {
            #expect(run(.deleteEmptyColumns, [["", ""], ["", ""]]) == nil)
        }

        @Test func raggedRowsCountMissingCellsAsEmpty() {
            #expect(run(.deleteEmptyColumns, [["a"], ["b", "", ""]]) == [["a"], ["b"]])
            #expect(run(.deleteEmptyColumns, [["", "x"], [""]]) == [["x"], [""]])
        }

        @Test func tableWithoutEmptyColumnsIsUnchanged() {
            #expect(run(.deleteEmptyColumns, [["a", "é"]]) == [["a", "é"]])
        }
    }

    @Suite struct DeleteEmptyRows {
        @Test func deletesRowsWhoseEveryCellIsEmpty() {
            #expect(run(.deleteEmptyRows, [["a", "b"], ["", ""], ["", "c"]]) == [["a", "b"], ["", "c"]])
        }

        @Test func rowsWithoutCellsAreEmptyRows() {
            #expect(run(.deleteEmptyRows, [["a"], []]) == [["a"]])
        }

        @Test func whitespaceIsNotEmpty() {
            #expect(run(.deleteEmptyRows, [[" "], [""]]) == [[" "]])
        }

        @Test func deletingEveryRowIsNotApplicable() {
            #expect(run(.deleteEmptyRows, [[""], ["", ""]]) == nil)
        }

        @Test func tableWithoutEmptyRowsIsUnchanged() {
            #expect(run(.deleteEmptyRows, [["a"], ["b", "c"]]) == [["a"], ["b", "c"]])
        }
    }

    @Suite struct WrapEvery {
        @Test func concatenatesEveryKRows() {
            #expect(run(.wrapEvery(k: 2), [["a"], ["b"], ["c"], ["d"]]) == [["a", "b"], ["c", "d"]])
            #expect(run(.wrapEvery(k: 3), [["a", "1"], ["b", "2"], ["c", "3"], ["d", "4"], ["e", "5"], ["f", "6"]])
                == [["a", "1", "b", "2", "c", "3"], ["d", "4", "e", "5", "f", "6"]])
        }

        @Test func kEqualToTheRowCountMakesOneRow() {
            #expect(run(.wrapEvery(k: 2), [["a"], ["b"]]) == [["a", "b"]])
        }

        @Test func rowCountMustBeAMultipleOfK() {
            #expect(run(.wrapEvery(k: 2), [["a"], ["b"], ["c"]]) == nil)
            #expect(run(.wrapEvery(k: 3), [["a"], ["b"]]) == nil)
        }

        @Test func kBelowTwoIsNotApplicable() {
            #expect(run(.wrapEvery(k: 1), [["a"], ["b"]]) == nil)
            #expect(run(.wrapEvery(k: 0), [["a"], ["b"]]) == nil)
            #expect(run(.wrapEvery(k: -2), [["a"], ["b"]]) == nil)
        }

        @Test func raggedRowsArePaddedSoColumnsLineUp() {
            #expect(run(.wrapEvery(k: 2), [["a"], ["b", "c"], ["d", "e"], ["f"]]) == [["a", "", "b", "c"], ["d", "e", "f", ""]])
        }
    }

    @Suite struct WrapOn {
        @Test func concatenatesRowsSharingTheKeyLedByTheKey() {
            #expect(run(.wrapOn(column: 0), [["x", "1"], ["y", "2"], ["x", "3"]]) == [["x", "1", "3"], ["y", "2", ""]])
        }

        @Test func keyInALaterColumnMovesToTheFront() {
            #expect(run(.wrapOn(column: 1), [["1", "x"], ["2", "y"], ["3", "x"]]) == [["x", "1", "3"], ["y", "2", ""]])
            #expect(run(.wrapOn(column: 1), [["a", "k", "b"], ["c", "k", "d"]]) == [["k", "a", "b", "c", "d"]])
        }

        @Test func distinctKeysOnlyReorderTheColumns() {
            #expect(run(.wrapOn(column: 1), [["1", "x"], ["2", "y"]]) == [["x", "1"], ["y", "2"]])
        }

        @Test func oneColumnOrOutOfRangeIsNotApplicable() {
            #expect(run(.wrapOn(column: 0), [["a"], ["a"]]) == nil)
            #expect(run(.wrapOn(column: 2), [["a", "b"]]) == nil)
            #expect(run(.wrapOn(column: -1), [["a", "b"]]) == nil)
        }

        @Test func raggedRowsContributeEmptyCells() {
            #expect(run(.wrapOn(column: 0), [["x", "1"], ["x"]]) == [["x", "1", ""]])
        }

        @Test func nonASCIIKeys() {
            #expect(run(.wrapOn(column: 0), [["東京", "1"], ["東京", "2"]]) == [["東京", "1", "2"]])
        }
    }

    @Suite struct WrapIntoOneRow {
        @Test func concatenatesAllRows() {
            #expect(run(.wrapIntoOneRow, [["a", "b"], ["c", "d"], ["e", "f"]]) == [["a", "b", "c", "d", "e", "f"]])
        }

        @Test func singleRowIsNotApplicable() {
            #expect(run(.wrapIntoOneRow, [["a", "b"]]) == nil)
        }

        @Test
        func raggedRowsArePaddedLikeWrapEvery() {
            let rows = [["a"], ["b", "c"]]
            #expect(run(.wrapIntoOneRow, rows) == [["a", "", "b", "c"]])
            #expect(run(.wrapIntoOneRow, rows) == run(.wrapEvery(k: 2), rows))
        }
    }

    @Suite struct Transpose {
        @Test func swapsRowsAndColumns() {
            #expect(run(.transpose, [["a", "b", "c"], ["d", "e", "f"]]) == [["a", "d"], ["b", "e"], ["c", "f"]])
        }

        @Test func transposingTwiceRestoresARectangularTable() {
            let table: Table = [["a", "b"], ["", "日本"], ["c", "d"]]
            #expect(TableOperator.transpose.apply(table).flatMap { TableOperator.transpose.apply($0) } == table)
        }

        @Test func singleCellIsUnchanged() {
            #expect(run(.transpose, [["x"]]) == [["x"]])
        }

        @Test func raggedRowsArePaddedFirst() {
            #expect(run(.transpose, [["a", "b"], ["c"]]) == [["a", "c"], ["b", ""]])
        }

        @Test func tableOfRowsWithoutCellsIsNotApplicable() {
            #expect(run(.transpose, [[], []]) == nil)
        }
    }
}
