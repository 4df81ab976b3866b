import WinnowControl

/// What a generated spreadsheet cell holds.
enum CellKind: CaseIterable, Sendable {
    case name, date, money, code, address, phone, number, word

    /// How many spellings `CellStyle.text` knows for the kind.
    var variants: Int {
        switch self {
        case .name, .money, .code, .phone, .number: 3
        case .date: 5
        case .address: 2
        case .word: Vocabulary.categories.count
        }
    }

    /// Header titles a spreadsheet might give a column of this kind.
    var titles: [String] {
        switch self {
        case .name: ["Name", "Customer", "Employee", "Contact"]
        case .date: ["Date", "Joined", "Due", "Shipped"]
        case .money: ["Amount", "Price", "Total", "Balance"]
        case .code: ["Code", "SKU", "ID", "Ref"]
        case .address: ["Address", "Location"]
        case .phone: ["Phone", "Tel", "Mobile"]
        case .number: ["Qty", "Count", "Score", "Units"]
        case .word: ["Dept", "Region", "Category", "Status"]
        }
    }
}

/// How one column writes its cells: a kind, one of its spellings, and optionally a `label: value`
/// wrapping.
///
/// The style is fixed for the whole column and for every table drawn from the same recipe, as in a
/// real export: a delimiter or pattern that works on one row works on the others, which is what makes
/// a pipeline learned from one table carry over to the held-out ones.
struct CellStyle: Hashable, Sendable {
    var kind: CellKind
    var variant: Int
    /// Written before the value with `separator`, for key:value cells (`Phone: 555-123-4567`).
    var label: String?
    var separator = ": "

    static func random(_ kind: CellKind, random: inout SeededDraws) -> CellStyle {
        CellStyle(kind: kind, variant: random.int(in: 0...(kind.variants - 1)))
    }

    /// A random kind's random style.
    static func random(random: inout SeededDraws) -> CellStyle {
        Self.random(random.element(of: CellKind.allCases), random: &random)
    }

    /// This style with a key:value label taken from the kind's titles.
    func labelled(random: inout SeededDraws) -> CellStyle {
        var style = self
        style.label = random.element(of: kind.titles)
        style.separator = random.element(of: [": ", ":", "="])
        return style
    }

    /// One fresh cell.
    func text(random: inout SeededDraws) -> String {
        let value = value(random: &random)
        guard let label else { return value }
        return label + separator + value
    }

    private func value(random: inout SeededDraws) -> String {
        switch kind {
        case .name: name(random: &random)
        case .date: date(random: &random)
        case .money: money(random: &random)
        case .code: code(random: &random)
        case .address: address(random: &random)
        case .phone: phone(random: &random)
        case .number: number(random: &random)
        case .word: random.element(of: Vocabulary.categories[variant])
        }
    }

    private func name(random: inout SeededDraws) -> String {
        let first = random.element(of: Vocabulary.firstNames)
        let last = random.element(of: Vocabulary.lastNames)
        switch variant {
        case 0: return "\(last), \(first)"
        case 1: return "\(first) \(last)"
        default: return "\(first.prefix(1)). \(last)"
        }
    }

    private func date(random: inout SeededDraws) -> String {
        let year = random.int(in: 1998...2024)
        let month = random.int(in: 1...12)
        let day = random.int(in: 1...28)
        switch variant {
        case 0: return "\(month)/\(day)/\(year)"
        case 1: return "\(twoDigits(month))/\(twoDigits(day))/\(year)"
        case 2: return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        case 3: return "\(Vocabulary.months[month - 1]) \(day), \(year)"
        default: return "\(day).\(month).\(year)"
        }
    }

    private func money(random: inout SeededDraws) -> String {
        let dollars = random.chance(0.5) ? random.int(in: 1...999) : random.int(in: 1_000...48_000)
        let cents = random.element(of: [0, 0, 25, 50, 75, random.int(in: 1...99)])
        switch variant {
        case 0: return "$\(grouped(dollars)).\(twoDigits(cents))"
        case 1: return "\(dollars).\(twoDigits(cents))"
        default: return "USD \(grouped(dollars))"
        }
    }

    private func code(random: inout SeededDraws) -> String {
        let letters = (0..<2).map { _ in random.element(of: Vocabulary.upperLetters) }.joined()
        let digits = random.int(in: 100...9_999)
        switch variant {
        case 0: return "\(letters)-\(digits)"
        case 1: return "\(letters)\(digits)"
        default: return "\(letters)/\(fourDigits(digits))-\(random.element(of: Vocabulary.upperLetters))"
        }
    }

    private func address(random: inout SeededDraws) -> String {
        let street = "\(random.int(in: 1...480)) \(random.element(of: Vocabulary.streets)) \(random.element(of: Vocabulary.streetTypes))"
        let city = random.element(of: Vocabulary.cities)
        switch variant {
        case 0: return "\(street), \(city)"
        default: return "\(street), \(city), \(random.element(of: Vocabulary.states))"
        }
    }

    private func phone(random: inout SeededDraws) -> String {
        let area = random.int(in: 201...989)
        let exchange = random.int(in: 200...999)
        let padded = fourDigits(random.int(in: 0...9_999))
        switch variant {
        case 0: return "(\(area)) \(exchange)-\(padded)"
        case 1: return "\(area)-\(exchange)-\(padded)"
        default: return "\(area).\(exchange).\(padded)"
        }
    }

    private func number(random: inout SeededDraws) -> String {
        switch variant {
        case 0: return String(random.int(in: 1...999))
        case 1: return "\(random.int(in: 0...99)).\(random.int(in: 1...9))"
        default: return "\(random.int(in: 1...100))%"
        }
    }

    private func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    private func fourDigits(_ n: Int) -> String { String(String(n + 10_000).dropFirst()) }

    /// Thousands separated by commas, as spreadsheets format money.
    private func grouped(_ n: Int) -> String {
        n < 1_000 ? String(n) : "\(n / 1_000),\(String(n % 1_000 + 1_000).dropFirst())"
    }
}
