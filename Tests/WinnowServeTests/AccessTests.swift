import Foundation
import Testing
import WinnowServe

/// Who may talk to the server: the token off loopback, localhost names only on loopback, problems for
/// unknown routes and methods, and the page's headers.
@Suite("access to winnow serve")
struct AccessTests {
    static let token = "s3cret-token-0123456789"

    @Test func withATokenEveryRouteRefusesARequestWithoutIt() async throws {
        let server = try TestServers.server(token: Self.token, host: "0.0.0.0")
        try await TestServers.withClient(server) { client in
            for path in ["/", "/healthz", "/metrics", "/v1/inventory"] {
                let answer = try await client.get(path)
                #expect(answer.status == 401, "\(path)")
                #expect(answer.isProblem)
                #expect(answer.headers[.wwwAuthenticate] == "Bearer realm=\"winnow\"")
            }
            let solve = try await client.post("/v1/solve", json: #"{"input": "a\n", "example": "a\n"}"#)
            #expect(solve.status == 401)
            let wrong = try await client.get("/healthz", headers: [.authorization: "Bearer not-the-token-0123"])
            #expect(wrong.status == 401)
            let right = try await client.get("/healthz", headers: [.authorization: "Bearer \(Self.token)"])
            #expect(right.status == 200)
        }
    }

    @Test func theAddressWithTheTokenSetsACookieThePageThenUses() async throws {
        let server = try TestServers.server(token: Self.token, host: "0.0.0.0")
        try await TestServers.withClient(server) { client in
            let redirect = try await client.get("/?token=\(Self.token)")
            #expect(redirect.status == 303)
            let cookie = try #require(redirect.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let page = try await client.get("/", headers: [.cookie: "winnow_token=\(Self.token)"])
            #expect(page.status == 200)
            let reply401 = try await client.get("/?token=wrong")
            #expect(reply401.status == 401)
        }
    }

    @Test func unknownRoutesAre404AndWrongMethods405WithAllow() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            let missing = try await client.get("/v2/solve")
            #expect(missing.status == 404 && missing.isProblem)
            let method = try await client.get("/v1/solve")
            #expect(method.status == 405 && method.isProblem)
            #expect(method.headers[.allow] == "POST")
            let post = try await client.post("/healthz", json: "{}")
            #expect(post.status == 405)
            #expect(post.headers[.allow] == "GET, HEAD")
        }
    }

    @Test func thePageIsServedWithAPolicyThatAllowsOnlyItsOwnOrigin() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            let page = try await client.get("/")
            #expect(page.status == 200)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(page.text.contains("app.js"))
            #expect(!page.text.contains("http://") && !page.text.contains("https://"), "the page must not load anything from elsewhere")
            let script = try await client.get("/app.js")
            #expect(script.status == 200 && script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(!script.text.contains("https://"))
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            _ = try await client.get("/v1/inventory")
            _ = try await client.post("/v1/solve", json: "nope")
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains(#"winnow_http_requests_total{route="/v1/inventory",method="GET",status="200"} 1"#))
            #expect(metrics.text.contains(#"winnow_http_requests_total{route="/v1/solve",method="POST",status="400"} 1"#))
            #expect(metrics.text.contains("winnow_http_work_slots_busy"))
        }
    }

    @Test func theInventoryListsTheOperatorsTheSearchUses() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            let answer = try await client.get("/v1/inventory")
            let names = (answer.object["operators"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(names.contains("split") && names.contains("derive"))
            #expect(answer.object["cell_programs"] as? Bool == true)
        }
    }
}
