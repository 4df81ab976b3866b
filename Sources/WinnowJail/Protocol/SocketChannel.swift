import Foundation

/// Blocking reads and writes on the host's end of a jail's socket, each bounded by a deadline.
///
/// Workers run these on their own threads (never on Swift's cooperative pool), so blocking is
/// cheap and the deadline is the only thing that can end a wait on a wedged jail.
struct SocketChannel {
    let descriptor: Int32

    enum Failure: Error {
        /// The jail closed its end: it exited or was killed.
        case closed
        /// The deadline passed first.
        case timedOut
        case system(String)
    }

    func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Foundation.send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE || errno == ECONNRESET { throw .closed }
                throw .system("send: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    /// Reads exactly `count` bytes into `buffer` (replacing its contents) before `deadline`.
    func receive(_ count: Int, into buffer: inout [UInt8], by deadline: ContinuousClock.Instant) throws(Failure) {
        // Read straight into the caller's (reused) storage: this runs twice per job.
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: repeatElement(0, count: count))
        var received = 0
        while received < count {
            try waitReadable(by: deadline)
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + received, count - received, 0) }
            if n == 0 { throw .closed }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                if errno == ECONNRESET { throw .closed }
                throw .system("recv: \(String(cString: strerror(errno)))")
            }
            received += n
        }
    }

    private func waitReadable(by deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { throw .timedOut }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .system("poll: \(String(cString: strerror(errno)))") }
        }
    }
}
