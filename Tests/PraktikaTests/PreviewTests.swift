import Foundation
import Hummingbird
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaPreview
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PreviewPathTests {
    @Test(arguments: [
        ("/", "index.html"), ("/practices/x/", "practices/x/index.html"), ("/assets/style.css", "assets/style.css"),
        ("/practices/x/?utm=1#top", "practices/x/index.html"), ("/%D0%BF/", "п/index.html"), ("/404.html", "404.html"),
    ])
    func accepted(target: String, path: String) {
        #expect(PreviewPaths.outputPath(for: target) == path)
    }

    @Test(arguments: [
        "/../etc/passwd", "/a/../../b", "/%2e%2e/x", "/%2E%2E/", "/a%2fb", "/a%5cb", "/a\\b", "/x%00.html", "/%zz",
        "//etc/passwd", "/a//b", "etc/passwd", "/" + String(repeating: "a", count: 3000), "/%C3%28",
    ])
    func refused(target: String) {
        #expect(PreviewPaths.outputPath(for: target) == nil)
    }
}

/// The preview server on a real loopback port, with real HTTP requests.
@Suite struct PreviewServerTests {
    /// Runs the server on a free loopback port for the duration of `body`.
    static func live(_ store: PreviewStore, _ body: @Sendable (Int) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = PreviewServer.makeApplication(store: store, host: "127.0.0.1", port: 0) { port in
            continuation.yield(port)
        }
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(port)
    }

    static func store(with files: [(String, String)]) async -> PreviewStore {
        let store = PreviewStore()
        await store.publish(files.map { (path: $0.0, bytes: Array($0.1.utf8)) })
        return store
    }

    static let page = "<!doctype html><html lang=\"ru\"><body><h1>Привет</h1></body></html>"

    @Test func servesPagesAssetsAnd404() async throws {
        let store = await Self.store(with: [
            ("index.html", Self.page), ("practices/x/index.html", Self.page),
            ("assets/style.css", "body{}"), ("404.html", "<html><body>нет такой</body></html>"),
        ])
        try await Self.live(store) { port in
            do {
                let response = try await RawHTTP.request(port: port, method: "GET", target: "/")
                #expect(response.status == 200)
                #expect(response.headers["content-type"] == "text/html; charset=utf-8")
                let body = response.body
                #expect(body.contains("<h1>Привет</h1>"))
                #expect(body.contains("new EventSource(\"/__praktika/events\")"))
            }
            do {
                let response = try await RawHTTP.request(port: port, method: "GET", target: "/assets/style.css")
                #expect(response.headers["content-type"] == "text/css; charset=utf-8")
                #expect(response.body == "body{}")
            }
            do {
                let response = try await RawHTTP.request(port: port, method: "GET", target: "/practices/x")
                #expect(response.status == 301)
                #expect(response.headers["location"] == "/practices/x/")
            }
            do {
                let response = try await RawHTTP.request(port: port, method: "GET", target: "/nope/")
                #expect(response.status == 404)
                #expect(response.body.contains("нет такой"))
            }
            do {
                let response = try await RawHTTP.request(port: port, method: "HEAD", target: "/")
                #expect(response.status == 200)
                #expect(response.body.isEmpty)
            }
            for bad in ["/%2e%2e/%2e%2e/etc/passwd", "/a%2f..%2f..%2fetc", "/x%00"] {
                do {
                let response = try await RawHTTP.request(port: port, method: "GET", target: bad)
                    #expect(response.status == 400, "\(bad)")
                    #expect(!response.body.contains("root:"))
                }
            }
            do {
                let response = try await RawHTTP.request(port: port, method: "POST", target: "/")
                #expect(response.status == 405)
            }
        }
    }

