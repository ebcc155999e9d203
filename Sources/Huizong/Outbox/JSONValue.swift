/// A JSON value whose objects keep their key order, so reports read the same every time.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A fraction such as an on-time rate; a value JSON cannot hold (infinite, NaN) is written as null.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        a.rendered() == b.rendered()
    }

    /// The JSON text, pretty-printed with two-space indents.
    public func rendered(indent: String = "") -> String {
        var text = JSONText()
        text.append(self, indent: indent)
        return String(decoding: text.bytes, as: UTF8.self)
    }
}
