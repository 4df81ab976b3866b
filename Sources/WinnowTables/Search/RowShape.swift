/// A row's shape: each cell's characters as classes (letters, digits, space, the punctuation itself),
/// runs collapsed, so `Los Angeles, CA` and `Phialdelphia, PA, USA` differ and two names written alike
/// do not.
///
/// Both places that ask which rows are alike use it: the question about the held-out row least like
/// the example (`TableInquiry`) and the sample of a large example (`ExampleSample`).
enum RowShape {
    static func of(_ row: [String]) -> [String] {
        row.map { cell in
            var out = ""
            var last: Character?
            for character in cell {
                let cls: Character = character.isLetter ? "a" : character.isNumber ? "9" : character.isWhitespace ? " " : character
                if cls != last { out.append(cls) }
                last = cls
            }
            return out
        }
    }
}
