import Testing
@testable import Huizong

@Suite struct RuleExpressionTests {
    static func field(_ key: String, _ type: FieldType) -> Field {
        Field(key: key, label: key, type: type, constraints: FieldConstraints(), aliases: [], isCode: false,
              checksum: nil, trueValues: [], falseValues: [], hint: nil)
    }

    static let fields = [field("a", .integer), field("b", .integer), field("score", .number), field("rating", .string),
                         field("flag", .boolean), field("period", .yearmonth), field("filed", .date)]
    static let bands = [ScoreBand(label: "优秀", minimum: 90), ScoreBand(label: "良好", minimum: 75),
                        ScoreBand(label: "合格", minimum: 60), ScoreBand(label: "不合格", minimum: 0)]

    func holds(_ source: String, _ values: [Int: RuleValue], previous: [Int: RuleValue] = [:]) throws -> Bool {
        let expression = try RuleParser.parse(source, fields: Self.fields)
        return expression.evaluate({ values[$0]! }, previous: { previous[$0]! },
                                   band: { score in Self.bands.first { score >= $0.minimum }?.label }).isTrue
    }

    @Test func comparisonsAndSums() throws {
        #expect(try holds("a <= b", [0: .number(3), 1: .number(5)]))
        #expect(try !holds("a <= b", [0: .number(6), 1: .number(5)]))
        #expect(try holds("a + b - 1 >= 7", [0: .number(3), 1: .number(5)]))
        #expect(try holds("a != b", [0: .number(3), 1: .number(5)]))
    }

    @Test func implicationIsVacuouslyTrue() throws {
        let rule = "rating == '优秀' implies flag and a == 0"
        #expect(try holds(rule, [3: .text("良好"), 4: .bool(false), 0: .number(5)]))
        #expect(try holds(rule, [3: .text("优秀"), 4: .bool(true), 0: .number(0)]))
        #expect(try !holds(rule, [3: .text("优秀"), 4: .bool(true), 0: .number(1)]))
        #expect(try !holds(rule, [3: .text("优秀"), 4: .bool(false), 0: .number(0)]))
    }

    @Test(arguments: [(95.0, "优秀", true), (90.0, "优秀", true), (89.9, "优秀", false), (75.0, "良好", true),
                      (60.0, "合格", true), (59.5, "不合格", true), (59.5, "合格", false)])
    func bands(score: Double, rating: String, holds expected: Bool) throws {
        #expect(try holds("rating == band(score)", [2: .number(score), 3: .text(rating)]) == expected)
    }

    @Test func datesCompareWithPeriodStart() throws {
        #expect(try holds("filed >= start(period)", [5: .text("2009-06"), 6: .text("2009-06-01")]))
        #expect(try !holds("filed >= start(period)", [5: .text("2009-06"), 6: .text("2009-05-31")]))
    }

    @Test func notOrAndParentheses() throws {
        #expect(try holds("not (a > b) or flag", [0: .number(1), 1: .number(2), 4: .bool(false)]))
        #expect(try !holds("(a > b) or flag", [0: .number(1), 1: .number(2), 4: .bool(false)]))
    }

    @Test func fieldsUsedInOrder() throws {
        let expression = try RuleParser.parse("b + a <= score", fields: Self.fields)
        #expect(expression.fieldsUsed == [1, 0, 2])
        #expect(expression.previousFieldsUsed.isEmpty)
    }

    /// `*` and `/` bind tighter than `+` and `-`, and all of them associate to the left.
    @Test(arguments: [
        ("a + b * 2 == 13", true), ("(a + b) * 2 == 16", true), ("a * b - 1 == 14", true),
        ("b - a - 1 == 1", true), ("b / a * 3 == 5", true), ("a - b / 5 == 2", true),
        ("b / 2 == 2.5", true), ("a * 0.5 - 1 == 0.5", true), ("a + b * 2 == 16", false),
    ])
    func productsBindTighterThanSums(source: String, expected: Bool) throws {
        #expect(try holds(source, [0: .number(3), 1: .number(5)]) == expected)
    }

    @Test(arguments: [
        ("abs(a - b) == 2", true), ("abs(b - a) == 2", true), ("abs(a) == 3", true),
        ("min(a, b) == 3", true), ("max(a, b) == 5", true), ("max(a, b * 2) == 10", true),
        ("min(a, b) + max(a, b) == a + b", true), ("abs(min(a - b, 0)) <= 1", false),
    ])
    func absMinMax(source: String, expected: Bool) throws {
        #expect(try holds(source, [0: .number(3), 1: .number(5)]) == expected)
    }

    /// A division by zero compares as nothing: the rule fails unless it guards against it.
    @Test func divisionByZeroFailsUnlessGuarded() throws {
        #expect(try !holds("a / b <= 2", [0: .number(3), 1: .number(0)]))
        #expect(try !holds("a / b > 2", [0: .number(3), 1: .number(0)]))
        #expect(try holds("b == 0 or a / b <= 2", [0: .number(3), 1: .number(0)]))
    }

