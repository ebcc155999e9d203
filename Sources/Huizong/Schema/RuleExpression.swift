/// A cross-field rule's `check`, parsed from the schema.
///
/// The language is small on purpose, so a clerk can read and change it: field keys, numbers,
/// '文字' strings, `+ - * /` (`*` and `/` first), comparisons `== != < <= > >=`, `and`, `or`, `not`,
/// `implies`, parentheses, `band(score)`, `start(period)`, `abs(x)`, `min(a, b)`, `max(a, b)` and
/// `prev(field)`, the field's value in the unit's previous accepted period (PRODUCT §11.2). Dates and
/// year-months are compared as their canonical text, which orders them correctly.
public indirect enum RuleExpression: Sendable, Equatable {
    case number(Double)
    case text(String)
    case field(Int)
    /// `prev(field)`: the field in the unit's previous accepted period.
    case previous(Int)
    case call(RuleFunction, [RuleExpression])
    case not(RuleExpression)
    case binary(RuleOperator, RuleExpression, RuleExpression)

    /// True when the expression uses the plan's score bands.
    public var usesBands: Bool {
        if case .call(.band, _) = self { return true }
        return operands.contains { $0.usesBands }
    }

    /// Indexes of the fields read from the row itself, in the order they appear.
    public var fieldsUsed: [Int] {
        if case .field(let i) = self { return [i] }
        return operands.flatMap(\.fieldsUsed)
    }

    /// Indexes of the fields read through `prev()`, in the order they appear.
    public var previousFieldsUsed: [Int] {
        if case .previous(let i) = self { return [i] }
        return operands.flatMap(\.previousFieldsUsed)
    }

    /// The expressions this one is made of.
    private var operands: [RuleExpression] {
        switch self {
        case .number, .text, .field, .previous: []
        case .call(_, let arguments): arguments
        case .not(let e): [e]
        case .binary(_, let a, let b): [a, b]
        }
    }
}

public enum RuleFunction: String, Sendable, CaseIterable {
    /// The plan's score band of a number: 优秀, 良好, …
    case band
    /// The first day (`YYYY-MM-01`) of a year-month.
    case start
    case abs
    case min
    case max

    /// How many arguments the function takes.
    var arity: Int {
        switch self {
        case .band, .start, .abs: 1
        case .min, .max: 2
        }
    }
}

public enum RuleOperator: String, Sendable {
    case plus = "+", minus = "-", times = "*", divide = "/"
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
    /// Evaluates the expression over a row's typed values, through its `RuleProgram`.
    ///
    /// Arithmetic that has no number to work on (a division by zero, a value that is missing)
    /// gives NaN, which makes every comparison with it fail but `!=`: a rule that may divide by
    /// zero guards against it, as in `b == 0 or a / b <= 2`.
    /// - Parameters:
    ///   - value: the value of a field of the row by index; only called for `fieldsUsed`.
    ///   - previous: the value of a field in the unit's previous accepted period; only called for
    ///     `previousFieldsUsed`.
    ///   - band: the plan's band of a score.
    public func evaluate(_ value: (Int) -> RuleValue, previous: (Int) -> RuleValue, band: (Double) -> String?) -> RuleValue {
        RuleProgram(self).evaluate(value, previous: previous, band: band)
    }
}

extension RuleValue {
    var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }

    /// The number, or NaN for anything else.
    var number: Double {
        if case .number(let n) = self { return n }
        return .nan
    }
}

extension RuleFunction {
    /// The function of one argument, or of two with `second`.
    func apply(_ first: RuleValue, _ second: RuleValue?, band: (Double) -> String?) -> RuleValue {
        switch self {
        case .band:
            guard case .number(let n) = first else { return .text("") }
            return .text(band(n) ?? "")
        case .start:
            guard case .text(let t) = first else { return .text("") }
            return .text(t + "-01")
        case .abs:
            return .number(Swift.abs(first.number))
        case .min, .max:
            let (x, y) = (first.number, second?.number ?? .nan)
            // Swift.min and Swift.max would pass a NaN over; a missing value must not be.
            guard !x.isNaN, !y.isNaN else { return .number(.nan) }
            return .number(self == .min ? Swift.min(x, y) : Swift.max(x, y))
        }
    }
}

extension RuleOperator {
    func apply(_ a: RuleValue, _ b: RuleValue) -> RuleValue {
        switch self {
        case .and: return .bool(a.isTrue && b.isTrue)
        case .or: return .bool(a.isTrue || b.isTrue)
        case .implies: return .bool(!a.isTrue || b.isTrue)
        case .plus, .minus, .times, .divide:
            return .number(arithmetic(a.number, b.number))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(compare(a, b))
        }
    }

    private func arithmetic(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .plus: x + y
        case .minus: x - y
        case .times: x * y
        default: y == 0 ? .nan : x / y
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
