/// `outbox/timeliness.csv` (PRODUCT §11.3): every row of `Timeliness`, by return type, period and
/// unit code. The table is every unit times every period, so it is made from the registry's bytes:
/// a unit's code and name are copied as the registry holds them, and the cells that repeat down the
/// table (the return type's, the period's, each receipt time's) are made once.
enum TimelinessTable {
    static func write(_ timeliness: Timeliness, to path: String) throws(OutputError) {
        var csv = try StreamedCSV(header: Timeliness.header, to: path)
        let failure = timeliness.registry.withTexts { texts -> OutputError? in
            do throws(OutputError) {
                for group in timeliness.groups {
                    let lead = CSVText.stretch([group.type.title], startsRow: true)
                    for period in group.periods {
                        try write(group, period, timeliness, texts, lead: lead, to: &csv)
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        try csv.commit()
    }

    /// The rows of one return type's period.
    /// - Parameter lead: the return type's cell.
    private static func write(_ group: Timeliness.Group, _ period: YearMonth, _ timeliness: Timeliness, _ texts: Registry.Texts,
                              lead: [UInt8], to csv: inout StreamedCSV) throws(OutputError) {
        let middle = CSVText.stretch(Timeliness.periodCells(period, due: timeliness.due(period).date), startsRow: false)
        let receipts = timeliness.receipts(group.type, period)
        let times = timeliness.receiptTimes
        // The cells after the period's, by receipt time (-1: none), made for the first unit that has them.
        var tails: [Int32: [UInt8]] = [:]
        for unit in group.units {
            let time = receipts[unit] ?? -1
            let tail = tails[time] ?? {
                let row = timeliness.row(group.type, unit, period, received: time < 0 ? nil : times[Int(time)])
                let made = CSVText.stretch(timeliness.receiptCells(row), startsRow: false)
                tails[time] = made
                return made
            }()
            let (code, name) = texts.codeAndName(at: Int(unit))
            csv.text.appendMade(lead)
            csv.text.appendCell(code, first: false)
            csv.text.appendCell(name, first: false)
            csv.text.appendMade(middle)
            csv.text.appendMade(tail)
            csv.text.endRow()
            try csv.rowEnded()
        }
    }
}
