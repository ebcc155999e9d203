/// Which registered units have no accepted return for a period (PRODUCT §4, §7.3).
public struct Completeness: Sendable, Equatable {
    public var period: String?
    public var expected: Int
    public var submitted: Int
    public var missing: [Registry.Unit]

    /// - Parameter period: the period asked for, or nil for the latest period any accepted row has.
    init(schema: PlanSchema, registry: Registry, versions: [String: [CurrentVersion]], period: String?) {
        var filed: Set<String> = []
        var latest: String?
        var types: [String: ReturnType] = [:]
        for type in schema.returnTypes {
            guard let unitType = type.filingUnitType, let periodField = type.periodField,
                  let unitField = type.primaryKey.first(where: { $0 != periodField }) else { continue }
            types[unitType] = type
            for version in versions[type.name] ?? [] {
                let p = version.values[periodField]
                if latest.map({ p > $0 }) ?? true { latest = p }
                filed.insert(unitType + "\u{0}" + version.values[unitField] + "\u{0}" + p)
            }
        }
        self.period = period ?? latest
        let expectedUnits = registry.order.compactMap(registry.unit).filter { types[$0.type] != nil }
        expected = expectedUnits.count
        guard let chosen = self.period else {
            missing = []
            submitted = 0
            return
        }
        missing = expectedUnits.filter { !filed.contains($0.type + "\u{0}" + $0.code + "\u{0}" + chosen) }
        submitted = expected - missing.count
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
