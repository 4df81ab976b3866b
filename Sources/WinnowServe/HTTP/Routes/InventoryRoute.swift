import Foundation
import Hummingbird
import WinnowTables

/// `GET /v1/inventory`: the operators this server's search may use.
struct InventoryRoute: Sendable {
    let document: ByteBuffer

    init(_ inventory: Inventory) throws {
        document = ByteBuffer(bytes: try JSONAnswer.encode(InventoryDocument(inventory)))
    }

    func respond() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: document))
    }
}
