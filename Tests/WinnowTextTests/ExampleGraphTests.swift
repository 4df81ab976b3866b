import Testing
@testable import WinnowText

@Suite struct ExampleGraphTests {
    /// `meets` decides without building the intersection; it must agree with building it, or the
    /// product graph would lose programs (a wrong `false`) or gain edges that produce nothing.
    @Test func edgesMeetExactlyWhenTheirIntersectionIsNotEmpty() {
        let inventory = TextInventory.standard
        let rows = [["Adf_ROC_BRD 728x90", "2016-03-04", "12"], ["MMC_Ctx_LDS 336x280", "1999-12-31", "7"]]
        let outputs = ["ROC-728 (04/03/2016) 13", "Ctx-336 (31/12/1999) 8"]
        let table = PositionTable()
        let graphs = rows.indices.map { i in
            let sources = rows[i].indices.map {
                SourceCell(column: $0, text: rows[i][$0], tokens: inventory.tokens, caseMaps: inventory.caseMaps, row: rows[i], table: table)
            }
            return ExampleGraph.build(sources: sources, row: rows[i], output: outputs[i], inventory: inventory)
        }
        var met = 0, missed = 0
        for a in graphs[0].edges.joined() {
            for b in graphs[1].edges.joined() {
                let meets = a.atoms.meets(b.atoms)
                #expect(meets == !a.atoms.intersected(with: b.atoms).isEmpty)
                if meets { met += 1 } else { missed += 1 }
            }
        }
        #expect(met > 0 && missed > 0)
        #expect(graphs[0].intersected(with: graphs[1]) != nil)
    }
}
