/// Check 4 of an audit: the office's decisions against the versions (PRODUCT §11.4). Every decision
/// on a return names a version of that unit and period, and every approval in force still has the
/// version it approved in force: a night never changes a decided return.
struct DecisionCheck {
    let store: Store
    let decisions: [Decision]

    func check() throws(StoreError) -> [AuditFinding] {
        let versions = try store.versionKeys(decisions.compactMap(\.version))
        var findings: [AuditFinding] = []
        for decision in decisions where decision.action == .approve || decision.action == .return || decision.action == .withdraw {
            guard let id = decision.version, let version = versions[id], version.returnType == decision.returnType,
                  version.unit == decision.unit, version.period == decision.period else {
                findings.append(.decisionVersion(decision))
                continue
            }
        }
        let locks = Locks(decisions)
        for decision in decisions where decision.action == .approve {
            guard let type = decision.returnType, let unit = decision.unit,
                  case .approved(_, let at)? = locks.approval(returnType: type, unit: unit, period: decision.period),
                  at == decision.decidedAt, let id = decision.version else { continue }
            if versions[id]?.current != true { findings.append(.approvalReplaced(decision)) }
        }
        return findings
    }
}
