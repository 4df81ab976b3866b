import Foundation
import WinnowControl

/// One transform `bench-apply` times: what the analyst means, written as plain Swift per row, so the
/// program Winnow learns from three rows can be checked on every row of the large table.
struct ApplyWorkload: Sendable {
    enum Kind: String, Sendable, Codable {
        /// Layout operators suffice: the throughput `--apply` had before cell programs.
        case layout
        /// The output holds text no layout step can produce, so the program needs a `derive` or
        /// `replace` step.
        case cell
    }

    var name: String
    var kind: Kind
    var intent: @Sendable ([String]) -> [String]

    /// The workloads, on `ApplyData` rows: name (`First Last`), phone (`555-123-4567`), date
    /// (`M/D/YYYY`), amount (`12345.6`).
    static let all: [ApplyWorkload] = [
        ApplyWorkload(name: "drop the amount", kind: .layout) { row in Array(row[0..<3]) },
        ApplyWorkload(name: "move the date first", kind: .layout) { row in [row[2], row[0], row[1], row[3]] },
        ApplyWorkload(name: "split the name at the space", kind: .layout) { row in
            let (first, last) = ApplyData.name(row)
            return [first, last] + row[1...]
        },
        ApplyWorkload(name: "date M/D/YYYY as YYYY-MM-DD", kind: .cell) { row in
            let parts = row[2].split(separator: "/").map(String.init)
            return [row[0], row[1], parts[2] + "-" + ApplyData.twoDigits(parts[0]) + "-" + ApplyData.twoDigits(parts[1]), row[3]]
        },
        ApplyWorkload(name: "name in upper case", kind: .cell) { row in [row[0].uppercased()] + row[1...] },
        ApplyWorkload(name: "initials of the name", kind: .cell) { row in
            let (first, last) = ApplyData.name(row)
            return ["\(first.prefix(1)).\(last.prefix(1))."] + row[1...]
        },
        ApplyWorkload(name: "phone as (555) 123-4567", kind: .cell) { row in
            let digits = row[1].split(separator: "-").map(String.init)
            return [row[0], "(\(digits[0])) \(digits[1])-\(digits[2])", row[2], row[3]]
        },
        ApplyWorkload(name: "amount as $1,234.50", kind: .cell) { row in
            let parts = row[3].split(separator: ".").map(String.init)
            return Array(row[0..<3]) + ["$" + ApplyData.grouped(parts[0]) + "." + parts[1] + "0"]
        },
        ApplyWorkload(name: "Dr. and the last name", kind: .cell) { row in
            row + ["Dr. " + ApplyData.name(row).1]
        },
    ]
}

/// The seeded rows every workload runs on: contact records as an analyst's export has them.
enum ApplyData {
    static let first = [
        "Nancy", "Andrew", "Launa", "Lakenya", "Brendan", "Bradford", "Rudolf", "Lara", "Maria", "Chen", "Amara", "Jonas",
    ]
    static let last = [
        "Freehafer", "Cencici", "Withers", "Edison", "Hage", "Lango", "Akiyama", "Constable", "Okafor", "Li", "Novak", "Ruiz",
    ]

    static func rows(_ count: Int, seed: UInt64) -> [[String]] {
        var draws = SeededDraws(seed: seed)
        return (0..<count).map { _ in
            let name = draws.element(of: first) + " " + draws.element(of: last)
            let phone = "\(draws.int(in: 200...999))-\(draws.int(in: 200...999))-" + String(format: "%04d", draws.int(in: 0...9999))
            let date = "\(draws.int(in: 1...12))/\(draws.int(in: 1...28))/\(draws.int(in: 1950...2030))"
            let amount = "\(draws.int(in: 100...999_999)).\(draws.int(in: 0...9))"
            return [name, phone, date, amount]
        }
    }

    /// First and last name of a row's `First Last` cell.
    static func name(_ row: [String]) -> (String, String) {
        let parts = row[0].split(separator: " ", maxSplits: 1).map(String.init)
        return (parts[0], parts[1])
    }

    static func twoDigits(_ digits: String) -> String { digits.count < 2 ? "0" + digits : digits }

    /// Whole-number digits with a comma between groups of three.
    static func grouped(_ digits: String) -> String {
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}
