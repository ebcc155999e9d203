/// Unit codes against the registry (PRODUCT §4, §6): a code no unit has, a unit of the wrong type,
/// and a name that differs from the registered one.
struct RegistryCheck: Sendable {
    static let codes: Set<IssueCode> = [.foreignKey, .registryMismatch]

    let type: ReturnType
    let registry: Registry
    let issue: IssueMaker
    /// The field naming the unit the row files for, whose place the check records.
    private let unitField: Int?

    init(type: ReturnType, registry: Registry, issue: IssueMaker) {
        self.type = type
        self.registry = registry
        self.issue = issue
        unitField = type.unitField
    }

    /// Brings into the cache what the look-ups of these rows' codes will read first, for all the rows
    /// at once: a look-up's reads land far apart in a large registry, and one after another each
    /// waits on memory. `columns` gives each field's column in the rows.
    func warm(_ rows: ArraySlice<SourceRow>, columns: [Int?]) {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(rows.count * type.registryLinks.count)
        for link in type.registryLinks {
            guard let column = columns[link.field] else { continue }
            for row in rows { hashes.append(row.cells.withUTF8(column) { Registry.codeHash($0) }) }
        }
        _ = registry.warm(hashes: &hashes)
    }

    /// Marks the code fields it rejects in `wrong`, and records the filing unit's place in the registry.
    func check(_ outcome: inout RowOutcome, wrong: inout [Bool]) {
        for link in type.registryLinks {
            guard !wrong[link.field], outcome.values.isText(link.field) else { continue }
            // The cell as written, made into a String only for an issue: most rows have none.
            var raw: String { outcome.original[link.field] }
            let nameField = link.nameField.flatMap { wrong[$0] || !outcome.values.hasValue($0) ? nil : $0 }
            // The code and name are looked up as the row holds them, as bytes. The closures take the
            // registry and the type alone: taking `self` would copy the check and the return type.
            let registry = registry
            let unitType = link.unitType
            let registration = outcome.values.withCanonicalUTF8(link.field) { code in
                outcome.values.withCanonicalUTF8(nameField) { registry.registration(utf8: code, type: unitType, name: $0) }
            }!
            switch registration {
            case .unregistered:
                outcome.issues.append(issue(.foreignKey, row: outcome.row, field: link.field, value: raw, .unregistered(unitType: link.unitType)))
                wrong[link.field] = true
            case .otherType(let registeredAs):
                outcome.issues.append(issue(.foreignKey, row: outcome.row, field: link.field, value: raw,
                                            .wrongUnitType(expected: link.unitType, registeredAs: registeredAs)))
                wrong[link.field] = true
            case .registered(let place, let otherName):
                if link.field == unitField { outcome.unitPlace = place }
                if let otherName, let nameField, let name = outcome.values.canonical(nameField),
                   Normalisation.cell(name, isCode: false) != Normalisation.cell(otherName, isCode: false) {
                    outcome.issues.append(issue(.registryMismatch, row: outcome.row, field: nameField, value: outcome.original[nameField],
                                                .nameDiffers(registered: otherName)))
                }
            }
        }
    }
}
