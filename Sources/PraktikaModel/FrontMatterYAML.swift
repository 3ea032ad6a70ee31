/// A fast reader for the small part of YAML that front matter is written in; everything else goes to Yams.
///
/// Composing with Yams (libyaml events → Swift nodes) was half of the parse stage on a 10,000-practice
/// corpus. Front matter is almost always a flat block mapping of one-line scalars, one-line flow lists and
/// block lists of scalars or of one-level mappings (`awards:`); this reader handles exactly that and returns
/// nil for anything it is not sure about — tabs, comments after values, escapes, multi-line scalars,
/// anchors, tags, duplicate keys, empty values without a list, non-printable characters — so that Yams
/// parses it and reports any error with its own message. For what it accepts it yields the same nodes,
/// marks included, as `YAMLNode(Yams.compose(…))`; a property test holds it to that.
enum FrontMatterYAML {
    /// The root mapping of `yaml`, or nil when the text is outside the subset.
    static func parse(_ yaml: String) -> YAMLNode? {
        var yaml = yaml
        return yaml.withUTF8 { bytes -> YAMLNode? in
            var reader = Reader(bytes: bytes)
            return reader.document()
        }
    }

    private struct Line {
        var start: Int
        var end: Int
        var number: Int
        var indent: Int
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var lines: [Line] = []
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func document() -> YAMLNode? {
            guard Self.isPrintable(bytes) else { return nil }
            var start = 0
            var number = 1
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var indent = 0
                while start + indent < end, bytes[start + indent] == 0x20 { indent += 1 }
                let content = start + indent
                // Blank and comment lines carry no nodes; a comment after content is left to Yams.
                if content < end, bytes[content] != 0x23 {
                    lines.append(Line(start: start, end: end, number: number, indent: indent))
                }
                if end == bytes.count { break }
                start = end + 1
                number += 1
            }
            guard let first = lines.first else { return nil }
            guard first.indent == 0, let root = mapping(indent: 0) else { return nil }
            return index == lines.count ? root : nil
        }

        /// A block mapping whose keys sit at `indent`, from the current line on.
        mutating func mapping(indent: Int, firstKeyOffset: Int? = nil) -> YAMLNode? {
            var entries: [YAMLEntry] = []
            var keys: [Slice<UnsafeBufferPointer<UInt8>>] = []
            var startLine = 0
            var startColumn = 0
            while index < lines.count {
                let line = lines[index]
                let keyStart: Int
                if entries.isEmpty, let firstKeyOffset {
                    keyStart = firstKeyOffset
                } else {
                    guard line.indent == indent else { break }
                    keyStart = line.start + indent
                }
                guard let colon = keyEnd(from: keyStart, to: line.end) else { return nil }
                let keyBytes = bytes[keyStart..<colon]
                // A handful of keys: a linear scan beats hashing.
                guard !keys.contains(where: { $0.elementsEqual(keyBytes) }) else { return nil }
                keys.append(keyBytes)
                let keyNode = YAMLNode(
                    value: .scalar(String(decoding: keyBytes, as: UTF8.self), plain: true),
                    line: line.number, column: column(of: keyStart, in: line))
                if entries.isEmpty { (startLine, startColumn) = (keyNode.line, keyNode.column) }
                var valueStart = colon + 1
                while valueStart < line.end, bytes[valueStart] == 0x20 { valueStart += 1 }
                index += 1
                let value: YAMLNode
                if valueStart == line.end {
                    // `key:` followed by a block list (at the key's indent or deeper); a bare null, and a list
                    // inside a list item's mapping, are left to Yams.
                    guard firstKeyOffset == nil, index < lines.count, lines[index].indent >= indent,
                          isSequenceItem(lines[index]),
                          let list = sequence(indent: lines[index].indent) else { return nil }
                    value = list
                } else {
                    guard let scalar = inlineValue(from: valueStart, in: line) else { return nil }
                    value = scalar
                }
                entries.append(YAMLEntry(key: keyNode, value: value))
            }
            return YAMLNode(value: .mapping(entries), line: startLine, column: startColumn)
        }

