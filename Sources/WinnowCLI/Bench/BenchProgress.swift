import Foundation

/// Progress of a benchmark run on stderr: a bar redrawn in place on a terminal, otherwise a plain
/// line every `lineEvery` cases so that logs of unattended runs stay short.
struct BenchProgress {
    static let lineEvery = 25

    let total: Int
    let isTerminal: Bool
    private var done = 0
    /// Cases per label, in the order labels first appeared.
    private var counts: [(label: String, count: Int)] = []
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?

    init(total: Int, isTerminal: Bool = StandardStreams.errorIsTerminal) {
        self.total = total
        self.isTerminal = isTerminal
        started = clock.now
    }

    /// Counts a finished case under a short label (a status letter, a decision).
    mutating func record(_ label: String) {
        done += 1
        if let index = counts.firstIndex(where: { $0.label == label }) { counts[index].count += 1 } else { counts.append((label, 1)) }
        if isTerminal {
            let now = clock.now
            if let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
            lastDraw = now
            StandardStreams.errorRaw("\r\u{1B}[K" + bar())
        } else if done % Self.lineEvery == 0 || done == total {
            StandardStreams.error("bench: \(line())")
        }
    }

    /// Clears the bar so that the report starts on a clean line.
    func finish() {
        if isTerminal, lastDraw != nil { StandardStreams.errorRaw("\r\u{1B}[K") }
    }

    private func bar() -> String {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + line()
    }

    private func line() -> String {
        let letters = counts.map { "\($0.label) \($0.count)" }.joined(separator: "  ")
        let seconds = String(format: "%.1f s", (clock.now - started).milliseconds / 1000)
        return "\(done)/\(total) cases  \(letters)  \(seconds)"
    }
}
