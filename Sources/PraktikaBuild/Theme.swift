import Foundation
import Mustache
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText

/// The templates and static assets of `Templates/`, parsed and checked once per build.
///
/// A template that does not parse, or that names a partial or parent that does not exist, is an
/// error with `Templates/x.mustache:line:col` — swift-mustache would otherwise render nothing, silently.
public struct Theme: Sendable {
    /// The parsed templates, by name (file path under `Templates/` without `.mustache`).
    public let library: MustacheLibrary
    /// Template names that exist.
    public let templateNames: Set<String>
    /// Static files to copy: output path (with content hash) → bytes.
    public let assets: [Asset]
    /// Logical asset path (`style.css`) → public path with hash (`assets/style.3f2a….css`).
    public let assetPaths: [String: String]
    /// Template name → its file and text, for the strict checks.
    let sources: [String: TemplateSource]
    /// The templates compiled for fast rendering (nil: the theme uses Mustache this engine does not cover,
    /// and swift-mustache renders it).
    private(set) var compiled: CompiledTemplates?

    /// Changes whenever any template or asset changes (part of every page's render fingerprint); the same
    /// in every process (it keys the persistent build cache too).
    var stamp: UInt64 {
        var hasher = StableHasher()
        for name in sources.keys.sorted() {
            hasher.combine(name)
            hasher.combine(sources[name]?.text ?? "")
        }
        for path in assetPaths.keys.sorted() {
            hasher.combine(path)
            hasher.combine(assetPaths[path] ?? "")
        }
        return hasher.finalize()
    }

    /// A template file as written.
    struct TemplateSource: Sendable {
        var path: String
        var text: String
    }

    /// A static file of the theme.
    public struct Asset: Sendable, Hashable {
        /// Path under the output folder (`assets/style.1a2b3c4d.css`).
        public var outputPath: String
        /// The bytes.
        public var bytes: [UInt8]
    }

    /// Loads `directory`; diagnostics name files as `Templates/…`.
    /// - Parameter compiles: Render with `CompiledTemplates` when the theme allows (tests turn it off to compare).
    public static func load(directory: String, compiles: Bool = true) -> (Theme?, [Diagnostic]) {
        precondition(HTMLEscaper.registered)
        let pragma = "{{% CONTENT_TYPE: \(HTMLEscaper.name) }}"
        let (files, readDiagnostics) = SourceLoader.load(directory: directory)
        var diagnostics = readDiagnostics.map { diagnostic -> Diagnostic in
            var copy = diagnostic
            copy.location.file = "Templates/" + copy.location.file
            return copy
        }
        if files.isEmpty && diagnostics.isEmpty {
            diagnostics.append(.error(
                "missing-templates", at: SourceLocation(file: "Templates"), "нет шаблонов оформления",
                suggestion: "создайте папку Templates/ или укажите её через --templates"))
        }
        var library = MustacheLibrary()
        var names: Set<String> = []
        var sources: [String: TemplateSource] = [:]
        var assets: [Asset] = []
        var assetPaths: [String: String] = [:]
        for file in files {
            let path = "Templates/" + file.path
            if file.path.hasPrefix("assets/") {
                let logical = String(file.path.dropFirst("assets/".count))
                let hashed = hashedName(logical, bytes: file.bytes)
                assets.append(Asset(outputPath: "assets/" + hashed, bytes: file.bytes))
                assetPaths[logical] = "assets/" + hashed
                continue
            }
            guard file.path.hasSuffix(".mustache") else {
                diagnostics.append(.warning(
                    "unknown-file", at: SourceLocation(file: path), "файл в Templates/ не шаблон и не в assets/; пропущен"))
                continue
            }
            guard let text = String(validating: file.bytes, as: UTF8.self) else {
                diagnostics.append(.error("invalid-utf8", at: SourceLocation(file: path), "шаблон не в кодировке UTF-8"))
                continue
            }
            let name = String(file.path.dropLast(".mustache".count))
            do {
                // Every template (partials and parents reset it) gets the byte-level escaper; the
                // pragma shares line 1, so only columns on line 1 need correcting in errors.
                library.register(try MustacheTemplate(string: pragma + text), named: name)
                names.insert(name)
                sources[name] = TemplateSource(path: path, text: text)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber
                let column = line == 1 ? max(1, error.context.columnNumber - pragma.count) : error.context.columnNumber
                diagnostics.append(.error(
                    "template-syntax",
                    at: SourceLocation(file: path, line: line, column: column),
                    "ошибка в шаблоне: \(describe(error.error))", suggestion: "строка: \(error.context.line)"))
            } catch {
                diagnostics.append(.error("template-syntax", at: SourceLocation(file: path), "ошибка в шаблоне: \(error)"))
            }
        }
        for (_, source) in sources.sorted(by: { $0.key < $1.key }) {
            diagnostics += checkReferences(source.text, path: source.path, known: names)
        }
        diagnostics += TemplateChecker.recursion(sources.mapValues { ($0.path, $0.text) })
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        let compiled = compiles ? CompiledTemplates.compile(sources.mapValues { pragma + $0.text }, contentType: HTMLEscaper.name) : nil
        return (Theme(library: library, templateNames: names, assets: assets, assetPaths: assetPaths, sources: sources,
                      compiled: compiled),
                diagnostics)
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: ViewValue) -> String {
        guard let compiled else { return library.render(context.wrapped, withTemplate: name) ?? "" }
        return String(decoding: compiled.render(name, context), as: UTF8.self)
    }

