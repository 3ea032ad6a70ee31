import PraktikaDiagnostics
import PraktikaModel

/// Strict checks of the theme that swift-mustache does not make: a partial that includes itself
/// (directly or through others) would recurse until the stack overflows, and a misspelt variable
/// renders as nothing.
enum TemplateChecker {
    /// A tag found in a template.
    struct Tag {
        enum Kind { case variable, reference }
        var kind: Kind
        var name: String
        var line: Int
        var column: Int
    }

    /// Every `{{…}}` tag of interest: variables and section names, partial and parent references.
    static func tags(in text: String) -> [Tag] {
        var tags: [Tag] = []
        let scalars = Array(text.unicodeScalars)
        var line = 1, column = 1
        var i = 0
        func advance(_ n: Int) {
            for k in 0..<n where i + k < scalars.count {
                if scalars[i + k] == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            i += n
        }
        while i + 1 < scalars.count {
            guard scalars[i] == "{", scalars[i + 1] == "{" else { advance(1); continue }
            let (startLine, startColumn) = (line, column)
            var j = i + 2
            var inner = String.UnicodeScalarView()
            while j + 1 < scalars.count, !(scalars[j] == "}" && scalars[j + 1] == "}") {
                inner.append(scalars[j])
                j += 1
            }
            var body = String(inner)
            let sigil = body.first
            if sigil == "{" { body.removeFirst() }  // {{{raw}}}: the third brace is read as part of the tag
            switch sigil {
            case "!", "=", "%", "$", "/": break
            case ">", "<":
                tags.append(Tag(kind: .reference, name: String(body.dropFirst()).trimmingWhitespace,
                                line: startLine, column: startColumn))
            default:
                var name = Substring(body)
                if let s = sigil, "#^&{".contains(s) && sigil != "{" { name = name.dropFirst() }
                let trimmed = String(name).trimmingWhitespace
                if !trimmed.isEmpty && trimmed != "." {
                    tags.append(Tag(kind: .variable, name: trimmed, line: startLine, column: startColumn))
                }
            }
            advance(j + 2 - i)
        }
        return tags
    }

    /// Cycles among partial and parent references, reported once per cycle at its first template.
    static func recursion(_ sources: [String: (path: String, text: String)]) -> [Diagnostic] {
        var edges: [String: [(String, Tag)]] = [:]
        for (name, source) in sources {
            edges[name] = tags(in: source.text).filter { $0.kind == .reference }.map { ($0.name, $0) }
        }
        var diagnostics: [Diagnostic] = []
        var reported: Set<String> = []
        for start in sources.keys.sorted() {
            // Depth-first search for a path back to `start`.
            var stack: [(String, [String])] = [(start, [start])]
            var seen: Set<String> = []
            while let (node, path) = stack.popLast() {
                for (next, tag) in edges[node] ?? [] {
                    if next == start {
                        let cycle = path + [start]
                        let key = Set(cycle).sorted().joined(separator: ",")
                        if !reported.contains(key), let source = sources[path.count > 1 ? path[path.count - 1] : start] {
                            reported.insert(key)
                            diagnostics.append(.error(
                                "recursive-partial", at: SourceLocation(file: source.path, line: tag.line, column: tag.column),
                                "шаблоны включают друг друга по кругу: \(cycle.joined(separator: " → "))",
                                suggestion: "уберите одно из включений, иначе сборка зациклится"))
                        }
                    } else if !seen.contains(next) {
                        seen.insert(next)
                        stack.append((next, path + [next]))
                    }
                }
            }
        }
        return diagnostics
    }

    /// Variables that no view model provides: every dotted part must be a key somewhere.
    static func unknownVariables(_ sources: [String: (path: String, text: String)], known: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for name in sources.keys.sorted() {
            guard let source = sources[name] else { continue }
            for tag in tags(in: source.text) where tag.kind == .variable {
                let parts = tag.name.split(separator: ".").map(String.init)
                guard let missing = parts.first(where: { !known.contains($0) }) else { continue }
                let guess = EditDistance.closest(to: missing, among: known.sorted())
                diagnostics.append(.error(
                    "unknown-variable", at: SourceLocation(file: source.path, line: tag.line, column: tag.column),
                    "переменной «\(tag.name)» нет ни в одной модели страниц — она всегда будет пустой",
                    suggestion: guess.map { "возможно, «\($0)»" }))
            }
        }
        return diagnostics
    }

    /// Every key of a context, recursively through dictionaries and lists.
    static func keys(of value: Any, into set: inout Set<String>) {
        if let context = value as? [String: Any] {
            for (key, child) in context {
                set.insert(key)
                keys(of: child, into: &set)
            }
        } else if let list = value as? [[String: Any]] {
            for child in list { keys(of: child, into: &set) }
        } else if let wrapped = value as? ViewValue {  // a part wrapped once for many pages
            switch wrapped {
            case .box(let box):
                for (key, child) in box.values {
                    set.insert(key)
                    keys(of: child, into: &set)
                }
            case .list(let list):
                for item in list.items { keys(of: item, into: &set) }
            case .string, .utf8, .bool, .int, .other:
                break
            }
        }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
