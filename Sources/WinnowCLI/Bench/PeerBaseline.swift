import Foundation
import WinnowCore

/// A peer system's recorded per-case results (Foofah's or cvc5's own run), read from a CSV so that
/// `bench` can print its figures beside Winnow's without re-running it.
///
/// Expected columns (others, such as cvc5's `program`, are ignored): `file`, `scenario`, `variant`,
/// `test_answer_available`, `status` (`perfect`, `found-but-wrong-on-test`, `timeout`, `no-program`,
/// `crash`) and `synth_s`.
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
    var name: String
    var path: String
    /// The file that says how the peer's run was made (its time cap, machine, timer), if one is known.
    var notes: String?
    var cases: [Case]

    /// Reads the baseline; the peer's name is `name` or, without it, the one the path gives.
    static func load(path: String, name: String? = nil, notes: String? = nil) throws(WinnowError) -> PeerBaseline {
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
        return PeerBaseline(name: name ?? inferredName(path: path), path: path, notes: notes, cases: cases)
    }

    /// The peer's name as the baseline's path gives it: `<peer>-baseline.csv`, else a folder named
    /// `<benchmark>-<peer>/`; "peer" when neither does. A name of lower-case letters only is
    /// capitalised ("foofah" → "Foofah"); one with digits is kept as written ("cvc5"), since such
    /// names are usually spelt that way.
    static func inferredName(path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let folder = url.deletingLastPathComponent().lastPathComponent
        let word: Substring?
        if let range = stem.range(of: "[-_]baseline$", options: .regularExpression), range.lowerBound > stem.startIndex {
            word = stem[..<range.lowerBound]
        } else if let dash = folder.lastIndex(where: { $0 == "-" || $0 == "_" }), folder.index(after: dash) < folder.endIndex {
            word = folder[folder.index(after: dash)...]
        } else {
            word = nil
        }
        guard let word else { return "peer" }
        return word.allSatisfy { $0.isLowercase && $0.isLetter } ? word.prefix(1).uppercased() + word.dropFirst() : String(word)
    }

    /// The file describing the peer's run: `<baseline>.md` beside the CSV, else the nearest
    /// `README.md` in the bench folder or a folder above it (as far as the path given names) that
    /// mentions the peer, so that a benchmark's own README describing its peer is found; `nil` when
    /// neither exists, and the report then links nothing rather than a file that is not there.
    static func notes(baseline: String, peer: String, folder: String) -> String? {
        let beside = (baseline.hasSuffix(".csv") ? String(baseline.dropLast(4)) : baseline) + ".md"
        if FileManager.default.fileExists(atPath: beside) { return beside }
        var components = folder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while components.last == "" { components.removeLast() }
        while let last = components.last, last != ".." {
            let readme = (components + ["README.md"]).joined(separator: "/")
            if let text = try? String(contentsOfFile: readme, encoding: .utf8), text.range(of: peer, options: .caseInsensitive) != nil {
                return readme
            }
            components.removeLast()
        }
        return nil
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

    /// The peer's name, as the reports print it.
    var name: String
    var baseline: String
    var notes: String?
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
        case name, baseline, notes, peer, unmatched
        case baselineOnly = "baseline_only"
        case winnowOnly = "winnow_only"
        case peerOnly = "peer_only"
    }

    init(baseline: PeerBaseline, cases: [BenchCase]) {
        name = baseline.name
        self.baseline = baseline.path
        notes = baseline.notes
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
