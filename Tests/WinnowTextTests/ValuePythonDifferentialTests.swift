import Foundation
import Testing
@testable import WinnowText

/// Swift and the Python the number and date parts render to, on many rows in one `python3` run: the
/// same text, or `None` exactly where Swift is not applicable.
@Suite(.enabled(if: Python.isAvailable, "python3 is not installed"))
struct ValuePythonDifferentialTests {
    @Test func numberPartsPrintTheSameTextInSwiftAndPython() throws {
        var random = SplitMix64(state: 17)
        var cases: [(CellPart, [String])] = []
        let formats =
            (0..<40).map { _ in randomFormat(&random) } + [.plain, NumberFormat(decimals: 2), NumberFormat(decimals: 0, percent: true)]
        let values = trickyValues + (0..<150).map { _ in randomValue(&random) }
        for value in values {
            let cell = formats.randomElement(using: &random)!.render(value) ?? ""
            for format in formats.shuffled(using: &random).prefix(4) { cases.append((.number(.column(0), format), [cell])) }
            cases.append((.number(.column(0), .plain), [String(value)]))
        }
        for cell in oddCells {
            cases.append((.number(.column(0), .plain), [cell]))
            cases.append((.number(.column(0), NumberFormat(decimals: 3, thousands: ",")), [cell]))
        }
        let terms: [NumberTerm] = [
            .characters(column: 0), .words(column: 0), .occurrences(column: 0, text: ","), .occurrences(column: 0, text: "aa"),
            .occurrencesOfColumn(column: 0, other: 1), .absolute(.column(1)),
            .written(column: 0, index: 1), .written(column: 0, index: 2), .written(column: 0, index: -1), .written(column: 1, index: -2),
            .arithmetic(.multiply, .written(column: 0, index: 1), .column(1)),
        ] + ArithmeticOperator.allCases.flatMap { op in
            [
                NumberTerm.arithmetic(op, .column(0), .column(1)), .arithmetic(op, .column(1), .constant(1.1)),
                .arithmetic(op, .constant(1e308), .column(1)),
            ]
        }
        let rows = [
            ["aaa, b,\tc é", "a"], ["12.5", "-3"], ["1,000", "0"], ["", ""], ["7%", "(2.5)"], ["$1e5", "4"], ["0.1", "0.2"],
            ["ID-00042 x-7 -5F", "2020-01-05"], ["Total: $1,234.50, 3,4 and 12,3456", "é-9 €-1.25."], ["1.5.7 -0 (−5) 1,234,", " -8"],
            [String(repeating: "9", count: 400) + " 5 1e3", "٣ 4"],
        ]
        for term in terms {
            for row in rows {
                for format in [NumberFormat.plain, NumberFormat(decimals: 2), NumberFormat(decimals: 1, thousands: ",", sign: .plus)] {
                    cases.append((.number(term, format), row))
                }
            }
        }
        try compare(cases)
    }

    @Test func datePartsPrintTheSameTextInSwiftAndPython() throws {
        var random = SplitMix64(state: 29)
        let layouts: [[DateItem]] = [
            [.field(.paddedMonth), .text("/"), .field(.paddedDay), .text("/"), .field(.year)],
            [.field(.day), .text("."), .field(.month), .text("."), .field(.shortYear)],
            [.field(.weekday), .text(", "), .field(.monthName), .text(" "), .field(.day), .text(", "), .field(.year)],
            [.field(.weekdayAbbreviation), .text(" '"), .field(.monthAbbreviation), .text("\\")],
            [.field(.year), .text("-"), .field(.paddedMonth), .text("-"), .field(.paddedDay)],
        ]
        var cells = [
            "", "2/30/2020", "2/29/2000", "2/29/1900", "31/12/99", "1/2/49", "1/2/50", "0001-01-01", "9999-12-31", "12-25-2020",
            "Sept 3rd, 2019", "MONDAY 3 jun 19", "3 Smarch 2019", "April 1 1799", "1.2.3", "1//2020", "1/2/2020/3", "٣/4/2020",
            "99999999999999999999/1/2020", " 3 / 4 / 2020", "Dec 2, 14", "2-Dec-2014", "Jan 1", "1 2 3",
        ]
        for _ in 0..<200 {
            let year = Int.random(in: 1...9999, using: &random)
            let month = Int.random(in: 1...13, using: &random)
            let day = Int.random(in: 1...31, using: &random)
            let date = CalendarDate(year: year, month: min(month, 12), day: 1)!
            let layout = layouts.randomElement(using: &random)!
            let text = DateFormat(layout).render(date)
            cells.append(Bool.random(using: &random) ? text : "\(month)/\(day)/\(year % 100)")
            cells.append("\(day).\(month).\(year)")
        }
        var cases: [(CellPart, [String])] = []
        for cell in cells {
            for order in DateOrder.allCases {
                for pivot in [50, 30] {
                    let layout = layouts.randomElement(using: &random)!
                    cases.append((.date(column: 0, reading: DateReading(order: order, pivot: pivot), format: DateFormat(layout)), [cell]))
                }
            }
        }
        try compare(cases)
    }

