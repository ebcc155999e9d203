/// `outbox/cycle.xlsx`: the reporting cycle as the office opens it (PRODUCT §11): 审核情况 (the
/// table of review.csv), 报送及时率 (the on-time rate per return type and period), 逾期未报 (the
/// rows of timeliness.csv for the period the dashboard chases, late or missing: every unit's every
/// period is in the CSV) and 修改记录 (changes.csv), each with a bold, frozen header and widths that
/// fit; codes and everything a clerk typed stay text. A table longer than an Excel sheet goes on
/// over sheets `名称 (2)`, ….
enum CycleWorkbook {
    static let ratesHeader = ["报表", "报送期间", "截止日期", "应报", "按时", "逾期", "未报", "及时率"]

    /// The workbook's tables, in order, each named as its sheet.
    enum Table: String, CaseIterable {
        case review = "审核情况"
        case rates = "报送及时率"
        case chase = "逾期未报"
        case changes = "修改记录"

        var header: [String] {
            switch self {
            case .review: ReviewTable.header
            case .rates: CycleWorkbook.ratesHeader
            case .chase: Timeliness.header
            case .changes: ChangeTable.header
            }
        }
    }

    static func workbook(_ cycle: ReportingCycle, schema: PlanSchema, registry: Registry,
                         perSheet: Int = Worksheet.maxRows - 1) -> Workbook {
        let review = cycle.review.lazy.map { ReviewTable.cells($0, schema: schema, registry: registry).map(text) }
        let changes = cycle.changes.lazy.map { ChangeTable.cells($0, schema: schema, registry: registry).map(text) }
        let timeliness = cycle.timeliness
        let chased = timeliness.groups.compactMap { group in
            ChaseList.period(of: group, tallies: cycle.tallies).map { (group.type, group.units, $0) }
        }
        let chase = chased.lazy.flatMap { type, units, period in chaseRows(type, units, period, timeliness) }
        let chaseCount = chased.reduce(0) { count, group in
            count + cycle.tallies.filter { $0.returnType.name == group.0.name && $0.period == group.2.description }
                .reduce(0) { $0 + $1.late + $1.missing }
        }
        return Workbook(sheets: sheets(.review, widths: [20, 22, 28, 10, 10, 12, 26, 40],
                                       rows: review, count: cycle.waiting.accepted, perSheet: perSheet)
            + sheets(.rates, widths: [20, 10, 12, 8, 8, 8, 8, 10],
                     rows: cycle.tallies.map(rateCells), count: cycle.tallies.count, perSheet: perSheet, codeColumn: nil)
            + sheets(.chase, widths: [20, 22, 28, 10, 12, 26, 8, 10],
                     rows: chase, count: chaseCount, perSheet: perSheet)
            + sheets(.changes, widths: [20, 22, 28, 10, 20, 24, 24, 30],
                     rows: changes, count: cycle.changeDigest.count, perSheet: perSheet))
    }

    /// A return type's period: the counts as numbers and the rate as a fraction, so they can be summed and charted.
    private static func rateCells(_ tally: Timeliness.Tally) -> [Worksheet.Cell] {
        let due = tally.deadline.split(separator: "-").compactMap { Int($0) }
        return [text(tally.returnType.title), text(tally.period),
                due.count == 3 ? .date(year: due[0], month: due[1], day: due[2]) : text(tally.deadline),
                .number(Double(tally.expected)), .number(Double(tally.onTime)), .number(Double(tally.late)),
                .number(Double(tally.missing)), tally.onTimeRate.map { .number($0) } ?? .empty]
    }

    /// The rows of timeliness.csv for a return type's period that are not on time. The cells after
    /// the unit's are the same for every unit with the same receipt time, so they are made once for each.
    private static func chaseRows(_ type: ReturnType, _ units: [Int32], _ period: YearMonth,
                                  _ timeliness: Timeliness) -> some Sequence<[Worksheet.Cell]> {
        let title = text(type.title)
        // Whether the row is on time, and the cells after the unit's.
        let tails = timeliness.perReceipt(type, period) { row in (isOnTime: row.status == .onTime, cells: receiptCells(row, timeliness)) }
        return units.lazy.compactMap { unit -> [Worksheet.Cell]? in
            let tail = tails(unit)
            guard !tail.isOnTime else { return nil }
            let (code, name) = timeliness.codeAndName(unit)
            return [title, text(code), text(name)] + tail.cells
        }
    }

    /// The cells of a timeliness row after the unit's: the due date as a date and the days late as a
    /// number, so that the office can sort and sum them.
    private static func receiptCells(_ row: Timeliness.Row, _ timeliness: Timeliness) -> [Worksheet.Cell] {
        let due = row.due.split(separator: "-").compactMap { Int($0) }
        let values = Timeliness.periodCells(row.period, due: row.due) + timeliness.receiptCells(row)
        return values.enumerated().map { column, value in
            switch column {
            case 1 where due.count == 3: .date(year: due[0], month: due[1], day: due[2])
            case 4: row.daysLate.map { .number(Double($0)) } ?? .empty
            default: text(value)
            }
        }
    }

    /// A text cell; nothing at all for an empty text, so that a blank stays blank when read back.
    private static func text(_ value: String) -> Worksheet.Cell {
        value.isEmpty ? .empty : .string(value)
    }

    /// One table as sheets of at most `perSheet` rows under its header. `codeColumn` holds unit
    /// codes (text, so a code of digits keeps its zeros).
    private static func sheets(_ table: Table, widths: [Double], rows: some Sequence<[Worksheet.Cell]>,
                               count: Int, perSheet: Int, codeColumn: Int? = 1) -> [Worksheet] {
        let name = table.rawValue
        let header = table.header
        let columns = widths.enumerated().map { column, width in
            Worksheet.Column(width: max(width, ReturnSheet.displayWidth(header[column]) + 4), isText: column == codeColumn)
        }
        let headerRow = header.map { Worksheet.Cell.string($0, style: .bold) }
        let parts = max(1, (count + perSheet - 1) / perSheet)
        // The sheets are written in order, each once: they take their rows in turn from one reading.
        let shared = SharedIterator(rows.makeIterator())
        return (0..<parts).map { part in
            let body = AnySequence { shared.next(upTo: perSheet) }
            return Worksheet(name: part == 0 ? name : "\(name) (\(part + 1))", columns: columns,
                             rows: [AnySequence([headerRow]), body].joined(), frozenRows: 1)
        }
    }

    /// One iterator handed out a stretch at a time.
    private final class SharedIterator<Base: IteratorProtocol> {
        private var base: Base

        init(_ base: Base) {
            self.base = base
        }

        /// An iterator over the next `count` elements at most.
        func next(upTo count: Int) -> AnyIterator<Base.Element> {
            var left = count
            return AnyIterator {
                guard left > 0 else { return nil }
                left -= 1
                return self.base.next()
            }
        }
    }
}
