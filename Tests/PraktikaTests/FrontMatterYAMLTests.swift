import Foundation
@testable import PraktikaModel
import PropertyBased
import Testing
import Yams

/// The fast front-matter reader must agree with Yams, marks included, on everything it accepts.
@Suite struct FrontMatterYAMLTests {
    static func yams(_ yaml: String) -> YAMLNode? {
        (try? Yams.compose(yaml: yaml, .basic, .default, .utf8))?.map(YAMLNode.init)
    }

    /// The front matter of every Markdown file of the real content and the fixtures.
    static func frontMatters() throws -> [(path: String, yaml: String)] {
        var result: [(String, String)] = []
        for base in [TestSupport.repositoryRoot + "/Content", TestSupport.fixtures] {
            let enumerator = FileManager.default.enumerator(atPath: base)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".md"), let text = try? String(contentsOfFile: base + "/" + path, encoding: .utf8),
                      case .success(let document) = FrontMatterDocument.split(text, file: path) else { continue }
                result.append((base + "/" + path, document.yaml))
            }
        }
        return result
    }

    @Test func realContentTakesTheFastPathAndMatchesYams() throws {
        let documents = try Self.frontMatters()
        #expect(documents.count > 50)
        var fast = 0
        for (path, yaml) in documents {
            guard let node = FrontMatterYAML.parse(yaml) else { continue }
            fast += 1
            #expect(node == Self.yams(yaml), "\(path)")
        }
        #expect(fast >= documents.count * 3 / 4, "fast path taken for \(fast) of \(documents.count)")
        // The real content is written in the subset: every file of Content/ takes the fast path.
        let content = TestSupport.repositoryRoot + "/Content/"
        for (path, yaml) in documents where path.hasPrefix(content) {
            #expect(FrontMatterYAML.parse(yaml) != nil, "\(path)")
        }
    }

    @Test func knownShapes() {
        let yaml = """
            title: "Белгородская область: итоги"
            region: Тюменская обл.
            # a comment
            forums: [a-b, "c, d", 'it''s']
            topics:
            - раз
            - два
            awards:
              - nomination: Ценю жизнь
                level: лидер

              - {nomination: x}
            """
        // The flow mapping item is outside the subset: the whole text goes to Yams.
        #expect(FrontMatterYAML.parse(yaml) == nil)
        let simple = yaml.replacingOccurrences(of: "  - {nomination: x}", with: "  - nomination: x")
        let node = FrontMatterYAML.parse(simple)
        #expect(node != nil)
        #expect(node == Self.yams(simple))
        for outside in ["a: b # c", "a: \"x\\ny\"", "a:\tb", "a: &x b", "a: b\na: c", "a:\n  b: c", "a: b\n  c",
                        "- a", "a: [b, [c]]", "a: b: c", "a:", "a: 'x' y", "a: [b,]", "a: -1", "a: \u{FEFF}b",
                        "a:\n  - b:\n    - c"] {
            #expect(FrontMatterYAML.parse(outside) == nil, "\(outside)")
        }
    }

    /// Random front matter from fragments that are mostly inside the subset and sometimes just outside it.
    @Test func randomDocumentsAgreeWithYams() {
        var rng = SplitMix(seed: 20261123)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        let plain = ["Тюменская область", "лидер", "2020-11-06", "2020", "yes", "null", "~", "a#b", "x:y",
                     "«Ценю жизнь»", "ёж", "it's", "say \"hi\"", "a, b", "é", "日本", "😀", "trail ", "\u{A0}nbsp", ""]
        let tricky = ["a: b", "[x]", "{y}", "-z", "?q", "&a", "*b", "!t", "|", ">", "@", "%", "`", "a #b", "a\\b",
                      " lead", "tab\tin", "\u{85}", "---", "...", "\u{FEFF}", "\r"]
        func word() -> String { rng.next() % 10 == 0 ? pick(tricky) : pick(plain) }
        func scalar() -> String {
            switch rng.next() % 5 {
            case 0: return "\"" + word() + "\""
            case 1: return "'" + word().replacingOccurrences(of: "'", with: rng.next() % 4 == 0 ? "'" : "''") + "'"
            default: return word()
            }
        }
        let keys = ["title", "region", "forums", "topics", "awards", "level", "date", "a", "ключ", "k k", "k1", "k2",
                    "k3", "k4", "k5", "k6", "k7", "k8", "#x", "\"q\"", "dup", "dup"]
        var accepted = 0
        let total = 3000
        for _ in 0..<total {
            var lines: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 5)) {
                let key = pick(keys)
                let space = pick([" ", " ", " ", " ", " ", "  ", ""])
                switch rng.next() % 6 {
                case 0:
                    lines.append("\(key):\(space)[" + (0..<Int(rng.next() % 4)).map { _ in scalar() }
                        .joined(separator: pick([", ", ",", " , "])) + "]")
                case 1:
                    lines.append("\(key):")
                    let indent = pick(["", "  ", "  ", "    ", " "])
                    for _ in 0..<(1 + Int(rng.next() % 3)) { lines.append(indent + "-" + pick([" ", " ", " ", "  ", ""]) + scalar()) }
                case 2:
                    lines.append("\(key):")
                    let indent = pick(["", "  "])
                    for _ in 0..<(1 + Int(rng.next() % 3)) {
                        lines.append(indent + "- \(pick(keys)): \(scalar())")
                        for _ in 0..<Int(rng.next() % 3) {
                            lines.append(indent + pick(["  ", "  ", "  ", "  ", "   ", " "]) + "\(pick(keys)): \(scalar())")
                        }
                    }
                case 3:
                    lines.append(pick(["", "# comment", "  # indented comment", "   "]))
                default:
                    lines.append("\(key):\(space)\(scalar())")
                }
            }
            let yaml = lines.joined(separator: "\n") + pick(["\n", "", "\n\n"])
            guard let fast = FrontMatterYAML.parse(yaml) else { continue }
            accepted += 1
            #expect(fast == Self.yams(yaml), "\(yaml.debugDescription)")
        }
        // The generator must exercise the fast path, not only the fallback.
        #expect(accepted > total / 5, "accepted \(accepted) of \(total)")
    }
}

