import Foundation
import Yams

/// Loads the plan schema from a workspace's `seeds/` folder (PRODUCT §3).
///
/// `seeds/plan.yaml` holds the plan (period, bands, registry); each `.yaml` file of the folder it
/// names holds one return type as a Frictionless Table Schema plus huizong's extensions. Every
/// problem becomes a `SchemaError` naming the file, the line and the property.
public enum SchemaLoader {
    public static let planFileName = "plan.yaml"

    /// - Parameter seeds: the path of the `seeds/` folder.
    public static func load(seeds: String) throws(SchemaError) -> PlanSchema {
        let planPath = (seeds as NSString).appendingPathComponent(planFileName)
        let plan = try YAMLDocument(path: planPath)
        let root = try plan.mapping(plan.root, at: "")
        let title = try plan.text(root, "title", at: "")
        let periodNode = try plan.mapping(plan.required(root, "period", at: ""), at: "period")
        let start = try plan.yearMonth(periodNode, "start", at: "period")
        let end = try plan.yearMonth(periodNode, "end", at: "period")
        guard start <= end else { throw plan.error(at: "period", node: periodNode, .emptyPeriod) }
        let bands = try loadBands(plan, root)
        let registry = try plan.text(root, "registry", at: "")
        let typesFolder = try plan.text(root, "returnTypes", at: "")
        let ignored = try plan.optionalTexts(root, "ignoredLabels", at: "") ?? []
        let suffixes = try plan.optionalTexts(root, "numberSuffixes", at: "") ?? []
        let limits = try loadLimits(plan, root)
        let deadlines = try loadDeadlines(plan, root)
        let explanation = try loadExplanation(plan, root)

        let typesPath = (seeds as NSString).appendingPathComponent(typesFolder)
        guard let listed = try? FileManager.default.contentsOfDirectory(atPath: typesPath) else {
            throw plan.error(at: "returnTypes", node: root["returnTypes"], .unreadableFolder(typesPath))
        }
        let files = listed
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        guard !files.isEmpty else {
            throw plan.error(at: "returnTypes", node: root["returnTypes"], .noReturnTypes)
        }
        var types: [ReturnType] = []
        for file in files {
            let document = try YAMLDocument(path: (typesPath as NSString).appendingPathComponent(file))
            let type = try ReturnTypeLoader(document: document, period: start...end, explanation: explanation).load()
            if types.contains(where: { $0.name == type.name }) {
                throw document.error(at: "name", node: nil, .duplicate(type.name))
            }
            types.append(type)
        }
        return PlanSchema(
            title: title,
            period: start...end,
            bands: bands,
            returnTypes: types,
            limits: limits,
            numberSuffixes: suffixes,
            ignoredLabels: Set(ignored.map(HeaderText.key)),
            registryPath: (seeds as NSString).appendingPathComponent(registry),
            deadlines: deadlines
        )
    }

