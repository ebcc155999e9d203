/// An accepted row on its way to the history rules (PRODUCT §11.2), its unit named by its code or,
/// where codes need not be read, by its place in the registry.
public struct HistoryRow<Unit: Equatable> {
    public var unit: Unit
    public var period: String
    /// Canonical values per field.
    public var values: [String]

    public init(unit: Unit, period: String, values: [String]) {
        self.unit = unit
        self.period = period
        self.values = values
    }
}

extension HistoryRow: Sendable where Unit: Sendable {}

/// Walks the accepted rows of one return type unit by unit, period by period in ascending order,
/// and gives each row its `prev()`: the unit's latest earlier period accepted either before (the
/// store's version in force) or by an earlier row of the same walk. A May row accepted in the walk
/// is June's previous period, so the result does not depend on the order the rows arrived in;
/// a row the history rules hold is no one's previous period.
public struct HistoryWalk<Unit: Equatable> {
    /// The unit being walked, its rows accepted for periods before the current one, and those
    /// accepted for the current period (which become "before" when the period moves on).
    private var unit: Unit?
    private var period: String?
    private var acceptedBefore: (period: String, values: [String])?
    private var acceptedNow: (period: String, values: [String])?

    public init() {}

    /// The previous period of `row`. Rows must come sorted by unit, then period.
    /// - Parameter stored: the unit's version in force for the latest period before the given one.
    public mutating func previous(of row: HistoryRow<Unit>,
                                  stored: (_ unit: Unit, _ before: String) throws -> (period: String, values: [String])?) rethrows
        -> (period: String, values: [String])? {
        if row.unit != unit {
            unit = row.unit
            period = nil
            acceptedBefore = nil
            acceptedNow = nil
        }
        if row.period != period {
            if let now = acceptedNow { acceptedBefore = now }
            acceptedNow = nil
            period = row.period
        }
        // Nothing lies between the month before and this one: the store need not be asked.
        if let walked = acceptedBefore, Self.isMonth(walked.period, before: row.period) { return walked }
        let fromStore = try stored(row.unit, row.period)
        // The walk's own row replaces the store's version of its period, so it wins a tie.
        guard let walked = acceptedBefore else { return fromStore }
        guard let fromStore else { return walked }
        return fromStore.period > walked.period ? fromStore : walked
    }

    /// True when `YYYY-MM` `earlier` is the month just before `YYYY-MM` `later`; false for anything else.
    static func isMonth(_ earlier: String, before later: String) -> Bool {
        guard let earlier = YearMonth(canonical: earlier), let later = YearMonth(canonical: later) else { return false }
        return earlier.next == later
    }

    /// Records that `row` was accepted: later periods of its unit compare with it.
    public mutating func accepted(_ row: HistoryRow<Unit>) {
        if acceptedNow == nil { acceptedNow = (row.period, row.values) }
    }
}
