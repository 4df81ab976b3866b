import Foundation
import HTTPTypes
import Hummingbird

/// The page's three files, read from the module's resources once at start.
///
/// Everything the page needs ships in the repository and is served from here: no CDN, no build step.
/// The Content-Security-Policy allows nothing but this origin, so even a CSV cell that reaches the DOM
/// as markup by mistake cannot run script or load anything.
struct WebAssets: Sendable {
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var mediaType: String
    }

    let assets: [String: Asset]

    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    init() throws(ServiceError) {
        var assets: [String: Asset] = [:]
        for (path, name, type) in [
            ("/", "index.html", "text/html; charset=utf-8"), ("/app.js", "app.js", "text/javascript; charset=utf-8"),
            ("/app.css", "app.css", "text/css; charset=utf-8"),
        ] {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Web"),
                let data = try? Data(contentsOf: url)
            else {
                throw ServiceError(.internalFailure, "the page's file \(name) is missing from the installed resources (Winnow_WinnowServe.resources)")
            }
            assets[path] = Asset(bytes: ByteBuffer(bytes: data), mediaType: type)
        }
        self.assets = assets
    }

    func respond(_ path: String) -> Response {
        guard let asset = assets[path] else { return ProblemResponse.make(ServiceError(.notFound, "no file \(path)")) }
        var headers: HTTPFields = [.contentType: asset.mediaType, .cacheControl: "no-cache"]
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.bytes))
    }
}