    @Test func prevReadsThePreviousPeriod() throws {
        let rule = "a <= prev(a) * 3 + 30"
        #expect(try holds(rule, [0: .number(330)], previous: [0: .number(100)]))
        #expect(try !holds(rule, [0: .number(331)], previous: [0: .number(100)]))
        #expect(try holds("rating == prev(rating) or flag", [3: .text("良好"), 4: .bool(false)], previous: [3: .text("良好")]))
        #expect(try holds("period > prev(period)", [5: .text("2009-06")], previous: [5: .text("2009-05")]))
    }

    @Test func prevFieldsAreKeptApart() throws {
        let expression = try RuleParser.parse("a >= prev(a) * 0.5 - 10 and a <= prev(b) + score", fields: Self.fields)
        #expect(expression.fieldsUsed == [0, 0, 2])
        #expect(expression.previousFieldsUsed == [0, 1])
        #expect(expression == .binary(.and,
                                      .binary(.greaterOrEqual, .field(0), .binary(.minus, .binary(.times, .previous(0), .number(0.5)), .number(10))),
                                      .binary(.lessOrEqual, .field(0), .binary(.plus, .previous(1), .field(2)))))
    }

    /// A field may be named like a function: it is a call only when `(` follows.
    @Test func functionNamesAreFieldsWithoutParentheses() throws {
        let fields = [Self.field("max", .integer), Self.field("prev", .integer)]
        let expression = try RuleParser.parse("max <= prev(max) + prev", fields: fields)
        #expect(expression.fieldsUsed == [0, 1])
        #expect(expression.previousFieldsUsed == [0])
    }

    @Test(arguments: [
        "a <=", "a <= nosuch", "a + rating > 1", "rating == 1", "a", "flag and a", "start(a) > filed",
        "a <= (b", "'open", "a # b", "band(rating) == rating",
        // * / abs min max want numbers; min and max two of them, abs one.
        "a * rating > 1", "rating / 2 == a", "abs(rating) > 1", "min(a) > 1", "max(a, b, 1) > 1", "min(a, rating) > 1",
        "abs(a, b) > 1", "max(a b) > 1", "min(a, ) > 1", "abs(a > 1) > 1", "abs a > 1",
        // prev() takes one field key, and has the field's type.
        "prev(a + 1) > a", "prev(1) > a", "prev(nosuch) > a", "prev(prev(a)) > a", "prev(a, b) > a", "prev(a > a",
        "prev(rating) > 1", "prev(a)", "a * 2",
    ])
    func brokenRulesAreRefused(source: String) {
        #expect(throws: SchemaProblem.self) { try RuleParser.parse(source, fields: Self.fields) }
    }

    /// The fields a rule reads for these values, in the order it reads them.
    func fieldsRead(_ source: String, _ values: [Int: RuleValue]) throws -> (holds: Bool, read: [Int]) {
        let expression = try RuleParser.parse(source, fields: Self.fields)
        var read: [Int] = []
        let result = expression.evaluate({ read.append($0); return values[$0] ?? .number(.nan) }, previous: { _ in .number(.nan) },
                                         band: { _ in nil })
        return (result.isTrue, read)
    }

    @Test(arguments: [
        ("a == 1 and b == 2", [0: RuleValue.number(0)], false, [0]),
        ("a == 1 and b == 2", [0: .number(1), 1: .number(2)], true, [0, 1]),
        ("a == 1 or b == 2", [0: .number(1)], true, [0]),
        ("a == 1 or b == 2", [0: .number(0), 1: .number(3)], false, [0, 1]),
        ("a == 1 implies b == 2", [0: .number(0)], true, [0]),
        ("a == 1 implies b == 2", [0: .number(1), 1: .number(3)], false, [0, 1]),
        ("not (a == 1 and b == 2) or (score > 1 and a + b * 2 >= max(a, b))", [0: .number(1), 1: .number(2)], false, [0, 1, 2]),
    ])
    func theRightSideIsReadOnlyWhenTheLeftDoesNotDecide(source: String, values: [Int: RuleValue], holds: Bool, read: [Int]) throws {
        let result = try fieldsRead(source, values)
        #expect(result.holds == holds)
        #expect(result.read == read)
    }

    @Test func deepExpressionsKeepTheirOrder() throws {
        let source = "((a - b) - (score - a)) * 2 == min(abs(a - 10), max(b, score) + 1) - 23"
        // (3 - 5 - (20 - 3)) * 2 = -38; min(7, 21) - 23 = -16
        #expect(try !holds(source, [0: .number(3), 1: .number(5), 2: .number(20)]))
        #expect(try holds("((a - b) - (score - a)) * 2 == min(abs(a - 10), max(b, score) + 1) - 45", [0: .number(3), 1: .number(5), 2: .number(20)]))
    }
}
