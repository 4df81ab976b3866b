import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import WinnowServe
import WinnowTables
import WinnowText

/// `docs/openapi.json` against the router, without Python: the same paths and methods as the route
/// table, and every documented example request, and every refusal the guard can give, answered with a
/// status the document lists for that operation, in a media type it lists, with a body its schema
/// accepts and the headers it marks required. `Tests/Clients/schemathesis_run.py` fuzzes the same
/// document against a running server.
@Suite("docs/openapi.json is the router's contract")
struct OpenAPIContractTests {
    // MARK: The document

    @Test func theDocumentIsOpenAPI31AndEveryReferenceResolves() throws {
        let spec = try OpenAPIDocument.load()
        #expect(spec.root["openapi"] as? String == "3.1.0")
        var unresolved: [String] = []
        func walk(_ node: Any, _ path: String) {
            if let object = node as? [String: Any] {
                if let ref = object["$ref"] as? String, spec.pointer(ref) == nil { unresolved.append("\(path): \(ref)") }
                for (key, value) in object { walk(value, "\(path)/\(key)") }
            } else if let list = node as? [Any] {
                for (index, value) in list.enumerated() { walk(value, "\(path)/\(index)") }
            }
        }
        walk(spec.root, "#")
        #expect(unresolved.isEmpty, "\(unresolved)")
        for (path, method, operation) in spec.operations {
            let responses = try #require(operation["responses"] as? [String: Any], "\(method) \(path) has no responses")
            #expect(!responses.isEmpty, "\(method) \(path)")
            #expect(operation["operationId"] is String, "\(method) \(path) has no operationId")
        }
    }

    @Test func everyRouteIsDocumentedWithItsMethodsAndEveryDocumentedPathIsARoute() throws {
        let spec = try OpenAPIDocument.load()
        let paths = try #require(spec.root["paths"] as? [String: Any])
        #expect(Set(paths.keys) == Set(RouteTable.methods.keys))
        for (path, methods) in RouteTable.methods {
            let item = try #require(paths[path] as? [String: Any], "\(path) is not in docs/openapi.json")
            let documented = Set(item.keys.filter(OpenAPIDocument.httpMethods.contains).map { $0.uppercased() })
            #expect(documented == Set(methods.map(\.rawValue)), "\(path): the router takes \(methods.map(\.rawValue)), the document lists \(documented.sorted())")
        }
    }

