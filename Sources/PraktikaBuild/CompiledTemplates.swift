import Foundation
import Mustache

/// The theme's templates compiled once into a flat program that renders straight into UTF-8 bytes.
///
/// swift-mustache stays the parser of record (syntax errors with line and column come from it), and this
/// renders the same bytes: the parser below follows swift-mustache 2.1's rules for standalone tags, partial
/// indentation and inheritance, and rendering follows its context-stack lookups and section rules. What it
/// saves is the engine's per-lookup work — dynamic casts to its protocols, splitting dotted names, copying the
/// context stack for every section, building `String`s token by token — which was most of the render stage.
///
/// The parsed tree is laid out as one array of plain instructions (`Op`: no references, so walking it retains
/// nothing), with the text in one byte arena and the variable names in one table; a section's body is the run
/// of instructions after it, up to its `end`. Partials point at their template by number, resolved when
/// compiled, not looked up by name on every render.
///
/// It covers the Mustache the theme uses: variables, `{{{ }}}` and `{{& }}`, sections, inverted sections,
/// comments, partials, parents and blocks, and the `{{% CONTENT_TYPE }}` pragma of `HTMLEscaper`. A theme
/// using anything else (set delimiters, transforms, dynamic partials, another content type) is not compiled
/// and swift-mustache renders it. `Tests/…/CompiledTemplatesTests` compares the two on the real theme and on
/// edge cases.
struct CompiledTemplates: Sendable {
    /// One part of a variable name and its hash for `ViewContext`, computed when the template is compiled.
    struct Key: Sendable, Equatable {
        let name: String
        let code: UInt64
        init(_ name: String) {
            self.name = name
            code = ViewContext.code(name)
        }
    }

    /// A variable name as written.
    enum Name: Sendable, Equatable {
        /// `.`: the top of the context stack.
        case current
        /// `a.b.c`: `a` looked up through the stack, then `b` and `c` inside it.
        case path(Key, [Key])
        /// `.a.b`: looked up in the top of the stack only.
        case local([Key])

        init(_ text: String) {
            if text == "." {
                self = .current
                return
            }
            let parts = text.split(separator: ".").map { Key(String($0)) }
            if text.first == "." {
                self = .local(parts)
            } else if let first = parts.first {
                self = .path(first, Array(parts.dropFirst()))
            } else {
                self = .local([])
            }
        }
    }

