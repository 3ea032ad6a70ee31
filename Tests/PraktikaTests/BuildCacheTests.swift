import Foundation
@testable import PraktikaBuild
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaText
@testable import PraktikaModel
import Testing

/// The persistent build cache: it reuses unchanged pages, never changes the output, and a damaged or
/// foreign cache is ignored with a warning.
@Suite struct BuildCacheTests {
    /// A writable copy of the small fixture site with its own cache folder.
    struct Workspace {
        let root = TestSupport.copyOfFixture("portal-small")
        var cache: String { root + "/.praktika-cache" }
        var layout: SiteLayout { SiteLayout(root: root, templates: BuildTests.templates) }

        /// Builds into a new folder; `tool` stands for the praktika binary's stamp.
        func build(cached: Bool = true, tool: UInt64 = 1, strict: Bool = false) throws -> (Builder.Outcome, [String: [UInt8]]) {
            let out = TestSupport.temporaryDirectory() + "/Site"
            var options = Builder.Options(layout: layout, output: out, strict: strict)
            if cached { options.buildCache = BuildCache.Location(directory: cache, tool: tool) }
            let outcome = Builder.build(options)
            #expect(!outcome.report.hasErrors, "\(outcome.report.formatted())")
            return (outcome, try TestSupport.tree(out))
        }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let file = root + "/Content/" + path
            try change(String(contentsOfFile: file, encoding: .utf8)).write(toFile: file, atomically: true, encoding: .utf8)
        }

