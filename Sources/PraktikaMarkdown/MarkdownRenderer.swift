import CCmarkGFM
import Foundation
import PraktikaText

/// Renders GitHub-flavoured Markdown with cmark-gfm. Safe to call from many tasks at once.
public enum MarkdownRenderer {
    /// The extensions every document gets.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Registration of the core extensions uses a plain static flag in C: run it exactly once.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// `cmark_parser_finish` edits a process-global table of special characters; two parsers finishing
    /// at once corrupt each other's output (measured in the platform notes), so finishing is serialised.
    private static let finishLock = NSLock()

    /// Parses and renders `markdown`, collecting headings (with unique ids), the excerpt and every link.
    ///
    /// All C work happens inside this function; what it returns holds no pointer.
    /// - Parameters:
    ///   - markdown: The body text (after the front matter).
    ///   - firstLine: The file line on which the body starts, so returned lines are file lines.
    ///   - options: Whether raw HTML is allowed.
    public static func render(
        _ markdown: String, firstLine: Int = 1, options: MarkdownOptions = MarkdownOptions()
    ) -> RenderedMarkdown {
        render(markdown[...], firstLine: firstLine, options: options)
    }

    /// `render(_:firstLine:options:)` of part of a text (a file's body after its front matter), read in place.
    public static func render(
        _ markdown: Substring, firstLine: Int = 1, options: MarkdownOptions = MarkdownOptions()
    ) -> RenderedMarkdown {
        precondition(registered)
        // No VALIDATE_UTF8: a Swift String is valid UTF-8 already.
        var cmarkOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS
        if options.allowsRawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }

        guard let parser = cmark_parser_new(cmarkOptions) else {
            return RenderedMarkdown(html: "", headings: [], excerptText: "", excerptHTML: "", links: [])
        }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        // cmark reads the string's own UTF-8 storage: no copy of the body.
        var markdown = markdown
        markdown.withUTF8 { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parser_feed(parser, $0, buffer.count)
                }
            }
        }
        finishLock.lock()
        let document = cmark_parser_finish(parser)
        finishLock.unlock()
        guard let document else {
            return RenderedMarkdown(html: "", headings: [], excerptText: "", excerptHTML: "", links: [])
        }
        defer { cmark_node_free(document) }

        let lineOffset = firstLine - 1
        // Typography changes only what is shown; `check` (no HTML) skips it.
        if options.typography, options.rendersHTML { TreeWalker.applyTypography(document) }
        var walker = TreeWalker(lineOffset: lineOffset, basePath: options.basePath)
        walker.collectsText = options.rendersHTML
        walker.collect(document)
        guard options.rendersHTML else {
            return RenderedMarkdown(htmlUTF8: [], headings: walker.headings, excerptText: walker.excerptText,
                                    excerptHTML: "", links: walker.links, plainTextUTF8: walker.text)
        }
        walker.replaceHeadings()

        // Render without SOURCEPOS, or every block gets a data-sourcepos attribute.
        let renderOptions = cmarkOptions & ~CMARK_OPT_SOURCEPOS
        let extensions = cmark_parser_get_syntax_extensions(parser)
        let html = takeBytes(cmark_render_html(document, renderOptions, extensions))
        var excerptHTML = ""
        if let paragraph = walker.firstParagraph {
            excerptHTML = takeString(cmark_render_html(paragraph, renderOptions, extensions))
            excerptHTML = stripParagraphTags(excerptHTML)
        }
        return RenderedMarkdown(
            htmlUTF8: localizeFootnotes(html), headings: walker.headings, excerptText: walker.excerptText,
            excerptHTML: excerptHTML, links: walker.links, plainTextUTF8: walker.text)
    }

    /// Copies a malloc'ed C string's bytes into Swift and frees it (no UTF-8 validation: cmark's output of
    /// valid input is valid).
    private static func takeBytes(_ pointer: UnsafeMutablePointer<CChar>?) -> [UInt8] {
        guard let pointer else { return [] }
        defer { free(pointer) }
        return Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
    }

    /// Copies a malloc'ed C string into Swift and frees it.
    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// `<p>…</p>\n` → `…`, on bytes (Character-wise trimming showed up in profiles).
    private static func stripParagraphTags(_ html: String) -> String {
        var bytes = html.utf8[...]
        while bytes.last == 0x0A { bytes = bytes.dropLast() }
        if bytes.starts(with: "<p>".utf8) { bytes = bytes.dropFirst(3) }
        if bytes.reversed().starts(with: ">p/<".utf8) { bytes = bytes.dropLast(4) }
        return String(Substring(bytes))
    }

    /// cmark-gfm labels footnote back-links in English; the portal is Russian.
    private static func localizeFootnotes(_ html: [UInt8]) -> [UInt8] {
        // A byte search first: most bodies have no footnotes.
        guard html.withUnsafeBufferPointer({ ByteSearch.contains("footnote-backref", in: $0) }) else { return html }
        return Array(localizeFootnotes(String(decoding: html, as: UTF8.self)).utf8)
    }

    private static func localizeFootnotes(_ html: String) -> String {
        html.replacingOccurrences(of: "aria-label=\"Back to reference ", with: "aria-label=\"Назад к ссылке ")
            .replacingOccurrences(of: "aria-label=\"Back to content\"", with: "aria-label=\"Назад к тексту\"")
    }
}
