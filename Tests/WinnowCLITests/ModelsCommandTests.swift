import Foundation
import Testing

/// `winnow models` as a user runs it. The listing itself is tested against a scripted server in
/// WinnowModelTests (`modelsListsWhatTheServerServes`); here, the command's failures.
@Suite(.serialized) struct ModelsCommandTests {
    /// A port that was free a moment ago.
    static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    @Test func anUnreachableServerExits76() async throws {
        let result = try await Winnow.run(["models", "--model", "http://127.0.0.1:\(Self.freePort())/v1"])
        #expect(result.status == 76)
        #expect(result.stderr.contains("cannot reach the server"))
    }

    @Test func aModelURLThatIsNotHTTPIsAUsageError() async throws {
        let result = try await Winnow.run(["models", "--model", "qwen3-4b"])
        #expect(result.status == 64)
    }
}