    /// `deadline: {day: 10}`, `deadlines: {"2009-12": "2010-01-15"}` and `timezone` (PRODUCT §11.3).
    private static func loadDeadlines(_ plan: YAMLDocument, _ root: Node) throws(SchemaError) -> Deadlines {
        var deadlines = Deadlines()
        if let zone = try plan.optionalText(root, "timezone", at: "") {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw plan.error(at: "timezone", node: root["timezone"], .unknownValue(zone, allowed: ["Asia/Shanghai", "UTC"]))
            }
            deadlines.timeZone = timeZone
        }
        if let node = root["deadline"] {
            let map = try plan.mapping(node, at: "deadline")
            if let day = try plan.optionalInteger(map, "day", at: "deadline") {
                guard (1...31).contains(day) else {
                    throw plan.error(at: "deadline.day", node: map["day"], .wrongKind(expected: .dayOfMonth))
                }
                deadlines.day = day
            }
        }
        if let node = root["deadlines"] {
            let map = try plan.mapping(node, at: "deadlines")
            for (key, value) in map.mapping ?? [:] {
                let place = "deadlines." + (key.string ?? "")
                guard let period = key.string.flatMap(YearMonth.init(canonical:)) else {
                    throw plan.error(at: place, node: key, .wrongKind(expected: .yearMonth))
                }
                guard let date = value.string, let canonical = ValueParser(field: nil).canonical(date, as: .date) else {
                    throw plan.error(at: place, node: value, .wrongKind(expected: .date))
                }
                deadlines.dates[period.description] = canonical
            }
        }
        return deadlines
    }

    /// `explanation: {key, label, aliases, hint}`: the 填报说明 column of every return type (PRODUCT §11.1).
    private static func loadExplanation(_ plan: YAMLDocument, _ root: Node) throws(SchemaError) -> Field? {
        guard let node = root["explanation"] else { return nil }
        let map = try plan.mapping(node, at: "explanation")
        return Field(key: try plan.text(map, "key", at: "explanation"),
                     label: try plan.text(map, "label", at: "explanation"),
                     type: .string,
                     constraints: FieldConstraints(),
                     aliases: try plan.optionalTexts(map, "aliases", at: "explanation") ?? [],
                     isCode: false,
                     checksum: nil,
                     trueValues: [],
                     falseValues: [],
                     hint: try plan.optionalLocalized(map, "hint", at: "explanation"))
    }

    private static func loadLimits(_ plan: YAMLDocument, _ root: Node) throws(SchemaError) -> ReadLimits {
        var limits = ReadLimits()
        guard let node = root["limits"] else { return limits }
        let map = try plan.mapping(node, at: "limits")
        let megabyte = 1 << 20
        if let mb = try plan.optionalInteger(map, "fileMB", at: "limits") { limits.fileBytes = mb * megabyte }
        if let mb = try plan.optionalInteger(map, "rowMB", at: "limits") { limits.rowBytes = mb * megabyte }
        if let rows = try plan.optionalInteger(map, "rows", at: "limits") { limits.rows = rows }
        if let mb = try plan.optionalInteger(map, "unzippedMB", at: "limits") { limits.unzippedBytes = mb * megabyte }
        if let ratio = try plan.optionalInteger(map, "unzipRatio", at: "limits") { limits.unzipRatio = ratio }
        return limits
    }

    private static func loadBands(_ plan: YAMLDocument, _ root: Node) throws(SchemaError) -> [ScoreBand] {
        let list = try plan.sequence(plan.required(root, "bands", at: ""), at: "bands")
        var bands: [ScoreBand] = []
        for (i, node) in list.enumerated() {
            let place = "bands[\(i)]"
            let band = try plan.mapping(node, at: place)
            bands.append(ScoreBand(label: try plan.text(band, "label", at: place),
                                   minimum: try plan.number(band, "minimum", at: place)))
        }
        guard !bands.isEmpty else { throw plan.error(at: "bands", node: root["bands"], .missing) }
        return bands.sorted { $0.minimum > $1.minimum }
    }
}

/// One field-by-field pass over a return type file.
private struct ReturnTypeLoader {
    let document: YAMLDocument
    let period: ClosedRange<YearMonth>
    /// The plan's 填报说明 field, appended to the type's own fields.
    let explanation: Field?

