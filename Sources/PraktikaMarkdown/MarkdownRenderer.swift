import CCmarkFrozenCharacters
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
    /// at once corrupt each other's output (measured in the platform notes; on the 10,000-practice corpus
    /// about 150 pages come out wrong). (Emptying the extensions' lists of special characters after filling
    /// the table once does not work: the delimiter pass looks up which extension owns `~` in those lists,
    /// and loops forever without them.)
    ///
    /// So the table is frozen: `CCmarkFrozenCharacters` defines the function through which cmark edits it,
    /// fills it once from our extension set (every parser has the same one) and ignores every later edit.
    /// This is true when a test parse shows the library calling that definition; then parsers finish on
    /// any number of threads at once. Otherwise (a cmark-gfm built to bind the call internally) finishing
    /// is serialised by `finishLock`.
    public static let finishesConcurrently: Bool = {
        precondition(registered)
        guard let parser = start(MarkdownInput(""), options: MarkdownOptions()) else { return false }
        defer { cmark_parser_free(parser) }
        guard praktika_cmark_freeze_special_characters(UnsafeMutableRawPointer(parser)) != 0 else { return false }
        let before = praktika_cmark_ignored_table_edits()
        if let document = cmark_parser_finish(parser) { cmark_node_free(document) }
        return praktika_cmark_ignored_table_edits() > before
    }()

    /// Serialises `cmark_parser_finish` when the table could not be frozen.
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
        renderAll([MarkdownInput(markdown, firstLine: firstLine)], options: options)[0]
    }

    /// Renders several documents on the calling thread, results in input order, each the same as `render`
    /// would give. Many threads may call this at once (see `finishesConcurrently`).
    public static func renderAll(_ inputs: [MarkdownInput], options: MarkdownOptions = MarkdownOptions()) -> [RenderedMarkdown] {
        precondition(registered)
        let serialised = !finishesConcurrently
        return inputs.map { input in
            let parser = start(input, options: options)
            if serialised { finishLock.lock() }
            let document = parser.flatMap { cmark_parser_finish($0) }
            if serialised { finishLock.unlock() }
            return complete(parser: parser, document: document, firstLine: input.firstLine, options: options)
        }
    }

    /// The options cmark parses with.
    private static func cmarkOptions(_ options: MarkdownOptions) -> Int32 {
        // No VALIDATE_UTF8: a Swift String is valid UTF-8 already, and so are `MarkdownInput(validUTF8:)`'s bytes.
        var cmarkOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS
        if options.allowsRawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        return cmarkOptions
    }

    /// A parser with the extensions attached that has read all of `markdown` (block parsing); nil when cmark
    /// could not make one.
    private static func start(_ markdown: MarkdownInput, options: MarkdownOptions) -> OpaquePointer? {
        guard let parser = cmark_parser_new(cmarkOptions(options)) else { return nil }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        // cmark reads the text's own UTF-8 storage: no copy of the body.
        markdown.withUTF8 { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parser_feed(parser, $0, buffer.count)
                }
            }
        }
        return parser
    }

    /// Everything after `cmark_parser_finish`: typography, headings, links, text, the HTML. Frees the
    /// document and the parser.
    private static func complete(
        parser: OpaquePointer?, document: OpaquePointer?, firstLine: Int, options: MarkdownOptions
    ) -> RenderedMarkdown {
        defer { if let parser { cmark_parser_free(parser) } }
        guard let parser, let document else { return .empty }
        defer { cmark_node_free(document) }

        let lineOffset = firstLine - 1
        var walker = TreeWalker(lineOffset: lineOffset, basePath: options.basePath)
        walker.collectsText = options.rendersHTML
        // Typography changes only what is shown; `check` (no HTML) skips it.
        walker.collect(document, typography: options.typography && options.rendersHTML)
        guard options.rendersHTML else {
            return RenderedMarkdown(htmlUTF8: [], headings: walker.headings, excerptText: walker.excerptText,
                                    excerptHTML: "", links: walker.links, plainTextUTF8: walker.text)
        }
        walker.replaceHeadings()

        // Render without SOURCEPOS, or every block gets a data-sourcepos attribute.
        let renderOptions = cmarkOptions(options) & ~CMARK_OPT_SOURCEPOS
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
