import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaText

/// The binary form of parsed files, for the persistent build cache (`.praktika-cache/parsed`): little-endian
/// integers, length-prefixed UTF-8, a tag byte before optionals and enum cases. Only `ParseCache` reads it,
/// after the cache has checked the file's checksum, so malformed input is an error, never a crash.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 } }
    mutating func uint64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }
    mutating func utf8(_ value: [UInt8]) {
        int(value.count)
        bytes += value
    }
    mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }
    mutating func array<T>(_ values: [T], _ write: (inout ByteWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }
}

struct ByteReader {
    struct Malformed: Error {}

    let bytes: [UInt8]
    var offset = 0
    /// The last file path read: the locations of one file share it, as they do when parsed (one allocation
    /// instead of one per location).
    var lastFile = ""

    mutating func int() throws(Malformed) -> Int {
        guard offset + 8 <= bytes.count else { throw Malformed() }
        defer { offset += 8 }
        return Int(Int64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int64.self) }))
    }
    mutating func uint64() throws(Malformed) -> UInt64 { UInt64(bitPattern: Int64(try int())) }
    mutating func bool() throws(Malformed) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset] == 1
    }
    mutating func string() throws(Malformed) -> String {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset,
              let text = String(validating: bytes[offset..<(offset + count)], as: UTF8.self) else { throw Malformed() }
        offset += count
        return text
    }
    /// Length-prefixed bytes taken as they are: the cache's checksum vouches for them, and they are only
    /// ever copied into pages (no validation pass over every body's HTML).
    mutating func utf8() throws(Malformed) -> [UInt8] {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }
    mutating func optional<T>(_ read: (inout ByteReader) throws(Malformed) -> T) throws(Malformed) -> T? {
        try bool() ? try read(&self) : nil
    }
    mutating func array<T>(_ read: (inout ByteReader) throws(Malformed) -> T) throws(Malformed) -> [T] {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
    mutating func raw<T: RawRepresentable<String>>(_: T.Type) throws(Malformed) -> T {
        guard let value = T(rawValue: try string()) else { throw Malformed() }
        return value
    }
}

/// The parsed-file codec: `ParseCache` entries as bytes and back.
enum ParseCacheCodec {
    typealias Malformed = ByteReader.Malformed

    // MARK: Diagnostics and locations

    static func write(_ w: inout ByteWriter, _ location: SourceLocation) {
        w.string(location.file)
        w.optional(location.line) { $0.int($1) }
        w.optional(location.column) { $0.int($1) }
    }

    static func readLocation(_ r: inout ByteReader) throws(Malformed) -> SourceLocation {
        SourceLocation(file: try readFile(&r), line: try r.optional { r throws(Malformed) in try r.int() },
                       column: try r.optional { r throws(Malformed) in try r.int() })
    }

    /// A file path, shared with the previous one when equal.
    static func readFile(_ r: inout ByteReader) throws(Malformed) -> String {
        let file = try r.string()
        if file == r.lastFile { return r.lastFile }
        r.lastFile = file
        return file
    }

    static func write(_ w: inout ByteWriter, _ diagnostic: Diagnostic) {
        w.string(diagnostic.severity.rawValue)
        w.string(diagnostic.code)
        write(&w, diagnostic.location)
        w.string(diagnostic.message)
        w.optional(diagnostic.suggestion) { $0.string($1) }
        w.array(diagnostic.notes) { w, note in
            write(&w, note.location)
            w.string(note.message)
        }
    }

    static func readDiagnostic(_ r: inout ByteReader) throws(Malformed) -> Diagnostic {
        let severity = try r.raw(Severity.self)
        let code = try r.string()
        let location = try readLocation(&r)
        let message = try r.string()
        let suggestion = try r.optional { r throws(Malformed) in try r.string() }
        let notes = try r.array { r throws(Malformed) in Diagnostic.Note(location: try readLocation(&r), message: try r.string()) }
        return Diagnostic(severity, code, at: location, message, suggestion: suggestion, notes: notes)
    }

    static func write(_ w: inout ByteWriter, _ located: Located<String>) {
        w.string(located.value)
        write(&w, located.location)
    }

