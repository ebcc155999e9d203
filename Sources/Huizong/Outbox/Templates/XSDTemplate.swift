/// The XSD of a return type's XML (PRODUCT §5, §9), derived from the schema alone, so that a third
/// return type gets one with no code change.
///
/// It types the canonical form strictly (§3.3): enumerations for enums and booleans (是/否),
/// `xs:gYearMonth` restricted to `YYYY-MM` with months 01–12, `xs:date` as `YYYY-MM-DD`, the fields'
/// patterns, `xs:nonNegativeInteger` and `xs:decimal` with their inclusive bounds, the plan period as
/// the bounds of 报送期间, and the primary key as an `xs:unique` over the rows. A required field must
/// occur and be non-empty; an optional one may be omitted or hold one of the type's missing values
/// (by default the empty text), which huizong reads as empty. The loose forms of §3.3 are not
/// accepted: the XSD describes what a unit's system should export, not all that huizong can read.
///
/// The row's fields are an `xs:all`: each at most once, in any order, as huizong reads them — so a
/// system that exports them in schema order validates, and so does one that does not. An element
/// that is no field is rejected, although huizong only warns about it (`extra-label`).
///
/// Assumptions about the schema: field keys are XML names (they are ASCII identifiers), and
/// patterns use only literals, escapes, character classes, groups, alternation and quantifiers.
/// Table Schema and XSD both anchor a pattern at both ends, and XSD regular expressions support
/// exactly that subset with the same meaning, so a pattern is copied as it is.
enum XSDTemplate {
    /// The named simple types the field types build on, declared once per XSD where used.
    private enum BaseType: String, CaseIterable {
        case canonicalBoolean
        case canonicalDate
        case canonicalYearMonth
        case missingValue
    }

    /// How one field element is typed.
    private struct ElementType {
        /// A built-in type or a `BaseType`.
        var base: String
        /// What the field's own constraints add to `base`.
        var facets: [(name: String, value: String)]
        /// An optional field whose element may also hold a missing value. Not needed where `base`
        /// is a plain `xs:string`, which holds any text anyway.
        var mayBeMissing: Bool
    }

    static func bytes(for type: ReturnType) -> [UInt8] {
        let missingValues = type.missingValues.sorted()
        let elementTypes = type.fields.map { elementType(of: $0, missingValues: missingValues) }
        var xsd = XMLMarkup()
        xsd.start("xs:schema", [("xmlns:xs", "http://www.w3.org/2001/XMLSchema")])
        xsd.documentation("\(type.title)（\(type.name)）：由 huizong templates 根据 seeds/ 中的计划方案生成，请勿手改。")
        xsd.start("xs:element", [("name", "return")])
        xsd.start("xs:complexType")
        xsd.start("xs:sequence")
        xsd.start("xs:element", [("name", "row"), ("minOccurs", "0"), ("maxOccurs", "unbounded")])
        xsd.start("xs:complexType")
        xsd.start("xs:all")
        for (field, elementType) in zip(type.fields, elementTypes) {
            element(field, elementType, into: &xsd)
        }
        xsd.end()
        xsd.end()
        xsd.end()
        xsd.end()
        xsd.empty("xs:attribute", [("name", "type"), ("type", "xs:string"), ("use", "required"), ("fixed", type.name)])
        xsd.end()
        if !type.primaryKey.isEmpty {
            // A later row with the key of an earlier one is a `primary-key` error for huizong.
            xsd.start("xs:unique", [("name", "primaryKey")])
            xsd.empty("xs:selector", [("xpath", "row")])
            for i in type.primaryKey {
                xsd.empty("xs:field", [("xpath", type.fields[i].key)])
            }
            xsd.end()
        }
        xsd.end()
        var used = Set(elementTypes.compactMap { BaseType(rawValue: $0.base) })
        if elementTypes.contains(where: \.mayBeMissing) { used.insert(.missingValue) }
        for base in BaseType.allCases where used.contains(base) {
            declare(base, missingValues: missingValues, into: &xsd)
        }
        xsd.end()
        return xsd.bytes
    }

    /// The text of a bound as a facet value or example value of `field`: integer bounds are rounded
    /// inwards, since a facet of an integer type must be an integer.
    static func limit(_ bound: Bound, of field: Field, isMinimum: Bool) -> String {
        guard case .number(let n) = bound.value, field.type == .integer else { return bound.description }
        return CanonicalNumber.text(n.rounded(isMinimum ? .up : .down))
    }

