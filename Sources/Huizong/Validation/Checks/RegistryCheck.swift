/// Unit codes against the registry (PRODUCT §4, §6): a code no unit has, a unit of the wrong type,
/// and a name that differs from the registered one.
struct RegistryCheck: Sendable {
    static let codes: Set<IssueCode> = [.foreignKey, .registryMismatch]

    let type: ReturnType
    let registry: Registry
    let issue: IssueMaker

    /// Marks the code fields it rejects in `wrong`.
    func check(_ outcome: inout RowOutcome, wrong: inout [Bool]) {
        for link in type.registryLinks {
            guard !wrong[link.field], case .text(let code)? = outcome.values[link.field] else { continue }
            let raw = outcome.original[link.field]
            guard let unit = registry.registration(of: code) else {
                outcome.issues.append(issue(.foreignKey, row: outcome.row, field: link.field, value: raw, .unregistered(unitType: link.unitType)))
                wrong[link.field] = true
                continue
            }
            guard unit.type == link.unitType else {
                outcome.issues.append(issue(.foreignKey, row: outcome.row, field: link.field, value: raw,
                                            .wrongUnitType(expected: link.unitType, registeredAs: unit.type)))
                wrong[link.field] = true
                continue
            }
            if let nameField = link.nameField, !wrong[nameField], let name = outcome.values[nameField]?.canonical, name != unit.name,
               Normalisation.cell(name, isCode: false) != Normalisation.cell(unit.name, isCode: false) {
                outcome.issues.append(issue(.registryMismatch, row: outcome.row, field: nameField, value: outcome.original[nameField],
                                            .nameDiffers(registered: unit.name)))
            }
        }
    }
}
