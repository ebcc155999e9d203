import Foundation

/// Where each of some units' returns stands, period by period (PRODUCT §13 `GET /api/returns`):
/// 审核状态 (or missing), timeliness, and the reason of a 退回. The periods and the timeliness are
/// those of `timeliness.csv`; the states those of `review.csv`.
public struct ReturnStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case missing, pending, approved, returned
    }

    public enum Timeliness: String, Sendable {
        case onTime = "on-time"
        case late
        case missing
    }

    public var returnType: String
    public var unit: String
    public var name: String
    public var period: String
    public var state: State
    public var timeliness: Timeliness
    /// Why the office sent the return back, while it is 已退回.
    public var reason: String?

    /// The returns of `units` (every registered unit when nil), by return type, period and unit code.
    /// - Parameters:
    ///   - period: only this period, when given.
    ///   - now: the moment timeliness is judged at.
    /// - Throws: `StoreError` when the store is there but cannot be read; a workspace no night has
    ///   run in has every return missing.
    public static func list(_ workspace: Workspace, units: Set<String>?, period: String?, now: Date = Date()) throws(StoreError) -> [ReturnStatus] {
        let path = workspace.root + "/outbox/" + Store.fileName
        let store = FileManager.default.fileExists(atPath: path) ? try Store(readOnlyAt: path) : nil
        var receipts = Huizong.Timeliness.Receipts(registry: workspace.registry)
        try store?.forEachFirstReceipt { receipts.add($0, $1, $2, $3) }
        var reviewed: [String: ReviewEntry] = [:]
        if let store {
            let entries = store.reviewEntries(period: period)
            for entry in entries where units?.contains(entry.unit) ?? true {
                reviewed[Locks.key(entry.returnType, entry.unit, entry.period)] = entry
            }
            if let failure = entries.failure { throw failure }
        }
        let timeliness = Huizong.Timeliness(schema: workspace.schema, registry: workspace.registry, receipts: receipts, now: now)
        let wanted = units.map { Set($0.compactMap { workspace.registry.index(of: $0).map(Int32.init) }) }
        var list: [ReturnStatus] = []
        for group in timeliness.groups {
            let filing = group.units.filter { wanted?.contains($0) ?? true }.compactMap { index in
                workspace.registry.unit(at: Int(index)).map { (index, $0) }
            }
            for month in group.periods where period == nil || month.description == period {
                for (index, unit) in filing {
                    let row = timeliness.row(group.type, index, month)
                    let entry = reviewed[Locks.key(group.type.name, unit.code, month.description)]
                    list.append(ReturnStatus(
                        returnType: group.type.name, unit: unit.code, name: unit.name, period: month.description,
                        state: entry.map { State(rawValue: $0.state.rawValue) ?? .pending } ?? .missing,
                        timeliness: row.status == .onTime ? .onTime : row.status == .late ? .late : .missing,
                        reason: entry?.state == .returned ? entry?.decision?.note : nil))
                }
            }
        }
        return list
    }
}
