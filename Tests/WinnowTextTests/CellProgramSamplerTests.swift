import Testing
import WinnowControl
@testable import WinnowText

@Suite struct CellProgramSamplerTests {
    @Test func theSameSeedDrawsTheSamePrograms() {
        func draws(_ seed: UInt64) -> [CellProgram?] {
            var random = SeededRandom(seed: seed)
            return (0..<30).map { _ in CellProgramSampler().sample(rows: CellRowPool.draw(using: &random), using: &random) }
        }
        #expect(draws(5) == draws(5))
        #expect(draws(5) != draws(6))
    }

    @Test func aSampledProgramWritesANonEmptyVaryingCellOnEveryRowWithoutCopyingOne() {
        var random = SeededRandom(seed: 99)
        for _ in 0..<300 {
            let rows = CellRowPool.draw(using: &random)
            guard let program = CellProgramSampler().sample(rows: rows, using: &random) else { continue }
            let outputs = rows.map { program.apply($0) }
            #expect(outputs.allSatisfy { $0 != nil && $0 != "" }, "\(program) on \(rows)")
            #expect(Set(outputs).count > 1, "\(program) on \(rows)")
            #expect(!(0..<4).contains { c in zip(rows, outputs).allSatisfy { (c < $0.count ? $0[c] : "") == $1 } }, "\(program) copies a column")
        }
    }

    @Test func samplesCoverEveryKindOfPartAndConditionals() {
        var random = SeededRandom(seed: 3)
        var kinds: Set<String> = []
        var conditionals = 0, twoBranches = 0, tokenPositions = 0, literalPositions = 0, indexes = 0
        for _ in 0..<600 {
            guard let program = CellProgramSampler().sample(rows: CellRowPool.draw(using: &random), using: &random) else { continue }
            if !program.branches.isEmpty { conditionals += 1 }
            if program.branches.count == 2 { twoBranches += 1 }
            for part in program.otherwise + program.branches.flatMap(\.parts) {
                switch part {
                case .constant: kinds.insert("constant")
                case .substring(_, let from, let to, _):
                    kinds.insert("substring")
                    for position in [from, to] {
                        switch position {
                        case .matchStart(.literal, _), .matchEnd(.literal, _): literalPositions += 1
                        case .matchStart, .matchEnd: tokenPositions += 1
                        case .fromStart, .fromEnd: indexes += 1
                        case .columnValue: kinds.insert("columnValue")
                        }
                    }
                case .whole: kinds.insert("whole")
                case .substitute: kinds.insert("substitute")
                case .replaceText: kinds.insert("replaceText")
                case .filter: kinds.insert("filter")
                case .number: kinds.insert("number")
                case .date: kinds.insert("date")
                case .truth: kinds.insert("truth")
                }
            }
        }
        #expect(kinds.isSuperset(of: ["constant", "substring", "whole", "substitute", "replaceText", "filter", "number", "truth", "columnValue"]), "\(kinds)")
        #expect(conditionals > 30 && twoBranches > 5, "\(conditionals) conditionals, \(twoBranches) with two branches")
        #expect(tokenPositions > 50 && literalPositions > 50 && indexes > 50)
    }

    @Test func rowsWithNothingToReadGiveNoProgram() {
        var random = SeededRandom(seed: 1)
        #expect(CellProgramSampler().sample(rows: [[], []], using: &random) == nil)
        #expect(CellProgramSampler().sample(rows: [], using: &random) == nil)
    }

    @Test func theInventoryDecidesWhatIsDrawn() {
        var inventory = TextInventory.standard
        for name in ["conditional", "truth", "number", "substitute", "filter", "constant"] { inventory.costs[name] = nil }
        var random = SeededRandom(seed: 8)
        for _ in 0..<100 {
            guard let program = CellProgramSampler(inventory: inventory).sample(rows: CellRowPool.draw(using: &random), using: &random) else { continue }
            #expect(program.branches.isEmpty)
            #expect(program.otherwise.allSatisfy {
                switch $0 {
                case .substring, .whole: true
                default: false
                }
            }, "\(program)")
        }
    }
}
