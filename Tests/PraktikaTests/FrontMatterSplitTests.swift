import PraktikaDiagnostics
@testable import PraktikaModel
import Testing

/// Splitting a Markdown file at its front matter, byte by byte.
@Suite struct FrontMatterSplitTests {
    static func split(_ text: String) -> (yaml: String, body: String, line: Int)? {
        guard case .success(let document) = FrontMatterDocument.split(text, file: "x.md") else { return nil }
        return (document.yaml, String(decoding: document.body, as: UTF8.self), document.bodyFirstLine)
    }

    static func code(_ text: String) -> String? {
        guard case .failure(let diagnostic) = FrontMatterDocument.split(text, file: "x.md") else { return nil }
        return diagnostic.code
    }

    @Test func splitsAtTheFences() throws {
        let plain = try #require(Self.split("---\ntitle: Ёж\n---\n# Тело\n\nТекст.\n"))
        #expect(plain.yaml == "title: Ёж\n")
        #expect(plain.body == "# Тело\n\nТекст.\n")
        #expect(plain.line == 4)
        // Fences may carry trailing blanks; `...` also closes; an empty front matter is allowed.
        let loose = try #require(Self.split("---  \t\nа: б\nв: г\n...\nтело"))
        #expect(loose.yaml == "а: б\nв: г\n")
        #expect(loose.body == "тело")
        #expect(loose.line == 5)
        let empty = try #require(Self.split("---\n---\n"))
        #expect(empty.yaml == "" && empty.body == "" && empty.line == 3)
        // A fence-like line inside the body stays in the body.
        #expect(Self.split("---\nа: 1\n---\nх\n---\nу")?.body == "х\n---\nу")
    }

    @Test func saysWhatIsMissing() {
        #expect(Self.code("") == "missing-front-matter")
        #expect(Self.code("# Заголовок\n---\n") == "missing-front-matter")
        #expect(Self.code("----\nа: 1\n---\n") == "missing-front-matter")
        #expect(Self.code("---") == "unclosed-front-matter")
        #expect(Self.code("---\nа: 1\n") == "unclosed-front-matter")
        #expect(Self.code("---\nа: 1\n--- x\n") == "unclosed-front-matter")
    }
}
