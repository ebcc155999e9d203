/// `xl/styles.xml`, with one cell format for every combination of `Cell.Style` and date. Having them
/// all up front lets a sheet be streamed without first collecting the combinations it uses; there are
/// only 24.
enum StylesXML {
    /// The number formats, in the order of their block of cell formats.
    private static let numberFormats = [
        0, // General
        49, // "@": text
        164, // the date format below
    ]
    private static let dateFormatCode = "yyyy-mm-dd"
    /// The light red of Excel's "Bad" cell style.
    static let redFill = "FFFFC7CE"

    /// The `s` attribute of a cell with `style`: 8 formats (bold × red × wrap) per number format.
    static func formatIndex(_ style: Worksheet.Cell.Style, isDate: Bool) -> Int {
        let numberFormat = isDate ? 2 : style.contains(.textFormat) ? 1 : 0
        return numberFormat * 8 + Int(style.subtracting(.textFormat).rawValue)
    }

    static func part() -> String {
        var formats = ""
        for numberFormat in numberFormats {
            for look in 0..<8 {
                let style = Worksheet.Cell.Style(rawValue: UInt8(look))
                formats += cellFormat(numberFormat: numberFormat, bold: style.contains(.bold),
                                      red: style.contains(.redFill), wrap: style.contains(.wrapText))
            }
        }
        return PackageParts.declaration + """
        <styleSheet xmlns="\(PackageParts.spreadsheetNamespace)">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="\(dateFormatCode)"/></numFmts>\
        <fonts count="2">\(font(bold: false))\(font(bold: true))</fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="\(redFill)"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="\(numberFormats.count * 8)">\(formats)</cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
    }

    /// SimSun (宋体), which every Chinese Windows, WPS and LibreOffice install has.
    private static func font(bold: Bool) -> String {
        "<font>\(bold ? "<b/>" : "")<sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
    }

    private static func cellFormat(numberFormat: Int, bold: Bool, red: Bool, wrap: Bool) -> String {
        var attributes = "numFmtId=\"\(numberFormat)\" fontId=\"\(bold ? 1 : 0)\" fillId=\"\(red ? 2 : 0)\" borderId=\"0\" xfId=\"0\""
        if numberFormat != 0 { attributes += " applyNumberFormat=\"1\"" }
        if bold { attributes += " applyFont=\"1\"" }
        if red { attributes += " applyFill=\"1\"" }
        guard wrap else { return "<xf \(attributes)/>" }
        return "<xf \(attributes) applyAlignment=\"1\"><alignment wrapText=\"1\"/></xf>"
    }
}
