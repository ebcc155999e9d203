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
        // The cells after the period's.
        let tail = timeliness.perReceipt(group.type, period) { CSVText.stretch(timeliness.receiptCells($0), startsRow: false) }
        for unit in group.units {
            let (code, name) = texts.codeAndName(at: Int(unit))
            csv.text.appendMade(lead)
            csv.text.appendCell(code, first: false)
            csv.text.appendCell(name, first: false)
            csv.text.appendMade(middle)
            csv.text.appendMade(tail(unit))
            csv.text.endRow()
            try csv.rowEnded()
        }
    }
}
