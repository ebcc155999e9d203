import Foundation

/// 及时率 (PRODUCT §11.3): for every registered unit, its return type and every plan period whose
/// deadline has passed or that has an accepted row, whether the unit filed on time, late or not at
/// all. Only the first accepted version counts: a later correction never makes a unit late.
///
/// Units × periods can be large, so units are named by their index in the registry and the rows
/// are made as they are read; what is kept is those indexes, the periods and the first receipts the
/// store already gave.
struct Timeliness {
    enum Status: String {
        case onTime = "按时"
        case late = "逾期"
        case missing = "未报"
    }

    struct Row {
        let type: ReturnType
        /// The unit's index in the registry.
        let unit: Int32
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

    /// One return type: the registered units that file it, as registry indexes in code order, and its periods in order.
    struct Group {
        let type: ReturnType
        let units: [Int32]
        let periods: [YearMonth]
    }

    /// Per return type in schema order.
    let groups: [Group]
    let deadlines: Deadlines
    let registry: Registry
    private let receipts: Receipts
    /// Each period's due date and the moment after it, worked out once: the rows are many.
    private let due: [YearMonth: (date: String, cutoff: Date)]

    static let header = ["报表", "单位代码", "单位名称", "报送期间", "截止日期", "首次报送时间", "状态", "逾期天数"]

    /// The first receipts, by return type, period and registered unit, gathered as the store gives them.
    struct Receipts {
        let registry: Registry
        /// The receipt times met, each once: a file's rows share its time, so they are few.
        fileprivate private(set) var times: [Date] = []
        private var timeNumbers: [String: Int32] = [:]
        /// Return type → period → registry index of the unit → its receipt time's place in `times`.
        fileprivate private(set) var received: [String: [YearMonth: [Int32: Int32]]] = [:]
        /// Return type → the periods with a receipt, a unit's that is registered or not.
        fileprivate private(set) var periods: [String: Set<YearMonth>] = [:]

        init(registry: Registry) {
            self.registry = registry
        }

        /// One receipt of `Store.forEachFirstReceipt`; a time or period that cannot be read is left out.
        mutating func add(_ returnType: String, _ unit: String, _ period: String, _ time: String) {
            let number: Int32
            if let known = timeNumbers[time] {
                number = known
            } else {
                guard let date = Timeliness.receiptTime(time) else { return }
                number = Int32(times.count)
                times.append(date)
                timeNumbers[time] = number
            }
            guard let month = YearMonth(canonical: period) else { return }
            periods[returnType, default: []].insert(month)
            guard let index = registry.index(of: unit) else { return }
            received[returnType, default: [:]][month, default: [:]][Int32(index)] = number
        }
    }

    /// - Parameters:
    ///   - now: the moment timeliness is judged at: periods whose deadline has not passed by then
    ///     count only where a row is in.
    init(schema: PlanSchema, registry: Registry, receipts: Receipts, now: Date) {
        deadlines = schema.deadlines
        self.registry = registry
        self.receipts = receipts
        var passed: [YearMonth] = []
        var month = schema.period.lowerBound
        while month <= schema.period.upperBound, schema.deadlines.cutoff(of: month) <= now {
            passed.append(month)
            guard let next = month.next else { break }
            month = next
        }
        // Return types filed by the same unit type share its units.
        var unitsByType: [String: [Int32]] = [:]
        for unitType in Set(schema.returnTypes.compactMap(\.filingUnitType)) {
            unitsByType[unitType] = registry.indexesByCode(ofType: unitType)
        }
        groups = schema.returnTypes.map { type in
            Group(type: type, units: type.filingUnitType.flatMap { unitsByType[$0] } ?? [],
                  periods: Set(passed).union(receipts.periods[type.name] ?? []).sorted())
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

    /// The period's due date and the moment after it.
    func due(_ period: YearMonth) -> (date: String, cutoff: Date) {
        due[period] ?? (deadlines.dueDate(of: period), deadlines.cutoff(of: period))
    }

    /// The first receipts of a return type's period: registry index → place in `receiptTimes`.
    func receipts(_ type: ReturnType, _ period: YearMonth) -> [Int32: Int32] {
        receipts.received[type.name]?[period] ?? [:]
    }

    /// The row of the unit at registry index `unit`.
    func row(_ type: ReturnType, _ unit: Int32, _ period: YearMonth) -> Row {
        row(type, unit, period, received: receipts(type, period)[unit].map { receipts.times[Int($0)] })
    }

    /// What `make` makes of each unit's row of a return type's period, where that depends only on the
    /// row's receipt (the cells after the unit's): made once for each receipt time and for none, since
    /// the units are many and the times few.
    /// - Returns: the made thing of the unit at a registry index.
    func perReceipt<Made>(_ type: ReturnType, _ period: YearMonth, _ make: @escaping (Row) -> Made) -> (Int32) -> Made {
        let received = receipts(type, period)
        let times = receipts.times
        // By receipt time's place in `times`, -1 for none.
        var made: [Int32: Made] = [:]
        return { unit in
            let time = received[unit] ?? -1
            if let known = made[time] { return known }
            let new = make(row(type, unit, period, received: time < 0 ? nil : times[Int(time)]))
            made[time] = new
            return new
        }
    }

    /// The row of a unit whose first receipt for the period is `received`.
    private func row(_ type: ReturnType, _ unit: Int32, _ period: YearMonth, received: Date?) -> Row {
        let (date, cutoff) = due(period)
        guard let received else {
            return Row(type: type, unit: unit, period: period, due: date, received: nil, status: .missing, daysLate: nil)
        }
        guard received >= cutoff else {
            return Row(type: type, unit: unit, period: period, due: date, received: received, status: .onTime, daysLate: nil)
        }
        return Row(type: type, unit: unit, period: period, due: date, received: received, status: .late,
                   daysLate: Deadlines.days(from: date, to: deadlines.calendarDate(of: received)))
    }

    /// The counts per return type and period, in the order of the rows: only the receipts are read,
    /// the units that have none are missing.
    var tallies: [Tally] {
        groups.flatMap { group in
            var files = [Bool](repeating: false, count: registry.count)
            for unit in group.units { files[Int(unit)] = true }
            return group.periods.map { period in
                let (date, cutoff) = due(period)
                var tally = Tally(returnType: group.type, period: period.description, deadline: date)
                tally.expected = group.units.count
                for (unit, time) in receipts(group.type, period) where files[Int(unit)] {
                    if receipts.times[Int(time)] >= cutoff { tally.late += 1 } else { tally.onTime += 1 }
                }
                tally.missing = tally.expected - tally.onTime - tally.late
                return tally
            }
        }
    }

    /// The code and name of the unit at registry index `unit`: 单位代码 and 单位名称 of its rows.
    func codeAndName(_ unit: Int32) -> (code: String, name: String) {
        registry.withTexts { texts in
            let (code, name) = texts.codeAndName(at: Int(unit))
            return (String(decoding: code, as: UTF8.self), String(decoding: name, as: UTF8.self))
        }
    }

    /// 报送期间 and 截止日期 of a row.
    static func periodCells(_ period: YearMonth, due: String) -> [String] {
        [period.description, due]
    }

    /// 首次报送时间, 状态 and 逾期天数 of a row.
    func receiptCells(_ row: Row) -> [String] {
        [row.received.map(deadlines.timestamp) ?? "", row.status.rawValue, row.daysLate.map(String.init) ?? ""]
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