    @Test func everyLearnedPartPrintsTheExampleInSwiftAndPython() throws {
        var random = SplitMix64(state: 41)
        var cases: [(CellPart, [String])] = []
        var unexplained: [String] = []
        for value in trickyValues + (0..<120).map({ _ in randomValue(&random) }) {
            var format = randomFormat(&random)
            if format.currency != nil { format.percent = false }
            guard let text = format.render(value), let cell = NumberFormat(decimals: nil, sign: .parentheses, currency: "¥").render(value),
                !cell.contains(text)
            else { continue }
            let row = [cell, "a b, c"]
            let found = ValueLearner.parts(row: row, text: text, inventory: .standard)
            // Formats read back with at most `NumberFormat.maxDecimals` places, which the tiniest doubles exceed.
            let readable = value == 0 || value.magnitude > 1e-15
            if readable, !found.contains(where: { if case .number(.column(0), _) = $0 { true } else { false } }) {
                unexplained.append("\(value) as \(text)")
            }
            for part in found {
                #expect(part.render(row) == text, "\(part) on \(row)")
                cases.append((part, row))
            }
        }
        for (row, text) in [
            (["3/4/2020", "x"], "2020-03-04"), (["Dec 2, 14"], "Tuesday 02.12.2014"), (["2014-12-02"], "2 December"),
            (["ID-00042", "x"], "42"), (["Width 12 cm", "3"], "36"), (["Pack of 12", "1.5"], "18"),
        ] {
            for part in ValueLearner.parts(row: row, text: text, inventory: .standard) {
                #expect(part.render(row) == text, "\(part) on \(row)")
                cases.append((part, row))
            }
        }
        #expect(unexplained.isEmpty, "\(unexplained.prefix(10))")
        try compare(cases)
    }

    private let trickyValues: [Double] = [
        0, -0.0, 0.5, -0.5, 1.005, 2.675, 1234.5, -1234.5, 0.125, 1e-7, 123_456_789.987_654_321, 1e21, .leastNonzeroMagnitude, 0.1 + 0.2,
        999.995, -0.004,
        1e15, 1e16, 1.7976931348623157e308, 0.045, 0.0049999, 12_345.678_5, 9.995, 99.5, 0.07,
    ]

    private let oddCells = [
        "", " 12 ", "(5)", "$-5", "-$5", "5 €", "5€", "¥5", "1,234", "1,23", "12%", "$5%", "1.2.3", "abc", "--5", "+5", "(−5)", ".5",
        "5.",
        "1,234.", ",123", "٣", "12e3", "inf", "nan", String(repeating: "9", count: 400), "1,234,567.891", "(-5)", "()", "%", " - 5",
        "\u{00A0}5", "5 ", "\t-0.0\n",
    ]

    private func randomValue(_ random: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return Double(Int.random(in: -1_000_000...1_000_000, using: &random))
        case 1: return Double(Int.random(in: -100_000...100_000, using: &random)) / 1000
        case 2: return Double.random(in: -1e6...1e6, using: &random)
        default: return Double(Int.random(in: -9999...9999, using: &random)) * pow(10, Double(Int.random(in: -12...20, using: &random)))
        }
    }

    private func randomFormat(_ random: inout SplitMix64) -> NumberFormat {
        let point: Unicode.Scalar = Bool.random(using: &random) ? "." : ","
        let thousands: Unicode.Scalar? = [nil, ",", ".", " ", "'"].randomElement(using: &random)!
        return NumberFormat(
            decimals: [nil, 0, 1, 2, 3, 6].randomElement(using: &random)!, thousands: thousands == point ? nil : thousands, point: point,
            width: [0, 0, 3, 6].randomElement(using: &random)!, sign: NumberSign.allCases.randomElement(using: &random)!,
            currency: [nil, "$", "€"].randomElement(using: &random)!,
            currencyPlace: CurrencyPlace.allCases.randomElement(using: &random)!,
            percent: Int.random(in: 0..<4, using: &random) == 0)
    }

    private func compare(_ cases: [(CellPart, [String])]) throws {
        var script = CellPython.prelude + "\n\nimport json\nout = []\n"
        for (part, row) in cases {
            script += "out.append((lambda row: \(part.python(row: "row")))([\(row.map(pythonString).joined(separator: ", "))]))\n"
        }
        script += "print(json.dumps(out))\n"
        let output = try Python.run(script)
        let decoded = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any]
        let results = try #require(decoded)
        try #require(results.count == cases.count)
        var mismatches: [String] = []
        for ((part, row), python) in zip(cases, results) {
            let swift = part.render(row)
            let same: Bool
            if let text = python as? String, let swift {
                same = text.unicodeScalars.elementsEqual(swift.unicodeScalars)
            } else {
                same = swift == nil && python is NSNull
            }
            if !same { mismatches.append("\(part) on \(row): Swift \(swift.map(quotedText) ?? "nil"), Python \(python)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20).joined(separator: "\n"))")
    }
}

/// Runs `python3 -I` on a script and returns what it prints.
enum Python {
    static let isAvailable: Bool = (try? run("print('ok')")) == "ok\n"

    static func run(_ script: String) throws -> String {
        let files = FileManager.default
        let url = files.temporaryDirectory.appendingPathComponent("winnow-values-\(UUID().uuidString).py")
        try Data(script.utf8).write(to: url)
        defer { try? files.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-I", "-W", "error", url.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailed(status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    struct PythonFailed: Error {
        var status: Int32
    }
}

/// A small seeded generator so the random cases are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