    /// A template as parsed (laid out into `Program` when compiled).
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Node])
        case inverted(Name, [Node])
        case partial(String, indentation: String?, overrides: [String: [Node]]?)
        case block(String, [Node], indentation: String?)
        /// `{{$name}}` directly inside a parent tag: an override (never rendered itself).
        case blockDefinition(String, [Node])
    }

    /// One instruction. `end` is the index after the instruction and everything it owns (a section's body, a
    /// parent's overrides), where rendering goes on.
    struct Op: Sendable {
        enum Kind: UInt8, Sendable {
            /// `arena[a ..< a + b]`.
            case text
            /// The value of `names[a]`, escaped or not.
            case variable
            /// Body: the instructions up to `end`, for the value of `names[a]`.
            case section
            case inverted
            /// Template number `a` (-1: none such), indented by `strings[b]` (-1: not standalone), with the
            /// overrides `overrides[c]` (-1: none; their bodies follow this instruction, up to `end`).
            case partial
            /// Block number `a` (by name): the inherited override of it, or its body up to `end`; indented
            /// by `strings[b]` (-1: none).
            case block
            /// Owns a body that is not rendered here (an override of a parent).
            case skip
        }
        var kind: Kind
        var escaped = false
        var a: Int32 = -1
        var b: Int32 = -1
        var c: Int32 = -1
        var end: Int32 = 0
    }

    /// A name of `names`: `count` parts from `keys[start]`.
    struct NameRef: Sendable {
        enum Kind: UInt8, Sendable { case current, path, local }
        var kind: Kind
        var start: Int32
        var count: Int32
    }

    /// The whole program (every template).
    private(set) var ops: [Op] = []
    private(set) var arena: [UInt8] = []
    private(set) var names: [NameRef] = []
    private(set) var keys: [Key] = []
    /// Indentations of partials and blocks.
    private(set) var strings: [String] = []
    /// Each parent tag's overrides: block number → its body in `ops`.
    private(set) var overrides: [[Int32: Range<Int32>]] = []
    /// Each template's instructions, by template number; and the numbers by name.
    private(set) var templateRanges: [Range<Int32>] = []
    private(set) var templateNumbers: [String: Int] = [:]
    /// How big each template's output has lately been, so that a page's buffer is reserved once, not grown
    /// by doubling from 16 KiB (regrowing and copying was 2.7% of a 10k build's instructions). Each
    /// `privateCopy` (one per render worker) has its own. Only the capacity depends on it, never the bytes.
    private var outputSizes = OutputSizes()

    /// Recent output sizes by template number (a decaying maximum), behind a lock: a copy of a
    /// `CompiledTemplates` may render on any thread.
    final class OutputSizes: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [Int] = []

        /// The capacity to reserve for template `number`.
        func expected(_ number: Int) -> Int {
            lock.withLock { number < bytes.count && bytes[number] > 0 ? bytes[number] : 16_384 }
        }

        /// Records that template `number` just made `count` bytes: the next buffer gets an eighth more than the
        /// biggest recent output, forgotten by a sixteenth a page.
        func record(_ number: Int, _ count: Int) {
            lock.withLock {
                if number >= bytes.count { bytes += [Int](repeating: 0, count: number + 1 - bytes.count) }
                bytes[number] = max(count + count / 8 + 256, bytes[number] - bytes[number] / 16)
            }
        }
    }

    /// The names of the compiled templates.
    var templateNames: Dictionary<String, Int>.Keys { templateNumbers.keys }

    /// Compiles every template (texts as given to swift-mustache, pragma included); nil when one uses
    /// something this engine does not cover.
    static func compile(_ sources: [String: String], contentType: String) -> CompiledTemplates? {
        var parsed: [(String, [Node])] = []
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            var parser = TemplateParser(text, contentType: contentType)
            guard let nodes = try? parser.parse(ParserState()) else { return nil }
            parsed.append((name, nodes))
        }
        var program = CompiledTemplates()
        var layout = Layout()
        for (number, (name, _)) in parsed.enumerated() { program.templateNumbers[name] = number }
        for (_, nodes) in parsed {
            let start = Int32(program.ops.count)
            program.emit(nodes, &layout)
            program.templateRanges.append(start..<Int32(program.ops.count))
        }
        return program
    }

    /// What laying out needs besides the program: names and strings already stored, block numbers by name.
    private struct Layout {
        var blockNumbers: [String: Int32] = [:]
        var strings: [String: Int32] = [:]
    }

    private mutating func emit(_ nodes: [Node], _ layout: inout Layout) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                ops.append(Op(kind: .text, a: Int32(arena.count), b: Int32(bytes.count), end: Int32(ops.count + 1)))
                arena.append(contentsOf: bytes)
            case .variable(let name, let escaped):
                ops.append(Op(kind: .variable, escaped: escaped, a: store(name), end: Int32(ops.count + 1)))
            case .section(let name, let body), .inverted(let name, let body):
                let kind: Op.Kind
                if case .section = node { kind = .section } else { kind = .inverted }
                emit(Op(kind: kind, a: store(name)), body: body, &layout)
            case .partial(let name, let indentation, let overrides):
                let at = ops.count
                ops.append(Op(kind: .partial, a: templateNumbers[name].map(Int32.init) ?? -1,
                              b: indentation.map { store($0, &layout) } ?? -1))
                if let overrides {
                    var bodies: [Int32: Range<Int32>] = [:]
                    for (block, body) in overrides.sorted(by: { $0.key < $1.key }) {
                        let start = Int32(ops.count)
                        emit(Op(kind: .skip), body: body, &layout)
                        bodies[number(ofBlock: block, &layout)] = (start + 1)..<Int32(ops.count)
                    }
                    ops[at].c = Int32(self.overrides.count)
                    self.overrides.append(bodies)
                }
                ops[at].end = Int32(ops.count)
            case .block(let name, let body, let indentation):
                emit(Op(kind: .block, a: number(ofBlock: name, &layout), b: indentation.map { store($0, &layout) } ?? -1),
                     body: body, &layout)
            case .blockDefinition:
                // Only inside parent tags, where it is an override; elsewhere it renders nothing.
                continue
            }
        }
    }

    private mutating func emit(_ op: Op, body: [Node], _ layout: inout Layout) {
        let at = ops.count
        ops.append(op)
        emit(body, &layout)
        ops[at].end = Int32(ops.count)
    }

    private mutating func store(_ name: Name) -> Int32 {
        let start = Int32(keys.count)
        let kind: NameRef.Kind
        switch name {
        case .current: kind = .current
        case .path(let first, let rest): kind = .path; keys.append(first); keys.append(contentsOf: rest)
        case .local(let parts): kind = .local; keys.append(contentsOf: parts)
        }
        names.append(NameRef(kind: kind, start: start, count: Int32(keys.count) - start))
        return Int32(names.count - 1)
    }

    private mutating func store(_ text: String, _ layout: inout Layout) -> Int32 {
        if let known = layout.strings[text] { return known }
        strings.append(text)
        layout.strings[text] = Int32(strings.count - 1)
        return Int32(strings.count - 1)
    }

    private func number(ofBlock name: String, _ layout: inout Layout) -> Int32 {
        if let known = layout.blockNumbers[name] { return known }
        let number = Int32(layout.blockNumbers.count)
        layout.blockNumbers[name] = number
        return number
    }

    /// A copy sharing no object with this one (new arrays and strings all through), for one worker thread:
    /// two threads retaining the same objects contend.
    func privateCopy() -> CompiledTemplates {
        var copy = self
        copy.ops = ops.withUnsafeBufferPointer { Array($0) }
        copy.arena = arena.withUnsafeBufferPointer { Array($0) }
        copy.names = names.withUnsafeBufferPointer { Array($0) }
        copy.keys = keys.map { Key(Self.copy($0.name)) }
        copy.strings = strings.map(Self.copy)
        copy.overrides = overrides.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key, $0.value) }) }
        copy.templateRanges = templateRanges.withUnsafeBufferPointer { Array($0) }
        copy.templateNumbers = Dictionary(uniqueKeysWithValues: templateNumbers.map { (Self.copy($0.key), $0.value) })
        copy.outputSizes = OutputSizes()
        return copy
    }

    private static func copy(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

    // MARK: - Rendering

    /// What a render passes down besides the stack (swift-mustache's `MustacheContext`).
    private struct Scope {
        var indentation: String?
        var inherited: [Int32: Range<Int32>]?
    }

    /// The program's arrays, held open for one render: reading an element copies no reference.
    private struct Tables {
        let ops: UnsafeBufferPointer<Op>
        let arena: UnsafeBufferPointer<UInt8>
        let names: UnsafeBufferPointer<NameRef>
        let keys: UnsafeBufferPointer<Key>
    }

    /// Renders template `name` with `context` as the bottom of the stack.
    func render(_ name: String, _ context: ViewValue) -> [UInt8] {
        guard let number = templateNumbers[name] else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(outputSizes.expected(number))
        var stack: [ViewValue] = [context]
        ops.withUnsafeBufferPointer { ops in
            arena.withUnsafeBufferPointer { arena in
                names.withUnsafeBufferPointer { names in
                    keys.withUnsafeBufferPointer { keys in
                        let tables = Tables(ops: ops, arena: arena, names: names, keys: keys)
                        render(templateRanges[number], tables, stack: &stack, scope: Scope(), into: &out)
                    }
                }
            }
        }
        outputSizes.record(number, out.count)
        return out
    }

    /// Renders the instructions of one level (a template or a body), each with what it owns.
    private func render(_ range: Range<Int32>, _ t: Tables, stack: inout [ViewValue], scope: Scope, into out: inout [UInt8]) {
        var pc = Int(range.lowerBound)
        let end = Int(range.upperBound)
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            while pc < end { pc = render(at: pc, t, stack: &stack, scope: scope, into: &out) }
            return
        }
        // Inside an indented partial, an instruction that renders something right after a line break of this
        // level's own output is indented (the engine checks the string it is building, token by token).
        let start = out.count
        while pc < end {
            let before = out.count
            pc = render(at: pc, t, stack: &stack, scope: scope, into: &out)
            if out.count > before, before > start, out[before - 1] == 0x0A, !(before - 2 >= start && out[before - 2] == 0x0D) {
                out.insert(contentsOf: indentation.utf8, at: before)
            }
        }
    }

    /// Renders instruction `pc`; the index to go on at.
    private func render(at pc: Int, _ t: Tables, stack: inout [ViewValue], scope: Scope, into out: inout [UInt8]) -> Int {
        let op = t.ops[pc]
        let body = Int32(pc + 1)..<op.end
        switch op.kind {
        case .text:
            out.append(contentsOf: UnsafeBufferPointer(rebasing: t.arena[Int(op.a)..<Int(op.a + op.b)]))
        case .variable:
            withValue(t.names[Int(op.a)], t, in: &stack) { Self.append($0, escaped: op.escaped, to: &out) }
        case .section:
            guard let value = withValue(t.names[Int(op.a)], t, in: &stack, { $0 }) else { break }
            switch value {
            case .list(let list):
                for item in list.items { render(body, t, pushing: item, stack: &stack, scope: scope, into: &out) }
            case .bool(let flag):
                if flag { render(body, t, stack: &stack, scope: scope, into: &out) }
            case .string, .utf8, .int, .box:
                render(body, t, pushing: value, stack: &stack, scope: scope, into: &out)
            case .other(let boxed):
                let other = boxed.value
                if let sequence = other as? any MustacheSequence {
                    for item in Self.elements(sequence) { render(body, t, pushing: ViewValue(item), stack: &stack, scope: scope, into: &out) }
                } else if let null = other as? any MustacheCustomRenderable, null.isNull {
                    break
                } else {
                    render(body, t, pushing: value, stack: &stack, scope: scope, into: &out)
                }
            }
        case .inverted:
            guard let value = withValue(t.names[Int(op.a)], t, in: &stack, { $0 }) else {
                render(body, t, stack: &stack, scope: scope, into: &out)
                break
            }
            switch value {
            case .list(let list):
                if list.items.isEmpty { render(body, t, pushing: value, stack: &stack, scope: scope, into: &out) }
            case .bool(let flag):
                if !flag { render(body, t, stack: &stack, scope: scope, into: &out) }
            case .string, .utf8, .int, .box:
                break
            case .other(let boxed):
                let other = boxed.value
                if let sequence = other as? any MustacheSequence {
                    if Self.elements(sequence).isEmpty { render(body, t, pushing: value, stack: &stack, scope: scope, into: &out) }
                } else if let null = other as? any MustacheCustomRenderable, null.isNull {
                    render(body, t, stack: &stack, scope: scope, into: &out)
                }
            }
        case .partial:
            guard op.a >= 0 else { break }
            var inner = scope
            if op.b >= 0 { inner.indentation = (scope.indentation ?? "") + strings[Int(op.b)] }
            if op.c >= 0 {
                let overrides = self.overrides[Int(op.c)]
                inner.inherited = scope.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(templateRanges[Int(op.a)], t, stack: &stack, scope: inner, into: &out)
        case .block:
            var inner = scope
            if op.b >= 0 { inner.indentation = (scope.indentation ?? "") + strings[Int(op.b)] }
            render(scope.inherited?[op.a] ?? body, t, stack: &stack, scope: inner, into: &out)
        case .skip:
            break
        }
        return Int(op.end)
    }

    private func render(_ body: Range<Int32>, _ t: Tables, pushing value: ViewValue, stack: inout [ViewValue], scope: Scope,
                        into out: inout [UInt8]) {
        stack.append(value)
        render(body, t, stack: &stack, scope: scope, into: &out)
        stack.removeLast()
    }

    private static func elements<S: Sequence>(_ sequence: S) -> [Any] { sequence.map { $0 } }

    // MARK: - Lookup (swift-mustache's getChild)

    /// Calls `body` with the value `name` stands for, borrowed where it lies in the stack and the view model;
    /// nil when there is none. A variable's value is only read (escaped into the output), and copying it out
    /// of its node and then out of the lookup was two retains and two releases a variable. Sections copy it
    /// (`{ $0 }`): they push it on the stack.
    private func withValue<R>(_ name: NameRef, _ t: Tables, in stack: inout [ViewValue], _ body: (ViewValue) -> R) -> R? {
        let parts = UnsafeBufferPointer(rebasing: t.keys[Int(name.start)..<Int(name.start + name.count)])
        return stack.withUnsafeBufferPointer { stack in
            guard let top = stack.indices.last else { return nil }
            switch name.kind {
            case .current:
                return Self.represented(stack[top], body)
            case .path:
                // From the top of the stack down: the first level that has the first part decides, found or not.
                let rest = UnsafeBufferPointer(rebasing: parts[1...])
                var index = top
                if rest.isEmpty {
                    // A plain name (most of them): no recursion, so the calls inline and the value is not copied.
                    while index >= 0 {
                        if let found = Self.withChild(parts[0], of: stack[index], { Self.represented($0, body) }) { return found }
                        index -= 1
                    }
                    return nil
                }
                while index >= 0 {
                    if let found = Self.withChild(parts[0], of: stack[index], { Self.resolve(rest, from: $0, body) }) {
                        return found
                    }
                    index -= 1
                }
                return nil
            case .local:
                return Self.resolve(parts, from: stack[top], body)
            }
        }
    }

    /// `body` of the value of `names` inside `object` (of `object` itself when there are none).
    private static func resolve<R>(_ names: UnsafeBufferPointer<Key>, from object: ViewValue, _ body: (ViewValue) -> R) -> R? {
        guard let name = names.first else { return represented(object, body) }
        return withChild(name, of: object) { resolve(UnsafeBufferPointer(rebasing: names[1...]), from: $0, body) } ?? nil
    }

    /// `body` of the value as the engine renders it: swift-mustache's MustacheCustomRepresentation (NSNull is nil).
    @inline(__always)
    private static func represented<R>(_ value: ViewValue, _ body: (ViewValue) -> R) -> R? {
        // Tested without binding first: binding the payload copied (retained) every value it tested.
        guard case .other = value else { return body(value) }
        if case .other(let other) = value, let custom = other.value as? any MustacheCustomRepresentation {
            return custom.representation.map { body(ViewValue($0)) }
        }
        return body(value)
    }

    /// `body` of a named child of one context object: only boxes (and, as in swift-mustache, other parents and
    /// reflected values) have any.
    @inline(__always)
    private static func withChild<R>(_ key: Key, of object: ViewValue, _ body: (ViewValue) -> R) -> R? {
        switch object {
        case .box(let box):
            return box.values.withValue(named: key.name, code: key.code, body)
        case .string, .utf8, .bool, .int, .list:
            return nil
        case .other(let boxed):
            return otherChild(key.name, of: boxed.value).map(body)
        }
    }

    private static func otherChild(_ name: String, of value: Any) -> ViewValue? {
        let object: Any? = (value as? any MustacheCustomRepresentation).map(\.representation) ?? value
        if let parent = object as? any MustacheParent { return parent.child(named: name).map(ViewValue.init) }
        guard let object else { return nil }
        guard let matched = Mirror(reflecting: object).children.first(where: { $0.label == name }) else { return nil }
        let mirror = Mirror(reflecting: matched.value)
        guard mirror.displayStyle == .optional else { return ViewValue(matched.value) }
        return mirror.children.first.map { ViewValue($0.value) }
    }

    // MARK: - Output

    private static func append(_ value: ViewValue, escaped: Bool, to out: inout [UInt8]) {
        switch value {
        case .string(let text):
            append(text, escaped: escaped, to: &out)
        case .utf8(let bytes):
            bytes.withUnsafeBufferPointer { append($0, escaped: escaped, to: &out) }
        case .int(let number):
            out.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .box, .list:
            append(String(describing: value.wrapped), escaped: escaped, to: &out)
        case .other(let boxed):
            let other = boxed.value
            if let renderable = other as? any MustacheCustomRenderable {
                append(renderable.renderText, escaped: escaped, to: &out)
                return
            }
            let mirror = Mirror(reflecting: other)
            let unwrapped = mirror.displayStyle == .optional ? (mirror.children.first?.value ?? other) : other
            append(String(describing: unwrapped), escaped: escaped, to: &out)
        }
    }

    private static func append(_ text: String, escaped: Bool, to out: inout [UInt8]) {
        // Read in place (`withUTF8` is mutating: a `var` copy of the text, a retain and a release).
        if text.utf8.withContiguousStorageIfAvailable({ append($0, escaped: escaped, to: &out) }) != nil { return }
        var text = text
        text.withUTF8 { append($0, escaped: escaped, to: &out) }
    }

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool, to out: inout [UInt8]) {
        guard escaped else {
            out.append(contentsOf: bytes)
            return
        }
        // Runs without special characters are copied at once. Eight bytes at a time are tested for any of the
        // five (a zero byte in `word ^ c` for each c), and only a word holding one is read byte by byte.
        var run = 0
        var index = 0
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        let ones: UInt64 = 0x0101_0101_0101_0101
        /// The high bit of every zero byte of `v` (and maybe of a 0x01 byte above one: only "none" is exact).
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & 0x8080_8080_8080_8080 }
        while index < count {
            if let base, index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let special = zeroBytes(word ^ (ones &* 0x26)) | zeroBytes(word ^ (ones &* 0x3C)) | zeroBytes(word ^ (ones &* 0x3E))
                    | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x27))
                if special == 0 {
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, count)
            while index < end {
                let byte = bytes[index]
                index += 1
                let entity: StaticString
                switch byte {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<(index - 1)]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                run = index
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
    }
}

