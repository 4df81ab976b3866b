import WinnowControl
import WinnowCore

/// Draws a messy table from a recipe: fresh values in the recipe's styles, a fresh number of
/// records, and blanks where the recipe leaves them.
///
/// Layouts are chosen so that each reshaping operator has tables it means something on: wide tables
/// fold, key/value pairs and long tables unfold, stacked records wrap, merged cells fill down,
/// combined cells split, extract and divide, and everything transposes.
enum MessyTableGenerator {
    static func table(from recipe: TableRecipe, random: inout SeededDraws) -> Table {
        let count = random.int(in: recipe.records)
        var rows: [[String]]
        switch recipe.layout {
        case .records: rows = records(recipe, count: count, random: &random)
        case .wide: rows = wide(recipe, count: count, random: &random)
        case .keyValuePairs: rows = keyValuePairs(recipe, count: count, random: &random)
        case .long: rows = long(recipe, count: count, random: &random)
        case .stacked: rows = stacked(recipe, count: count, random: &random)
        }
        if let header = recipe.header { rows.insert(header, at: 0) }
        return Table(rows)
    }

    /// One record per row. A merged first column holds a group value on the first row of each run
    /// of one to three rows; a blank row may interrupt the records once.
    private static func records(_ recipe: TableRecipe, count: Int, random: inout SeededDraws) -> [[String]] {
        var rows: [[String]] = []
        var previousGroup = ""
        var runLeft = 0
        for _ in 0..<count {
            var row = recipe.styles.map { $0.text(random: &random) }
            for c in 1..<row.count where random.chance(recipe.blankRate) { row[c] = "" }
            if recipe.mergedFirst {
                if runLeft == 0 {
                    while row[0] == previousGroup { row[0] = recipe.styles[0].text(random: &random) }
                    previousGroup = row[0]
                    runLeft = random.int(in: 1...3)
                } else {
                    row[0] = ""
                }
                runLeft -= 1
            }
            rows.append(row)
        }
        if recipe.blankRows {
            rows.insert(Array(repeating: "", count: recipe.styles.count), at: random.int(in: 1...rows.count))
        }
        return rows
    }

    /// A key, then `width` values of one style.
    private static func wide(_ recipe: TableRecipe, count: Int, random: inout SeededDraws) -> [[String]] {
        (0..<count).map { _ in
            [recipe.styles[0].text(random: &random)]
                + (0..<recipe.width).map { _ in random.chance(recipe.blankRate) ? "" : recipe.styles[1].text(random: &random) }
        }
    }

    /// `field | value` rows, one run per record, optionally separated by blank rows.
    private static func keyValuePairs(_ recipe: TableRecipe, count: Int, random: inout SeededDraws) -> [[String]] {
        var rows: [[String]] = []
        for record in 0..<count {
            if record > 0, recipe.blankRows { rows.append(["", ""]) }
            for (field, style) in zip(recipe.fields, recipe.styles) {
                rows.append([field, random.chance(recipe.blankRate) ? "" : style.text(random: &random)])
            }
        }
        return rows
    }

    /// `key | field | value` rows, every field of a record in turn.
    private static func long(_ recipe: TableRecipe, count: Int, random: inout SeededDraws) -> [[String]] {
        var rows: [[String]] = []
        for _ in 0..<count {
            let key = recipe.styles[0].text(random: &random)
            for (field, style) in zip(recipe.fields, recipe.styles.dropFirst()) {
                rows.append([key, field, random.chance(recipe.blankRate) ? "" : style.text(random: &random)])
            }
        }
        return rows
    }

    /// Records of several rows each; with merged cells the first column is written on a record's
    /// first row only.
    private static func stacked(_ recipe: TableRecipe, count: Int, random: inout SeededDraws) -> [[String]] {
        let height = recipe.styles.count / recipe.width
        var rows: [[String]] = []
        for record in 0..<count {
            if record > 0, recipe.blankRows { rows.append(Array(repeating: "", count: recipe.width)) }
            for line in 0..<height {
                let styles = recipe.styles[(line * recipe.width)..<((line + 1) * recipe.width)]
                var row = styles.map { $0.text(random: &random) }
                if recipe.mergedFirst, line > 0 { row[0] = "" }
                rows.append(row)
            }
        }
        return rows
    }
}