    @Test func overlayAppearsAfterAFailedBuildAndGoesAfterAGoodOne() async throws {
        let store = await Self.store(with: [("index.html", Self.page)])
        await store.fail(DiagnosticReport([.error(
            "unknown-region", at: SourceLocation(file: "practices/x.md", line: 3, column: 9),
            "неизвестный регион «<Нарния>»")]))
        try await Self.live(store) { port in
            do {
                let response = try await RawHTTP.request(port: port, method: "GET", target: "/")
                let body = response.body
                #expect(body.contains("id=\"praktika-overlay\""))
                #expect(body.contains("practices/x.md:3:9"))
                #expect(body.contains("«&lt;Нарния&gt;»"))
            }
            await store.publish([(path: "index.html", bytes: Array(Self.page.utf8))])
            do {
                let response = try await RawHTTP.request(port: port, method: "GET", target: "/")
                #expect(!response.body.contains("praktika-overlay"))
            }
        }
    }

    /// The reload stream, read over a plain socket: a rebuild sends an event to every open page.
    @Test func reloadStreamFiresOnRebuild() async throws {
        let store = await Self.store(with: [("index.html", Self.page)])
        try await Self.live(store) { port in
            let socket = try RawHTTP.connect(port: port)
            defer { close(socket) }
            try RawHTTP.send(socket, "GET /__praktika/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let head = try await RawHTTP.read(socket, until: ": praktika")
            #expect(head.contains("text/event-stream"))
            for _ in 0..<50 where await store.listenerCount == 0 { try await Task.sleep(for: .milliseconds(20)) }
            await store.publish([(path: "index.html", bytes: Array(Self.page.utf8))])
            let event = try await RawHTTP.read(socket, until: "data: 2", timeout: 5)
            #expect(event.contains("data: 2"))
        }
    }

    /// A whole session on a site on disk: a saved file rebuilds, a broken one keeps the last good
    /// site and shows the overlay, the fix removes it.
    @Test(arguments: [false, true])
    func sessionRebuildsOnEditsAndKeepsTheLastGoodSite(polling: Bool) async throws {
        let practice = "---\ntitle: Практика\nregion: Коми\n---\nПервая версия.\n"
        let root = TestSupport.writeSite(["practices/p.md": practice], theme: true)
        let store = PreviewStore()
        let session = PreviewSession(
            options: Builder.Options(layout: SiteLayout(root: root), baseURL: "http://127.0.0.1:1/"),
            store: store, log: { _, _ in })
        #expect(await session.rebuild(reason: "test"))
        let watcher = Task { await session.watch(polling: polling) }
        defer { watcher.cancel() }
        func waitForGeneration(_ generation: Int) async throws {
            for _ in 0..<150 where await store.generation < generation { try await Task.sleep(for: .milliseconds(20)) }
            #expect(await store.generation >= generation)
        }
        try await Task.sleep(for: .milliseconds(200))
        try practice.replacingOccurrences(of: "Первая", with: "Вторая")
            .write(toFile: root + "/Content/practices/p.md", atomically: true, encoding: .utf8)
        try await waitForGeneration(2)
        let page = String(decoding: await store.file("practices/p/index.html") ?? [], as: UTF8.self)
        #expect(page.contains("Вторая версия."))
        try practice.replacingOccurrences(of: "Коми", with: "Нарния")
            .write(toFile: root + "/Content/practices/p.md", atomically: true, encoding: .utf8)
        try await waitForGeneration(3)
        #expect(await store.failure.map { TestSupport.summary($0) } == ["error[unknown-region] practices/p.md:3:9"])
        #expect(String(decoding: await store.file("practices/p/index.html") ?? [], as: UTF8.self).contains("Вторая версия."))
        try practice.write(toFile: root + "/Content/practices/p.md", atomically: true, encoding: .utf8)
        try await waitForGeneration(4)
        #expect(await store.failure == nil)
    }
}

extension PreviewServerTests {
    /// Many clients at once, reload streams that come and go, and garbage on the wire: the server keeps
    /// answering and holds no stream of a client that left.
    @Test func survivesManyClientsAndMalformedRequests() async throws {
        let store = await Self.store(with: [("index.html", Self.page), ("404.html", Self.page)])
        try await Self.live(store) { port in
            // 50 reload streams open, then closed.
            var streams: [Int32] = []
            for _ in 0..<50 {
                let socket = try RawHTTP.connect(port: port)
                try RawHTTP.send(socket, "GET /__praktika/events HTTP/1.1\r\nHost: x\r\n\r\n")
                _ = try await RawHTTP.read(socket, until: ": praktika")
                streams.append(socket)
            }
            #expect(await store.listenerCount == 50)
            streams.forEach { close($0) }
            // A closed socket is noticed when a write to it fails: the first write after the close
            // still succeeds (TCP), the next one fails. Rebuilds and the heartbeat provide the writes.
            // Under load the reset can arrive after a given write, so keep writing (heartbeats) for up to 10 s.
            await store.publish([(path: "index.html", bytes: Array(Self.page.utf8))])
            for _ in 0..<200 where await store.listenerCount > 0 {
                try await Task.sleep(for: .milliseconds(50))
                await store.heartbeat()
            }
            #expect(await store.listenerCount == 0)
            // Malformed requests.
            for garbage in ["\u{0}\u{1}\u{2}garbage\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET " + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\n\r\n"] {
                let socket = try RawHTTP.connect(port: port)
                try? RawHTTP.send(socket, garbage)
                _ = try? await RawHTTP.read(socket, until: "\r\n", timeout: 1)
                close(socket)
            }
            // 200 clients at once.
            let ok = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        guard let socket = try? RawHTTP.connect(port: port) else { return false }
                        defer { close(socket) }
                        try? RawHTTP.send(socket, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        return (try? await RawHTTP.read(socket, until: "</html>", timeout: 20))?.hasPrefix("HTTP/1.1 200") ?? false
                    }
                }
                var count = 0
                for await success in group where success { count += 1 }
                return count
            }
            #expect(ok == 200)
            #expect(try await RawHTTP.request(port: port, method: "GET", target: "/").status == 200)
        }
    }
}

