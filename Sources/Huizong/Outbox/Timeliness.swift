import Foundation

/// 及时率 (PRODUCT §11.3): for every registered unit, its return type and every plan period whose
/// deadline has passed or that has an accepted row, whether the unit filed on time, late or not at
/// all. Only the first accepted version counts: a later correction never makes a unit late.
///
/// The rows are made as they are read (units × periods can be large); what is kept is the units,
/// the periods and the first receipts the store already gave.
struct Timeliness {
    enum Status: String {
        case onTime = "按时"
        case late = "逾期"
        case missing = "未报"
    }

    struct Row {
        let type: ReturnType
        let unit: Registry.Unit
        let period: YearMonth
        let due: String
        let received: Date?
        let status: Status
        /// Calendar days after the due date, for a late return.
        let daysLate: Int?
    }

    /// One return type and period: `report.json` `timeliness[]` and the dashboard's rate.
    struct Tally {
        let returnType: ReturnType
        let period: String
        let deadline: String
        var expected = 0
        var onTime = 0
        var late = 0
        var missing = 0

        /// nil when no unit is expected.
        var onTimeRate: Double? { expected == 0 ? nil : Double(onTime) / Double(expected) }
    }

    /// Per return type in schema order: the registered units that file it, by code, and its periods in order.
    let groups: [(type: ReturnType, units: [Registry.Unit], periods: [YearMonth])]
    let deadlines: Deadlines
    /// `Locks.key` → when the first accepted version was received.
    private let receipts: [String: Date]

    static let header = ["报表", "单位代码", "单位名称", "报送期间", "截止日期", "首次报送时间", "状态", "逾期天数"]

    /// - Parameters:
    ///   - receipts: `Store.firstReceipts()`.
    ///   - now: the moment timeliness is judged at: periods whose deadline has not passed by then
    ///     count only where a row is in.
    init(schema: PlanSchema, registry: Registry, receipts: [String: String], now: Date) {
        deadlines = schema.deadlines
        let parser = ISO8601DateFormatter()
        var dates: [String: Date] = [:]
        var filedPeriods: [String: Set<YearMonth>] = [:]
        for (key, time) in receipts {
            guard let date = parser.date(from: time) else { continue }
            dates[key] = date
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            if parts.count == 3, let period = YearMonth(canonical: String(parts[2])) {
                filedPeriods[String(parts[0]), default: []].insert(period)
            }
        }
        self.receipts = dates
        var passed: [YearMonth] = []
        var month = schema.period.lowerBound
        while month <= schema.period.upperBound, schema.deadlines.cutoff(of: month) <= now {
            passed.append(month)
            guard let next = month.next else { break }
            month = next
        }
        let units = registry.units.sorted { $0.code < $1.code }
        groups = schema.returnTypes.map { type in
            let filing = units.filter { $0.type == type.filingUnitType }
            return (type, filing, Set(passed).union(filedPeriods[type.name] ?? []).sorted())
        }
    }

    /// Every row, by return type (schema order), period and unit code.
    var rows: some Sequence<Row> {
        groups.lazy.flatMap { group in
            group.periods.lazy.flatMap { period in
                group.units.lazy.map { self.row(group.type, $0, period) }
            }
        }
    }

    var rowCount: Int {
        groups.reduce(0) { $0 + $1.units.count * $1.periods.count }
    }

    func row(_ type: ReturnType, _ unit: Registry.Unit, _ period: YearMonth) -> Row {
        let due = deadlines.dueDate(of: period)
        guard let received = receipts[Locks.key(type.name, unit.code, period.description)] else {
            return Row(type: type, unit: unit, period: period, due: due, received: nil, status: .missing, daysLate: nil)
        }
        guard received >= deadlines.cutoff(of: period) else {
            return Row(type: type, unit: unit, period: period, due: due, received: received, status: .onTime, daysLate: nil)
        }
        return Row(type: type, unit: unit, period: period, due: due, received: received, status: .late,
                   daysLate: Deadlines.days(from: due, to: deadlines.calendarDate(of: received)))
    }

    /// The counts per return type and period, in the order of the rows.
    var tallies: [Tally] {
        groups.flatMap { group in
            group.periods.map { period in
                var tally = Tally(returnType: group.type, period: period.description, deadline: deadlines.dueDate(of: period))
                for unit in group.units {
                    tally.expected += 1
                    switch row(group.type, unit, period).status {
                    case .onTime: tally.onTime += 1
                    case .late: tally.late += 1
                    case .missing: tally.missing += 1
                    }
                }
                return tally
            }
        }
    }

    /// A row of `timeliness.csv`.
    func cells(_ row: Row) -> [String] {
        [row.type.title, row.unit.code, row.unit.name, row.period.description, row.due,
         row.received.map(deadlines.timestamp) ?? "", row.status.rawValue, row.daysLate.map(String.init) ?? ""]
    }

    static func json(_ tallies: [Tally]) -> JSONValue {
        .array(tallies.map { tally in
            .object([
                ("returnType", .string(tally.returnType.name)),
                ("period", .string(tally.period)),
                ("deadline", .string(tally.deadline)),
                ("expected", .int(tally.expected)),
                ("onTime", .int(tally.onTime)),
                ("late", .int(tally.late)),
                ("missing", .int(tally.missing)),
                ("onTimeRate", tally.onTimeRate.map(JSONValue.number) ?? .null),
            ])
        })
    }
}
