import PraktikaDiagnostics
import PraktikaText

/// What one content file says, before references are resolved. Produced by `ContentParser`,
/// consumed by `Linker`.
enum ContentSource: Sendable, Hashable {
    case config(SiteConfig)
    case nominations([NominationSource])
    case forum(ForumSource)
    case practice(PracticeSource)
    case news(NewsSource)
    case page(PageSource)
}

/// The slug of a file, with where it comes from (the `slug:` line or the file name).
struct SlugSource: Sendable, Hashable {
    var slug: String
    var location: SourceLocation
}

struct NominationSource: Sendable, Hashable {
    var name: Located<String>
    var description: String?
}

struct AwardSource: Sendable, Hashable {
    var nomination: Located<String>
    var region: Located<String>
    var level: AwardLevel
    var practice: Located<String>?
    var note: String?
    var location: SourceLocation
}

struct ForumSource: Sendable, Hashable {
    var slug: SlugSource
    var title: String
    var shortTitle: String?
    var edition: Int?
    var start: Located<CalendarDate>?
    var end: Located<CalendarDate>?
    var format: ForumFormat?
    var city: String?
    var venue: String?
    var organizer: String?
    var participants: Int?
    var regionsCount: Int?
    var awards: [AwardSource]
    var meta: ContentMeta
}

struct PracticeSource: Sendable, Hashable {
    var slug: SlugSource
    var title: String
    var region: Located<String>
    var organization: String?
    var forums: [Located<String>]
    var started: Int?
    var status: PracticeStatus?
    var topics: [String]
    var added: CalendarDate?
    var meta: ContentMeta
}

struct NewsSource: Sendable, Hashable {
    var slug: SlugSource
    var title: String
    var date: CalendarDate?
    var regions: [Located<String>]
    var forum: Located<String>?
    var source: String?
    var meta: ContentMeta
}

struct PageSource: Sendable, Hashable {
    var slug: SlugSource
    var title: String
    var menuOrder: Int?
    var meta: ContentMeta
}