    func load() throws(SchemaError) -> ReturnType {
        let root = try document.mapping(document.root, at: "")
        let name = try document.text(root, "name", at: "")
        let title = try document.text(root, "title", at: "")
        let schema = try document.mapping(document.required(root, "schema", at: ""), at: "schema")
        let fieldNodes = try document.sequence(document.required(schema, "fields", at: "schema"), at: "schema.fields")
        var fields: [Field] = []
        for (i, node) in fieldNodes.enumerated() {
            let field = try loadField(node, at: "schema.fields[\(i)]")
            if fields.contains(where: { $0.key == field.key }) {
                throw document.error(at: "schema.fields[\(i)].name", node: node, .duplicate(field.key))
            }
            fields.append(field)
        }
        if let explanation {
            if let clash = fields.firstIndex(where: { $0.key == explanation.key }) {
                throw document.error(at: "schema.fields[\(clash)].name", node: fieldNodes[clash], .duplicate(explanation.key))
            }
            fields.append(explanation)
        }
        let keyNames = try document.texts(document.required(schema, "primaryKey", at: "schema"), at: "schema.primaryKey")
        let primaryKey = try keyNames.map { key throws(SchemaError) in
            try fieldIndex(key, fields, at: "schema.primaryKey", node: schema["primaryKey"])
        }
        var links: [RegistryLink] = []
        if let list = schema["foreignKeys"] {
            for (i, node) in try document.sequence(list, at: "schema.foreignKeys").enumerated() {
                links.append(try loadLink(node, fields, at: "schema.foreignKeys[\(i)]"))
            }
        }
        var rules: [RowRule] = []
        if let list = root["rules"] {
            for (i, node) in try document.sequence(list, at: "rules").enumerated() {
                rules.append(try loadRule(node, fields, at: "rules[\(i)]"))
            }
        }
        let missing = try document.optionalTexts(schema, "missingValues", at: "schema") ?? [""]
        let contacts = try (document.optionalTexts(root, "contactFields", at: "") ?? []).map { key throws(SchemaError) in
            try fieldIndex(key, fields, at: "contactFields", node: root["contactFields"])
        }
        var type = ReturnType(name: name, title: title, fields: fields, primaryKey: primaryKey,
                              registryLinks: links, rules: rules, missingValues: Set(missing), sourceFile: document.path)
        type.contactFields = contacts
        type.explanationField = explanation.map { _ in fields.count - 1 }
        return type
    }

    private func loadField(_ node: Node, at place: String) throws(SchemaError) -> Field {
        let map = try document.mapping(node, at: place)
        let key = try document.text(map, "name", at: place)
        let typeName = try document.text(map, "type", at: place)
        guard let type = FieldType(rawValue: typeName) else {
            throw document.error(at: place + ".type", node: map["type"],
                                 .unknownValue(typeName, allowed: FieldType.allCases.map(\.rawValue)))
        }
        var checksum: ChecksumKind?
        if let name = try document.optionalText(map, "checksum", at: place) {
            guard let kind = ChecksumKind(rawValue: name) else {
                throw document.error(at: place + ".checksum", node: map["checksum"],
                                     .unknownValue(name, allowed: [ChecksumKind.gb32100.rawValue]))
            }
            checksum = kind
        }
        var constraints = FieldConstraints()
        if let node = map["constraints"] {
            constraints = try loadConstraints(node, type: type, at: place + ".constraints")
        }
        if map["planPeriod"]?.bool == true {
            constraints.minimum = Bound(value: .text(period.lowerBound.description), fromPlanPeriod: true)
            constraints.maximum = Bound(value: .text(period.upperBound.description), fromPlanPeriod: true)
        }
        return Field(
            key: key,
            label: try document.text(map, "title", at: place),
            type: type,
            constraints: constraints,
            aliases: try document.optionalTexts(map, "aliases", at: place) ?? [],
            isCode: map["code"]?.bool == true,
            checksum: checksum,
            trueValues: Set(try document.optionalTexts(map, "trueValues", at: place) ?? ["true"]),
            falseValues: Set(try document.optionalTexts(map, "falseValues", at: place) ?? ["false"]),
            hint: try document.optionalLocalized(map, "hint", at: place)
        )
    }

