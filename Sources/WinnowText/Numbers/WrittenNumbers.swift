/// The numbers written inside a cell's text: `ID-00042` holds 42, `Width 12 cm` holds 12,
/// `Total: $1,234.50 due` holds 1234.5, `-5F` holds −5.
///
/// A whole cell that is a number is `NumberCell`'s; this reads numbers out of text around them, the
/// way a spreadsheet user means "the number in it". A written number is a run of ASCII digits,
/// then groups of `,` and three digits when the run has one to three digits (a thousands
/// separator, not a list: `3,4` is two numbers), then `.` and digits. A `-` right before it is its
/// sign only where it cannot be a hyphen: at the cell's start or after a character that is neither
/// a letter nor a digit (`ID-7` and `2020-01` hold 7 and 1, `x -7` holds −7). Units, currency and
/// percent signs are text around the number: `25%` holds 25.
///
/// `_num_in` in `ValueLearner.pythonPrelude` is the line-for-line port.
enum WrittenNumbers {
    /// Each number written in `cell`, in order: its value and the text it was written as (sign
    /// included), which the learner compares with the text an example prints.
    static func read(_ cell: String) -> [(value: Double, written: String)] {
        let s = Array(cell.unicodeScalars)
        return scan(s).map { ($0.value, String(String.UnicodeScalarView(s[$0.range]))) }
    }

    /// The values of the numbers written in `cell`, without the text each was written as.
    static func values(_ cell: String) -> [Double] {
        scan(Array(cell.unicodeScalars)).map(\.value)
    }

    /// The `index`-th number written in `cell` (1 is the first, −1 the last), or nil when it has
    /// fewer. Counting from the start, the scan stops at that number: this runs once per row of an
    /// `--apply`.
    static func number(_ index: Int, in cell: String) -> Double? {
        guard index != 0 else { return nil }
        let numbers = scan(Array(cell.unicodeScalars), upTo: index > 0 ? index : nil)
        let position = index > 0 ? index - 1 : numbers.count + index
        return numbers.indices.contains(position) ? numbers[position].value : nil
    }

    /// The numbers of `s` with where each is written, the first `limit` of them when one is given.
    private static func scan(_ s: [Unicode.Scalar], upTo limit: Int? = nil) -> [(value: Double, range: Range<Int>)] {
        let n = s.count
        func digit(_ i: Int) -> Bool { i < n && TextToken.digits.contains(s[i]) }
        var numbers: [(value: Double, range: Range<Int>)] = []
        var i = 0
        while i < n, numbers.count < limit ?? .max {
            guard digit(i) else {
                i += 1
                continue
            }
            let start = i
            var j = i
            while digit(j) { j += 1 }
            var integer = String(String.UnicodeScalarView(s[i..<j]))
            if j - i <= 3 {
                while j + 3 < n, s[j] == ",", digit(j + 1), digit(j + 2), digit(j + 3), !digit(j + 4) {
                    integer += String(String.UnicodeScalarView(s[(j + 1)...(j + 3)]))
                    j += 4
                }
            }
            var fraction = "0"
            if j + 1 < n, s[j] == ".", digit(j + 1) {
                var k = j + 1
                while digit(k) { k += 1 }
                fraction = String(String.UnicodeScalarView(s[(j + 1)..<k]))
                j = k
            }
            let signed = start > 0 && s[start - 1] == "-" && (start == 1 || !TextToken.alphanumeric.contains(s[start - 2]))
            let from = signed ? start - 1 : start
            if let magnitude = Double(integer + "." + fraction), magnitude.isFinite {
                numbers.append((signed ? -magnitude : magnitude, from..<j))
            }
            i = j
        }
        return numbers
    }
}