/// A minimal HTTP/1.1 client over plain sockets: requests, and streams a client library would wait
/// on forever.
enum RawHTTP {
    struct Failure: Error {}

    /// A response: status, lower-cased headers, body as text.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// One request with `Connection: close`, read to the end.
    static func request(port: Int, method: String, target: String) async throws -> Response {
        let socket = try connect(port: port)
        defer { close(socket) }
        try send(socket, "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let raw = try await readToEnd(socket)
        guard let split = raw.range(of: "\r\n\r\n") else { throw Failure() }
        let head = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.split(separator: " ").count >= 2,
              let status = Int(statusLine.split(separator: " ")[1]) else { throw Failure() }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(raw[split.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    private static func readToEnd(_ fd: Int32, timeout: Int = 10) async throws -> String {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while Date() < deadline {
            guard poll(&pollFD, 1, 0) > 0 else {
                try await Task.sleep(for: .milliseconds(2))
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return String(decoding: received, as: UTF8.self) }
            received += buffer[0..<n]
        }
        throw Failure()
    }

    private static func dechunk(_ text: String) -> String {
        var bytes = Array(text.utf8)[...]
        var out: [UInt8] = []
        while let lineEnd = bytes.firstIndex(of: 0x0A) {
            let sizeText = String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 1
            out += bytes[start..<min(bytes.endIndex, start + size)]
            bytes = bytes[min(bytes.endIndex, start + size + 2)...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw Failure() }
        return fd
    }

    static func send(_ fd: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else { throw Failure() }
    }

    /// Reads until `marker`; never blocks a thread of the cooperative pool (the server needs them).
    static func read(_ fd: Int32, until marker: String, timeout: Int = 5) async throws -> String {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while Date() < deadline {
            guard poll(&pollFD, 1, 0) > 0 else {
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received += buffer[0..<n]
            let text = String(decoding: received, as: UTF8.self)
            if text.contains(marker) { return text }
        }
        throw Failure()
    }
}
