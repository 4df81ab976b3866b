import Foundation
import WinnowServe
import Synchronization

/// What one batch of requests came back with: status codes, the failures that are not statuses, and
/// the latency of each request as the client saw it.
struct LoadTally: Sendable {
    var statuses: [Int: Int] = [:]
    var connectErrors = 0
    var readErrors = 0
    var writeErrors = 0
    var timeouts = 0
    var latencies: [Duration] = []
    var elapsed: Duration = .zero

    mutating func merge(_ other: LoadTally) {
        statuses.merge(other.statuses, uniquingKeysWith: +)
        connectErrors += other.connectErrors
        readErrors += other.readErrors
        writeErrors += other.writeErrors
        timeouts += other.timeouts
        latencies += other.latencies
    }
}

/// An exact number of `POST /v1/solve` requests, spread over a few keep-alive connections that each
/// send one request at a time.
///
/// wrk stops on time, not on a count, and its main thread sleeps out the whole duration even when
/// every connection is done; the memory bar is stated at 1,000 and 10,000 requests, so these phases
/// need a client that stops at the count itself.
enum CountedLoad {
    /// Longest wait for one answer before it counts as a timeout: the server caps a search at 30 s
    /// (`--max-timeout`), so anything longer is a server that stopped answering.
    static let answerTimeout: Int = 30

    static func run(port: Int, body: Data, count: Int, connections: Int) -> LoadTally {
        let request = LoopbackConnection.request(port: port, path: "/v1/solve", body: body)
        let tallies = Tallies()
        let clock = ContinuousClock()
        let started = clock.now
        BlockingWorkers.run(total: count, workers: connections) { _, share in
            var tally = LoadTally()
            tally.latencies.reserveCapacity(share)
            var connection: LoopbackConnection?
            for _ in 0..<share {
                let sent = clock.now
                guard let open = connection ?? LoopbackConnection(port: port) else {
                    tally.connectErrors += 1
                    continue
                }
                connection = open
                switch open.exchange(request) {
                case .answer(let status, let keepAlive, _):
                    tally.statuses[status, default: 0] += 1
                    tally.latencies.append(clock.now - sent)
                    if !keepAlive { connection = nil }
                case .failed(let failure):
                    switch failure {
                    case .write: tally.writeErrors += 1
                    case .read: tally.readErrors += 1
                    case .timeout: tally.timeouts += 1
                    }
                    connection = nil
                }
            }
            tallies.all.withLock { $0.append(tally) }
        }
        var total = LoadTally()
        tallies.all.withLock { $0.forEach { total.merge($0) } }
        total.elapsed = clock.now - started
        return total
    }
}

/// The connections' tallies, handed back as each connection finishes.
private final class Tallies: Sendable {
    let all = Mutex<[LoadTally]>([])
}

/// One blocking HTTP/1.1 connection to a loopback port: a request out, one answer with a
/// `Content-Length` body back.
final class LoopbackConnection {
    enum Failure { case write, read, timeout }

    enum Outcome {
        case answer(status: Int, keepAlive: Bool, body: [UInt8])
        case failed(Failure)
    }

    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    /// Bytes read past the end of the previous answer (none with one request at a time, but cheap to keep right).
    private var pending: [UInt8] = []

    init?(port: Int) {
        guard let fd = LoopbackSocket.connect(port: port) else { return nil }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        var wait = timeval(tv_sec: CountedLoad.answerTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit { close(fd) }

    static func request(port: Int, path: String, body: Data) -> [UInt8] {
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + Array(body)
    }

    func exchange(_ request: [UInt8]) -> Outcome {
        var written = 0
        while written < request.count {
            // MSG_NOSIGNAL: a server that closed the connection must show up as a write error, not SIGPIPE.
            let count = request.withUnsafeBytes { send(fd, $0.baseAddress! + written, $0.count - written, Int32(MSG_NOSIGNAL)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return .failed(.write) }
            written += count
        }
        var received = pending
        pending = []
        var headEnd: Int?
        var bodyLength = 0
        while true {
            if headEnd == nil, let end = Self.headEnd(received) {
                headEnd = end
                guard let length = Self.header("content-length", in: received[..<end]).flatMap({ Int($0) }) else { return .failed(.read) }
                bodyLength = length
            }
            if let end = headEnd, received.count >= end + bodyLength {
                let head = received[..<end]
                let body = Array(received[end..<(end + bodyLength)])
                pending = Array(received[(end + bodyLength)...])
                let statusLine = head.prefix { $0 != UInt8(ascii: "\r") }
                let fields = statusLine.split(separator: UInt8(ascii: " "))
                guard fields.count >= 2, let status = Int(String(decoding: fields[1], as: UTF8.self)) else { return .failed(.read) }
                let close = Self.header("connection", in: head)?.lowercased() == "close"
                return .answer(status: status, keepAlive: !close, body: body)
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return .failed(.timeout) }
            guard count > 0 else { return .failed(.read) }
            received += buffer[..<count]
        }
    }

    /// The index just past the blank line that ends the head, if it has arrived.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 3..<bytes.count
        where bytes[i] == 10 && bytes[i - 1] == 13 && bytes[i - 2] == 10 && bytes[i - 3] == 13 {
            return i + 1
        }
        return nil
    }

    private static func header(_ name: String, in head: ArraySlice<UInt8>) -> String? {
        for line in String(decoding: head, as: UTF8.self).split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
