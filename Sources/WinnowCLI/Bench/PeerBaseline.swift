import Foundation
import WinnowCore

/// A peer system's recorded per-case results (Foofah's own run), read from a CSV so that `bench`
/// can print its figures beside Winnow's without re-running it.
///
/// Expected columns (others are ignored): `file`, `scenario`, `variant`, `test_answer_available`,
/// `status` (`perfect`, `found-but-wrong-on-test`, `timeout`, `no-program`, `crash`) and `synth_s`.
struct PeerBaseline {
    struct Case {
        /// The case's file name without folders, which is how it is matched to Winnow's case.
        var file: String
        var scenario: String
        var variant: Int?
        /// Scored the way Winnow scores: a case without a usable answer is `unscored`.
        var status: BenchCase.Status
        var synthMs: Double?
    }

    /// The name the reports give the peer.
    static let name = "Foofah"

    var path: String
    var cases: [Case]

    static func load(path: String) throws(WinnowError) -> PeerBaseline {
        let table = try CSV.read(path: path)
        guard let header = table.rows.first else { throw WinnowError(.badInput, file: path, "has no header line") }
        func column(_ name: String) throws(WinnowError) -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw WinnowError(.badInput, file: path, "missing column \"\(name)\" (header: \(header.joined(separator: ",")))")
            }
            return index
        }
        let file = try column("file"), scenario = try column("scenario"), variant = try column("variant")
        let available = try column("test_answer_available"), status = try column("status"), synth = try column("synth_s")
        var cases: [Case] = []
        for (offset, row) in table.rows.enumerated().dropFirst() {
            let line = offset + 1
            guard row.count == header.count else {
                throw WinnowError(.badInput, file: path, "line \(line): \(row.count) fields, the header has \(header.count)")
            }
            let judged: BenchCase.Status
            switch row[status] {
            case "perfect": judged = .perfect
            case "found-but-wrong-on-test": judged = .wrong
            case "timeout": judged = .timeout
            case "no-program", "crash": judged = .none
            default:
                throw WinnowError(.badInput, file: path, "line \(line): unknown status \"\(row[status])\"")
            }
            guard row[available] == "0" || row[available] == "1" else {
                throw WinnowError(.badInput, file: path, "line \(line): test_answer_available must be 0 or 1, found \"\(row[available])\"")
            }
            var seconds: Double?
            if !row[synth].isEmpty {
                guard let value = Double(row[synth]) else {
                    throw WinnowError(.badInput, file: path, "line \(line): synth_s is not a number: \"\(row[synth])\"")
                }
                seconds = value
            }
            cases.append(Case(
                file: URL(fileURLWithPath: row[file]).lastPathComponent, scenario: row[scenario], variant: Int(row[variant]),
                status: row[available] == "1" ? judged : .unscored, synthMs: seconds.map { $0 * 1000 }))
        }
        if cases.isEmpty { throw WinnowError(.badInput, file: path, "holds no cases") }
        return PeerBaseline(path: path, cases: cases)
    }

    /// The peer's figures over all its cases, or over those whose file names are given.
    func scoreboard(of files: Set<String>? = nil) -> Scoreboard {
        let chosen = files.map { files in cases.filter { files.contains($0.file) } } ?? cases
        return Scoreboard(chosen.map { Scoreboard.Entry(scenario: $0.scenario, variant: $0.variant, status: $0.status, ms: $0.synthMs) })
    }
}

/// The peer's figures on the cases of this run, and where Winnow and the peer disagree.
///
/// The peer is restricted to the cases Winnow ran, so that benching a subset of a folder still
/// compares like with like.
struct PeerComparison: Encodable {
    struct Difference: Encodable {
        var file: String
        var winnow: BenchCase.Status
        var peer: BenchCase.Status
    }

    var baseline: String
    /// The peer's scoreboard on the cases of this run.
    var peer: Scoreboard
    /// Perfect for Winnow, not for the peer.
    var winnowOnly: [Difference]
    /// Perfect for the peer, not for Winnow.
    var peerOnly: [Difference]
    /// Winnow's cases the baseline does not list.
    var unmatched: Int
    /// Baseline cases this run did not include, left out of `peer`.
    var baselineOnly: Int
    /// The peer's grid letters per scenario, in variant order.
    var peerGrid: [String: String]

    private enum CodingKeys: String, CodingKey {
        case baseline, peer, unmatched
        case baselineOnly = "baseline_only"
        case winnowOnly = "winnow_only"
        case peerOnly = "peer_only"
    }

    init(baseline: PeerBaseline, cases: [BenchCase]) {
        self.baseline = baseline.path
        let files = Set(cases.map(\.file))
        let matched = baseline.cases.filter { files.contains($0.file) }
        peer = baseline.scoreboard(of: files)
        baselineOnly = baseline.cases.count - matched.count
        let peerByFile = Dictionary(baseline.cases.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        var winnowOnly: [Difference] = [], peerOnly: [Difference] = []
        var unmatched = 0
        for c in cases {
            guard let p = peerByFile[c.file] else {
                unmatched += 1
                continue
            }
            guard c.status != .unscored, p.status != .unscored else { continue }
            if c.status == .perfect, p.status != .perfect { winnowOnly.append(Difference(file: c.file, winnow: c.status, peer: p.status)) }
            if p.status == .perfect, c.status != .perfect { peerOnly.append(Difference(file: c.file, winnow: c.status, peer: p.status)) }
        }
        self.winnowOnly = winnowOnly
        self.peerOnly = peerOnly
        self.unmatched = unmatched
        peerGrid = Dictionary(grouping: matched, by: \.scenario).mapValues { cases in
            String(cases.sorted { ($0.variant ?? 0, $0.file) < ($1.variant ?? 0, $1.file) }.map(\.status.letter))
        }
    }

}

extension PeerComparison {
    /// Says when the peer's figures cover fewer cases than its baseline file holds.
    var scopeNote: String {
        baselineOnly == 0 ? "" : "; restricted to the \(peer.cases) cases of this run (\(baselineOnly) other baseline cases left out)"
    }
}