    /// The route table is what the router answers: each of its methods reaches a route (no 404 or 405).
    @Test func everyMethodOfTheRouteTableReachesARoute() async throws {
        try await TestServers.withClient(try TestServers.server()) { client in
            for (path, methods) in RouteTable.methods {
                for method in methods {
                    let response = try await client.execute(uri: path, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
                    #expect(![404, 405].contains(response.status.code), "\(method) \(path) answered \(response.status.code)")
                }
            }
        }
    }

    @Test func everyRequestAndResponseExampleMatchesItsSchema() throws {
        let spec = try OpenAPIDocument.load()
        var checked = 0
        func check(_ content: [String: Any], _ place: String) {
            for (media, entry) in content {
                guard let entry = entry as? [String: Any], let schema = entry["schema"] else { continue }
                var examples: [(String, Any)] = []
                if let example = entry["example"] { examples.append(("example", example)) }
                for (name, example) in entry["examples"] as? [String: Any] ?? [:] {
                    if let value = (spec.resolve(example) as? [String: Any])?["value"] { examples.append((name, value)) }
                }
                for (name, value) in examples {
                    checked += 1
                    let errors = spec.validate(value, against: schema)
                    #expect(errors.isEmpty, "\(place) \(media) example \(name): \(errors)")
                }
            }
        }
        for (path, method, operation) in spec.operations {
            if let body = spec.resolve(operation["requestBody"] ?? [:]) as? [String: Any], let content = body["content"] as? [String: Any] {
                check(content, "\(method) \(path) request")
            }
            for (status, response) in operation["responses"] as? [String: Any] ?? [:] {
                if let content = (spec.resolve(response) as? [String: Any])?["content"] as? [String: Any] {
                    check(content, "\(method) \(path) \(status)")
                }
            }
        }
        for (name, response) in (spec.root["components"] as? [String: Any])?["responses"] as? [String: Any] ?? [:] {
            if let content = (response as? [String: Any])?["content"] as? [String: Any] { check(content, "components.responses.\(name)") }
        }
        #expect(checked > 30)
    }

    // MARK: The examples, sent to the router

    /// Every request example of every operation (with the query parameters' examples for a `text/csv`
    /// body), and every operation without a body, answered as documented; an example's `x-status` is
    /// the status it must get.
    @Test func everyDocumentedExampleRequestGetsAListedStatusAndADocumentedBody() async throws {
        let spec = try OpenAPIDocument.load()
        try await TestServers.withClient(try TestServers.server()) { client in
            var sent = 0
            for (path, method, operation) in spec.operations {
                for request in try spec.exampleRequests(path: path, method: method, operation: operation) {
                    sent += 1
                    let response = try await client.execute(uri: request.uri, method: request.method, headers: request.headers, body: request.body)
                    let place = "\(method) \(request.uri) (\(request.name))"
                    if let status = request.expectedStatus {
                        #expect(response.status.code == status, "\(place): \(response.status.code) \(String(buffer: response.body))")
                    }
                    let errors = spec.conformance(of: response, to: operation)
                    #expect(errors.isEmpty, "\(place): \(errors)")
                }
            }
            #expect(sent >= 20)
        }
    }

    // MARK: The guard's answers

    @Test func aMissingOrWrongTokenIsADocumented401AndTheTokenInTheAddressADocumented303() async throws {
        let spec = try OpenAPIDocument.load()
        let token = "contract-test-token-0123456789"
        try await TestServers.withClient(try TestServers.server(token: token)) { client in
            for (path, method) in [("/healthz", "get"), ("/v1/inventory", "get"), ("/v1/solve", "post"), ("/v1/apply", "post"), ("/", "head")] {
                let response = try await client.execute(uri: path, method: HTTPRequest.Method(method.uppercased())!, headers: [.contentType: "application/json"])
                #expect(response.status.code == 401, "\(method) \(path)")
                let errors = spec.conformance(of: response, to: try spec.operation(path, method))
                #expect(errors.isEmpty, "\(method) \(path): \(errors)")
            }
            let page = try spec.operation("/", "get")
            let redirect = try await client.execute(uri: "/?token=\(token)", method: .get)
            #expect(redirect.status.code == 303)
            #expect(spec.conformance(of: redirect, to: page).isEmpty, "\(spec.conformance(of: redirect, to: page))")
            let wrong = try await client.execute(uri: "/?token=not-the-token", method: .get)
            #expect(wrong.status.code == 401)
            #expect(spec.conformance(of: wrong, to: page).isEmpty, "\(spec.conformance(of: wrong, to: page))")
            let bearer = try await client.execute(uri: "/healthz", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(bearer.status.code == 200)
            let cookie = try await client.execute(uri: "/v1/inventory", method: .get, headers: [.cookie: "winnow_token=\(token)"])
            #expect(cookie.status.code == 200)
            let errors = spec.conformance(of: cookie, to: try spec.operation("/v1/inventory", "get"))
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    @Test func anUnknownPathIsTheDocumented404AndAnotherMethodTheDocumented405WithAllow() async throws {
        let spec = try OpenAPIDocument.load()
        try await TestServers.withClient(try TestServers.server()) { client in
            let missing = try await client.execute(uri: "/v2/solve", method: .get)
            #expect(missing.status.code == 404)
            let errors = spec.conformance(of: missing, toResponse: ["$ref": "#/components/responses/NotFound"])
            #expect(errors.isEmpty, "\(errors)")
            for (path, methods) in RouteTable.methods {
                let other: HTTPRequest.Method = methods.contains(.post) ? .delete : .post
                let refused = try await client.execute(uri: path, method: other)
                #expect(refused.status.code == 405, "\(other) \(path)")
                #expect(refused.headers[.allow] == RouteTable.allow(path))
                let errors = spec.conformance(of: refused, toResponse: ["$ref": "#/components/responses/MethodNotAllowed"])
                #expect(errors.isEmpty, "\(other) \(path): \(errors)")
            }
        }
    }

    @Test func aBodyOfAnotherMediaTypeIsADocumented415() async throws {
        let spec = try OpenAPIDocument.load()
        try await TestServers.withClient(try TestServers.server()) { client in
            for path in ["/v1/solve", "/v1/apply"] {
                let response = try await client.execute(uri: path, method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "a,b\n"))
                #expect(response.status.code == 415, "\(path)")
                let errors = spec.conformance(of: response, to: try spec.operation(path, "post"))
                #expect(errors.isEmpty, "\(path): \(errors)")
            }
        }
    }

    @Test func aBodyOrTableOverTheLimitsIsADocumented413() async throws {
        let spec = try OpenAPIDocument.load()
        let limits = ServeLimits(maxBodyBytes: 600, maxStreamBytes: 16, maxCells: 4)
        let task = try Data(contentsOf: TestServers.packageRoot.appendingPathComponent("tasks/examples/split-last-first-names.json"))
        try await TestServers.withClient(try TestServers.server(limits: limits)) { client in
            let cases: [(String, HTTPFields, String)] = [
                ("/v1/solve", [.contentType: "application/json"], String(decoding: task, as: UTF8.self)),  // bytes
                ("/v1/solve", [.contentType: "application/json"], #"{"examples": [{"input": [["a", "b", "c"]], "output": [["a", "b"]]}]}"#),  // cells
                ("/v1/apply", [.contentType: "application/json"], #"{"program": [], "table": [["a", "b", "c"], ["d", "e", "f"]]}"#),  // cells
                ("/v1/apply?program=%5B%5D", [.contentType: "text/csv"], "a,b,c\r\nd,e,f\r\ng,h,i\r\n"),  // stream bytes
            ]
            for (uri, headers, body) in cases {
                let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status.code == 413, "\(uri): \(String(buffer: response.body))")
                let errors = spec.conformance(of: response, to: try spec.operation(String(uri.prefix { $0 != "?" }), "post"))
                #expect(errors.isEmpty, "\(uri): \(errors)")
            }
        }
    }

    @Test func aFullServerAnswersTheDocumented429AndADrainingOneTheDocumented503() async throws {
        let spec = try OpenAPIDocument.load()
        let server = try TestServers.server(limits: ServeLimits(maxInFlight: 1))
        let solve = #"{"input": "a\n", "example": "a\n"}"#
        try await TestServers.withClient(server) { client in
            #expect(server.slots.acquire() == .admitted)
            for path in ["/v1/solve", "/v1/apply"] {
                let busy = try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: solve))
                #expect(busy.status.code == 429, "\(path)")
                let errors = spec.conformance(of: busy, to: try spec.operation(path, "post"))
                #expect(errors.isEmpty, "\(path): \(errors)")
            }
            server.slots.release()
            server.slots.startDraining()
            for (path, method) in [("/healthz", "get"), ("/healthz", "head"), ("/v1/inventory", "get"), ("/v1/solve", "post"), ("/v1/apply", "post"), ("/", "get")] {
                let response = try await client.execute(
                    uri: path, method: HTTPRequest.Method(method.uppercased())!, headers: [.contentType: "application/json"], body: ByteBuffer(string: solve))
                #expect(response.status.code == 503, "\(method) \(path)")
                let errors = spec.conformance(of: response, to: try spec.operation(path, method))
                #expect(errors.isEmpty, "\(method) \(path): \(errors)")
            }
        }
    }
}

/// The parsed document, with the JSON Schema subset it uses (`$ref`, `allOf`, `anyOf`, `oneOf`, `type`,
/// `const`, `enum`, `required`, `properties`, `additionalProperties`, `items`, `contains`, `minItems`,
/// `minimum`, `maximum`, `exclusiveMinimum`, `pattern`, boolean schemas) checked against answers.
struct OpenAPIDocument: @unchecked Sendable {
    static let httpMethods: Set<String> = ["get", "head", "post", "put", "delete", "patch", "options", "trace"]

    /// Immutable after `load`; read from several tasks.
    let root: [String: Any]

    static func load() throws -> OpenAPIDocument {
        let data = try Data(contentsOf: TestServers.packageRoot.appendingPathComponent("docs/openapi.json"))
        return OpenAPIDocument(root: try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    /// Every operation: path, lower-case method, operation object.
    var operations: [(String, String, [String: Any])] {
        let paths = root["paths"] as? [String: Any] ?? [:]
        return paths.keys.sorted().flatMap { path -> [(String, String, [String: Any])] in
            let item = paths[path] as? [String: Any] ?? [:]
            return item.keys.sorted().filter(Self.httpMethods.contains).compactMap { method in
                (item[method] as? [String: Any]).map { (path, method, $0) }
            }
        }
    }

    func operation(_ path: String, _ method: String) throws -> [String: Any] {
        try #require(((root["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any], "\(method) \(path) is not documented")
    }

    /// The node a local reference (`#/components/…`) points at.
    func pointer(_ reference: String) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = root
        for part in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = (node as? [String: Any])?[key] else { return nil }
            node = next
        }
        return node
    }

    /// `node`, or what its `$ref` chain ends at.
    func resolve(_ node: Any) -> Any {
        var node = node
        var hops = 0
        while let reference = (node as? [String: Any])?["$ref"] as? String, let target = pointer(reference), hops < 16 {
            node = target
            hops += 1
        }
        return node
    }

    // MARK: Example requests

    struct ExampleRequest {
        var name: String
        var uri: String
        var method: HTTPRequest.Method
        var headers: HTTPFields
        var body: ByteBuffer?
        var expectedStatus: Int?
    }

    func exampleRequests(path: String, method: String, operation: [String: Any]) throws -> [ExampleRequest] {
        let httpMethod = try #require(HTTPRequest.Method(method.uppercased()))
        guard let requestBody = resolve(operation["requestBody"] ?? NSNull()) as? [String: Any],
            let content = requestBody["content"] as? [String: Any]
        else {
            return [ExampleRequest(name: "no body", uri: path, method: httpMethod, headers: [:], body: nil, expectedStatus: 200)]
        }
        var requests: [ExampleRequest] = []
        for media in content.keys.sorted() {
            let examples = (content[media] as? [String: Any])?["examples"] as? [String: Any] ?? [:]
            for name in examples.keys.sorted() {
                let example = try #require(resolve(examples[name]!) as? [String: Any])
                let value = try #require(example["value"])
                var headers: HTTPFields = [.contentType: media]
                var uri = path
                let body: ByteBuffer
                if media == "text/csv" {
                    body = ByteBuffer(string: try #require(value as? String))
                    let query = try queryFromParameterExamples(operation)
                    if !query.isEmpty { uri += "?" + query }
                } else {
                    body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]))
                    headers[.accept] = "application/json"
                }
                requests.append(ExampleRequest(
                    name: name, uri: uri, method: httpMethod, headers: headers, body: body,
                    expectedStatus: (example["x-status"] as? NSNumber)?.intValue))
            }
        }
        return requests
    }

