import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel
import PropertyBased
import Testing

/// Random valid sites: the output never depends on file order or thread count, and no text from
/// content ever reaches a page unescaped.
@Suite struct PropertyTests {
    static let theme: Theme? = Theme.load(directory: TestSupport.repositoryRoot + "/Templates").0
    static let alphabet = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЖ abcXYZ019-–—«»!?.,:;<>&\"'/#")
    static let regions = RegionRegistry.shared.all.map(\.name)

    /// A site from a seed: practices with random titles and regions, a forum awarding some of them.
    static func randomSite(seed: UInt64, size: Int) -> [SourceFile] {
        var rng = SplitMix(seed: seed)
        func text(_ length: Int) -> String {
            String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var files = [SourceFile(path: "site.yml", text: "title: \(quoted(text(12)))\nbase_url: https://example.org/\n")]
        var awards = ""
        for i in 0..<size {
            let region = regions[Int(rng.next() % UInt64(regions.count))]
            files.append(SourceFile(path: "practices/p\(i).md", text: """
                ---
                title: \(quoted("П\(i) " + text(1 + Int(rng.next() % 30))))
                region: \(region)
                organization: \(quoted(text(10)))
                forums: [f]
                topics: [\(quoted("тема " + text(3)))]
                ---
                ## \(text(8).replacingOccurrences(of: "#", with: ""))

                \(text(40))
                """))
            if rng.next() % 2 == 0 {
                awards += "  - {nomination: \(quoted("Н " + text(4))), region: \(region), level: лидер, practice: p\(i)}\n"
            }
        }
        files.append(SourceFile(path: "forums/f.md", text: "---\ntitle: \(quoted("Ф " + text(10)))\nstart: 2020-11-06\n"
            + (awards.isEmpty ? "" : "awards:\n" + awards) + "---\nТекст.\n"))
        files.append(SourceFile(path: "news/n.md", text: "---\ntitle: \(quoted("Н " + text(10)))\nforum: f\n---\nТекст.\n"))
        return files
    }

    static func render(_ files: [SourceFile], jobs: Int) throws -> [RenderedPage] {
        let loaded = PortalLoader.load(files, jobs: jobs)
        #expect(!loaded.report.hasErrors, "\(loaded.report.formatted())")
        let site = try #require(loaded.site)
        let theme = try #require(Self.theme)
        return Renderer.render(Planner.plan(site).pages, site: site, theme: theme, jobs: jobs)
    }

    @Test(.shrinking(false)) func outputIgnoresFileOrderAndThreadCount() async throws {
        await propertyCheck(count: 12, input: Gen.int(in: 0...Int.max), Gen.int(in: 1...12)) { seed, size in
            let files = Self.randomSite(seed: UInt64(seed), size: size)
            var rng = SplitMix(seed: UInt64(seed) ^ 0x9E37)
            let shuffled = files.shuffled(using: &rng)
            let serial = try? Self.render(files, jobs: 1)
            let parallel = try? Self.render(shuffled, jobs: 4)
            #expect(serial != nil && serial == parallel)
        }
    }

    @Test(.shrinking(false)) func contentTextIsAlwaysEscaped() async throws {
        await propertyCheck(count: 12, input: Gen.int(in: 0...Int.max)) { seed in
            let files = Self.randomSite(seed: UInt64(seed), size: 4)
            guard let site = PortalLoader.load(files).site, let pages = try? Self.render(files, jobs: 2) else {
                Issue.record("random site did not build")
                return
            }
            let texts = site.practices.flatMap { [$0.title, $0.organization ?? ""] } + site.nominations.map(\.name)
            for text in texts where text.contains(where: { "<>&\"'".contains($0) }) {
                var escaped = ""
                for c in text {
                    switch c {
                    case "&": escaped += "&amp;"
                    case "<": escaped += "&lt;"
                    case ">": escaped += "&gt;"
                    case "\"": escaped += "&quot;"
                    case "'": escaped += "&#39;"
                    default: escaped.append(c)
                    }
                }
                var seen = false
                for page in pages {
                    let html = String(decoding: page.bytes, as: UTF8.self)
                    // Blank out the escaped form first: «a&» is a prefix of its own «a&amp;».
                    let rest = html.replacingOccurrences(of: escaped, with: "\u{1}")
                    #expect(!rest.contains(text), "«\(text)» unescaped in \(page.path)")
                    seen = seen || rest.count != html.count
                }
                #expect(seen, "«\(text)» never shown")
            }
        }
    }
}

/// A small deterministic random generator, so a failing seed can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