        /// A block list whose dashes sit at `indent`.
        mutating func sequence(indent: Int) -> YAMLNode? {
            var items: [YAMLNode] = []
            let first = lines[index]
            while index < lines.count, lines[index].indent == indent, isSequenceItem(lines[index]) {
                let line = lines[index]
                var itemStart = line.start + indent + 1
                while itemStart < line.end, bytes[itemStart] == 0x20 { itemStart += 1 }
                guard itemStart < line.end else { return nil }
                if keyEnd(from: itemStart, to: line.end) != nil {
                    // `- key: value` opens a mapping whose other keys line up with the first one.
                    let keyIndent = itemStart - line.start
                    guard let item = mapping(indent: keyIndent, firstKeyOffset: itemStart) else { return nil }
                    if index < lines.count, lines[index].indent > indent, !isSequenceItem(lines[index]) { return nil }
                    items.append(item)
                } else {
                    guard let item = inlineValue(from: itemStart, in: line), item.scalarText != nil else { return nil }
                    index += 1
                    items.append(item)
                }
            }
            if index < lines.count, lines[index].indent > indent { return nil }
            return YAMLNode(value: .sequence(items), line: first.number, column: indent + 1)
        }

        func isSequenceItem(_ line: Line) -> Bool {
            let dash = line.start + line.indent
            return bytes[dash] == 0x2D && (dash + 1 == line.end || bytes[dash + 1] == 0x20)
        }

        /// The offset of the `:` ending a plain key that starts at `start`, or nil when the line is no simple
        /// `key: …` line.
        func keyEnd(from start: Int, to end: Int) -> Int? {
            guard start < end, !Self.isIndicator(bytes[start]) else { return nil }
            var offset = start
            while offset < end {
                let byte = bytes[offset]
                if byte == 0x3A {
                    guard offset + 1 == end || bytes[offset + 1] == 0x20 else { return nil }
                    return offset > start && bytes[offset - 1] != 0x20 ? offset : nil
                }
                if byte == 0x23 || byte == 0x22 || byte == 0x27 || byte == 0x2C
                    || byte == 0x5B || byte == 0x5D || byte == 0x7B || byte == 0x7D { return nil }
                offset += 1
            }
            return nil
        }

        /// A value written on the rest of the line: a plain or quoted scalar or a flow list of them.
        func inlineValue(from start: Int, in line: Line) -> YAMLNode? {
            var end = line.end
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
            let column = column(of: start, in: line)
            let value: YAMLNode.Value
            switch bytes[start] {
            case 0x5B:
                guard bytes[end - 1] == 0x5D, let items = flowItems(start + 1, end - 1, line) else { return nil }
                value = .sequence(items)
            case 0x22, 0x27:
                guard let text = quoted(start, end) else { return nil }
                value = .scalar(text, plain: false)
            default:
                guard let text = plain(start, end, inFlow: false) else { return nil }
                value = .scalar(text, plain: true)
            }
            return YAMLNode(value: value, line: line.number, column: column)
        }

        /// The items of a one-line flow list between `[` and `]`: plain or quoted scalars separated by commas.
        func flowItems(_ start: Int, _ end: Int, _ line: Line) -> [YAMLNode]? {
            var items: [YAMLNode] = []
            var offset = start
            while true {
                while offset < end, bytes[offset] == 0x20 { offset += 1 }
                if offset == end { return items.isEmpty ? items : nil }
                var itemEnd: Int
                let value: YAMLNode.Value
                if bytes[offset] == 0x22 || bytes[offset] == 0x27 {
                    guard let close = closingQuote(from: offset, to: end) else { return nil }
                    itemEnd = close + 1
                    guard let text = quoted(offset, itemEnd) else { return nil }
                    value = .scalar(text, plain: false)
                } else {
                    itemEnd = offset
                    while itemEnd < end, bytes[itemEnd] != 0x2C { itemEnd += 1 }
                    var trimmed = itemEnd
                    while trimmed > offset, bytes[trimmed - 1] == 0x20 { trimmed -= 1 }
                    guard let text = plain(offset, trimmed, inFlow: true) else { return nil }
                    value = .scalar(text, plain: true)
                }
                items.append(YAMLNode(value: value, line: line.number, column: column(of: offset, in: line)))
                while itemEnd < end, bytes[itemEnd] == 0x20 { itemEnd += 1 }
                if itemEnd == end { return items }
                guard bytes[itemEnd] == 0x2C else { return nil }
                offset = itemEnd + 1
                // A trailing comma or an empty item is left to Yams.
                var next = offset
                while next < end, bytes[next] == 0x20 { next += 1 }
                if next == end { return nil }
            }
        }

        /// The offset of the quote closing the quoted scalar at `start`.
        func closingQuote(from start: Int, to end: Int) -> Int? {
            let quote = bytes[start]
            var offset = start + 1
            while offset < end {
                if bytes[offset] == quote {
                    if quote == 0x27, offset + 1 < end, bytes[offset + 1] == 0x27 { offset += 2; continue }
                    return offset
                }
                offset += 1
            }
            return nil
        }

