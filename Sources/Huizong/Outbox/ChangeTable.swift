/// `outbox/changes.csv` and `report.json` `changes[]` (PRODUCT §11.5): the fields this run's
/// versions changed against the versions they replaced.
enum ChangeTable {
    static let header = ["报表", "单位代码", "单位名称", "报送期间", "字段", "原值", "新值", "来源文件"]

    /// The field's label, which clerks know; the key if the plan no longer has the field.
    static func label(_ change: FieldChange, _ schema: PlanSchema) -> String {
        guard let type = schema.returnType(named: change.returnType), let index = type.fieldIndex(key: change.field) else { return change.field }
        return type.fields[index].label
    }

    static func cells(_ change: FieldChange, schema: PlanSchema, registry: Registry) -> [String] {
        [schema.returnType(named: change.returnType)?.title ?? change.returnType, change.unit, registry.unit(change.unit)?.name ?? "",
         change.period, label(change, schema), change.old, change.new, change.file]
    }

    static func json(_ change: FieldChange) -> JSONValue {
        .object([
            ("returnType", .string(change.returnType)),
            ("unit", .string(change.unit)),
            ("period", .string(change.period)),
            ("field", .string(change.field)),
            ("old", .string(change.old)),
            ("new", .string(change.new)),
            ("file", .string(change.file)),
        ])
    }
}
