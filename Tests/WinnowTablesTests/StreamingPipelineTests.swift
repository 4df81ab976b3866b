import Testing
import WinnowCore
import WinnowText
@testable import WinnowTables

@Suite("applying a program one record at a time")
struct StreamingPipelineTests {
    private static func stream(_ pipeline: Pipeline, _ table: Table) -> (rows: [[String]], exact: Bool)? {
        guard var streaming = StreamingPipeline(pipeline, width: table.rows.first?.count ?? 0) else { return nil }
        var rows: [[String]] = []
        for record in table.rows {
            switch streaming.apply(record) {
            case .record(let row): rows.append(row)
            case .dropped: continue
            case .notApplicable: return nil
            }
        }
        return (rows, streaming.isExact)
    }

    static let table: Table = [["name", "when", "n"], ["Smith, John", "2024-01-02", "3"], ["Doe, Jane", "2023-12-31", "-4"], ["Ng, Li", "", "10"]]

    static let pipelines: [Pipeline] = [
        Pipeline([.split(column: 0, delimiter: ", ", mode: .first), .move(column: 0, to: 1), .drop(column: 2)]),
        Pipeline([.copy(column: 2), .merge(column: 0, separator: " / "), .divide(column: 1, by: .digits)]),
        Pipeline([.split(column: 1, delimiter: "|", mode: .first), .drop(column: 2)]),
        Pipeline([.filter(predicate: .isEmpty(column: 1), keep: false, header: true), .extract(column: 1, pattern: ExtractPattern(tokens: [.run(.digits)]))]),
    ]

    @Test(arguments: pipelines)
    func aRowLocalProgramStreamsToExactlyWhatItMakesOfTheTable(pipeline: Pipeline) throws {
        let streamed = try #require(Self.stream(pipeline, Self.table))
        #expect(streamed.exact)
        #expect(Table(streamed.rows) == pipeline.apply(Self.table))
    }

    @Test func programsThatNeedTheWholeTableDoNotStream() {
        for op: TableOperator in [.fillDown(column: 1), .transpose, .sort(keys: [SortKey(column: 2, kind: .number)], header: true), .split(column: 0, delimiter: " ", mode: .all), .split(column: 0, delimiter: " ", mode: .runs)] {
            #expect(StreamingPipeline(Pipeline([op]), width: 3) == nil, "\(op)")
        }
        #expect(StreamingPipeline(Pipeline([.drop(column: 5)]), width: 3) == nil)
    }

    @Test func aStreamThatMightDifferFromTheTableStepSaysSo() throws {
        let ragged: Table = [["a", "b"], ["c"]]
        #expect(Self.stream(Pipeline([.move(column: 0, to: 1)]), ragged)?.exact == false)
        let keepsNothing = try #require(Self.stream(Pipeline([.filter(predicate: .isEmpty(column: 0), keep: true)]), Self.table))
        #expect(!keepsNothing.exact)
    }
}
