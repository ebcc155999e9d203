/// Check 4 of an audit: the store's own integrity — SQLite's integrity and foreign-key checks, and
/// at most one version in force per key (the unique index guarantees it; checked anyway, cheaply).
struct StoreCheck {
    let store: Store

    func check() throws(StoreError) -> [AuditFinding] {
        var findings = try store.integrityProblems().map(AuditFinding.storeIntegrity)
        for (returnType, key, count) in try store.keysWithSeveralCurrentVersions() {
            findings.append(.severalCurrentVersions(returnType, key: key, count: count))
        }
        return findings
    }
}