        func codes(_ outcome: Builder.Outcome) -> [String] { outcome.report.diagnostics.map(\.code).filter { $0.hasPrefix("cache-") } }
    }

    @Test func xxh64MatchesPublishedValues() {
        func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 { bytes.withUnsafeBytes { StableHasher.xxh64($0, seed: seed) } }
        #expect(hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
        #expect(hash((0..<100).map(UInt8.init)) == 0x6AC1_E580_3216_6597)
        #expect(hash((0..<100).map(UInt8.init), seed: 12345) == 0x028B_A1AE_2DE4_DE27)
        #expect(hash(Array("практика".utf8)) == 0x978C_8236_B40A_6868)
    }

    @Test func cachedBuildsAreByteIdenticalAndReuseEveryUnchangedPage() throws {
        let space = Workspace()
        let (first, reference) = try space.build()
        #expect(first.reuse?.pages == 0)
        let (second, again) = try space.build()
        let reuse = try #require(second.reuse)
        #expect(reuse.pages == reuse.totalPages && reuse.pages > 20)
        #expect(again == reference)
        #expect(space.codes(second).isEmpty)

        // One practice's body changes: its page (and the pages listing it) are rendered again, and the output is
        // what a build without a cache gives.
        try space.edit("practices/bezopasnoe-detstvo.md") { $0 + "\nНовый абзац о результатах.\n" }
        let (third, edited) = try space.build()
        let (_, uncached) = try space.build(cached: false)
        #expect(edited == uncached)
        #expect(edited != reference)
        let thirdReuse = try #require(third.reuse)
        #expect(thirdReuse.pages < thirdReuse.totalPages && thirdReuse.pages > 0)
    }

    /// The parse cache is written on another thread while the build goes on; a build that then fails (here a
    /// broken link, found after parsing) leaves the cache as it was and no half-written file beside it, and the
    /// next good build writes it.
    @Test(arguments: [1, 2]) func aFailedBuildLeavesTheParsedFileAsItWas(jobs: Int) throws {
        let space = Workspace()
        func build() -> Builder.Outcome {
            var options = Builder.Options(layout: space.layout, output: TestSupport.temporaryDirectory() + "/Site", jobs: jobs)
            options.buildCache = BuildCache.Location(directory: space.cache, tool: 1)
            return Builder.build(options)
        }
        #expect(!build().report.hasErrors)
        let before = try #require(FileManager.default.contents(atPath: space.cache + "/parsed"))
        try space.edit("practices/ranyaya-pomoshch.md") { $0 + "\n[Сломанная ссылка](/practices/net-takoy/)\n" }
        let failed = build()
        #expect(failed.report.diagnostics.contains { $0.code == "broken-link" && $0.severity == .error })
        #expect(FileManager.default.contents(atPath: space.cache + "/parsed") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: space.cache).sorted() == ["index", "pages", "parsed"])
        try space.edit("practices/ranyaya-pomoshch.md") { $0.replacingOccurrences(of: "/practices/net-takoy/", with: "/practices/") }
        #expect(!build().report.hasErrors)
        #expect(FileManager.default.contents(atPath: space.cache + "/parsed") != before)
    }

    /// After each build `pages/` holds exactly the files the index lists: a page that changed leaves no old
    /// file behind, and stray files (a stopped build's temporary file, a name that is no content hash) go.
    @Test func pageFilesAreExactlyThoseTheIndexLists() throws {
        let space = Workspace()
        func pageFiles() throws -> Set<String> {
            let root = space.cache + "/pages"
            return Set(try FileManager.default.contentsOfDirectory(atPath: root).flatMap { folder in
                try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)
            })
        }
        func listed() throws -> Set<String> {
            let index = try #require(FileManager.default.contents(atPath: space.cache + "/index"))
            return Set(try BuildCache.decodeIndex(Array(index), tool: 1).values.map { String(format: "%016llx", $0.content) })
        }
        _ = try space.build()
        #expect(try pageFiles() == listed() && !(try listed()).isEmpty)
        let before = try pageFiles()
        try space.edit("practices/bezopasnoe-detstvo.md") { $0 + "\nНовый абзац.\n" }
        let folder = space.cache + "/pages/" + (try FileManager.default.contentsOfDirectory(atPath: space.cache + "/pages").sorted()[0])
        for junk in ["0123456789abcdef.tmp-1-1", "0123456789ABCDEF", "заметка"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/" + junk))
        }
        _ = try space.build()
        let after = try pageFiles()
        #expect(after == (try listed()))
        #expect(after != before && !after.isSuperset(of: before))
    }

    @Test func parsedFilesAreTakenFromTheCacheWithTheirDiagnostics() throws {
        let space = Workspace()
        // A warning found while parsing (an unknown front-matter key, with its suggestion).
        try space.edit("practices/bezopasnoe-detstvo.md") { $0.replacingOccurrences(of: "---\n", with: "---\norganisation: x\n", options: [], range: $0.range(of: "---\n")) }
        let first = Builder.build({
            var options = Builder.Options(layout: space.layout, output: TestSupport.temporaryDirectory() + "/Site")
            options.buildCache = BuildCache.Location(directory: space.cache, tool: 1)
            return options
        }())
        #expect(first.report.diagnostics.contains { $0.code == "unknown-key" })
        let (second, _) = try space.build()
        let reuse = try #require(second.reuse)
        #expect(reuse.files == reuse.totalFiles && reuse.files > 5)
        // The same findings, whether parsed now or taken from the cache.
        #expect(TestSupport.summary(second.report) == TestSupport.summary(first.report))
        // One changed file is parsed again.
        try space.edit("practices/ranyaya-pomoshch.md") { $0 + "\nЕщё строка.\n" }
        let (third, _) = try space.build()
        #expect(third.reuse?.files == reuse.totalFiles - 1)
    }

    @Test func everyParsedFileSurvivesTheCacheFormat() throws {
        for root in [TestSupport.fixtures + "/portal-small", TestSupport.repositoryRoot] {
            let (files, _) = SourceLoader.load(directory: SiteLayout(root: root).content)
            let cache = ParseCache()
            let options = MarkdownOptions(basePath: "/", typography: true)
            for file in files where file.path != "site.yml" {
                guard let kind = ContentParser.FileKind(path: file.path) else { continue }
                _ = cache.result(for: file, kind: kind, options: options) { ContentParser.parse(file, kind: kind, markdown: options) }
            }
            let path = TestSupport.temporaryDirectory() + "/parsed"
            #expect(cache.save(to: path, tool: 7) == nil)
            let (loaded, problem) = ParseCache.load(contentsOf: path, tool: 7)
            #expect(problem == nil)
            #expect(loaded.count == cache.count && cache.count > 5)
            for file in files {
                guard let a = cache.cachedResult(for: file.path), let b = loaded.cachedResult(for: file.path) else { continue }
                #expect(a.0 == b.0 && a.1 == b.1, "\(file.path)")
            }
            #expect(ParseCache.load(contentsOf: path, tool: 8).problem?.code == "cache-foreign")
        }
    }

    /// `keep(only:)` drops the files that are gone and marks the cache changed only then: a loaded cache that
    /// keeps every file has nothing to write back.
    @Test func keepingOnlyExistingFilesDropsTheRest() throws {
        let cache = ParseCache()
        let options = MarkdownOptions(basePath: "/", typography: true)
        for i in 0..<5 {
            let file = SourceFile(path: "practices/p\(i).md", text: "---\ntitle: П\(i)\nregion: Коми\n---\nТекст.\n")
            _ = cache.result(for: file, kind: .practice, options: options) { ContentParser.parse(file, kind: .practice, markdown: options) }
        }
        let path = TestSupport.temporaryDirectory() + "/parsed"
        #expect(cache.save(to: path, tool: 7) == nil)
        let (loaded, _) = ParseCache.load(contentsOf: path, tool: 7)
        #expect(!loaded.isChanged)
        loaded.keep(only: Set((0..<5).map { "practices/p\($0).md" } + ["practices/new.md"]))
        #expect(!loaded.isChanged && loaded.count == 5)
        loaded.keep(only: ["practices/p1.md", "practices/p3.md", "practices/new.md"])
        #expect(loaded.isChanged)
        #expect(loaded.paths == ["practices/p1.md", "practices/p3.md"])
        #expect(loaded.cachedResult(for: "practices/p3.md")?.0 == cache.cachedResult(for: "practices/p3.md")?.0)
    }

    /// A cache of many one-megabyte chunks (read and written in batches on several threads) comes back
    /// entry for entry, whatever the thread count.
    @Test func aCacheOfManyChunksRoundTrips() throws {
        let cache = ParseCache()
        let options = MarkdownOptions(basePath: "/", typography: true)
        let paragraph = String(repeating: "Семья рядом: поддержка «в трудной ситуации» — 2024 г. ", count: 40)
        for i in 0..<400 {
            let text = "---\ntitle: Практика \(i)\nregion: Тюменская область\n---\n" + String(repeating: paragraph + "\n\n", count: 4)
            let file = SourceFile(path: "practices/p\(i).md", bytes: Array(text.utf8))
            _ = cache.result(for: file, kind: .practice, options: options) { ContentParser.parse(file, kind: .practice, markdown: options) }
        }
        for jobs in [1, 2, 3] {
            let path = TestSupport.temporaryDirectory() + "/parsed"
            #expect(cache.save(to: path, tool: 7, jobs: jobs) == nil)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            #expect(size > 9 << 20, "more than one batch of chunks")
            let (loaded, problem) = ParseCache.load(contentsOf: path, tool: 7, jobs: jobs)
            #expect(problem == nil)
            #expect(loaded.count == 400)
            for i in 0..<400 {
                let a = cache.cachedResult(for: "practices/p\(i).md"), b = loaded.cachedResult(for: "practices/p\(i).md")
                #expect(a?.0 == b?.0 && a?.1 == b?.1)
            }
        }
    }

    /// Entries that cannot be written are left out; a whole chunk of them must not become the empty chunk that
    /// ends the file, or every entry after it would be lost.
    @Test func aChunkOfUnwritableEntriesDoesNotEndTheFile() throws {
        let cache = ParseCache()
        let options = MarkdownOptions(basePath: "/", typography: true)
        let config = try #require(ContentParser.parseConfig(SourceFile(path: "site.yml", text: "title: T\nbase_url: https://e.org/\n")).0)
        for i in 0..<200 {
            let file = SourceFile(path: "a/\(String(format: "%03d", i)).yml", text: "\(i)")
            _ = cache.result(for: file, kind: .config, options: options) { (.config(config), []) }
        }
        let practice = SourceFile(path: "practices/z.md", text: "---\ntitle: П\nregion: Коми\n---\nТекст.\n")
        _ = cache.result(for: practice, kind: .practice, options: options) { ContentParser.parse(practice, kind: .practice, markdown: options) }
        let path = TestSupport.temporaryDirectory() + "/parsed"
        #expect(cache.save(to: path, tool: 7, jobs: 2) == nil)
        let (loaded, problem) = ParseCache.load(contentsOf: path, tool: 7, jobs: 2)
        #expect(problem == nil)
        #expect(loaded.count == 1)
        #expect(loaded.cachedResult(for: "practices/z.md")?.0 == cache.cachedResult(for: "practices/z.md")?.0)
    }

    /// A damaged length field (here 2 GB in a file of a few bytes) is damage, not an allocation of that size.
    @Test func aParsedFileWithAnImpossibleLengthIsDamaged() throws {
        let path = TestSupport.temporaryDirectory() + "/parsed"
        var bytes = Array("PRAKTIKA-PARSED\n".utf8)
        withUnsafeBytes(of: UInt64(7).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: Int64(1 << 31).littleEndian) { bytes += $0 }
        bytes += [1, 2, 3]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(ParseCache.load(contentsOf: path, tool: 7).problem?.code == "cache-damaged")
        #expect(ParseCache.load(contentsOf: path, tool: 8).problem?.code == "cache-foreign")
    }

    @Test func aDamagedParsedFileIsIgnoredWithAWarning() throws {
        let space = Workspace()
        let (_, reference) = try space.build()
        let parsed = space.cache + "/parsed"
        var bytes = try #require(FileManager.default.contents(atPath: parsed))
        bytes[bytes.count - 20] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: parsed))
        let (outcome, tree) = try space.build()
        #expect(space.codes(outcome) == ["cache-damaged"])
        #expect(outcome.reuse?.files == 0)
        #expect(tree == reference)
    }

    @Test func aThemeChangeRendersEveryPageAgain() throws {
        let space = Workspace()
        let templates = TestSupport.temporaryDirectory() + "/Templates"
        try FileManager.default.copyItem(atPath: BuildTests.templates, toPath: templates)
        func build() throws -> (Builder.Outcome, [String: [UInt8]]) {
            let out = TestSupport.temporaryDirectory() + "/Site"
            var options = Builder.Options(layout: SiteLayout(root: space.root, templates: templates), output: out)
            options.buildCache = BuildCache.Location(directory: space.cache, tool: 1)
            return (Builder.build(options), try TestSupport.tree(out))
        }
        _ = try build()
        let base = templates + "/base.mustache"
        let text = try String(contentsOfFile: base, encoding: .utf8)
        try text.replacingOccurrences(of: "</footer>", with: "<!-- v2 --></footer>").write(toFile: base, atomically: true, encoding: .utf8)
        let (outcome, tree) = try build()
        #expect(outcome.reuse?.pages == 0)
        #expect(tree["index.html"].map { String(decoding: $0, as: UTF8.self).contains("<!-- v2 -->") } == true)
    }

    @Test func anotherPraktikaBinaryDoesNotReuseTheCache() throws {
        let space = Workspace()
        let (_, reference) = try space.build(tool: 1)
        let (outcome, tree) = try space.build(tool: 2)
        #expect(outcome.reuse?.pages == 0)
        #expect(space.codes(outcome) == ["cache-foreign"])
        #expect(tree == reference)
        // …and the cache was rewritten for the new binary.
        let (next, _) = try space.build(tool: 2)
        #expect(next.reuse?.pages == next.reuse?.totalPages)
        #expect(space.codes(next).isEmpty)
    }

    @Test func aDamagedIndexIsIgnoredWithAWarning() throws {
        let space = Workspace()
        let (_, reference) = try space.build()
        let index = space.cache + "/index"
        var bytes = try #require(FileManager.default.contents(atPath: index))
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: index))
        // A `--strict` build too: the warning must not fail it.
        let (outcome, tree) = try space.build(strict: true)
        #expect(space.codes(outcome) == ["cache-damaged"])
        #expect(outcome.reuse?.pages == 0)
        #expect(tree == reference)
        let warning = try #require(outcome.report.diagnostics.first { $0.code == "cache-damaged" })
        #expect(warning.severity == .warning && warning.location.file == index)

        for garbage in [Data(), Data("not a cache".utf8), Data(BuildCache.magic)] {
            try garbage.write(to: URL(fileURLWithPath: index))
            let (again, tree) = try space.build()
            #expect(space.codes(again).count == 1)
            #expect(tree == reference)
        }
    }

    @Test func aDamagedOrMissingPageFileIsNotServed() throws {
        let space = Workspace()
        let (_, reference) = try space.build()
        let files = try #require(FileManager.default.enumerator(atPath: space.cache + "/pages")?.allObjects as? [String])
            .filter { $0.count > 3 }.sorted()
        #expect(files.count > 20)
        // Pages are hard links to the output: changing an output file in place must not leak into the next build.
        let damaged = space.cache + "/pages/" + files[0]
        let handle = try #require(FileHandle(forWritingAtPath: damaged))
        handle.write(Data("<p>подмена</p>".utf8))
        try handle.close()
        try FileManager.default.removeItem(atPath: space.cache + "/pages/" + files[1])
        let (outcome, tree) = try space.build()
        #expect(space.codes(outcome) == ["cache-damaged"])
        #expect(tree == reference)
        // The next build repairs the cache and reuses everything again.
        let (next, nextTree) = try space.build()
        #expect(space.codes(next).isEmpty)
        #expect(next.reuse?.pages == next.reuse?.totalPages)
        #expect(nextTree == reference)
    }

    @Test func anUnwritableCacheDoesNotStopTheBuild() throws {
        let space = Workspace()
        // A file where the cache folder should be.
        try Data("x".utf8).write(to: URL(fileURLWithPath: space.cache))
        let (outcome, tree) = try space.build()
        #expect(space.codes(outcome).contains("cache-unwritable"))
        let (_, uncached) = try space.build(cached: false)
        #expect(tree == uncached)
    }

    @Test func oldPageFilesAreRemoved() throws {
        let space = Workspace()
        _ = try space.build()
        func pageFiles() -> Int {
            (FileManager.default.enumerator(atPath: space.cache + "/pages")?.allObjects as? [String] ?? []).filter { $0.count > 3 }.count
        }
        let before = pageFiles()
        try space.edit("practices/bezopasnoe-detstvo.md") { $0 + "\nЕщё абзац.\n" }
        let (outcome, _) = try space.build()
        #expect(pageFiles() == before)
        #expect((outcome.reuse?.totalPages ?? 0) == before)
    }
}

