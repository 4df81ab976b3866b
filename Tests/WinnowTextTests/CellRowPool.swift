/// Example rows the sampler-driven tests draw from: small tables whose rows share a shape, as a
/// task's example rows do, over ASCII and non-ASCII text, messy whitespace, quotes, backslashes,
/// control characters, long cells and ragged rows; and odd rows no program was drawn for, so that
/// evaluation also meets cells where a program is not applicable.
enum CellRowPool {
    static let tables: [[[String]]] = [
        [["John Smith", "42", "john.smith@example.com"], ["Mary Ann Lee", "7", "mary.lee@ex.org"],
         ["Pat O'Brien", "0", "pat@obrien.ie"], ["Zoë Ångström", "13", "zoe@uni.se"]],
        [["+106 769-858-438", "A1-B2-C3"], ["+1 (555) 010-9999", "X9-Y8-Z7"], ["(44) 20 7946 0958", "Q-1"]],
        [["  mary   ann  LEE ", "HELLO world"], ["\tJOHN\nsmith ", "mIxEd CaSe"], ["a  b", "x y"]],
        [["café crème", "naïve—dash", "日本語 テキスト"], ["😀 emoji 😀", "ß straße", "Ωmega 12"], ["İstanbul", "ﬁ ligature", "Ⅻ numeral"]],
        [["a \"quoted\" cell", "back\\slash", "1"], ["line\nbreak\tTab", "CR\rhere", "22"], ["it's", "C:\\path\\to", "333"]],
        [[String(repeating: "long-cell 1 ", count: 30), "99"], [String(repeating: "x", count: 300) + " end", "5"], ["short", "3"]],
        [["2016-03-04", "12", "-3"], ["1999-12-31", "7", "150"], ["2024-02-29", "100", "0"]],
        [["only one"], ["two", "cells"], ["three", "cells", "here"], [], ["", "", "x"]],
    ]

    static let oddRows: [[String]] = [
        ["", "", ""], [], ["x"], ["a\u{2028}b", "\u{0}", "\u{7F}"], ["-0", "007", "-12"],
    ]

    /// Cells that read as numbers to some readers and not to others, or round differently.
    static let numberOddities: [[String]] = [
        ["NaN", "1e3", " 12", "2.5"], ["inf", "1_000", "0x1p3", "-3.5"],
    ]

    /// Every row of the pool.
    static var allRows: [[String]] { tables.flatMap { $0 } + oddRows }

    /// Two to four rows of one table, sometimes with an odd row among them.
    static func draw(using random: inout some RandomNumberGenerator) -> [[String]] {
        var rows = Array(tables.randomElement(using: &random)!.shuffled(using: &random).prefix(Int.random(in: 2...4, using: &random)))
        if Int.random(in: 0..<6, using: &random) == 0 { rows.append(oddRows.randomElement(using: &random)!) }
        return rows
    }
}
