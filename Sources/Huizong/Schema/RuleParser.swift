/// Parses a rule's `check` text into a `RuleExpression` and checks its types against the fields.
struct RuleParser {
    enum Token: Equatable {
        case number(Double)
        case text(String)
        case word(String)
        case symbol(String)
    }

    /// What a rule expression yields, for the type check done at load time.
    enum Kind: String {
        case number, text, bool
    }

    private var tokens: [Token] = []
    private var position = 0
    private let fields: [Field]

    /// - Throws: a message (English; schema errors are for whoever edits the schema) on bad syntax
    ///   or types.
    static func parse(_ source: String, fields: [Field]) throws(SchemaProblem) -> RuleExpression {
        var parser = RuleParser(fields: fields)
        parser.tokens = try tokenize(source)
        let expression = try parser.parseImplies()
        guard parser.position == parser.tokens.count else {
            throw .invalidRule("unexpected '\(parser.describe(parser.tokens[parser.position]))'")
        }
        guard try parser.kind(of: expression) == .bool else {
            throw .invalidRule("the check must be a comparison or a condition, not a value")
        }
        return expression
    }

    private init(fields: [Field]) {
        self.fields = fields
    }

    private static func tokenize(_ source: String) throws(SchemaProblem) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(source)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
            } else if c == "'" || c == "\"" {
                guard let end = chars[(i + 1)...].firstIndex(of: c) else {
                    throw .invalidRule("a string opened with \(c) is not closed")
                }
                tokens.append(.text(String(chars[(i + 1)..<end])))
                i = end + 1
            } else if c.isASCII, c.isNumber {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || chars[j] == "." { j += 1 }
                guard let n = Double(String(chars[i..<j])) else {
                    throw .invalidRule("'\(String(chars[i..<j]))' is not a number")
                }
                tokens.append(.number(n))
                i = j
            } else if c.isASCII, c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(.word(String(chars[i..<j])))
                i = j
            } else {
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append(.symbol(two))
                    i += 2
                } else if "+-*/<>(),".contains(c) {
                    tokens.append(.symbol(String(c)))
                    i += 1
                } else {
                    throw .invalidRule("unexpected character '\(c)'")
                }
            }
        }
        return tokens
    }

    private mutating func parseImplies() throws(SchemaProblem) -> RuleExpression {
        let left = try parseOr()
        if accept(.word("implies")) {
            return .binary(.implies, left, try parseImplies())
        }
        return left
    }

    private mutating func parseOr() throws(SchemaProblem) -> RuleExpression {
        var left = try parseAnd()
        while accept(.word("or")) { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(SchemaProblem) -> RuleExpression {
        var left = try parseNot()
        while accept(.word("and")) { left = .binary(.and, left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(SchemaProblem) -> RuleExpression {
        if accept(.word("not")) { return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(SchemaProblem) -> RuleExpression {
        let left = try parseSum()
        for op in [RuleOperator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        where accept(.symbol(op.rawValue)) {
            return .binary(op, left, try parseSum())
        }
        return left
    }

    private mutating func parseSum() throws(SchemaProblem) -> RuleExpression {
        var left = try parseProduct()
        while let op = accept([.plus, .minus]) {
            left = .binary(op, left, try parseProduct())
        }
        return left
    }

    private mutating func parseProduct() throws(SchemaProblem) -> RuleExpression {
        var left = try parsePrimary()
        while let op = accept([.times, .divide]) {
            left = .binary(op, left, try parsePrimary())
        }
        return left
    }

    private mutating func parsePrimary() throws(SchemaProblem) -> RuleExpression {
        guard position < tokens.count else { throw .invalidRule("the check ends too early") }
        let token = tokens[position]
        position += 1
        switch token {
        case .number(let n):
            return .number(n)
        case .text(let t):
            return .text(t)
        case .symbol("("):
            let inner = try parseImplies()
            guard accept(.symbol(")")) else { throw .invalidRule("a '(' is not closed") }
            return inner
        case .word("prev") where accept(.symbol("(")):
            guard position < tokens.count, case .word(let key) = tokens[position],
                  let index = fields.firstIndex(where: { $0.key == key }) else {
                throw .invalidRule("prev() takes the key of a field, as in prev(employees)")
            }
            position += 1
            guard accept(.symbol(")")) else { throw .invalidRule("prev( is not closed") }
            return .previous(index)
        case .word(let w):
            if let function = RuleFunction(rawValue: w), accept(.symbol("(")) {
                return .call(function, try parseArguments(of: function))
            }
            guard let index = fields.firstIndex(where: { $0.key == w }) else {
                throw .invalidRule("'\(w)' is not a field of this return type")
            }
            return .field(index)
        case .symbol(let s):
            throw .invalidRule("unexpected '\(s)'")
        }
    }

    /// A function's arguments after its `(`, up to and with the `)`.
    private mutating func parseArguments(of function: RuleFunction) throws(SchemaProblem) -> [RuleExpression] {
        var arguments = [try parseImplies()]
        while accept(.symbol(",")) { arguments.append(try parseImplies()) }
        guard accept(.symbol(")")) else { throw .invalidRule("\(function.rawValue)( is not closed") }
        guard arguments.count == function.arity else {
            let wanted = function.arity == 1 ? "one value" : "\(function.arity) values separated by a comma"
            throw .invalidRule("\(function.rawValue)() takes \(wanted)")
        }
        return arguments
    }

    /// The first of `operators` that comes next, consumed.
    private mutating func accept(_ operators: [RuleOperator]) -> RuleOperator? {
        operators.first { accept(.symbol($0.rawValue)) }
    }

    private mutating func accept(_ token: Token) -> Bool {
        guard position < tokens.count, tokens[position] == token else { return false }
        position += 1
        return true
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(let n): CanonicalNumber.text(n)
        case .text(let t): "'\(t)'"
        case .word(let w), .symbol(let w): w
        }
    }

    private func kind(of expression: RuleExpression) throws(SchemaProblem) -> Kind {
        switch expression {
        case .number: return .number
        case .text: return .text
        case .field(let i), .previous(let i):
            switch fields[i].type {
            case .integer, .number: return .number
            case .boolean: return .bool
            case .string, .date, .yearmonth: return .text
            }
        case .not(let e):
            try expect(e, .bool, "not")
            return .bool
        case .call(.band, let arguments):
            try expect(arguments[0], .number, "band()")
            return .text
        case .call(.start, let arguments):
            guard case .field(let i) = arguments[0], fields[i].type == .yearmonth else {
                throw .invalidRule("start() takes a year-month field")
            }
            return .text
        case .call(let function, let arguments):
            for argument in arguments { try expect(argument, .number, function.rawValue + "()") }
            return .number
        case .binary(let op, let a, let b):
            switch op {
            case .and, .or, .implies:
                try expect(a, .bool, op.rawValue)
                try expect(b, .bool, op.rawValue)
                return .bool
            case .plus, .minus, .times, .divide:
                try expect(a, .number, op.rawValue)
                try expect(b, .number, op.rawValue)
                return .number
            default:
                let left = try kind(of: a)
                guard try kind(of: b) == left else {
                    throw .invalidRule("'\(op.rawValue)' compares a \(left.rawValue) with something else")
                }
                return .bool
            }
        }
    }

    private func expect(_ e: RuleExpression, _ wanted: Kind, _ context: String) throws(SchemaProblem) {
        let actual = try kind(of: e)
        guard actual == wanted else {
            throw .invalidRule("'\(context)' needs a \(wanted.rawValue), not a \(actual.rawValue)")
        }
    }
}
