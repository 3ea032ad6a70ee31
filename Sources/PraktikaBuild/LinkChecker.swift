import Foundation
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel

/// Checks every link and image written in Markdown bodies against the pages the build produces.
///
/// Internal links (`/practices/x/`, `../x/`, `#anchor`) must reach a planned page, and an anchor must
/// be a heading id of its target when the target is a content page. External links are only
/// syntax-checked: a build never touches the network.
struct LinkChecker {
    private let routes: Set<String>
    /// The headings of every content page, by route (their ids are the anchors a link may name). Kept as the
    /// pages' own arrays: a set of ids made for each of 10,000 pages, most never linked to with an anchor,
    /// was a third of this check.
    private let anchors: [String: [RenderedMarkdown.Heading]]
    private let assets: Set<String>

    init(site: Site, pages: [PlannedPage], theme: Theme?) {
        self.init(items: Self.contentItems(site), pages: pages, theme: theme)
    }

    /// A checker for the content pages `items` (`contentItems(site)`), made once for this and `check(_:jobs:)`.
    init(items: [ContentItem], pages: [PlannedPage], theme: Theme?) {
        routes = Set(pages.map(\.route))
        var anchors: [String: [RenderedMarkdown.Heading]] = [:]
        anchors.reserveCapacity(items.count)
        for item in items { anchors[item.route] = item.headings }
        self.anchors = anchors
        assets = Set((theme?.assetPaths.values).map { $0.map { "/" + $0 } } ?? [])
    }

    /// A page with a Markdown body: what the check reads of it.
    struct ContentItem {
        var file: String
        var route: String
        var headings: [RenderedMarkdown.Heading]
        var links: [RenderedMarkdown.Link]
    }

    /// Every content page, or only the one read from `file`.
    static func contentItems(_ site: Site, file: String? = nil) -> [ContentItem] {
        // By index, and only the fields read: passing each item to closures copied it whole (a practice: a
        // dozen retains), and so did taking its `meta` (every field of the body, touched on 10,000 pages).
        func from(_ count: Int, _ itemFile: (Int) -> String, _ body: (Int) -> RenderedMarkdownParts,
                  _ route: (Int) -> String) -> [ContentItem] {
            (0..<count).compactMap { i in
                let path = itemFile(i)
                guard file == nil || path == file else { return nil }
                let parts = body(i)
                return ContentItem(file: path, route: route(i), headings: parts.headings, links: parts.links)
            }
        }
        return from(site.practices.count, { site.practices[$0].meta.file },
                    { (site.practices[$0].meta.body.headings, site.practices[$0].meta.body.links) },
                    { Routes.practice(site.practices[$0].id) })
            + from(site.forums.count, { site.forums[$0].meta.file },
                   { (site.forums[$0].meta.body.headings, site.forums[$0].meta.body.links) }, { Routes.forum(site.forums[$0].id) })
            + from(site.news.count, { site.news[$0].meta.file },
                   { (site.news[$0].meta.body.headings, site.news[$0].meta.body.links) }, { Routes.newsItem(site.news[$0].id) })
            + from(site.pages.count, { site.pages[$0].meta.file },
                   { (site.pages[$0].meta.body.headings, site.pages[$0].meta.body.links) }, { Routes.page(site.pages[$0].id) })
    }

    private typealias RenderedMarkdownParts = (headings: [RenderedMarkdown.Heading], links: [RenderedMarkdown.Link])

    /// Diagnostics for every content page of `site`.
    func check(_ site: Site, jobs: Int? = nil) -> [Diagnostic] {
        check(Self.contentItems(site), jobs: jobs)
    }

    /// Diagnostics for the content pages `items`, in their order.
    func check(_ items: [ContentItem], jobs: Int? = nil) -> [Diagnostic] {
        // Items in parallel, results in item order: the same diagnostics as a serial pass.
        concurrentMap(items, jobs: jobs) { check($0) }.flatMap { $0 }
    }

    /// Diagnostics for the content page read from `file` only.
    func check(file: String, in site: Site) -> [Diagnostic] {
        Self.contentItems(site, file: file).flatMap { check($0) }
    }

