/// A sheet's comments: the text in `xl/commentsN.xml`, and the legacy VML drawing of their boxes,
/// without which Excel and WPS load the comments but never show them.
enum CommentsXML {
    static func part(_ comments: [Worksheet.Comment]) -> String {
        var authors: [String] = []
        var list = ""
        for comment in comments {
            let author = authors.firstIndex(of: comment.author) ?? authors.count
            if author == authors.count { authors.append(comment.author) }
            let reference = CellAddress.cell(column: comment.column, row: comment.row)
            list += "<comment ref=\"\(reference)\" authorId=\"\(author)\"><text>\(XMLText.textElement(comment.text))</text></comment>"
        }
        let authorList = authors.map { "<author>\(XMLText.escaped($0, inAttribute: false))</author>" }.joined()
        return PackageParts.declaration + """
        <comments xmlns="\(PackageParts.spreadsheetNamespace)"><authors>\(authorList)</authors>\
        <commentList>\(list)</commentList></comments>
        """
    }

    /// One hidden note box per comment, the shape Excel itself writes. Shape ids come in blocks of 1024
    /// per drawing (`o:idmap`), so sheet N's shapes are numbered from 1024 × N + 1.
    static func drawing(_ comments: [Worksheet.Comment], sheetNumber: Int) -> String {
        var shapes = ""
        for (i, comment) in comments.enumerated() {
            // The box sits to the right of its cell: from 1 column right and 1 row up, 2 columns wide, 4 rows high.
            let anchor = "\(comment.column + 1), 15, \(max(comment.row - 1, 0)), 10, \(comment.column + 3), 15, \(max(comment.row - 1, 0) + 4), 4"
            shapes += """
            <v:shape id="_x0000_s\(sheetNumber * 1024 + i + 1)" type="#_x0000_t202" \
            style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:\(i + 1);visibility:hidden" \
            fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>\
            <v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>\
            <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>\(anchor)</x:Anchor>\
            <x:AutoFill>False</x:AutoFill><x:Row>\(comment.row)</x:Row><x:Column>\(comment.column)</x:Column></x:ClientData></v:shape>
            """
        }
        return """
        <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
        xmlns:x="urn:schemas-microsoft-com:office:excel">\
        <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="\(sheetNumber)"/></o:shapelayout>\
        <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">\
        <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>\(shapes)</xml>
        """
    }
}
