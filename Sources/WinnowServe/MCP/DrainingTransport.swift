import Foundation
import Logging
import MCP

/// A transport that, once its input ends, still lets every answer it owes go out, and says when it has.
///
/// The SDK's server stops reading at the end of stdin and leaves its tool calls running in detached
/// tasks; a command that returned then would exit with them unanswered, and a client that writes a
/// request and closes its end of the pipe (a script, `echo … | winnow mcp`) would get nothing. This
/// wrapper counts the requests it hands the server and the answers it sends back, and `drained()`
/// returns when the input has ended and the two match.
///
/// It also refuses a message larger than `maxMessageBytes` (`--max-body-bytes`, the HTTP body cap)
/// with a JSON-RPC error instead of handing it on.
actor DrainingTransport: Transport {
    nonisolated let logger: Logger
    private let inner: any Transport
    private let maxMessageBytes: Int
    /// Requests handed to the server and not yet answered, by JSON-RPC id.
    private var owed: Set<ID> = []
    private var inputEnded = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ inner: any Transport, maxMessageBytes: Int, logger: Logger) {
        self.inner = inner
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
    }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        defer { settle(Message.parse(data).answered) }
        try await inner.send(data)
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        Task { await forward(into: continuation) }
        return stream
    }

    /// Returns once the input has ended and every request read from it has been answered.
    func drained() async {
        if inputEnded, owed.isEmpty { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func forward(into continuation: AsyncThrowingStream<Data, any Error>.Continuation) async {
        do {
            for try await data in await inner.receive() {
                let message = Message.parse(data)
                if data.count > maxMessageBytes {
                    try? await refuse(message, size: data.count)
                    continue
                }
                owed.formUnion(message.requests)
                settle(message.cancelled)
                continuation.yield(data)
            }
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
        inputEnded = true
        settle([])
    }

    private func refuse(_ message: Message, size: Int) async throws {
        logger.warning("refused a message larger than --max-body-bytes", metadata: ["bytes": "\(size)"])
        let encoder = JSONEncoder()
        for id in message.requests {
            let error = MCPError.invalidRequest("the message is \(size) bytes, more than this server's \(maxMessageBytes) (--max-body-bytes)")
            // An error answer's encoding does not depend on the method; `Ping` stands for any.
            try await inner.send(try encoder.encode(Ping.response(id: id, error: error)))
        }
    }

    private func settle(_ answered: Set<ID>) {
        owed.subtract(answered)
        guard inputEnded, owed.isEmpty else { return }
        let ready = waiters
        waiters = []
        for waiter in ready { waiter.resume() }
    }

    /// What one message (or batch) means for the count: the requests it makes, the requests it answers,
    /// and the requests whose cancellation it announces (those get no answer). Ids are read with the
    /// SDK's own `ID` decoding, so a request and its answer always meet under the same key.
    struct Message {
        var requests: Set<ID> = []
        var answered: Set<ID> = []
        var cancelled: Set<ID> = []

        static func parse(_ data: Data) -> Message {
            let decoder = JSONDecoder()
            let items = (try? decoder.decode([Envelope].self, from: data)) ?? (try? decoder.decode(Envelope.self, from: data)).map { [$0] } ?? []
            var message = Message()
            for item in items {
                if let method = item.method {
                    if let id = item.id { message.requests.insert(id) }
                    if method == CancelledNotification.name, let id = item.cancelledID { message.cancelled.insert(id) }
                } else if item.isAnswer, let id = item.id {
                    message.answered.insert(id)
                }
            }
            return message
        }
    }

    /// The routing fields of one JSON-RPC message; a field of the wrong shape reads as absent.
    private struct Envelope: Decodable {
        var id: ID?
        var method: String?
        var cancelledID: ID?
        var isAnswer: Bool

        private enum Key: String, CodingKey { case id, method, params, result, error }
        private enum ParamKey: String, CodingKey { case requestId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            id = try? container.decodeIfPresent(ID.self, forKey: .id)
            method = try? container.decodeIfPresent(String.self, forKey: .method)
            cancelledID = try? container.nestedContainer(keyedBy: ParamKey.self, forKey: .params).decodeIfPresent(ID.self, forKey: .requestId)
            isAnswer = container.contains(.result) || container.contains(.error)
        }
    }
}