    static func readLocatedString(_ r: inout ByteReader) throws(Malformed) -> Located<String> {
        Located(try r.string(), at: try readLocation(&r))
    }

    static func write(_ w: inout ByteWriter, _ date: CalendarDate) {
        w.int(date.year)
        w.optional(date.month) { $0.int($1) }
        w.optional(date.day) { $0.int($1) }
    }

    static func readDate(_ r: inout ByteReader) throws(Malformed) -> CalendarDate {
        let year = try r.int()
        let month = try r.optional { r throws(Malformed) in try r.int() }
        let day = try r.optional { r throws(Malformed) in try r.int() }
        guard let date = CalendarDate(year: year, month: month, day: day) else { throw Malformed() }
        return date
    }

    static func write(_ w: inout ByteWriter, _ located: Located<CalendarDate>) {
        write(&w, located.value)
        write(&w, located.location)
    }

    static func readLocatedDate(_ r: inout ByteReader) throws(Malformed) -> Located<CalendarDate> {
        Located(try readDate(&r), at: try readLocation(&r))
    }

    // MARK: Markdown and metadata

    static func write(_ w: inout ByteWriter, _ body: RenderedMarkdown) {
        w.utf8(body.htmlUTF8)
        w.array(body.headings) { w, heading in
            w.int(heading.level)
            w.string(heading.text)
            w.string(heading.id)
            w.int(heading.line)
        }
        w.string(body.excerptText)
        w.string(body.excerptHTML)
        w.array(body.links) { w, link in
            w.string(link.kind.rawValue)
            w.string(link.destination)
            w.string(link.text)
            w.int(link.line)
        }
        w.utf8(body.plainTextUTF8)
    }

    static func readBody(_ r: inout ByteReader) throws(Malformed) -> RenderedMarkdown {
        let html = try r.utf8()
        let headings = try r.array { r throws(Malformed) in
            RenderedMarkdown.Heading(level: try r.int(), text: try r.string(), id: try r.string(), line: try r.int())
        }
        let excerptText = try r.string()
        let excerptHTML = try r.string()
        let links = try r.array { r throws(Malformed) in
            RenderedMarkdown.Link(kind: try r.raw(RenderedMarkdown.Link.Kind.self), destination: try r.string(),
                                  text: try r.string(), line: try r.int())
        }
        return RenderedMarkdown(htmlUTF8: html, headings: headings, excerptText: excerptText, excerptHTML: excerptHTML,
                                links: links, plainTextUTF8: try r.utf8())
    }

    static func write(_ w: inout ByteWriter, _ meta: ContentMeta) {
        w.string(meta.file)
        w.optional(meta.summary) { $0.string($1) }
        w.optional(meta.sourceURL) { $0.string($1) }
        w.bool(meta.isDraft)
        write(&w, meta.body)
    }

    static func readMeta(_ r: inout ByteReader) throws(Malformed) -> ContentMeta {
        ContentMeta(file: try readFile(&r), summary: try r.optional { r throws(Malformed) in try r.string() },
                    sourceURL: try r.optional { r throws(Malformed) in try r.string() }, isDraft: try r.bool(),
                    body: try readBody(&r))
    }

    static func write(_ w: inout ByteWriter, _ slug: SlugSource) {
        w.string(slug.slug)
        write(&w, slug.location)
    }

    static func readSlug(_ r: inout ByteReader) throws(Malformed) -> SlugSource {
        SlugSource(slug: try r.string(), location: try readLocation(&r))
    }

    // MARK: Content

