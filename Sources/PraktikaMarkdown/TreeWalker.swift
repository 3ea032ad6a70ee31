import CCmarkGFM
import Foundation
import PraktikaText

/// One pass over a cmark tree that copies out headings, links and the first paragraph.
///
/// Lives only inside `MarkdownRenderer.render`, while the document is alive.
struct TreeWalker {
    let lineOffset: Int
    /// Prefix for root-relative link targets (`/` leaves them alone).
    let basePath: String
    var headings: [RenderedMarkdown.Heading] = []
    var links: [RenderedMarkdown.Link] = []
    var excerptText = ""
    /// All text of the document, blocks separated by newlines (only when `collectsText`).
    private var textBytes: [UInt8] = []
    /// The gathered text, copied to its exact size (it is kept with the site until the search index is built;
    /// the growing buffer's spare capacity cost 10-20 MB of peak memory at 10k practices).
    var text: [UInt8] { textBytes.withUnsafeBufferPointer { Array($0) } }
    /// Whether to gather `textBytes` (the search index needs it; `check` does not).
    var collectsText = true
    var firstParagraph: OpaquePointer?
    private var headingNodes: [OpaquePointer] = []
    private var slugs = UniqueSlugs()

    init(lineOffset: Int, basePath: String = "/") {
        self.lineOffset = lineOffset
        self.basePath = basePath
    }