// MARK: - Parsing (swift-mustache 2.1's rules)

/// swift-mustache's parser state: the section being read, whether the parser is at the start of a line,
/// and whether it is inside a parent tag (`{{< … }}`), where block definitions and their indentation live.
private struct ParserState {
    var sectionName: String?
    var newLine = true
    var isPartialDefinition = false
    var isPartialDefinitionTopLevel = false
    var partialDefinitionIndent: Int?

    func withSectionName(_ name: String, newLine: Bool) -> ParserState {
        var state = self
        state.sectionName = name
        state.isPartialDefinitionTopLevel = false
        if !newLine { state.newLine = false }
        return state
    }

    func withInheritancePartial(_ name: String) -> ParserState {
        var state = self
        state.sectionName = name
        state.newLine = true
        state.isPartialDefinition = true
        state.isPartialDefinitionTopLevel = true
        return state
    }
}

private struct TemplateParser {
    struct Unsupported: Error {}
    typealias Node = CompiledTemplates.Node

    let characters: [Character]
    let contentType: String
    var position = 0

    init(_ text: String, contentType: String) {
        characters = Array(text)
        self.contentType = contentType
    }

    var atEnd: Bool { position >= characters.count }
    var current: Character { atEnd ? "\0" : characters[position] }

    @discardableResult
    mutating func read(while predicate: (Character) -> Bool) -> Substring {
        var text = ""
        while !atEnd, predicate(characters[position]) {
            text.append(characters[position])
            position += 1
        }
        return text[...]
    }

