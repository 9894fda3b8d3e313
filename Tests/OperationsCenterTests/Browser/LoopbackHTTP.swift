import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client for 127.0.0.1, one request per connection (`Connection: close`),
/// run on its own thread so a slow WebDriver command never blocks Swift's cooperative pool.
///
/// Why not URLSession: chromedriver 156 writes its header lines without a space after the colon
/// (`Content-Length:250`), which RFC 9110 allows, and swift-corelibs-foundation's URLSession on
/// Linux rejects every such answer with "Failed writing header" (NSURLErrorDomain -1). This reads
/// headers by the RFC rule (optional whitespace around the value).
enum LoopbackHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    static func request(port: Int, method: String, path: String, body: Data?, timeout: TimeInterval) async throws -> Response {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, Error>) in
            let thread = Thread {
                do { continuation.resume(returning: try blockingRequest(port: port, method: method, path: path, body: body, timeout: timeout)) } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    static func fail(_ message: String, _ command: String) -> WebDriverError {
        WebDriverError(code: .http, message: "\(message) (errno \(errno): \(String(cString: strerror(errno))))", command: command)
    }

    static func blockingRequest(port: Int, method: String, path: String, body: Data?, timeout: TimeInterval) throws -> Response {
        let command = "\(method) \(path)"
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw fail("socket", command) }
        defer { close(fd) }
        var tv = timeval()
        tv.tv_sec = .init(timeout)
        tv.tv_usec = .init((timeout - floor(timeout)) * 1e6)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw fail("connect to 127.0.0.1:\(port)", command) }

        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: application/json\r\nConnection: close\r\n"
        if let body {
            head += "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\n"
        } else if method == "POST" {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        var out = Data(head.utf8)
        if let body { out.append(body) }
        try out.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var sent = 0
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, 0)
                guard n > 0 else { throw fail("send", command) }
                sent += n
            }
        }

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var headerEnd: Int?
        var contentLength: Int?
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 { throw fail("recv (timeout \(timeout) s?)", command) }
            if n == 0 { break }
            received.append(contentsOf: buffer[0..<n])
            if headerEnd == nil, let r = received.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = r.upperBound
                let headText = String(decoding: received[..<r.lowerBound], as: UTF8.self)
                contentLength = parseHeaders(headText).headers["content-length"].flatMap { Int($0) }
            }
            if let headerEnd, let contentLength, received.count - headerEnd >= contentLength { break }
        }
        guard let headerEnd else {
            throw WebDriverError(code: .http, message: "no complete HTTP header in \(received.count) bytes", command: command)
        }
        let parsed = parseHeaders(String(decoding: received[..<(headerEnd - 4)], as: UTF8.self))
        var bodyData = Data(received[headerEnd...])
        if let contentLength, bodyData.count > contentLength { bodyData = bodyData.prefix(contentLength) }
        return Response(status: parsed.status, headers: parsed.headers, body: bodyData)
    }

    /// Status code and headers (names lowercased; `name:value` with optional whitespace).
    static func parseHeaders(_ text: String) -> (status: Int, headers: [String: String]) {
        let lines = text.components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        let status = statusParts.count >= 2 ? Int(statusParts[1]) ?? 0 : 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }
}
