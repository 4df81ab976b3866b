import WinnowTables
import WinnowText

extension Inventory {
    /// An inventory offering exactly the operators and parameter values that `steps` use (extract
    /// patterns are inferred from the target, so extract gets every token class). When a prior is
    /// trained without the search's inventory, this stands in for it: the alternatives each example
    /// is normalised against are then the ones the training data could have taught anything about.
    /// Cell steps (`derive`, `replace`) are enabled through the text inventory, as `text.json` does.
    static func covering(_ steps: some Sequence<TableOperator>) -> Inventory {
        var operators: [String: [String: Any]] = [:]
        var separators = Set<String>()
        var delimiters = Set<String>()
        var modes = Set<String>()
        var classes = Set<String>()
        var containing = Set<String>()
        var sizes = Set<Int>()
        var cellSteps = Set<String>()
        for step in steps {
            if Inventory.cellOperators.contains(step.name) {
                cellSteps.insert(step.name)
                continue
            }
            operators[step.name] = [:]
            switch step {
            case .merge(_, let separator): separators.insert(separator)
            case .split(_, let delimiter, let mode):
                delimiters.insert(delimiter)
                modes.insert(mode.rawValue)
            case .divide(_, .containing(let text)): containing.insert(text)
            case .divide(_, let cellClass): classes.insert(cellClass.description)
            case .wrapEvery(let k): sizes.insert(k)
            default: break
            }
        }
        if operators["merge"] != nil { operators["merge"] = ["separators": separators.sorted()] }
        if operators["split"] != nil { operators["split"] = ["delimiters": delimiters.sorted(), "modes": modes.sorted()] }
        if operators["divide"] != nil { operators["divide"] = ["classes": classes.sorted(), "containing": containing.sorted()] }
        if operators["wrap-every"] != nil { operators["wrap-every"] = ["k": sizes.filter { $0 >= 2 }.sorted(), "divisors": true] }
        do {
            var inventory = try Inventory.parse(["domain": "table", "operators": operators])
            for name in cellSteps { inventory.text.costs[name] = TextInventory.standard.cost(name) }
            return inventory
        } catch {
            preconditionFailure("an inventory built from valid steps must parse: \(error.message)")
        }
    }
}