    private static func elementType(of field: Field, missingValues: [String]) -> ElementType {
        let c = field.constraints
        var facets = (c.enumValues ?? []).map { (name: "xs:enumeration", value: $0) }
        var minimum = c.minimum.map { limit($0, of: field, isMinimum: true) }
        let base: String
        switch field.type {
        case .string:
            base = "xs:string"
            let minLength = max(c.minLength ?? 0, c.required ? 1 : 0)
            if minLength > 0 { facets.append(("xs:minLength", String(minLength))) }
            if let maxLength = c.maxLength { facets.append(("xs:maxLength", String(maxLength))) }
        case .integer where minimum == "0":
            base = "xs:nonNegativeInteger"
            minimum = nil
        case .integer:
            base = "xs:integer"
        case .number:
            base = "xs:decimal"
        case .boolean:
            base = BaseType.canonicalBoolean.rawValue
        case .date:
            base = BaseType.canonicalDate.rawValue
        case .yearmonth:
            base = BaseType.canonicalYearMonth.rawValue
        }
        if let minimum { facets.append(("xs:minInclusive", minimum)) }
        if let maximum = c.maximum { facets.append(("xs:maxInclusive", limit(maximum, of: field, isMinimum: false))) }
        if let pattern = c.pattern { facets.append(("xs:pattern", pattern.source)) }
        let mayBeMissing = !c.required && !missingValues.isEmpty && !(base == "xs:string" && facets.isEmpty)
        return ElementType(base: base, facets: facets, mayBeMissing: mayBeMissing)
    }

    private static func element(_ field: Field, _ type: ElementType, into xsd: inout XMLMarkup) {
        let required = field.constraints.required
        let isInline = !type.facets.isEmpty || type.mayBeMissing
        var attributes = [("name", field.key)]
        if !isInline { attributes.append(("type", type.base)) }
        if !required { attributes.append(("minOccurs", "0")) }
        xsd.start("xs:element", attributes)
        let description = [field.label, field.hint?.zh].compactMap { $0 }.joined(separator: "：")
        xsd.documentation(description + (required ? "。必填。" : "。选填。"))
        if isInline {
            xsd.start("xs:simpleType")
            if type.mayBeMissing {
                let members = [BaseType.missingValue.rawValue] + (type.facets.isEmpty ? [type.base] : [])
                xsd.start("xs:union", [("memberTypes", members.joined(separator: " "))])
                if !type.facets.isEmpty {
                    xsd.start("xs:simpleType")
                    restriction(base: type.base, facets: type.facets, into: &xsd)
                    xsd.end()
                }
                xsd.end()
            } else {
                restriction(base: type.base, facets: type.facets, into: &xsd)
            }
            xsd.end()
        }
        xsd.end()
    }

    /// A base type's own restriction. The patterns of dates and months shut out the time zones that
    /// `xs:date` and `xs:gYearMonth` allow; they sit a derivation step below a field's own pattern,
    /// because patterns given in one step match if any of them does.
    private static func declare(_ base: BaseType, missingValues: [String], into xsd: inout XMLMarkup) {
        let (builtIn, facets): (String, [(name: String, value: String)]) = switch base {
        case .canonicalBoolean:
            ("xs:string", [true, false].map { ("xs:enumeration", CellValue.boolean($0).canonical) })
        case .canonicalDate:
            ("xs:date", [("xs:pattern", "[0-9]{4}-[0-9]{2}-[0-9]{2}")])
        case .canonicalYearMonth:
            ("xs:gYearMonth", [("xs:pattern", "[0-9]{4}-(0[1-9]|1[0-2])")])
        case .missingValue:
            ("xs:string", missingValues.map { ("xs:enumeration", $0) })
        }
        xsd.start("xs:simpleType", [("name", base.rawValue)])
        restriction(base: builtIn, facets: facets, into: &xsd)
        xsd.end()
    }

    private static func restriction(base: String, facets: [(name: String, value: String)], into xsd: inout XMLMarkup) {
        xsd.start("xs:restriction", [("base", base)])
        for facet in facets {
            xsd.empty(facet.name, [("value", facet.value)])
        }
        xsd.end()
    }
}

/// Indented XML text, as the templates' .xsd and example .xml are written: UTF-8, LF line ends.
struct XMLMarkup {
    private var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    var bytes: [UInt8] { Array(text.utf8) }

    mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        line("<" + name + Self.attributeText(attributes) + ">")
        open.append(name)
    }

    mutating func end() {
        let name = open.removeLast()
        line("</" + name + ">")
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        line("<" + name + Self.attributeText(attributes) + "/>")
    }

    /// An element holding text only, on one line.
    mutating func element(_ name: String, text: String) {
        line("<\(name)>\(Self.escaped(text))</\(name)>")
    }

    /// A comment; `text` must not hold `--`, which is why only fixed texts go into comments.
    mutating func comment(_ text: String) {
        line("<!-- " + text + " -->")
    }

    /// An `xs:annotation` documenting the element just started.
    mutating func documentation(_ text: String) {
        start("xs:annotation")
        element("xs:documentation", text: text)
        end()
    }

    private mutating func line(_ content: String) {
        text += String(repeating: "  ", count: open.count) + content + "\n"
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined()
    }

    /// `text` with the characters that XML gives a meaning escaped, fit for element text and
    /// double-quoted attribute values. Plain XML: the `_xHHHH_` escapes of `XMLText` are
    /// SpreadsheetML's, and an XSD or a unit's XML reader would take them literally.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
