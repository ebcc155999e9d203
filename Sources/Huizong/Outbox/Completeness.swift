/// Which registered units have no accepted return for a period (PRODUCT §4, §7.3).
public struct Completeness: Sendable, Equatable {
    public var period: String?
    public var expected: Int
    public var submitted: Int
    public var missing: [Registry.Unit]

    /// - Parameters:
    ///   - filed: `unit type + "\0" + unit code` of every unit with a version in force for `period`.
    ///   - period: the period reported on, or nil when no row has been accepted yet.
    init(schema: PlanSchema, registry: Registry, filed: Set<String>, period: String?) {
        self.period = period
        let filingTypes = Set(schema.returnTypes.compactMap(\.filingUnitType))
        let expectedUnits = registry.units.filter { filingTypes.contains($0.type) }
        expected = expectedUnits.count
        missing = period == nil ? [] : expectedUnits.filter { !filed.contains(Self.filedKey(unitType: $0.type, code: $0.code)) }
        submitted = period == nil ? 0 : expected - missing.count
    }

    static func filedKey(unitType: String, code: String) -> String {
        unitType + "\u{0}" + code
    }

    static let header = ["报送期间", "单位代码", "单位名称", "单位类型", "所在村代码"]

    /// `outbox/completeness.csv`: the registered units with no accepted return for the period.
    var csv: [UInt8] {
        var text = CSVText(header: Self.header)
        for unit in missing {
            text.append([period ?? "", unit.code, unit.name, unit.type, unit.villageCode])
        }
        return text.bytes
    }

    var json: JSONValue {
        .object([
            ("period", period.map(JSONValue.string) ?? .null),
            ("expected", .int(expected)),
            ("submitted", .int(submitted)),
            ("missing", .array(missing.map { .object([("unit", .string($0.code)), ("name", .string($0.name)),
                                                       ("type", .string($0.type))]) })),
        ])
    }
}
