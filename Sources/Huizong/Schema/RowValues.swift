/// The values of one row's fields read as their types (PRODUCT §3.3): each field's canonical text
/// as UTF-8 in one buffer for the row, its number and its kind beside it.
///
/// A row's values are written as its cells are read and let go of with the row: in two buffers of
/// plain values, so making and freeing them counts no references and makes no `String` per cell.
/// A value becomes a `CellValue` or a `String` only where one is asked for.
public struct RowValues: Sendable, Equatable, RandomAccessCollection {
    /// The canonical texts, one after another; a value set again leaves its old text unread.
    private var bytes: [UInt8] = []
    private var slots: [Slot]

    enum Kind: UInt8 {
        case none, text, number, no, yes, date, yearMonth
    }

    private struct Slot {
        var kind = Kind.none
        var start: UInt32 = 0
        var end: UInt32 = 0
        var number = 0.0
    }

    /// `count` fields, none with a value, with room for `bytes` bytes of their texts.
    public init(count: Int, bytes: Int = 0) {
        slots = Array(repeating: Slot(), count: count)
        self.bytes.reserveCapacity(bytes)
    }

    public init(_ values: [CellValue?]) {
        self.init(count: values.count)
        for (i, value) in values.enumerated() { self[i] = value }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }

    /// The value of field `i`, nil when it has none.
    public subscript(i: Int) -> CellValue? {
        get {
            let slot = slots[i]
            switch slot.kind {
            case .none: return nil
            case .no: return .boolean(false)
            case .yes: return .boolean(true)
            case .text: return .text(canonical(i)!)
            case .number: return .number(slot.number, canonical: canonical(i)!)
            case .date: return .date(canonical(i)!)
            case .yearMonth: return .yearMonth(canonical(i)!)
            }
        }
        set {
            guard let newValue else { return clear(i) }
            switch newValue {
            case .boolean(let truth): set(i, truth ? .yes : .no)
            case .number(let number, let canonical): set(i, .number, canonical, number: number)
            case .text(let text): set(i, .text, text)
            case .date(let text): set(i, .date, text)
            case .yearMonth(let text): set(i, .yearMonth, text)
            }
        }
    }

    public static func == (a: RowValues, b: RowValues) -> Bool {
        a.elementsEqual(b)
    }

    /// True when field `i` has a value.
    func hasValue(_ i: Int) -> Bool {
        slots[i].kind != .none
    }

    /// The canonical text of field `i`'s value, as stored and written; nil when it has none.
    public func canonical(_ i: Int) -> String? {
        withCanonicalUTF8(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Every field's canonical text, "" where it has no value: what the store keeps of a row.
    public var canonicalTexts: [String] {
        indices.map { canonical($0) ?? "" }
    }

    /// Calls `body` with the canonical text of field `i`'s value as UTF-8, in place; nil when the
    /// field has no value.
    func withCanonicalUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withCanonicalUTF8(Optional(i)) { text in try text.map(body) }
    }

    /// Calls `body` with the canonical text of field `i`'s value as UTF-8, or with nil where `i`
    /// is nil or the field has no value: for a field a row may not have.
    func withCanonicalUTF8<R>(_ i: Int?, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard let i else { return try body(nil) }
        let slot = slots[i]
        switch slot.kind {
        case .none: return try body(nil)
        case .no, .yes:
            var text = CellValue.boolean(slot.kind == .yes).canonical
            return try text.withUTF8(body)
        default:
            return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[Int(slot.start)..<Int(slot.end)])) }
        }
    }

    /// True when field `i` holds a text (not a number, a truth or a date).
    func isText(_ i: Int) -> Bool {
        slots[i].kind == .text
    }

    /// The number field `i` holds, nil when it holds none.
    func number(_ i: Int) -> Double? {
        slots[i].kind == .number ? slots[i].number : nil
    }

    /// Field `i`'s value as a rule reads it, nil when it has none: a number or a truth without a text.
    func ruleValue(_ i: Int) -> RuleValue? {
        switch slots[i].kind {
        case .none: nil
        case .number: .number(slots[i].number)
        case .no: .bool(false)
        case .yes: .bool(true)
        case .text, .date, .yearMonth: .text(canonical(i)!)
        }
    }

    /// Gives field `i` a value of `kind` whose canonical text is `utf8`.
    mutating func set(_ i: Int, _ kind: Kind, utf8: UnsafeBufferPointer<UInt8>, number: Double = 0) {
        let start = UInt32(bytes.count)
        bytes.append(contentsOf: utf8)
        slots[i] = Slot(kind: kind, start: start, end: UInt32(bytes.count), number: number)
    }

    mutating func set(_ i: Int, _ kind: Kind, _ text: String = "", number: Double = 0) {
        var text = text
        text.withUTF8 { set(i, kind, utf8: $0, number: number) }
    }

    /// Takes field `i`'s value away: a value its checks found wrong.
    mutating func clear(_ i: Int) {
        slots[i] = Slot()
    }
}