        /// The text of a quoted scalar spanning exactly `start..<end`; nil for escapes (left to Yams).
        func quoted(_ start: Int, _ end: Int) -> String? {
            guard let close = closingQuote(from: start, to: end), close == end - 1 else { return nil }
            let body = bytes[(start + 1)..<close]
            if bytes[start] == 0x22 {
                guard !body.contains(0x5C) else { return nil }
                return String(decoding: body, as: UTF8.self)
            }
            var text: [UInt8] = []
            text.reserveCapacity(body.count)
            var offset = body.startIndex
            while offset < body.endIndex {
                text.append(bytes[offset])
                offset += bytes[offset] == 0x27 ? 2 : 1
            }
            return String(decoding: text, as: UTF8.self)
        }

        /// The text of a plain scalar spanning `start..<end` (already trimmed), or nil when YAML would read
        /// it otherwise (indicators, `: `, ` #`, and in flow lists the flow characters).
        func plain(_ start: Int, _ end: Int, inFlow: Bool) -> String? {
            guard start < end, !Self.isIndicator(bytes[start]) else { return nil }
            var offset = start
            while offset < end {
                let byte = bytes[offset]
                switch byte {
                case 0x3A:
                    if offset + 1 == end || bytes[offset + 1] == 0x20 { return nil }
                    if inFlow { return nil }
                case 0x23:
                    if bytes[offset - 1] == 0x20 { return nil }
                case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D:
                    if inFlow { return nil }
                default: break
                }
                offset += 1
            }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        /// 1-based column of `offset`, counted in Unicode scalars.
        func column(of offset: Int, in line: Line) -> Int {
            var column = 1
            for position in line.start..<offset where bytes[position] & 0xC0 != 0x80 { column += 1 }
            return column
        }

        /// Characters that give a plain scalar or a key another meaning when they come first; `-`, `?` and
        /// `:` are refused even when YAML would allow them, to stay on the safe side.
        static func isIndicator(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x2D, 0x3F, 0x3A, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22,
                 0x25, 0x40, 0x60, 0x20:
                return true
            default:
                return false
            }
        }

        static func isPrintable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { FrontMatterYAML.isPrintable(bytes) }
    }
}

extension FrontMatterYAML {
    /// Only text libyaml reads without complaint: no tabs, carriage returns or other control characters,
    /// no byte-order mark or non-characters, no `---`/`...` markers; anything else goes to Yams.
    ///
    /// On the UTF-8 bytes (the text is valid UTF-8), one table lookup a byte: only newlines, controls and the
    /// lead bytes C2, E2 and EF are looked at further.
    static func isPrintable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        /// A `---` or `...` marker starting at `offset` (a line start).
        func marker(at offset: Int) -> Bool {
            guard offset + 2 < count else { return false }
            let byte = bytes[offset]
            return (byte == 0x2D || byte == 0x2E) && bytes[offset + 1] == byte && bytes[offset + 2] == byte
        }
        if marker(at: 0) { return false }
        return printableClass.withUnsafeBufferPointer { classes in
            var offset = 0
            while offset < count {
                let byte = bytes[offset]
                switch classes[Int(byte)] {
                case 0:
                    break
                case 1:  // a control character (not a newline) or DEL
                    return false
                case 2:  // a newline: the next line may start with a marker
                    if marker(at: offset + 1) { return false }
                case 3:  // C1 controls and NEL (C2 80–9F)
                    if offset + 1 < count, bytes[offset + 1] <= 0x9F { return false }
                case 4:  // the line and paragraph separators (E2 80 A8–A9)
                    if offset + 2 < count, bytes[offset + 1] == 0x80, bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9 {
                        return false
                    }
                default:  // the byte-order mark (EF BB BF), U+FFFE and U+FFFF (EF BF BE–BF)
                    if offset + 2 < count,
                       bytes[offset + 1] == 0xBB && bytes[offset + 2] == 0xBF || bytes[offset + 1] == 0xBF && bytes[offset + 2] >= 0xBE {
                        return false
                    }
                }
                offset += 1
            }
            return true
        }
    }

    /// `isPrintable`'s class of each byte: 0 nothing to check, 1 refused, 2 newline, 3 C2, 4 E2, 5 EF.
    private static let printableClass: [UInt8] = (0..<256).map { code in
        switch code {
        case 0x0A: 2
        case 0..<0x20, 0x7F: 1
        case 0xC2: 3
        case 0xE2: 4
        case 0xEF: 5
        default: 0
        }
    }
}