/// `FrontMatterYAML.isPrintable` (a table lookup a byte) against the rule written out byte by byte.
@Suite struct PrintableYAMLTests {
    static func reference(_ bytes: [UInt8]) -> Bool {
        var atLineStart = true
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x20 && byte != 0x0A || byte == 0x7F { return false }
            if atLineStart, byte == 0x2D || byte == 0x2E, offset + 2 < bytes.count,
               bytes[offset + 1] == byte, bytes[offset + 2] == byte { return false }
            atLineStart = byte == 0x0A
            if byte == 0xC2, offset + 1 < bytes.count, bytes[offset + 1] <= 0x9F { return false }
            if byte == 0xE2, offset + 2 < bytes.count, bytes[offset + 1] == 0x80,
               bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9 { return false }
            if byte == 0xEF, offset + 2 < bytes.count,
               bytes[offset + 1] == 0xBB && bytes[offset + 2] == 0xBF || bytes[offset + 1] == 0xBF && bytes[offset + 2] >= 0xBE {
                return false
            }
        }
        return true
    }

    @Test func agreesWithTheByteRule() async {
        let pieces = ["a", "key: ", "- ", ".", "-", "--", "---", "...", "\n", "\t", "Ёж", "\u{85}", "\u{A0}", "\u{2028}",
                      "\u{2029}", "\u{2027}", "\u{FEFF}", "\u{FFFE}", "\u{FFFD}", "\u{7F}", "\u{1F}", "—", "«»"]
        let text = Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...10).map { $0.joined() }
        await propertyCheck(count: 3000, input: text) { text in
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer(FrontMatterYAML.isPrintable) == Self.reference(bytes), "\(bytes)")
        }
    }
}
