import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import Testing

/// Incremental rebuilds (what `serve` does) give exactly what a clean build gives, over a scripted
/// sequence of edits, and re-parse and re-render only what changed.
@Suite struct IncrementalTests {
    static func clean(_ root: String) -> [String: [UInt8]] {
        let (_, product) = Builder.produce(Builder.Options(layout: SiteLayout(root: root)))
        return Dictionary(uniqueKeysWithValues: (product?.files ?? []).map { ($0.path, $0.bytes) })
    }

    /// A writable copy of the small portal with the real theme, and build options with caches (as `serve` has).
    static func session() throws -> (root: String, options: Builder.Options, caches: Builder.Options.Caches) {
        let root = TestSupport.copyOfFixture("portal-small")
        try FileManager.default.copyItem(atPath: TestSupport.repositoryRoot + "/Templates", toPath: root + "/Templates")
        var options = Builder.Options(layout: SiteLayout(root: root))
        options.caches = Builder.Options.Caches()
        return (root, options, try #require(options.caches))
    }

    @Test func incrementalEqualsCleanOverEdits() throws {
        let (root, options, caches) = try Self.session()
        let content = root + "/Content"

        func step(_ name: String, _ edit: () throws -> Void) throws -> (parsed: Int, rendered: Int) {
            try edit()
            caches.parse.resetCounters()
            caches.render.resetCounters()
            let (outcome, product) = Builder.produce(options)
            #expect(!outcome.report.hasErrors, "\(name): \(outcome.report.formatted())")
            let incremental = Dictionary(uniqueKeysWithValues: (product?.files ?? []).map { ($0.path, $0.bytes) })
            let reference = Self.clean(root)
            #expect(incremental.keys.sorted() == reference.keys.sorted(), "\(name): different files")
            for (path, bytes) in reference where incremental[path] != bytes {
                Issue.record("\(name): \(path) differs from a clean build")
            }
            return (caches.parse.parseCount, caches.render.pageRenderCount)
        }
        func write(_ path: String, _ text: String) throws {
            try text.write(toFile: content + "/" + path, atomically: true, encoding: .utf8)
        }
        func replace(_ path: String, _ old: String, _ new: String) throws {
            let text = try String(contentsOfFile: content + "/" + path, encoding: .utf8)
            try write(path, text.replacingOccurrences(of: old, with: new))
        }

        let first = try step("first build") {}
        #expect(first.parsed == 8)

        // A body edit below the first paragraph changes that page only.
        let body = try step("body edit") { try replace("practices/bezopasnoe-detstvo.md", "| 2020 | 100 |", "| 2020 | 101 |") }
        #expect(body.parsed == 1)
        #expect(body.rendered == 1)

        let unchanged = try step("nothing changed") {}
        #expect(unchanged.parsed == 0 && unchanged.rendered == 0)

        _ = try step("add a practice") {
            try write("practices/novaya.md", "---\ntitle: Новая практика\nregion: Республика Коми\ntopics: [ранняя помощь]\n---\nТекст.\n")
        }
        // The practice leaves Коми for Москву: both region pages change.
        let moved = try step("change region") { try replace("practices/novaya.md", "Республика Коми", "Москва") }
        #expect(moved.rendered > 2)
        _ = try step("rename slug") { try replace("practices/novaya.md", "title: Новая практика", "title: Новая практика\nslug: drugaya") }
        _ = try step("new award") {
            try replace("forums/forum-2020.md", "---\n\nИтоги", "  - nomination: Новая номинация\n    region: Москва\n    level: лауреат\n    practice: drugaya\n---\n\nИтоги")
        }
        _ = try step("delete") { try FileManager.default.removeItem(atPath: content + "/practices/novaya.md")
            try replace("forums/forum-2020.md", "    practice: drugaya\n", "")
        }
        let template = try step("template change") {
            let path = root + "/Templates/partials/news-card.mustache"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "card news-card", with: "card news-card changed").write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(template.parsed == 0)
        #expect(template.rendered == Self.clean(root).filter { $0.key.hasSuffix(".html") }.count)
        _ = try step("config change") { try replace("site.yml", "Малый портал", "Малый портал 2") }
    }

    /// The preview's fast path: an edit of a body alone renders one page, and the site it serves, once the
    /// search index is refreshed, equals a clean build. Edits that other pages can see take the full path.
    @Test func bodyEditFastPathEqualsClean() throws {
        let (root, options, caches) = try Self.session()
        let content = root + "/Content"
        let (_, first) = Builder.produce(options)
        #expect(first != nil)

        func edit(_ path: String, _ old: String, _ new: String) throws -> Builder.Change? {
            let file = content + "/" + path
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains(old), "\(path): «\(old)» not found")
            try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
            caches.render.resetCounters()
            return Builder.produceChange(options, changed: [file, content + "/" + path + ".tmp"])
        }
        func expectClean(_ change: Builder.Change, _ name: String) {
            #expect(caches.last.refreshSearch(change.searchIndex(), edition: change.edition), "\(name)")
            let served = Dictionary(uniqueKeysWithValues: (caches.last.product?.files ?? []).map { ($0.path, $0.bytes) })
            let reference = Self.clean(root)
            #expect(served.keys.sorted() == reference.keys.sorted(), "\(name): different files")
            for (path, bytes) in reference where served[path] != bytes {
                Issue.record("\(name): \(path) differs from a clean build")
            }
        }

        // A table cell below the first paragraph: one page, and the search index (it indexes the body).
        let table = try #require(try edit("practices/bezopasnoe-detstvo.md", "| 2020 | 100 |", "| 2020 | 101 |"))
        #expect(table.files.map(\.path) == ["practices/bezopasnoe-detstvo/index.html"])
        #expect(caches.render.pageRenderCount == 1)
        #expect(table.files[0].bytes != first?.files.first { $0.path == table.files[0].path }?.bytes)
        expectClean(table, "table edit")

        // Two edits in a row, the second before the search refresh of the first is taken.
        let stale = try #require(try edit("news/2020-11-16-itogi.md", "Новость.", "Новость.\n\nПодробности."))
        let again = try #require(try edit("news/2020-11-16-itogi.md", "Подробности.", "Подробности позже."))
        #expect(!caches.last.refreshSearch(stale.searchIndex(), edition: stale.edition))
        expectClean(again, "second edit")

        // The first paragraph of a practice with a `summary:` is shown on its page only: fast. Without a
        // summary it is the description listings show: refused.
        let paragraph = try #require(try edit("practices/bezopasnoe-detstvo.md", "Снизить риски.", "Снизить риски заметно."))
        expectClean(paragraph, "first paragraph under a summary")
        #expect(try edit("practices/ranyaya-pomoshch.md", "Текст с", "Другой текст с") == nil)
        _ = Builder.produce(options)

        // Edits other pages can see are refused: front matter, a heading id, a broken link.
        #expect(try edit("practices/bezopasnoe-detstvo.md", "title:", "summary: Кратко.\ntitle:") == nil)
        _ = Builder.produce(options)
        #expect(try edit("practices/bezopasnoe-detstvo.md", "\n## ", "\n## Новый ") == nil)
        _ = Builder.produce(options)
        #expect(try edit("practices/bezopasnoe-detstvo.md", "| 2020 | 101 |", "[x](/net-takoy-stranitsy/)\n\n| 2020 | 101 |") == nil)
        // A file outside the content folder, or one the last build did not have, is not a body edit.
        #expect(Builder.produceChange(options, changed: [root + "/Templates/base.mustache"]) == nil)
        try "x".write(toFile: content + "/practices/new.md", atomically: true, encoding: .utf8)
        #expect(Builder.produceChange(options, changed: [content + "/practices/new.md"]) == nil)
    }
}