@Suite struct OutputFolderTests {
    @Test func removesATreeButNotWhatItsLinksPointAt() throws {
        let base = NSTemporaryDirectory() + "praktika-rm-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let tree = base + "/Site", outside = base + "/keep"
        for folder in ["a/b/c", "practices/x", "practices/y/z", "empty"] {
            try FileManager.default.createDirectory(atPath: tree + "/" + folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        for file in ["index.html", "a/b/c/d.html", "practices/x/index.html", "practices/y/z/index.html"] {
            try "x".write(toFile: tree + "/" + file, atomically: true, encoding: .utf8)
        }
        try "не трогать".write(toFile: outside + "/file", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: tree + "/practices/link", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: tree + "/top-link", withDestinationPath: outside)
        OutputWriter.removeTree(tree, jobs: 2)
        #expect(!FileManager.default.fileExists(atPath: tree))
        #expect(try String(contentsOfFile: outside + "/file", encoding: .utf8) == "не трогать")
        OutputWriter.removeTree(tree)  // nothing there: nothing happens
    }

    @Test func parentOfAPath() {
        #expect(OutputWriter.parent(of: "/a/b/index.html") == "/a/b")
        #expect(OutputWriter.parent(of: "/index.html") == "/")
        #expect(OutputWriter.parent(of: "index.html") == ".")
        #expect(OutputWriter.parent(of: "/a/регион/x") == "/a/регион")
    }

    @Test func makesNestedFoldersOnceAndRefusesAFileInTheWay() throws {
        let root = NSTemporaryDirectory() + "praktika-mkdir-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let deep = root + "/a/b/c"
        #expect(OutputWriter.makeDirectories(deep))
        #expect(OutputWriter.makeDirectories(deep), "an existing folder is fine")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: deep, isDirectory: &isDirectory) && isDirectory.boolValue)
        // Many threads making the same folders at once all succeed.
        let results = concurrentMap(Array(0..<64), jobs: 4) { i in OutputWriter.makeDirectories(root + "/p/\(i % 4)/q") }
        #expect(results.allSatisfy { $0 })
        try "x".write(toFile: root + "/file", atomically: true, encoding: .utf8)
        #expect(!OutputWriter.makeDirectories(root + "/file"))
        #expect(!OutputWriter.makeDirectories(root + "/file/sub"))
    }
}