    /// Walks the whole document once: typesets every text node (when `typography`), then copies out what
    /// it needs. What reads the text of a node's descendants (a heading's, a link's, the excerpt) does so when
    /// the iterator leaves the node, so that it reads them typeset; a link is listed when entered, so links
    /// keep document order (a link around an image comes before the image).
    /// One pass instead of a typography pass and a collecting pass: the tree is walked by cmark's iterator,
    /// which cost as much as the work done at each node.
    mutating func collect(_ document: OpaquePointer, typography applies: Bool = false) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var typography = RussianTypography()
        /// The links and images entered and not yet left, with their places in `links`.
        var openLinks: [(node: OpaquePointer, index: Int)] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                leave(node, type: type, openLinks: &openLinks)
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            let isBlock = type.rawValue & 0xC000 == 0x8000
            if applies {
                if isBlock {
                    typography = RussianTypography()
                } else if type == CMARK_NODE_TEXT {
                    Self.typeset(node, with: &typography)
                }
            }
            if collectsText {
                switch type {
                case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                    Self.appendLiteral(of: node, to: &textBytes)
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    textBytes.append(0x20)
                default:
                    break
                }
                if isBlock, let last = textBytes.last, last != 0x0A { textBytes.append(0x0A) }
            }
            switch type {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let line = Int(cmark_node_get_start_line(node)) + lineOffset
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                openLinks.append((node, links.count))
                links.append(.init(kind: type == CMARK_NODE_IMAGE ? .image : .link, destination: url, text: "", line: line))
            case CMARK_NODE_PARAGRAPH where firstParagraph == nil:
                // Only a top-level paragraph makes an excerpt, not one inside a quote or list.
                if let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT {
                    firstParagraph = node
                }
            default:
                break
            }
        }
    }

    /// The work done when the iterator leaves a node: its descendants are typeset by then.
    private mutating func leave(_ node: OpaquePointer, type: cmark_node_type, openLinks: inout [(node: OpaquePointer, index: Int)]) {
        switch type {
        case CMARK_NODE_HEADING:
            let line = Int(cmark_node_get_start_line(node)) + lineOffset
            let text = Self.plainText(of: node)
            let id = slugs.make(for: text)
            headings.append(.init(level: Int(cmark_node_get_heading_level(node)), text: text, id: id, line: line))
            headingNodes.append(node)
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            guard let open = openLinks.popLast() else { return }
            links[open.index].text = Self.plainText(of: node)
            // Only now: the autolink test of the text inside compares it with the URL as written.
            let url = links[open.index].destination
            if basePath != "/", url.hasPrefix("/"), !url.hasPrefix("//") {
                _ = cmark_node_set_url(node, basePath + url.dropFirst())
            }
        case CMARK_NODE_PARAGRAPH where node == firstParagraph:
            excerptText = Self.plainText(of: node)
        default:
            break
        }
    }

    /// cmark-gfm gives headings no id: swap each for a custom block holding a custom inline that
    /// prints `<hN id="…">…</hN>`, moving the heading's inline children into it. (A custom block
    /// alone would put line breaks inside the heading element.)
    mutating func replaceHeadings() {
        // The tags are made as C strings from bytes, in one buffer: interpolating them into Strings was about
        // 1% of a build's instructions (cmark copies what it is given).
        var tag: [UInt8] = []
        tag.reserveCapacity(64)
        func set(_ setter: (OpaquePointer, UnsafePointer<CChar>) -> Int32, _ node: OpaquePointer) {
            tag.append(0)
            tag.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { _ = setter(node, $0.baseAddress!) }
            }
            tag.removeAll(keepingCapacity: true)
        }
        for (node, heading) in zip(headingNodes, headings) {
            guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            guard let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { cmark_node_free(block); continue }
            let digit = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: heading.level)  // 1–6
            tag.append(contentsOf: "<h".utf8)
            tag.append(digit)
            tag.append(contentsOf: " id=\"".utf8)
            tag.append(contentsOf: heading.id.utf8)
            tag.append(contentsOf: "\">".utf8)
            set(cmark_node_set_on_enter, inline)
            tag.append(contentsOf: "</h".utf8)
            tag.append(digit)
            tag.append(UInt8(ascii: ">"))
            set(cmark_node_set_on_exit, inline)
            while let child = cmark_node_first_child(node) {
                if cmark_node_append_child(inline, child) == 0 { break }
            }
            guard cmark_node_append_child(block, inline) != 0, cmark_node_replace(node, block) != 0 else {
                cmark_node_free(block)
                continue
            }
            cmark_node_free(node)
        }
        headingNodes = []
    }

    /// Rewrites one text node with `RussianTypography` (the state of its block); the text of an autolink
    /// (the end of its URL) stays as written. Code spans and code blocks are other node types and never
    /// come here.
    private static func typeset(_ node: OpaquePointer, with typography: inout RussianTypography) {
        guard let literal = cmark_node_get_literal(node) else { return }
        let length = strlen(literal)
        if let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_LINK,
           let url = cmark_node_get_url(parent) {
            let urlLength = strlen(url)
            if urlLength >= length && memcmp(url + (urlLength - length), literal, length) == 0 { return }
        }
        let text = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: length)
        guard var typeset = typography.apply(utf8: text) else { return }
        typeset.append(0)
        typeset.withUnsafeBytes { bytes in
            _ = cmark_node_set_literal(node, bytes.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
    }

    /// The text of a node's descendants: text and code literals, breaks as spaces.
    static func plainText(of root: OpaquePointer) -> String {
        // Most headings and links hold one text node: its literal is the text, no iterator needed.
        if let child = cmark_node_first_child(root), cmark_node_next(child) == nil,
           cmark_node_get_type(child) == CMARK_NODE_TEXT {
            return cmark_node_get_literal(child).map { String(cString: $0) } ?? ""
        }
        guard let iterator = cmark_iter_new(root) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text: [UInt8] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                appendLiteral(of: node, to: &text)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text.append(0x20)
            default:
                break
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends a node's literal bytes (cmark keeps them NUL-terminated UTF-8) without making a String.
    private static func appendLiteral(of node: OpaquePointer, to bytes: inout [UInt8]) {
        guard let literal = cmark_node_get_literal(node) else { return }
        let count = strlen(literal)
        literal.withMemoryRebound(to: UInt8.self, capacity: count) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
        }
    }
}
