/// A cross-field rule's `check`, parsed from the schema.
///
/// The language is small on purpose, so a clerk can read and change it: field keys, numbers,
/// '文字' strings, `+ -`, comparisons `== != < <= > >=`, `and`, `or`, `not`, `implies`,
/// parentheses, `band(score)` and `start(period)`. Dates and year-months are compared as their
/// canonical text, which orders them correctly.
public indirect enum RuleExpression: Sendable, Equatable {
    case number(Double)
    case text(String)
    case field(Int)
    case call(RuleFunction, RuleExpression)
    case not(RuleExpression)
    case binary(RuleOperator, RuleExpression, RuleExpression)

    /// True when the expression uses the plan's score bands.
    public var usesBands: Bool {
        switch self {
        case .number, .text, .field: false
        case .call(.band, _): true
        case .call(_, let e), .not(let e): e.usesBands
        case .binary(_, let a, let b): a.usesBands || b.usesBands
        }
    }

    /// Field indexes in the order they appear.
    public var fieldsUsed: [Int] {
        switch self {
        case .number, .text: []
        case .field(let i): [i]
        case .call(_, let e), .not(let e): e.fieldsUsed
        case .binary(_, let a, let b): a.fieldsUsed + b.fieldsUsed
        }
    }
}

public enum RuleFunction: String, Sendable {
    /// The plan's score band of a number: 优秀, 良好, …
    case band
    /// The first day (`YYYY-MM-01`) of a year-month.
    case start
}

public enum RuleOperator: String, Sendable {
    case plus = "+", minus = "-"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and, or, implies
}

/// A value during rule evaluation.
public enum RuleValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case bool(Bool)
}

extension RuleExpression {
    /// Evaluates the expression over a row's typed values.
    /// - Parameters:
    ///   - value: the value of a field by index; only called for fields the rule uses.
    ///   - band: the plan's band of a score.
    public func evaluate(_ value: (Int) -> RuleValue, band: (Double) -> String?) -> RuleValue {
        switch self {
        case .number(let n):
            return .number(n)
        case .text(let t):
            return .text(t)
        case .field(let i):
            return value(i)
        case .not(let e):
            return .bool(!e.evaluate(value, band: band).isTrue)
        case .call(.band, let e):
            guard case .number(let n) = e.evaluate(value, band: band) else { return .text("") }
            return .text(band(n) ?? "")
        case .call(.start, let e):
            guard case .text(let t) = e.evaluate(value, band: band) else { return .text("") }
            return .text(t + "-01")
        case .binary(let op, let a, let b):
            return op.apply(a.evaluate(value, band: band), { b.evaluate(value, band: band) })
        }
    }
}

extension RuleValue {
    var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }
}

extension RuleOperator {
    func apply(_ a: RuleValue, _ b: () -> RuleValue) -> RuleValue {
        switch self {
        case .and: return .bool(a.isTrue && b().isTrue)
        case .or: return .bool(a.isTrue || b().isTrue)
        case .implies: return .bool(!a.isTrue || b().isTrue)
        case .plus, .minus:
            guard case .number(let x) = a, case .number(let y) = b() else { return .number(.nan) }
            return .number(self == .plus ? x + y : x - y)
        case .equal: return .bool(a == b())
        case .notEqual: return .bool(a != b())
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(compare(a, b()))
        }
    }

    private func compare(_ a: RuleValue, _ b: RuleValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return order(x, y)
        case (.text(let x), .text(let y)): return order(x, y)
        default: return false
        }
    }

    private func order<T: Comparable>(_ x: T, _ y: T) -> Bool {
        switch self {
        case .less: x < y
        case .lessOrEqual: x <= y
        case .greater: x > y
        default: x >= y
        }
    }
}
