/// The skeleton of an .xlsx package (OPC): the parts' names and content types, the relationships that
/// link them, the workbook part and the document properties.
enum PackageParts {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
    static let spreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let officeContentType = "application/vnd.openxmlformats-officedocument"

    static let contentTypesPath = "[Content_Types].xml"
    static let rootRelationshipsPath = "_rels/.rels"
    static let workbookPath = "xl/workbook.xml"
    static let workbookRelationshipsPath = "xl/_rels/workbook.xml.rels"
    static let stylesPath = "xl/styles.xml"
    static let corePropertiesPath = "docProps/core.xml"
    static let appPropertiesPath = "docProps/app.xml"

    static func sheetPath(_ number: Int) -> String { "xl/worksheets/sheet\(number).xml" }
    static func sheetRelationshipsPath(_ number: Int) -> String { "xl/worksheets/_rels/sheet\(number).xml.rels" }
    static func commentsPath(_ number: Int) -> String { "xl/comments\(number).xml" }
    static func drawingPath(_ number: Int) -> String { "xl/drawings/vmlDrawing\(number).vml" }

    /// The id by which a sheet with comments names its VML drawing (`<legacyDrawing r:id=…>`): the
    /// second of `sheetRelationships`.
    static let drawingRelationshipId = "rId2"

    static func contentTypes(_ layout: WorkbookLayout) -> String {
        var overrides = override(workbookPath, "spreadsheetml.sheet.main+xml")
        for sheet in layout.sheets {
            overrides += override(sheetPath(sheet.number), "spreadsheetml.worksheet+xml")
        }
        overrides += override(stylesPath, "spreadsheetml.styles+xml")
        for sheet in layout.sheets where !sheet.worksheet.comments.isEmpty {
            overrides += override(commentsPath(sheet.number), "spreadsheetml.comments+xml")
        }
        overrides += "<Override PartName=\"/\(corePropertiesPath)\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        overrides += override(appPropertiesPath, "extended-properties+xml")
        let vml = layout.hasComments ? "<Default Extension=\"vml\" ContentType=\"\(officeContentType).vmlDrawing\"/>" : ""
        return declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\(vml)\(overrides)</Types>
        """
    }

    static func rootRelationships() -> String {
        relationships([
            ("\(relationshipNamespace)/officeDocument", workbookPath),
            ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", corePropertiesPath),
            ("\(relationshipNamespace)/extended-properties", appPropertiesPath),
        ])
    }

    /// The tabs, in order; the first one is shown when the workbook opens.
    static func workbook(_ layout: WorkbookLayout) -> String {
        var sheets = ""
        for sheet in layout.sheets {
            let state = sheet.worksheet.isHidden ? " state=\"hidden\"" : ""
            sheets += "<sheet name=\"\(XMLText.escaped(sheet.worksheet.name, inAttribute: true))\" sheetId=\"\(sheet.number)\"\(state) r:id=\"rId\(sheet.number)\"/>"
        }
        return declaration + """
        <workbook xmlns="\(spreadsheetNamespace)" xmlns:r="\(relationshipNamespace)">\
        <bookViews><workbookView activeTab="0"/></bookViews><sheets>\(sheets)</sheets></workbook>
        """
    }

    /// Sheet N is `rIdN`; the styles come after the sheets.
    static func workbookRelationships(_ layout: WorkbookLayout) -> String {
        relationships(layout.sheets.map { ("\(relationshipNamespace)/worksheet", insideXL(sheetPath($0.number))) }
            + [("\(relationshipNamespace)/styles", insideXL(stylesPath))])
    }

    /// The comments and their VML drawing of sheet `number`.
    static func sheetRelationships(_ number: Int) -> String {
        relationships([
            ("\(relationshipNamespace)/comments", "../" + insideXL(commentsPath(number))),
            ("\(relationshipNamespace)/vmlDrawing", "../" + insideXL(drawingPath(number))),
        ])
    }

    /// No dates: the same workbook gives the same bytes, so a committed template can be compared with a fresh one.
    static func coreProperties() -> String {
        declaration + """
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>huizong</dc:creator></cp:coreProperties>
        """
    }

    static func appProperties() -> String {
        declaration + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
        <Application>huizong</Application></Properties>
        """
    }

    /// `path` relative to the `xl/` folder, where the workbook's relationships start.
    private static func insideXL(_ path: String) -> String {
        String(path.dropFirst("xl/".count))
    }

    private static func override(_ path: String, _ type: String) -> String {
        "<Override PartName=\"/\(path)\" ContentType=\"\(officeContentType).\(type)\"/>"
    }

    /// Relationships numbered `rId1`, `rId2`, … in order.
    private static func relationships(_ targets: [(type: String, target: String)]) -> String {
        var items = ""
        for (i, target) in targets.enumerated() {
            items += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(target.type)\" Target=\"\(target.target)\"/>"
        }
        return declaration + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">\(items)</Relationships>"
    }
}
