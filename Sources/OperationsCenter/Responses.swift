import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Response helpers: bodies are built as bytes once and sent as one buffer.
enum Responses {
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ out: JSONOutput) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: out.bytes)))
    }

    static func text(_ text: String, contentType: String, filename: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(_ bytes: [UInt8], contentType: String, cache: Bool = false) -> Response {
        Response(status: .ok, headers: [.contentType: contentType, .cacheControl: cache ? "max-age=300" : "no-cache"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
