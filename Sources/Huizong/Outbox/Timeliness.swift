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
    /// Return type → period → unit → when the first accepted version was received.
    private let receipts: [String: [YearMonth: [String: Date]]]
    /// Each period's due date and the moment after it, worked out once: the rows are many.
    private let due: [YearMonth: (date: String, cutoff: Date)]

    static let header = ["报表", "单位代码", "单位名称", "报送期间", "截止日期", "首次报送时间", "状态", "逾期天数"]

    /// The first receipts, by return type, period and unit, gathered as the store gives them.
    struct Receipts {
        fileprivate var dates: [String: [YearMonth: [String: Date]]] = [:]

        /// One receipt of `Store.forEachFirstReceipt`; a time or period that cannot be read is left out.
        mutating func add(_ returnType: String, _ unit: String, _ period: String, _ time: String) {
            guard let date = Timeliness.receiptTime(time), let month = YearMonth(canonical: period) else { return }
            dates[returnType, default: [:]][month, default: [:]][unit] = date
        }
    }

    /// - Parameters:
    ///   - now: the moment timeliness is judged at: periods whose deadline has not passed by then
    ///     count only where a row is in.
    init(schema: PlanSchema, registry: Registry, receipts: Receipts, now: Date) {
        deadlines = schema.deadlines
        self.receipts = receipts.dates
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
            return (type, filing, Set(passed).union(receipts.dates[type.name].map { Array($0.keys) } ?? []).sorted())
        }
        var due: [YearMonth: (date: String, cutoff: Date)] = [:]
        for period in groups.flatMap(\.periods) where due[period] == nil {
            due[period] = (schema.deadlines.dueDate(of: period), schema.deadlines.cutoff(of: period))
        }
        self.due = due
    }

    /// A receipt time as the store keeps it (`2009-07-10T15:59:00Z`, what the run writes), read by
    /// arithmetic; any other ISO 8601 form through the formatter.
    static func receiptTime(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count == 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 90,
              let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              let h = number(11..<13), let mi = number(14..<16), let s = number(17..<19), (1...12).contains(m) else {
            return ISO8601DateFormatter().date(from: text)
        }
        let seconds = CivilDate.unixDay(year: y, month: m, day: d) * 86_400 + h * 3600 + mi * 60 + s
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Every row, by return type (schema order), period and unit code.
    var rows: some Sequence<Row> {
        groups.lazy.flatMap { group in
            group.periods.lazy.flatMap { period in
                group.units.lazy.map { self.row(group.type, $0, period) }
            }
        }
    }

    func row(_ type: ReturnType, _ unit: Registry.Unit, _ period: YearMonth) -> Row {
        let (date, cutoff) = due[period] ?? (deadlines.dueDate(of: period), deadlines.cutoff(of: period))
        guard let received = receipts[type.name]?[period]?[unit.code] else {
            return Row(type: type, unit: unit, period: period, due: date, received: nil, status: .missing, daysLate: nil)
        }
        guard received >= cutoff else {
            return Row(type: type, unit: unit, period: period, due: date, received: received, status: .onTime, daysLate: nil)
        }
        return Row(type: type, unit: unit, period: period, due: date, received: received, status: .late,
                   daysLate: Deadlines.days(from: date, to: deadlines.calendarDate(of: received)))
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
