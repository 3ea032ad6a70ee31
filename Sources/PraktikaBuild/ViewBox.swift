import Mustache

/// A view-model node handed to the template engine.
///
/// The engine finds children with `as? MustacheParent` on every lookup; for a `Dictionary` that cast
/// goes through generic conditional conformance and dominated render profiles. A final class is
/// found in the conformance cache at once.
final class ViewBox: MustacheParent, @unchecked Sendable {
    private let values: [String: Any]

    private init(_ values: [String: Any]) {
        self.values = values
    }

    func child(named name: String) -> Any? { values[name] }

    /// `value` with every dictionary (also inside arrays) wrapped, ready for rendering.
    static func wrap(_ value: Any) -> Any {
        if let context = value as? [String: Any] {
            return ViewBox(context.mapValues(wrap))
        }
        if let list = value as? [[String: Any]] {
            return list.map { ViewBox($0.mapValues(wrap)) }
        }
        return value
    }
}