    /// The query parameters' examples, percent-encoded (spaces as %20); JSON-valued ones as JSON text.
    private func queryFromParameterExamples(_ operation: [String: Any]) throws -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        var pairs: [String] = []
        for parameter in operation["parameters"] as? [Any] ?? [] {
            guard let parameter = resolve(parameter) as? [String: Any], parameter["in"] as? String == "query",
                let name = parameter["name"] as? String
            else { continue }
            let text: String
            if let content = parameter["content"] as? [String: Any], let json = content["application/json"] as? [String: Any], let example = json["example"] {
                text = String(decoding: try JSONSerialization.data(withJSONObject: example, options: [.fragmentsAllowed]), as: UTF8.self)
            } else if let example = parameter["example"] {
                if let number = example as? NSNumber, Self.isBoolean(number) { text = number.boolValue ? "true" : "false" } else { text = "\(example)" }
            } else {
                continue
            }
            pairs.append("\(name)=\(text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text)")
        }
        return pairs.joined(separator: "&")
    }

    // MARK: Answers

    /// What is wrong with `response` as an answer of `operation`; empty when it conforms.
    func conformance(of response: TestResponse, to operation: [String: Any]) -> [String] {
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let documented = responses[String(response.status.code)] ?? responses["default"] else {
            return ["status \(response.status.code) is not listed (the operation lists \(responses.keys.sorted()))"]
        }
        return conformance(of: response, toResponse: documented)
    }

    /// What is wrong with `response` as the response object `documented` (or a reference to one).
    func conformance(of response: TestResponse, toResponse documented: Any) -> [String] {
        guard let documented = resolve(documented) as? [String: Any] else { return ["the response object does not resolve"] }
        var errors: [String] = []
        for (name, header) in documented["headers"] as? [String: Any] ?? [:] {
            guard let header = resolve(header) as? [String: Any] else { continue }
            guard let field = HTTPField.Name(name), let value = response.headers[field] else {
                if header["required"] as? Bool == true { errors.append("header \(name) is missing") }
                continue
            }
            if let schema = header["schema"] { errors += validate(value, against: schema, at: name).map { "header \($0)" } }
        }
        let text = String(buffer: response.body)
        guard let content = documented["content"] as? [String: Any] else {
            if !text.isEmpty { errors.append("the response has no documented body, but one came: \(text.prefix(200))") }
            return errors
        }
        let mediaType = response.headers[.contentType].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let entry = content[mediaType] as? [String: Any] else {
            if text.isEmpty { return errors }  // HEAD answers carry no body
            return errors + ["Content-Type \(mediaType) is not listed (\(content.keys.sorted()))"]
        }
        guard let schema = entry["schema"] else { return errors }
        if mediaType == "application/json" || mediaType.hasSuffix("+json") {
            guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
                return errors + ["the \(mediaType) body is not JSON: \(text.prefix(200))"]
            }
            errors += validate(value, against: schema)
        } else {
            errors += validate(text, against: schema)
        }
        return errors
    }

    // MARK: JSON Schema

    func validate(_ value: Any, against schema: Any, at path: String = "$") -> [String] {
        if let flag = schema as? Bool { return flag ? [] : ["\(path): no value is allowed here"] }
        guard let schema = schema as? [String: Any] else { return ["\(path): the schema is not an object"] }
        var errors: [String] = []
        if let reference = schema["$ref"] as? String {
            guard let target = pointer(reference) else { return ["\(path): \(reference) does not resolve"] }
            errors += validate(value, against: target, at: path)
        }
        for part in schema["allOf"] as? [Any] ?? [] { errors += validate(value, against: part, at: path) }
        if let options = schema["anyOf"] as? [Any], !options.contains(where: { validate(value, against: $0, at: path).isEmpty }) {
            errors.append("\(path): matches none of anyOf")
        }
        if let options = schema["oneOf"] as? [Any] {
            let results = options.map { validate(value, against: $0, at: path) }
            let matches = results.filter(\.isEmpty).count
            if matches != 1 { errors.append("\(path): matches \(matches) of oneOf, not 1 (\(results.flatMap { $0 }.prefix(4)))") }
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String].compactMap { $0 }
            if !types.contains(where: { Self.value(value, is: $0) }) {
                return errors + ["\(path): \(Self.kind(value)) is not \(types.joined(separator: " or "))"]
            }
        }
        if let constant = schema["const"], !Self.equal(value, constant) { errors.append("\(path): is not \(constant)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal(value, $0) }) {
            errors.append("\(path): \(value) is not one of \(options)")
        }
        if let text = value as? String, let pattern = schema["pattern"] as? String {
            let matches = (try? NSRegularExpression(pattern: pattern))?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            if !matches { errors.append("\(path): \"\(text.prefix(80))\" does not match \(pattern)") }
        }
        if let number = value as? NSNumber, !Self.isBoolean(number) {
            let x = number.doubleValue
            if let minimum = (schema["minimum"] as? NSNumber)?.doubleValue, x < minimum { errors.append("\(path): \(x) < \(minimum)") }
            if let maximum = (schema["maximum"] as? NSNumber)?.doubleValue, x > maximum { errors.append("\(path): \(x) > \(maximum)") }
            if let bound = (schema["exclusiveMinimum"] as? NSNumber)?.doubleValue, x <= bound { errors.append("\(path): \(x) <= \(bound)") }
        }
        if let list = value as? [Any] {
            if let minimum = (schema["minItems"] as? NSNumber)?.intValue, list.count < minimum { errors.append("\(path): fewer than \(minimum) items") }
            if let items = schema["items"] {
                for (index, item) in list.enumerated() { errors += validate(item, against: items, at: "\(path)[\(index)]") }
            }
            if let contains = schema["contains"], !list.contains(where: { validate($0, against: contains, at: path).isEmpty }) {
                errors.append("\(path): no item matches contains")
            }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { errors.append("\(path): required key \"\(key)\" is missing") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, item) in object {
                if let property = properties[key] {
                    errors += validate(item, against: property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    errors += validate(item, against: additional, at: "\(path).\(key)")
                }
            }
        }
        return errors
    }

    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func value(_ value: Any, is type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        case "boolean": return (value as? NSNumber).map(isBoolean) ?? false
        case "number": return (value as? NSNumber).map { !isBoolean($0) } ?? false
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(number) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        default: return false
        }
    }

    static func kind(_ value: Any) -> String {
        ["null", "boolean", "integer", "number", "string", "array", "object"].first { Self.value(value, is: $0) } ?? "\(type(of: value))"
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case (let x as String, let y as String): return x == y
        case (let x as NSNumber, let y as NSNumber): return isBoolean(x) == isBoolean(y) && x.doubleValue == y.doubleValue
        case (is NSNull, is NSNull): return true
        case (let x as [Any], let y as [Any]): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (let x as [String: Any], let y as [String: Any]):
            return Set(x.keys) == Set(y.keys) && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return false
        }
    }
}
