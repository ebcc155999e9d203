/// Compares the store's versions in force with those recomputed from the archive, key by key:
/// a key missing from either side, other values, or another source file or row is a finding. The
/// store's versions are streamed; a key whose stored bytes do not match its values is a finding too.
struct VersionComparison {
    let schema: PlanSchema
    let store: Store

    /// - Parameter unverified: files whose versions cannot be recomputed (no intact copy); a
    ///   difference on a version the store took from one of them, or on a key a run with one of
    ///   them gave (`Recomputation.uncertain`), is not reported: the archive finding covers it.
    /// - Returns: the findings and the number of versions in force compared.
    func compare(_ recomputed: Recomputation, unverified: Set<Int64>) throws(StoreError) -> (findings: [AuditFinding], compared: Int) {
        var findings: [AuditFinding] = []
        var compared = 0
        for type in schema.returnTypes {
            var expected = recomputed.versions[type.name] ?? [:]
            let uncertain = recomputed.uncertain[type.name] ?? []
            try store.forEachAuditedVersion(returnType: type.name) { audited in
                compared += 1
                let stored = audited.version
                let key = type.primaryKey.map { $0 < stored.values.count ? stored.values[$0] : "" }
                if audited.key != key {
                    findings.append(.keyMismatch(type, stored: audited.key, values: stored.values))
                }
                let archived = expected.removeValue(forKey: key)
                if unverified.contains(audited.fileID) || uncertain.contains(key) { return true }
                guard let archived else {
                    findings.append(.versionExtra(type, key: key, store: stored))
                    return true
                }
                if archived.values != stored.values {
                    findings.append(.versionValues(type, key: key, store: stored, archive: archived))
                } else if archived.file != stored.file || archived.row != stored.row {
                    findings.append(.versionSource(type, key: key, store: stored, archive: archived))
                }
                return true
            }
            for key in expected.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where !uncertain.contains(key) {
                findings.append(.versionMissing(type, key: key, archive: expected[key]!))
            }
        }
        let known = Set(schema.returnTypes.map(\.name))
        for name in try store.currentReturnTypes() where !known.contains(name) {
            findings.append(.storeIntegrity("versions in force of return type “\(name)”, which the plan schema does not have"))
        }
        return (findings, compared)
    }
}