    private func loadConstraints(_ node: Node, type: FieldType, at place: String) throws(SchemaError) -> FieldConstraints {
        let map = try document.mapping(node, at: place)
        var c = FieldConstraints()
        c.required = map["required"]?.bool == true
        c.enumValues = try document.optionalTexts(map, "enum", at: place)
        c.minLength = try document.optionalInteger(map, "minLength", at: place)
        c.maxLength = try document.optionalInteger(map, "maxLength", at: place)
        if let pattern = try document.optionalText(map, "pattern", at: place) {
            do {
                c.pattern = try FieldPattern(pattern)
            } catch {
                throw document.error(at: place + ".pattern", node: map["pattern"], .invalidPattern(pattern))
            }
        }
        c.minimum = try bound(map, "minimum", type: type, at: place)
        c.maximum = try bound(map, "maximum", type: type, at: place)
        return c
    }

    private func bound(_ map: Node, _ key: String, type: FieldType, at place: String) throws(SchemaError) -> Bound? {
        guard let node = map[key] else { return nil }
        switch type {
        case .integer, .number:
            return Bound(value: .number(try document.number(map, key, at: place)))
        case .date, .yearmonth:
            guard let text = node.string, let value = ValueParser(field: nil).canonical(text, as: type) else {
                throw document.error(at: place + "." + key, node: node,
                                     .wrongKind(expected: type == .date ? .text : .yearMonth))
            }
            return Bound(value: .text(value))
        case .string, .boolean:
            throw document.error(at: place + "." + key, node: node,
                                 .unknownValue(key, allowed: ["required", "enum", "minLength", "maxLength", "pattern"]))
        }
    }

    private func loadLink(_ node: Node, _ fields: [Field], at place: String) throws(SchemaError) -> RegistryLink {
        let map = try document.mapping(node, at: place)
        let key = try document.text(map, "fields", at: place)
        let unitType = try document.text(map, "unitType", at: place)
        let nameField = try document.optionalText(map, "nameField", at: place)
        return RegistryLink(
            field: try fieldIndex(key, fields, at: place + ".fields", node: map["fields"]),
            unitType: unitType,
            nameField: try nameField.map { key throws(SchemaError) in
                try fieldIndex(key, fields, at: place + ".nameField", node: map["nameField"])
            }
        )
    }

    private func loadRule(_ node: Node, _ fields: [Field], at place: String) throws(SchemaError) -> RowRule {
        let map = try document.mapping(node, at: place)
        let id = try document.text(map, "id", at: place)
        let source = try document.text(map, "check", at: place)
        let check: RuleExpression
        do {
            check = try RuleParser.parse(source, fields: fields)
        } catch {
            throw document.error(at: place + ".check", node: map["check"], error)
        }
        let used = Self.unique(check.fieldsUsed)
        let previousUsed = Self.unique(check.previousFieldsUsed)
        guard var field = (used + previousUsed).first else {
            throw document.error(at: place + ".check", node: map["check"], .invalidRule("the check names no field"))
        }
        if let key = try document.optionalText(map, "field", at: place) {
            field = try fieldIndex(key, fields, at: place + ".field", node: map["field"])
        }
        guard let message = try document.optionalLocalized(map, "message", at: place) else {
            throw document.error(at: place + ".message", node: node, .missing)
        }
        var rule = RowRule(id: id, check: check, field: field, fieldsUsed: used, message: message)
        rule.previousFieldsUsed = previousUsed
        if let name = try document.optionalText(map, "level", at: place) {
            guard let level = RuleLevel(rawValue: name) else {
                throw document.error(at: place + ".level", node: map["level"],
                                     .unknownValue(name, allowed: RuleLevel.allCases.map(\.rawValue)))
            }
            rule.level = level
        }
        return rule
    }

    /// The indexes in the order they first appear.
    private static func unique(_ indexes: [Int]) -> [Int] {
        var unique: [Int] = []
        for i in indexes where !unique.contains(i) { unique.append(i) }
        return unique
    }

    private func fieldIndex(_ key: String, _ fields: [Field], at place: String, node: Node?) throws(SchemaError) -> Int {
        guard let i = fields.firstIndex(where: { $0.key == key }) else {
            throw document.error(at: place, node: node, .unknownField(key))
        }
        return i
    }
}
