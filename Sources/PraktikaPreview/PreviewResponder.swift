import Foundation
import Hummingbird
import PraktikaDiagnostics
import ServiceLifecycle

/// Answers every request from the `PreviewStore`: pages with the reload script (and the error
/// overlay after a failed rebuild), assets, the site's `404.html`, and the reload event stream.
public struct PreviewResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    /// The path of the Server-Sent Events stream that tells pages to reload.
    public static let eventsPath = "/__praktika/events"

    let store: PreviewStore

    /// A responder over `store`.
    public init(store: PreviewStore) {
        self.store = store
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Self.plain(.methodNotAllowed, "Метод не поддерживается\n", head: false)
        }
        let isHead = request.method == .head
        let target = request.head.path ?? "/"
        if target == Self.eventsPath || target.hasPrefix(Self.eventsPath + "?") {
            return await events()
        }
        guard let path = PreviewPaths.outputPath(for: target) else {
            return Self.plain(.badRequest, "Недопустимый адрес\n", head: isHead)
        }
        if let bytes = await store.file(path) {
            return await page(bytes, path: path, status: .ok, head: isHead)
        }
        // `/practices/x` → `/practices/x/` when that folder has a page.
        if !path.hasSuffix("index.html") || !target.hasSuffix("/"), await store.file(path + "/index.html") != nil {
            var headers = HTTPFields()
            headers[.location] = String(target.prefix { $0 != "?" && $0 != "#" }) + "/"
            return Response(status: .movedPermanently, headers: headers)
        }
        if let notFound = await store.file("404.html") {
            return await page(notFound, path: "404.html", status: .notFound, head: isHead)
        }
        return Self.plain(.notFound, "Страница не найдена\n", head: isHead)
    }

    private func page(_ bytes: [UInt8], path: String, status: HTTPResponse.Status, head: Bool) async -> Response {
        let type = PreviewPaths.contentType(for: path)
        var body = bytes
        if type.hasPrefix("text/html") {
            body = Self.inject(into: bytes, failure: await store.failure)
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentLength] = String(body.count)
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers,
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func events() async -> Response {
        let stream = await store.events()
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let messages = stream.map { generation in
            ByteBuffer(string: generation == 0 ? ": ping\n\n" : "data: \(generation)\n\n")
        }
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": praktika\n\n"))
            // Without this a server with an open stream hangs on Ctrl-C (PLATFORM-NOTES).
            for try await message in messages.cancelOnGracefulShutdown() {
                try await writer.write(message)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String, head: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers,
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Injection

    /// The reload script, and the overlay when the last rebuild failed, before `</body>`.
    static func inject(into html: [UInt8], failure: DiagnosticReport?) -> [UInt8] {
        var snippet = """
            <script>(function(){var s=new EventSource("\(eventsPath)");s.onmessage=function(){location.reload()};})();</script>
            """
        if let failure { snippet = overlay(failure) + snippet }
        let marker = Array("</body>".utf8)
        guard let at = lastIndex(of: marker, in: html) else { return html + Array(snippet.utf8) }
        return Array(html[..<at]) + Array(snippet.utf8) + Array(html[at...])
    }

    /// The diagnostics over the page: escaped, in Russian, with file:line.
    static func overlay(_ report: DiagnosticReport) -> String {
        func escape(_ text: String) -> String {
            var out = ""
            for c in text {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(c)
                }
            }
            return out
        }
        let items = report.diagnostics.prefix(50).map { d in
            "<li><b>\(escape(d.location.description))</b> — \(escape(d.message))\(d.suggestion.map { "; " + escape($0) } ?? "")</li>"
        }.joined()
        return """
            <div id="praktika-overlay" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;\
            z-index:2147483647;background:#2b0b0b;color:#ffecec;font:15px/1.5 system-ui,sans-serif;padding:1rem 1.25rem;\
            border-top:4px solid #ff5c5c"><p style="margin:0 0 .5rem;font-weight:700">Сборка не удалась: \
            ошибок — \(report.errorCount). Показана последняя удачная версия.</p><ul style="margin:0;padding-left:1.2rem">\
            \(items)</ul></div>
            """
    }

    private static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = haystack.count - needle.count
        while i >= 0 {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i -= 1
        }
        return nil
    }
}
