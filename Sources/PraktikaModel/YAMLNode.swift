import Yams

/// A YAML node as the field reader needs it: the value, whether a scalar was plain (only plain scalars can be
/// null), and where the node starts (1-based line and column, counted in Unicode scalars like libyaml).
struct YAMLNode: Equatable, Sendable {
    enum Value: Equatable, Sendable {
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    var value: Value
    var line: Int
    var column: Int

    /// The text of a scalar; nil for collections.
    var scalarText: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }
}

struct YAMLEntry: Equatable, Sendable {
    var key: YAMLNode
    var value: YAMLNode
}

extension YAMLNode {
    /// Converts a node composed by Yams (the general path).
    init(_ node: Node) {
        let mark = node.mark
        let value: Value
        switch node {
        case .scalar(let scalar):
            value = .scalar(scalar.string, plain: scalar.style == .plain)
        case .sequence(let sequence):
            value = .sequence(sequence.map(YAMLNode.init))
        case .mapping(let mapping):
            value = .mapping(mapping.map { YAMLEntry(key: YAMLNode($0.key), value: YAMLNode($0.value)) })
        case .alias:
            value = .scalar("", plain: false)
        }
        self.init(value: value, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }
}