    /// The same theme with its own copy of the compiled templates, for one worker thread of a render.
    func privateCopy() -> Theme {
        var copy = self
        copy.compiled = compiled?.privateCopy()
        return copy
    }

    /// `render` as UTF-8 bytes (pages go to disk as bytes).
    func renderBytes(_ name: String, _ context: ViewValue) -> [UInt8] {
        guard let compiled else { return Array((library.render(context.wrapped, withTemplate: name) ?? "").utf8) }
        return compiled.render(name, context)
    }

    // MARK: - Checks

    /// Every `{{> partial}}` and `{{< parent}}` must name an existing template.
    static func checkReferences(_ text: String, path: String, known: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var line = 1, column = 1
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "{", i + 2 < scalars.count, scalars[i + 1] == "{", scalars[i + 2] == ">" || scalars[i + 2] == "<" {
                let (startLine, startColumn) = (line, column)
                var j = i + 3
                var name = ""
                while j + 1 < scalars.count, !(scalars[j] == "}" && scalars[j + 1] == "}") {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                if !known.contains(trimmed) {
                    let kind = scalars[i + 2] == ">" ? "частичный шаблон" : "родительский шаблон"
                    diagnostics.append(.error(
                        "missing-partial", at: SourceLocation(file: path, line: startLine, column: startColumn),
                        "\(kind) «\(trimmed)» не найден",
                        suggestion: "создайте Templates/\(trimmed).mustache или исправьте имя"))
                }
            }
            if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return diagnostics
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "закрывающий тег секции не совпадает с открывающим"
        case .unfinishedName?: return "тег не закрыт"
        case .expectedSectionEnd?: return "секция не закрыта"
        case .invalidSetDelimiter?: return "неверная смена разделителей"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?, .transformAppliedToInheritanceSection?:
            return "недопустимое содержимое внутри наследования шаблона"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "неизвестная директива {{% … }}"
        default: return "\(error)"
        }
    }

    /// `style.css` → `style.<8 hex of FNV-1a 64>.css`: a new name whenever the bytes change.
    static func hashedName(_ logical: String, bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        let digest = String(repeating: "0", count: 16 - hex.count) + hex
        guard let dot = logical.lastIndex(of: "."), !logical[..<dot].hasSuffix("/") else { return logical + "." + digest.prefix(10) }
        return "\(logical[..<dot]).\(digest.prefix(10))\(logical[dot...])"
    }
}