    mutating func read(string: String) -> Bool {
        let wanted = Array(string)
        guard position + wanted.count <= characters.count,
              Array(characters[position..<(position + wanted.count)]) == wanted else { return false }
        position += wanted.count
        return true
    }

    static let lineSpace: Set<Character> = [" ", "\t"]
    static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    static let nameCharactersWithoutBrackets = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    mutating func parse(_ initial: ParserState) throws(Unsupported) -> [Node] {
        var nodes: [Node] = []
        var state = initial
        var whiteSpaceBefore: Substring = ""
        while !atEnd {
            if state.newLine {
                let whiteSpace = read(while: Self.lineSpace.contains)
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = whiteSpace.dropFirst(indent)
                    } else {
                        state.partialDefinitionIndent = whiteSpace.count
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = readUntilTagOrNewline()
            if current.isNewline {
                nodes.append(.text(Array((whiteSpaceBefore + text + String(current)).utf8)))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(Array((whiteSpaceBefore + text).utf8)))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            func flushWhiteSpace() {
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(Array(whiteSpaceBefore.utf8)))
                    whiteSpaceBefore = ""
                }
            }
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try parseName()
                if isStandalone(state) { setNewLine = true } else { flushWhiteSpace() }
                let body = try parse(state.withSectionName(name, newLine: setNewLine))
                nodes.append(inverted ? .inverted(.init(name), body) : .section(.init(name), body))
            case "/":
                position += 1
                _ = try parseName()
                if !isStandalone(state) { flushWhiteSpace() }
                return nodes
            case "!":
                position += 1
                while !atEnd, !read(string: "}}") { position += 1 }
                setNewLine = isStandalone(state)
            case "{":
                flushWhiteSpace()
                position += 1
                let name = try parseName()
                guard read(string: "}") else { throw Unsupported() }
                nodes.append(.variable(.init(name), escaped: false))
            case "&":
                flushWhiteSpace()
                position += 1
                nodes.append(.variable(.init(try parseName()), escaped: false))
            case ">":
                position += 1
                read(while: \.isWhitespace)
                guard current != "*" else { throw Unsupported() }
                let name = try parsePartialName()
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(Array(whiteSpaceBefore.utf8))) }
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name, indentation: String(whiteSpaceBefore), overrides: nil))
                } else {
                    nodes.append(.partial(name, indentation: nil, overrides: nil))
                }
                whiteSpaceBefore = ""
            case "<":
                position += 1
                read(while: \.isWhitespace)
                let name = try parsePartialName()
                guard name.first != "*" else { throw Unsupported() }
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(Array(whiteSpaceBefore.utf8))) }
                if isStandalone(state) { setNewLine = true }
                var overrides: [String: [Node]] = [:]
                for node in try parse(state.withInheritancePartial(name)) {
                    switch node {
                    case .blockDefinition(let block, let body): overrides[block] = body
                    case .text: break
                    default: throw Unsupported()
                    }
                }
                nodes.append(.partial(name, indentation: String(whiteSpaceBefore), overrides: overrides))
                whiteSpaceBefore = ""
            case "$":
                position += 1
                let name = try parseName()
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    nodes.append(.blockDefinition(name, try parse(state.withSectionName(name, newLine: setNewLine))))
                } else {
                    if !whiteSpaceBefore.isEmpty { nodes.append(.text(Array(whiteSpaceBefore.utf8))) }
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSectionName(name, newLine: setNewLine))
                    nodes.append(.block(name, body, indentation: String(whiteSpaceBefore)))
                    whiteSpaceBefore = ""
                }
            case "%":
                position += 1
                read(while: \.isWhitespace)
                let variable = read(while: Self.nameCharactersWithoutBrackets.contains)
                read(while: \.isWhitespace)
                guard read(string: ":") else { throw Unsupported() }
                read(while: \.isWhitespace)
                let value = read(while: Self.nameCharactersWithoutBrackets.contains)
                read(while: \.isWhitespace)
                guard read(string: "}}"), variable == "CONTENT_TYPE", value == contentType else { throw Unsupported() }
                setNewLine = isStandalone(state)
            case "=":
                throw Unsupported()
            default:
                flushWhiteSpace()
                nodes.append(.variable(.init(try parseName()), escaped: true))
            }
            state.newLine = setNewLine
        }
        return nodes
    }

    /// Text up to a newline (left current) or past `{{`.
    mutating func readUntilTagOrNewline() -> String {
        var text = ""
        while !atEnd {
            while !atEnd, characters[position] != "\n", characters[position] != "\r\n", characters[position] != "{" {
                text.append(characters[position])
                position += 1
            }
            if current.isNewline { break }
            if current == "{" {
                if read(string: "{{") { break }
                text.append("{")
                position += 1
            }
        }
        return text
    }

    mutating func parseName() throws(Unsupported) -> String {
        read(while: \.isWhitespace)
        let name = String(read(while: Self.nameCharacters.contains))
        read(while: \.isWhitespace)
        guard read(string: "}}"), !name.contains("(") && !name.contains(")") else { throw Unsupported() }
        return name
    }

    mutating func parsePartialName() throws(Unsupported) -> String {
        read(while: \.isWhitespace)
        let name = String(read(while: Self.partialNameCharacters.contains))
        read(while: \.isWhitespace)
        guard read(string: "}}") else { throw Unsupported() }
        return name
    }

    /// A tag alone on its line (only spaces around it): the rest of the line, newline included, is consumed.
    mutating func isStandalone(_ state: ParserState) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < characters.count, Self.lineSpace.contains(characters[probe]) { probe += 1 }
        guard probe < characters.count, characters[probe].isNewline else { return false }
        position = probe + 1
        return true
    }
}
