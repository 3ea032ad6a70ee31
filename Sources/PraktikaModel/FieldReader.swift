import Foundation
import PraktikaDiagnostics
import PraktikaText
import Yams

/// Reads typed fields from one YAML mapping, recording a located diagnostic for every problem.
///
/// Works on Yams' node tree rather than `Codable`, because nodes keep their line and column: a wrong
/// type or an unknown key is reported at its own line, not as a coding path.
struct FieldReader {
    let file: String
    /// Added to Yams' 1-based lines to get file lines.
    let lineOffset: Int
    /// Where the mapping starts (for «missing key» messages).
    let origin: SourceLocation
    private let entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]
    /// The keys asked for, in order (a list: a file has a dozen, and hashing each cost more than scanning).
    private var asked: [String] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// Reads the root of a YAML text; nil (with a diagnostic) on a syntax error or a non-mapping root.
    static func root(yaml: String, file: String, firstLine: Int, diagnostics: inout [Diagnostic]) -> FieldReader? {
        let lineOffset = firstLine - 1
        let origin = SourceLocation(file: file, line: max(1, firstLine - 1), column: 1)
        let node: YAMLNode?
        do {
            // Front matter in the common subset is read directly; the rest goes through Yams. The basic
            // resolver skips the regular expressions of the default one (fields are typed here), and naming
            // the encoding keeps Yams from reading the environment on every call.
            if let fast = FrontMatterYAML.parse(yaml) {
                node = fast
            } else {
                node = try Yams.compose(yaml: yaml, .basic, .default, .utf8).map(YAMLNode.init)
            }
        } catch let error as YamlError {
            diagnostics.append(syntaxDiagnostic(error, file: file, lineOffset: lineOffset))
            return nil
        } catch {
            diagnostics.append(.error("yaml-syntax", at: origin, "ошибка YAML: \(error)"))
            return nil
        }
        guard let node else {
            return FieldReader(file: file, lineOffset: lineOffset, origin: origin, entries: [])
        }
        guard case .mapping = node.value else {
            diagnostics.append(.error(
                "front-matter-not-mapping", at: location(node, file: file, lineOffset: lineOffset) ?? origin,
                "метаданные должны быть набором полей «ключ: значение», а не списком или строкой"))
            return nil
        }
        return FieldReader(node: node, file: file, lineOffset: lineOffset, origin: origin)
    }

    init(node: YAMLNode, file: String, lineOffset: Int, origin: SourceLocation) {
        var entries: [(String, YAMLNode, YAMLNode)] = []
        if case .mapping(let mapping) = node.value {
            for entry in mapping { entries.append((entry.key.scalarText ?? "", entry.key, entry.value)) }
        }
        self.init(file: file, lineOffset: lineOffset,
                  origin: Self.location(node, file: file, lineOffset: lineOffset) ?? origin, entries: entries)
    }

    private init(file: String, lineOffset: Int, origin: SourceLocation, entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]) {
        self.file = file
        self.lineOffset = lineOffset
        self.origin = origin
        self.entries = entries
    }

    // MARK: - Fields

    /// The value node of `key`, marking the key as known; nil when absent or null.
    mutating func node(_ key: String, required: Bool = false) -> (node: YAMLNode, location: SourceLocation)? {
        asked.append(key)
        guard let entry = entries.first(where: { $0.key == key }), !Self.isNull(entry.value) else {
            if required {
                diagnostics.append(.error(
                    "missing-key", at: origin, "нет обязательного поля «\(key)»",
                    suggestion: "добавьте строку «\(key): …»"))
            }
            return nil
        }
        return (entry.value, location(of: entry.value))
    }

    /// A text field (numbers and dates are taken as written).
    mutating func string(_ key: String, required: Bool = false) -> Located<String>? {
        guard let (node, location) = node(key, required: required) else { return nil }
        guard let string = node.scalarText else {
            wrongType(key, expected: "строка", at: location)
            return nil
        }
        let text = string.trimmingWhitespace()
        if text.isEmpty {
            if required { diagnostics.append(.error("empty-value", at: location, "поле «\(key)» пустое")) }
            return nil
        }
        return Located(text, at: location)
    }

    /// A whole number.
    mutating func int(_ key: String, required: Bool = false) -> Located<Int>? {
        guard let (node, location) = node(key, required: required) else { return nil }
        guard let string = node.scalarText, let value = Int(string) else {
            wrongType(key, expected: "целое число", at: location)
            return nil
        }
        return Located(value, at: location)
    }

    /// `true` or `false`.
    mutating func bool(_ key: String) -> Bool? {
        guard let (node, location) = node(key) else { return nil }
        switch node.scalarText?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            wrongType(key, expected: "true или false", at: location)
            return nil
        }
    }

    /// A list of strings (`[a, b]` or a block list); a single string is taken as a list of one.
    mutating func strings(_ key: String) -> [Located<String>] {
        guard let (node, location) = node(key) else { return [] }
        switch node.value {
        case .scalar(let string, _):
            return [Located(string.trimmingWhitespace(), at: location)]
        case .sequence(let sequence):
            var values: [Located<String>] = []
            for item in sequence {
                let itemLocation = self.location(of: item)
                guard let string = item.scalarText else {
                    wrongType(key, expected: "список строк", at: itemLocation)
                    continue
                }
                values.append(Located(string.trimmingWhitespace(), at: itemLocation))
            }
            return values
        default:
            wrongType(key, expected: "список строк", at: location)
            return []
        }
    }

    /// A date: `2020-11-06`, or a year alone (`2020`) when the day is not known.
    mutating func date(_ key: String, required: Bool = false) -> Located<CalendarDate>? {
        guard let (node, location) = node(key, required: required) else { return nil }
        guard let string = node.scalarText, let date = CalendarDate(iso: string) else {
            diagnostics.append(.error(
                "invalid-date", at: location, "поле «\(key)»: «\(node.scalarText ?? "…")» — не дата",
                suggestion: "пишите дату как 2020-11-06, а если известен только год — 2020"))
            return nil
        }
        return Located(date, at: location)
    }

    /// A value from a closed list (such as `лидер`), with a suggestion for typos.
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String, of type: Value.Type, required: Bool = false
    ) -> Value? where Value.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        // How nearly every file writes it; bytes, since `String ==` of Cyrillic normalises first.
        if let exact = Value.allCases.first(where: { $0.rawValue.utf8.elementsEqual(text.value.utf8) }) { return exact }
        let normalized = Self.foldYo(text.value.lowercased())
        if let value = Value.allCases.first(where: { Self.foldYo($0.rawValue) == normalized }) {
            return value
        }
        let allowed = Value.allCases.map(\.rawValue)
        let guess = EditDistance.closest(to: normalized, among: allowed)
        diagnostics.append(.error(
            "invalid-value", at: text.location,
            "поле «\(key)»: недопустимое значение «\(text.value)»; допустимы: \(allowed.joined(separator: ", "))",
            suggestion: guess.map { "возможно, вы имели в виду «\($0)»?" }))
        return nil
    }

    /// The mappings of a block list (`awards:`), each as its own reader.
    mutating func mappings(_ key: String) -> [FieldReader] {
        guard let (node, location) = node(key) else { return [] }
        guard case .sequence(let sequence) = node.value else {
            wrongType(key, expected: "список", at: location)
            return []
        }
        var readers: [FieldReader] = []
        for item in sequence {
            guard case .mapping = item.value else {
                wrongType(key, expected: "список наборов полей", at: self.location(of: item))
                continue
            }
            readers.append(FieldReader(node: item, file: file, lineOffset: lineOffset, origin: self.location(of: item)))
        }
        return readers
    }

    /// Records a warning for every key not read, suggesting the known key it is a typo of.
    mutating func finish() -> [Diagnostic] {
        for entry in entries where !asked.contains(entry.key) {
            let guess = EditDistance.closest(to: entry.key, among: Set(asked).sorted())
            diagnostics.append(.warning(
                "unknown-key", at: location(of: entry.keyNode), "неизвестное поле «\(entry.key)» пропущено",
                suggestion: guess.map { "возможно, вы имели в виду «\($0)»?" }))
        }
        return diagnostics
    }

    mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: - Locations

    func location(of node: YAMLNode) -> SourceLocation {
        Self.location(node, file: file, lineOffset: lineOffset) ?? origin
    }

    static func location(_ node: YAMLNode, file: String, lineOffset: Int) -> SourceLocation? {
        node.line > 0 ? SourceLocation(file: file, line: node.line + lineOffset, column: node.column) : nil
    }

    private mutating func wrongType(_ key: String, expected: String, at location: SourceLocation) {
        diagnostics.append(.error("wrong-type", at: location, "поле «\(key)»: ожидается \(expected)"))
    }

    private static func foldYo(_ text: String) -> String {
        String(text.map { $0 == "ё" ? "е" : $0 })
    }

    private static func isNull(_ node: YAMLNode) -> Bool {
        guard case .scalar(let string, plain: true) = node.value else { return false }
        switch string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    private static func syntaxDiagnostic(_ error: YamlError, file: String, lineOffset: Int) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "ошибка синтаксиса YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            let hint = problem.contains("tab")
                ? "используйте пробелы вместо табуляции"
                : "проверьте отступы, двоеточия и кавычки; значение с «: » возьмите в кавычки"
            return .error("yaml-syntax", at: at(mark), message, suggestion: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                "duplicate-key", at: at(context.mark),
                "поле \(duplicates.sorted().map { "«\($0)»" }.joined(separator: ", ")) указано дважды",
                suggestion: "оставьте одно из них")
        default:
            return .error("yaml-syntax", at: SourceLocation(file: file, line: 1 + lineOffset), "ошибка YAML: \(error)")
        }
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        // Nearly every value starts and ends with a printable ASCII character or a Cyrillic letter
        // (UTF-8 lead byte D0 or D1: U+0400–U+047F, no whitespace or combining mark among them); then
        // no `Character` can be whitespace at either end and the text stays as it is.
        let utf8 = self.utf8
        if let first = utf8.first, let last = utf8.last {
            let solidStart = (0x21...0x7E).contains(first) || first == 0xD0 || first == 0xD1
            let beforeLast = utf8.count >= 2 ? utf8[utf8.index(utf8.endIndex, offsetBy: -2)] : 0
            let solidEnd = (0x21...0x7E).contains(last) || (last & 0xC0 == 0x80 && (beforeLast == 0xD0 || beforeLast == 0xD1))
            if solidStart && solidEnd { return self }
        }
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