    private func check(_ item: ContentItem) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        do {
            for link in item.links {
                if let problem = check(link, in: item) { diagnostics.append(problem) }
                if link.kind == .image && link.text.trimmingCharacters(in: .whitespaces).isEmpty {
                    diagnostics.append(.warning(
                        "missing-alt", at: SourceLocation(file: item.file, line: link.line),
                        "у изображения «\(link.destination)» нет описания",
                        suggestion: "напишите описание в квадратных скобках: ![что на снимке](\(link.destination))"))
                }
            }
        }
        return diagnostics
    }

    private func check(_ link: RenderedMarkdown.Link, in item: ContentItem) -> Diagnostic? {
        let at = SourceLocation(file: item.file, line: link.line)
        let destination = link.destination
        if destination.isEmpty {
            return .warning(
                "unsafe-link", at: at, "у ссылки «\(link.text)» нет адреса или он небезопасен (javascript: и подобные удаляются)",
                suggestion: "укажите адрес, начинающийся с https:// или /")
        }
        if let scheme = Self.scheme(of: destination) {
            switch scheme {
            case "http", "https":
                if Self.webAddressHasHost(destination) { return nil }
                return .warning("invalid-url", at: at, "адрес «\(destination)» записан с ошибкой")
            case "mailto", "tel":
                return nil
            case "javascript", "vbscript", "data":
                return .warning(
                    "unsafe-link", at: at, "ссылка «\(link.text)» со схемой «\(scheme):» небезопасна и будет удалена",
                    suggestion: "укажите адрес, начинающийся с https:// или /")
            default:
                return .warning("unknown-scheme", at: at, "ссылка «\(destination)» со схемой «\(scheme):» может не открыться у читателей")
            }
        }
        if destination.hasPrefix("//") { return nil }

        // Split at `#` and `?` in the UTF-8 view (both ASCII, so the cuts fall between scalars): the Character
        // view's `firstIndex(of:)` took ~20,000 instructions a link.
        var path = destination
        var anchor: String?
        if let hash = path.utf8.firstIndex(of: UInt8(ascii: "#")) {
            anchor = String(Substring(path.utf8[path.utf8.index(after: hash)...]))
            path = String(Substring(path.utf8[..<hash]))
        }
        if let query = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = String(Substring(path.utf8[..<query])) }
        let target = path.isEmpty ? item.route : Self.resolve(path, from: item.route)
        guard let target, let route = resolvedRoute(target) else {
            let guess = target.flatMap { t in EditDistance.closest(to: t, among: routes.filter { $0.hasPrefix(Self.section(of: t)) }.sorted()) }
            return .error(
                link.kind == .image ? "missing-image" : "broken-link", at: at,
                link.kind == .image ? "изображение «\(destination)» не найдено среди файлов сайта"
                    : "ссылка «\(destination)» ведёт на страницу, которой нет на сайте",
                suggestion: guess.map { "возможно, имелось в виду «\($0)»" })
        }
        if let anchor, !anchor.isEmpty, let headings = anchors[route], !headings.contains(where: { $0.id == anchor }) {
            let guess = EditDistance.closest(to: anchor, among: Set(headings.map(\.id)).sorted())
            return .error(
                "broken-anchor", at: at, "на странице «\(route)» нет раздела «#\(anchor)»",
                suggestion: guess.map { "возможно, «#\($0)»" } ?? "якорь — это id заголовка: транслитерация его текста")
        }
        return nil
    }

    /// The planned route a path reaches: itself, itself plus `/`, or its folder for `index.html`.
    private func resolvedRoute(_ path: String) -> String? {
        if routes.contains(path) || assets.contains(path) { return path }
        if path.hasSuffix("/index.html") {
            let folder = String(path.dropLast("index.html".count))
            if routes.contains(folder) { return folder }
        }
        if !path.hasSuffix("/"), routes.contains(path + "/") { return path + "/" }
        return nil
    }

    /// `../x/` against `/practices/a/` → `/practices/x/`; nil when it climbs above the root.
    static func resolve(_ path: String, from route: String) -> String? {
        isNormalAbsolute(path) ? path : resolveBySegments(path, from: route)
    }

    /// Whether `path` is absolute and already in the form `resolve` gives (no empty, `.` or `..` segment), as
    /// nearly every link an editor writes is: then it is its own answer, without splitting and joining.
    static func isNormalAbsolute(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.first == UInt8(ascii: "/") else { return false }
            var segmentStart = 1
            for i in 1...bytes.count {
                guard i == bytes.count || bytes[i] == UInt8(ascii: "/") else { continue }
                let length = i - segmentStart
                if length == 0 && i < bytes.count { return false }  // `//`
                if length == 1 && bytes[segmentStart] == UInt8(ascii: ".") { return false }
                if length == 2 && bytes[segmentStart] == UInt8(ascii: ".") && bytes[segmentStart + 1] == UInt8(ascii: ".") {
                    return false
                }
                segmentStart = i + 1
            }
            return true
        }
    }

    /// `resolve` segment by segment: any path, relative or not.
    static func resolveBySegments(_ path: String, from route: String) -> String? {
        var parts: [Substring] = path.hasPrefix("/") ? [] : route.split(separator: "/")
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        let joined = "/" + parts.joined(separator: "/")
        return path.hasSuffix("/") && joined != "/" ? joined + "/" : joined
    }

    /// Whether an `http(s):` address names a host the way `foundationWebAddressHasHost` decides it.
    static func webAddressHasHost(_ destination: String) -> Bool {
        plainWebAddressHasHost(destination) ?? foundationWebAddressHasHost(destination)
    }

    /// The rule: Foundation parses the address and finds a host with a dot in it, or `localhost`.
    static func foundationWebAddressHasHost(_ destination: String) -> Bool {
        guard let url = URL(string: destination), let host = url.host else { return false }
        return !host.isEmpty && (host.contains(".") || host == "localhost")
    }

    /// `foundationWebAddressHasHost` read from the bytes, for the addresses editors write: ASCII of the characters
    /// RFC 3986 allows, `http(s)://host[:port]` then anything. nil when Foundation must decide (non-ASCII, a
    /// space, brackets, user info, a second `#`, a bad `%` escape, other characters in the host, an empty port,
    /// `LocalHost`). `URL(string:)` took 8 µs a link on Linux, 1.5% of a 10,000-practice build.
    static func plainWebAddressHasHost(_ destination: String) -> Bool? {
        var destination = destination
        return destination.withUTF8 { bytes -> Bool? in
            let count = bytes.count
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon + 2 < count,
                  bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") else { return nil }
            let scheme = bytes[..<colon]
            guard scheme.elementsEqual("http".utf8, by: { $0 | 0x20 == $1 }) || scheme.elementsEqual("https".utf8, by: { $0 | 0x20 == $1 })
            else { return nil }
            var fragments = 0
            var i = 0
            // Read once: the static array looked up for every byte was most of this function's time.
            let allowedInAddress = Self.allowedInAddress
            while i < count {
                let b = bytes[i]
                if b == UInt8(ascii: "%") {
                    guard i + 2 < count, isHexDigit(bytes[i + 1]), isHexDigit(bytes[i + 2]) else { return nil }
                    i += 3
                    continue
                }
                guard b < 0x80, allowedInAddress[Int(b)] else { return nil }
                if b == UInt8(ascii: "#") { fragments += 1 }
                i += 1
            }
            guard fragments <= 1 else { return nil }
            let start = colon + 3
            var end = start
            while end < count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
                end += 1
            }
            var hostEnd = end
            if let portColon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")) {
                let port = bytes[(portColon + 1)..<end]
                guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                hostEnd = portColon
            }
            let host = bytes[start..<hostEnd]
            var dots = 0
            for b in host {
                let letterOrDigit = (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b >= 0x30 && b <= 0x39
                guard letterOrDigit || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") else { return nil }
                if b == UInt8(ascii: ".") { dots += 1 }
            }
            if host.isEmpty { return false }
            if dots > 0 { return true }
            if host.elementsEqual("localhost".utf8) { return true }
            // Another spelling of localhost: Foundation decides what its host is.
            return host.count == 9 && host.elementsEqual("localhost".utf8, by: { $0 | 0x20 == $1 }) ? nil : false
        }
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        b >= 0x30 && b <= 0x39 || (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "f")
    }

    /// RFC 3986's unreserved, sub-delims and `: @ / ? #` (`%` is read with its two digits; `[ ]` are left to Foundation).
    private static let allowedInAddress: [Bool] = (0..<128).map { code in
        let b = UInt8(code)
        if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b >= 0x30 && b <= 0x39 { return true }
        return "-._~!$&'()*+,;=:@/?#".utf8.contains(b)
    }

    private static func scheme(of destination: String) -> String? {
        // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), read as bytes.
        // Over the contiguous bytes: the generic `String.UTF8View` walk cost ~1,600 instructions a link.
        var destination = destination
        return destination.withUTF8 { utf8 -> String? in
            func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
            guard let first = utf8.first, isLetter(first) else { return nil }
            var colon = 1
            while colon < utf8.count {
                let b = utf8[colon]
                if b == UInt8(ascii: ":") { break }
                guard isLetter(b) || (0x30...0x39).contains(b) || b == 0x2B || b == 0x2D || b == 0x2E else { return nil }
                colon += 1
            }
            guard colon < utf8.count else { return nil }
            return String(decoding: utf8[..<colon].map { isLetter($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
    }

    private static func section(of route: String) -> String {
        let parts = route.split(separator: "/")
        return parts.isEmpty ? "/" : "/\(parts[0])/"
    }
}
