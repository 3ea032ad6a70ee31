/// What a Markdown body becomes: plain Swift values, with no C pointer left in them.
public struct RenderedMarkdown: Sendable, Hashable {
    /// The body as HTML in UTF-8, safe to insert raw into a page (raw HTML dropped unless allowed).
    /// Kept as bytes: cmark writes valid UTF-8 from valid input, pages are written as bytes, and making a
    /// `String` of it validated every byte again (3% of a build's CPU).
    public var htmlUTF8: [UInt8]
    /// `htmlUTF8` as text.
    public var html: String {
        get { String(decoding: htmlUTF8, as: UTF8.self) }
        set { htmlUTF8 = Array(newValue.utf8) }
    }
    /// Every heading in order, with its unique id.
    public var headings: [Heading]
    /// The first paragraph as plain text, or an empty string when the body has none.
    public var excerptText: String
    /// The first paragraph as HTML (without the `<p>` wrapper), or an empty string.
    public var excerptHTML: String
    /// Every link and image target, in order, with its line in the file.
    public var links: [Link]
    /// The whole body as plain text in UTF-8 (blocks separated by newlines), for the search index; bytes for
    /// the same reason as `htmlUTF8`.
    public var plainTextUTF8: [UInt8]
    /// `plainTextUTF8` as text.
    public var plainText: String {
        get { String(decoding: plainTextUTF8, as: UTF8.self) }
        set { plainTextUTF8 = Array(newValue.utf8) }
    }

    /// Creates a value (tests build expected values with it).
    public init(html: String, headings: [Heading], excerptText: String, excerptHTML: String, links: [Link],
                plainText: String = "") {
        self.init(htmlUTF8: Array(html.utf8), headings: headings, excerptText: excerptText, excerptHTML: excerptHTML,
                  links: links, plainTextUTF8: Array(plainText.utf8))
    }

    /// Creates a value from the HTML's and the plain text's bytes, which must be valid UTF-8.
    public init(htmlUTF8: [UInt8], headings: [Heading], excerptText: String, excerptHTML: String, links: [Link],
                plainTextUTF8: [UInt8] = []) {
        self.htmlUTF8 = htmlUTF8
        self.headings = headings
        self.excerptText = excerptText
        self.excerptHTML = excerptHTML
        self.links = links
        self.plainTextUTF8 = plainTextUTF8
    }

    /// Nothing: what a body cmark could not parse becomes.
    public static let empty = RenderedMarkdown(htmlUTF8: [], headings: [], excerptText: "", excerptHTML: "", links: [])

    /// A heading: `## Цель` → level 2, text «Цель», id `tsel`.
    public struct Heading: Sendable, Hashable {
        /// 1–6.
        public var level: Int
        /// The heading's text without markup.
        public var text: String
        /// The `id` attribute it got, unique within the document.
        public var id: String
        /// Its line in the file.
        public var line: Int

        /// Creates a heading value.
        public init(level: Int, text: String, id: String, line: Int) {
            self.level = level
            self.text = text
            self.id = id
            self.line = line
        }
    }

    /// A link or image target as written (`/practices/x/`, `https://…`, `#anchor`).
    public struct Link: Sendable, Hashable {
        /// Whether a link or an image.
        public enum Kind: String, Sendable, Hashable { case link, image }
        /// Link or image.
        public var kind: Kind
        /// The destination as written.
        public var destination: String
        /// For an image, its alternative text (empty when missing); for a link, its text.
        public var text: String
        /// Its line in the file.
        public var line: Int

        /// Creates a link value.
        public init(kind: Kind, destination: String, text: String, line: Int) {
            self.kind = kind
            self.destination = destination
            self.text = text
            self.line = line
        }
    }
}

/// How to render Markdown.
public struct MarkdownOptions: Sendable, Hashable {
    /// Let raw HTML through (`unsafe_html: true` in `site.yml`); `tagfilter` still applies.
    public var allowsRawHTML: Bool
    /// Produce `html` and `excerptHTML`. `check` turns this off: validation needs headings, links
    /// and the excerpt text, not the HTML, and rendering is a large part of cmark's time.
    public var rendersHTML: Bool
    /// The site's base path (`/portal/`): root-relative links such as `/practices/x/` are written
    /// under it, so content keeps working when the portal is served from a sub-folder.
    public var basePath: String
    /// Apply `RussianTypography` to the text (not to code or autolinked URLs).
    public var typography: Bool

    /// Creates options; raw HTML is off by default, typography too (the site turns it on).
    public init(allowsRawHTML: Bool = false, rendersHTML: Bool = true, basePath: String = "/", typography: Bool = false) {
        self.allowsRawHTML = allowsRawHTML
        self.rendersHTML = rendersHTML
        self.basePath = basePath
        self.typography = typography
    }
}

/// One document for `MarkdownRenderer.renderAll`: its text and the file line it starts on.
public struct MarkdownInput: Sendable {
    /// The Markdown, as text or as bytes already checked to be UTF-8.
    enum Source: Sendable {
        case text(Substring)
        case validUTF8(ArraySlice<UInt8>)
    }

    let source: Source
    /// The file line of its first line.
    public var firstLine: Int

    /// Creates an input.
    public init(_ text: Substring, firstLine: Int = 1) {
        source = .text(text)
        self.firstLine = firstLine
    }

    /// An input of bytes that are valid UTF-8 (cmark does not check them again), read in place: a content
    /// file's body never becomes a `String`.
    public init(validUTF8 bytes: ArraySlice<UInt8>, firstLine: Int = 1) {
        source = .validUTF8(bytes)
        self.firstLine = firstLine
    }

    /// The Markdown's UTF-8 bytes, in place.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch source {
        case .text(var text): return text.withUTF8(body)
        case .validUTF8(let bytes): return bytes.withUnsafeBufferPointer(body)
        }
    }
}