    /// A parsed file; `.config` is never cached (site.yml is read apart), so it is not encodable.
    static func write(_ w: inout ByteWriter, _ source: ContentSource) -> Bool {
        switch source {
        case .config:
            return false
        case .nominations(let list):
            w.bytes.append(1)
            w.array(list) { w, nomination in
                write(&w, nomination.name)
                w.optional(nomination.description) { $0.string($1) }
            }
        case .forum(let forum):
            w.bytes.append(2)
            write(&w, forum.slug)
            w.string(forum.title)
            w.optional(forum.shortTitle) { $0.string($1) }
            w.optional(forum.edition) { $0.int($1) }
            w.optional(forum.start) { write(&$0, $1) }
            w.optional(forum.end) { write(&$0, $1) }
            w.optional(forum.format) { $0.string($1.rawValue) }
            w.optional(forum.city) { $0.string($1) }
            w.optional(forum.venue) { $0.string($1) }
            w.optional(forum.organizer) { $0.string($1) }
            w.optional(forum.participants) { $0.int($1) }
            w.optional(forum.regionsCount) { $0.int($1) }
            w.array(forum.awards) { w, award in
                write(&w, award.nomination)
                write(&w, award.region)
                w.string(award.level.rawValue)
                w.optional(award.practice) { write(&$0, $1) }
                w.optional(award.note) { $0.string($1) }
                write(&w, award.location)
            }
            write(&w, forum.meta)
        case .practice(let practice):
            w.bytes.append(3)
            write(&w, practice.slug)
            w.string(practice.title)
            write(&w, practice.region)
            w.optional(practice.organization) { $0.string($1) }
            w.array(practice.forums) { write(&$0, $1) }
            w.optional(practice.started) { $0.int($1) }
            w.optional(practice.status) { $0.string($1.rawValue) }
            w.array(practice.topics) { $0.string($1) }
            w.optional(practice.added) { write(&$0, $1) }
            write(&w, practice.meta)
        case .news(let news):
            w.bytes.append(4)
            write(&w, news.slug)
            w.string(news.title)
            w.optional(news.date) { write(&$0, $1) }
            w.array(news.regions) { write(&$0, $1) }
            w.optional(news.forum) { write(&$0, $1) }
            w.optional(news.source) { $0.string($1) }
            write(&w, news.meta)
        case .page(let page):
            w.bytes.append(5)
            write(&w, page.slug)
            w.string(page.title)
            w.optional(page.menuOrder) { $0.int($1) }
            write(&w, page.meta)
        }
        return true
    }

    static func readSource(_ r: inout ByteReader) throws(Malformed) -> ContentSource {
        guard r.offset < r.bytes.count else { throw Malformed() }
        let tag = r.bytes[r.offset]
        r.offset += 1
        func string(_ r: inout ByteReader) throws(Malformed) -> String { try r.string() }
        func int(_ r: inout ByteReader) throws(Malformed) -> Int { try r.int() }
        switch tag {
        case 1:
            return .nominations(try r.array { r throws(Malformed) in
                NominationSource(name: try readLocatedString(&r), description: try r.optional(string))
            })
        case 2:
            return .forum(ForumSource(
                slug: try readSlug(&r), title: try r.string(), shortTitle: try r.optional(string),
                edition: try r.optional(int), start: try r.optional(readLocatedDate), end: try r.optional(readLocatedDate),
                format: try r.optional { r throws(Malformed) in try r.raw(ForumFormat.self) },
                city: try r.optional(string), venue: try r.optional(string), organizer: try r.optional(string),
                participants: try r.optional(int), regionsCount: try r.optional(int),
                awards: try r.array { r throws(Malformed) in
                    AwardSource(nomination: try readLocatedString(&r), region: try readLocatedString(&r),
                                level: try r.raw(AwardLevel.self), practice: try r.optional(readLocatedString),
                                note: try r.optional(string), location: try readLocation(&r))
                },
                meta: try readMeta(&r)))
        case 3:
            return .practice(PracticeSource(
                slug: try readSlug(&r), title: try r.string(), region: try readLocatedString(&r),
                organization: try r.optional(string), forums: try r.array(readLocatedString),
                started: try r.optional(int),
                status: try r.optional { r throws(Malformed) in try r.raw(PracticeStatus.self) },
                topics: try r.array(string), added: try r.optional(readDate), meta: try readMeta(&r)))
        case 4:
            return .news(NewsSource(
                slug: try readSlug(&r), title: try r.string(), date: try r.optional(readDate),
                regions: try r.array(readLocatedString), forum: try r.optional(readLocatedString),
                source: try r.optional(string), meta: try readMeta(&r)))
        case 5:
            return .page(PageSource(slug: try readSlug(&r), title: try r.string(), menuOrder: try r.optional(int),
                                    meta: try readMeta(&r)))
        default:
            throw Malformed()
        }
    }
}
