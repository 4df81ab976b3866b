/// Renumbering the columns a program reads.
///
/// The language treats columns alike: a program learned on a table's columns in one order is, with
/// its column numbers moved, the program learned on the same columns in another. A search meets the
/// same columns in many orders (after a move, a swap, a drop), so it learns once per set of columns
/// and renumbers (`TableGoal.cellPrograms`).
extension CellProgram {
    /// The same program reading column `number(c)` wherever it read column `c`.
    public func renumberingColumns(_ number: (Int) -> Int) -> CellProgram {
        CellProgram(
            branches: branches.map { CellBranch(condition: $0.condition.renumberingColumns(number), parts: $0.parts.map { $0.renumberingColumns(number) }) },
            otherwise: otherwise.map { $0.renumberingColumns(number) })
    }
}

extension CellPart {
    func renumberingColumns(_ number: (Int) -> Int) -> CellPart {
        switch self {
        case .constant: self
        case .substring(let c, let from, let to, let caseMap):
            .substring(column: number(c), from: from.renumberingColumns(number), to: to.renumberingColumns(number), case: caseMap)
        case .whole(let c, let spacing, let caseMap): .whole(column: number(c), spacing: spacing, case: caseMap)
        case .substitute(let c, let characters, let replacement): .substitute(column: number(c), characters: characters, with: replacement)
        case .replaceText(let c, let text, let replacement): .replaceText(column: number(c), text: text, with: replacement)
        case .filter(let c, let from, let to, let token):
            .filter(column: number(c), from: from.renumberingColumns(number), to: to.renumberingColumns(number), keeping: token)
        case .number(let term, let format): .number(term.renumberingColumns(number), format)
        case .date(let c, let reading, let format): .date(column: number(c), reading: reading, format: format)
        case .truth(let predicate, let style): .truth(predicate.renumberingColumns(number), style)
        }
    }
}

extension Position {
    func renumberingColumns(_ number: (Int) -> Int) -> Position {
        if case .columnValue(let c, let fromEnd) = self { return .columnValue(column: number(c), fromEnd: fromEnd) }
        return self
    }
}

extension CellPredicate {
    func renumberingColumns(_ number: (Int) -> Int) -> CellPredicate {
        switch self {
        case .isEmpty(let c): .isEmpty(column: number(c))
        case .contains(let c, let text): .contains(column: number(c), text: text)
        case .startsWith(let c, let text): .startsWith(column: number(c), text: text)
        case .endsWith(let c, let text): .endsWith(column: number(c), text: text)
        case .matches(let c, let token): .matches(column: number(c), token: token)
        case .containsColumn(let c, let other): .containsColumn(column: number(c), other: number(other))
        case .equalsColumn(let c, let other): .equalsColumn(column: number(c), other: number(other))
        case .compare(let term, let comparison, let value): .compare(term.renumberingColumns(number), comparison, value)
        case .not(let inner): .not(inner.renumberingColumns(number))
        }
    }
}

extension NumberTerm {
    func renumberingColumns(_ number: (Int) -> Int) -> NumberTerm {
        switch self {
        case .column(let c): .column(number(c))
        case .written(let c, let index): .written(column: number(c), index: index)
        case .constant: self
        case .characters(let c): .characters(column: number(c))
        case .words(let c): .words(column: number(c))
        case .occurrences(let c, let text): .occurrences(column: number(c), text: text)
        case .occurrencesOfColumn(let c, let other): .occurrencesOfColumn(column: number(c), other: number(other))
        case .arithmetic(let op, let left, let right): .arithmetic(op, left.renumberingColumns(number), right.renumberingColumns(number))
        case .absolute(let inner): .absolute(inner.renumberingColumns(number))
        }
    }
}
