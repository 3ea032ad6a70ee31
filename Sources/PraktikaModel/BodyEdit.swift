import PraktikaDiagnostics
import PraktikaMarkdown

/// The preview's fast path: an edit that changed only the Markdown body of one page.
///
/// When the front matter is the same, the linked site is the same except for that body, so the rebuild
/// can swap the body in instead of parsing, linking and validating every file again. The edit qualifies
/// only when nothing else can see it: the file parses with no diagnostic (as it did before), its heading
/// ids stay the same (other pages may link to them) and so does its description (the `summary`, or else the
/// first paragraph: listings, feeds, open data and the search index show it). Anything else returns nil and
/// takes the full rebuild.
public struct BodyEdit: Sendable {
    /// The site with the new body in place.
    public var site: Site
    /// The file, relative to the content folder.
    public var path: String
    /// The new body.
    public var body: RenderedMarkdown

    /// Tries the edit of `file` against `site`, the result of the last good load through `cache`.
    public static func apply(_ file: SourceFile, to site: Site, cache: ParseCache) -> BodyEdit? {
        guard let kind = ContentParser.FileKind(path: file.path), kind != .config, kind != .nominations,
              let before = cache.cachedResult(for: file.path), before.1.isEmpty,
              let old = before.0, let oldBody = old.body else { return nil }
        let config = site.config
        let options = MarkdownOptions(allowsRawHTML: config.allowsRawHTML, rendersHTML: true,
                                      basePath: config.basePath, typography: config.typography)
        let after = cache.result(for: file, kind: kind, options: options) {
            ContentParser.parse(file, kind: kind, markdown: options)
        }
        guard after.1.isEmpty, let new = after.0, let newBody = new.body,
              new.replacingBody(with: oldBody) == old,
              newBody.headings.map(\.id) == oldBody.headings.map(\.id),
              new.meta?.description == old.meta?.description,
              let edited = site.replacingBody(ofFile: file.path, with: newBody)
        else { return nil }
        return BodyEdit(site: edited, path: file.path, body: newBody)
    }
}

extension ContentSource {
    /// The Markdown body of a page-like source.
    var body: RenderedMarkdown? {
        switch self {
        case .forum(let s): s.meta.body
        case .practice(let s): s.meta.body
        case .news(let s): s.meta.body
        case .page(let s): s.meta.body
        case .config, .nominations: nil
        }
    }

    /// The metadata of a page-like source.
    var meta: ContentMeta? {
        switch self {
        case .forum(let s): s.meta
        case .practice(let s): s.meta
        case .news(let s): s.meta
        case .page(let s): s.meta
        case .config, .nominations: nil
        }
    }

    /// The same source with another body.
    func replacingBody(with body: RenderedMarkdown) -> ContentSource {
        switch self {
        case .forum(var s): s.meta.body = body; return .forum(s)
        case .practice(var s): s.meta.body = body; return .practice(s)
        case .news(var s): s.meta.body = body; return .news(s)
        case .page(var s): s.meta.body = body; return .page(s)
        case .config, .nominations: return self
        }
    }
}

extension Site {
    /// The site with the body of the item read from `file` replaced; nil when no published item comes from it.
    func replacingBody(ofFile file: String, with body: RenderedMarkdown) -> Site? {
        var site = self
        if let i = practices.firstIndex(where: { $0.meta.file == file }) {
            site.practices[i].meta.body = body
        } else if let i = forums.firstIndex(where: { $0.meta.file == file }) {
            site.forums[i].meta.body = body
        } else if let i = news.firstIndex(where: { $0.meta.file == file }) {
            site.news[i].meta.body = body
        } else if let i = pages.firstIndex(where: { $0.meta.file == file }) {
            site.pages[i].meta.body = body
        } else {
            return nil
        }
        return site
    }
}
