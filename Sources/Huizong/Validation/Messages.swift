/// Every message a person reads about a return, in Chinese and English, in one place.
///
/// Each message says what is wrong and what to change, naming the column and the value.
/// `IssueCatalogue` lists under each code the findings that give it, with an example of each message.
enum Messages {
    static func text(_ issue: Issue, _ language: Language) -> String {
        let zh = language == .zh
        let label = issue.label ?? issue.field ?? ""
        let value = issue.value ?? ""
        let cell = zh ? "「\(label)」的值“\(value)”" : "\(label) “\(value)”"
        switch issue.finding {
        case .unreadable(let problem):
            return text(problem, language: language, isXML: issue.file.lowercased().hasSuffix(".xml"))
        case .unknownReturnType(let titles):
            return zh
                ? "表头与任何报表类型都不符，无法识别这是哪种报表。请使用模板的表头（\(titles.joined(separator: "、"))），表头须在第一行。"
                : "The header matches no return type. Use a template's header (\(titles.joined(separator: ", "))) on the first line."
        case .unknownXMLType(let type, let known):
            let choices = known.map { "<return type=\"\($0.value)\">（\($0.label)）" }
            let problem = type.map { zh ? "写的报表类型“\($0)”不是已知的类型" : "names the return type “\($0)”, which is not known" }
                ?? (zh ? "没有写报表类型" : "names no return type")
            return zh
                ? "文件最外层的标签 <return> \(problem)。请写成 \(choices.joined(separator: " 或 "))。"
                : "The file's outermost tag <return> \(problem). Write \(choices.joined(separator: " or "))."
        case .blankLabel(let column):
            return zh ? "表头第 \(column) 列是空的。请填写列名，或删除这一整列。" : "Column \(column) of the header is empty. Name the column or delete it."
        case .duplicateLabel(let column, let firstColumn, let firstLabel):
            return zh
                ? "表头第 \(firstColumn) 列“\(firstLabel)”和第 \(column) 列“\(label)”是同一列。请删除重复的一列。"
                : "Header column \(firstColumn) “\(firstLabel)” and column \(column) “\(label)” are the same column. Delete one of them."
        case .missingLabel:
            return zh ? "缺少必填的列“\(label)”。请按模板补上这一列。" : "The required column “\(label)” is missing. Add it as in the template."
        case .extraLabel:
            return zh ? "表头中的“\(label)”不是本报表的列，已忽略。若是列名写错，请改成模板中的列名。" : "The column “\(label)” is not part of this return and was ignored. If it is a misspelt column name, use the template's."
        case .unknownElement:
            return zh ? "标签 <\(label)> 不是本报表的字段，已忽略。若是字段名写错，请改成模板中的字段名。" : "The tag <\(label)> is no field of this return and was ignored. If its name is misspelt, use the template's."
        case .repeatedElement(let name):
            return zh ? "<\(name)> 在本行出现了两次（第二次的值“\(value)”）。每个字段只能写一次，请删除多余的一个。" : "<\(name)> appears twice in this row (the second time “\(value)”). Give each field once; delete the extra one."
        case .extraCell(let expected, let found):
            return zh ? "本行有 \(found) 个单元格，多于表头的 \(expected) 列。请检查是否多了逗号或单元格错位。" : "This row has \(found) cells but the header has \(expected) columns. Look for a stray comma or shifted cells."
        case .missingCell(let expected, let found):
            return zh ? "本行只有 \(found) 个单元格，少于表头的 \(expected) 列，缺少“\(label)”等列。请补齐本行。" : "This row has only \(found) cells but the header has \(expected) columns; “\(label)” and later columns are missing. Complete the row."
        case .notOfType(let type):
            return zh ? "\(cell)不是\(typeName(type, zh))。请填写\(typeExample(type, zh))。" : "\(cell) is not \(typeName(type, zh)). Enter \(typeExample(type, zh))."
        case .codeTurnedIntoNumber:
            return zh
                ? "\(cell)被表格存成了数字，代码开头的 0 或后几位已经丢失（长代码会变成 9.13302E+17 这样的科学计数法）。请把这一列的单元格格式设为“文本”，再重新输入完整的代码。"
                : "\(cell) was stored as a number, which drops a code's leading zeros or turns a long code into something like 9.13302E+17 and loses its last digits. Format the column as Text and type the full code again."
        case .codeStoredAsNumber:
            return zh
                ? "\(cell)被表格存成了数字，这次位数完整，已采用。数字格式会去掉代码开头的 0、把长代码变成科学计数法，请把这一列的单元格格式设为“文本”。"
                : "\(cell) was stored as a number; no digit was lost and the row was taken. A number drops a code's leading zeros and turns a long code into scientific notation: format the column as Text."
        case .structuredValue:
            return zh ? "「\(label)」中含有子元素，只能填写文字。请去掉其中的标签。" : "\(label) contains child elements; it may hold text only. Remove the inner tags."
        case .unsavedFormula:
            return zh
                ? "「\(label)」是公式，但文件里没有保存它的计算结果，无法知道填的是多少。请在 Excel 或 WPS 中打开这个文件，保存一次后再报送。"
                : "\(label) is a formula whose result was never saved in the file, so its value is unknown. Open the file in Excel or WPS, save it, and send it again."
        case .required(let hint):
            return (zh ? "「\(label)」必须填写。" : "\(label) is required.") + hintText(hint, zh)
        case .notInEnum(let allowed):
            return zh ? "\(cell)不在可选范围内。请填写其中之一：\(allowed.joined(separator: "、"))。" : "\(cell) is not allowed. Enter one of: \(allowed.joined(separator: ", "))."
        case .wrongLength(let count, let minimum, let maximum):
            if let minimum, let maximum, minimum == maximum {
                return zh ? "\(cell)有 \(count) 位，应为 \(minimum) 位。请核对后补全或删去多余的字符。" : "\(cell) has \(count) characters; it must have \(minimum). Check it and correct it."
            }
            if let minimum, count < minimum {
                return zh ? "\(cell)只有 \(count) 位，至少应为 \(minimum) 位。" : "\(cell) has \(count) characters; it needs at least \(minimum)."
            }
            return zh ? "\(cell)有 \(count) 位，最多 \(maximum ?? 0) 位。" : "\(cell) has \(count) characters; at most \(maximum ?? 0) are allowed."
        case .patternMismatch(let hint):
            return (zh ? "\(cell)格式不对。" : "\(cell) is not in the right form.") + hintText(hint, zh)
        case .belowMinimum(let bound):
            if bound.fromPlanPeriod {
                return zh ? "\(cell)早于本方案的报送期间（从 \(bound.description) 开始）。请填写方案期间内的年月。" : "\(cell) is before the plan period, which starts in \(bound.description). Enter a month inside the plan period."
            }
            return zh ? "\(cell)小于允许的最小值 \(bound.description)。请核对。" : "\(cell) is below the minimum \(bound.description). Check it."
        case .aboveMaximum(let bound):
            if bound.fromPlanPeriod {
                return zh ? "\(cell)晚于本方案的报送期间（到 \(bound.description) 为止）。请填写方案期间内的年月。" : "\(cell) is after the plan period, which ends in \(bound.description). Enter a month inside the plan period."
            }
            return zh ? "\(cell)大于允许的最大值 \(bound.description)。请核对。" : "\(cell) is above the maximum \(bound.description). Check it."
        case .wrongCheckCharacter(let expected):
            return zh
                ? "\(cell)的校验位（第 18 位）不对：按前 17 位应为“\(expected)”。请对照营业执照逐位核对，通常是某一位抄错了。"
                : "\(cell) has a wrong check character (the 18th): the first 17 give “\(expected)”. Compare it with the business licence; usually one character was copied wrong."
        case .unregistered(let unitType):
            return zh
                ? "\(cell)不在本镇的单位名录中（应为已登记的\(unitType)）。请核对代码；新设立的单位请先联系镇法治办登记。"
                : "\(cell) is not in the town's unit registry (a registered \(unitTypeName(unitType, zh)) is expected). Check the code; a new unit must first be registered with the office."
        case .wrongUnitType(let expected, let registeredAs):
            return zh
                ? "\(cell)在单位名录中登记为\(registeredAs)，不是\(expected)。请核对是否填错了列或代码。"
                : "\(cell) is registered as a \(unitTypeName(registeredAs, zh)), not a \(unitTypeName(expected, zh)). Check the code and the column."
        case .nameDiffers(let registered):
            return zh
                ? "\(cell)与单位名录中的名称“\(registered)”不一致。请核对；若单位已更名，请联系镇法治办更新名录。"
                : "\(cell) differs from the registered name “\(registered)”. Check it; if the unit was renamed, ask the office to update the registry."
        case .ruleFailed(let text, let values, let bands):
            let facts = values.map { "\($0.label) \($0.value)" }
            let scale = bands.map { "\($0.label) ≥ \(CanonicalNumber.text($0.minimum))" }
            let note = scale.isEmpty ? "" : zh ? "（方案规定：\(scale.joined(separator: "，"))）" : " (the plan's bands: \(scale.joined(separator: ", ")))"
            return zh
                ? "\(text.zh)\(note)。本行\(facts.joined(separator: "，"))，请核对这几项数据。"
                : "In this row \(text.en)\(note): \(facts.joined(separator: ", ")). Check these figures."
        case .duplicateKey(let firstRow, let labels):
            let names = labels.joined(separator: zh ? "、" : " and ")
            return zh
                ? "本行与第 \(firstRow) 行的\(names)相同（同一单位同一期间报了两次），已保留第 \(firstRow) 行。请删除重复的一行或改正期间。"
                : "This row has the same \(names) as row \(firstRow) (one unit reported twice for one period); row \(firstRow) was kept. Delete the duplicate or correct the period."
        case .conflict(let otherFile, let otherRow, let labels):
            let names = labels.joined(separator: zh ? "、" : " and ")
            return zh
                ? "同一晚报送的“\(otherFile)”第 \(otherRow) 行也报了这个\(names)，但数据不同，两行都未采用。请与对方核对，只报送正确的一份。"
                : "“\(otherFile)” row \(otherRow), sent the same night, has the same \(names) with other figures; neither row was taken. Agree on the right figures and send only those."
        case .needsExplanation(let text, let values, let previous, let previousPeriod):
            // The figures first, then the rule's message, which tells the unit what to write in
            // 填报说明 (PRODUCT §11.2's messages do), then what happened to the row.
            let facts = values.map { "\($0.label) \($0.value)" }
            let before = previous.map { "\($0.label) \($0.value)" }
            let history = previousPeriod.map { period in
                zh ? "，上期（\(period)）\(before.joined(separator: "，"))" : "; the previous period (\(period)) had \(before.joined(separator: ", "))"
            } ?? ""
            return zh
                ? "本行\(facts.joined(separator: "，"))\(history)。\(text.zh)。该行暂不采用，请核实后重新报送。"
                : "This row has \(facts.joined(separator: ", "))\(history). \(sentence(text.en)). The row is held; check it and send it again."
        case .explained(let text, let previousPeriod):
            let against = previousPeriod.map { zh ? "对照上期（\($0)）" : " against the previous period (\($0))" } ?? ""
            return zh
                ? "\(text.zh)。填报单位的说明：“\(value)”。本行已采用，待镇法治办审核时\(against)核实。"
                : "\(sentence(text.en)). The unit's explanation: “\(value)”. The row was taken for the office to review\(against)."
        case .locked(let reason):
            switch reason {
            case .approved(let by, let at):
                return zh
                    ? "该单位本期报表已于 \(at) 由 \(by) 审核通过，本行未采用。如确需更正，请联系镇法治办撤回审核后再报送。"
                    : "This unit's return for the period was approved by \(by) on \(at); the row was not taken. To correct it, ask the office to withdraw the approval, then send it again."
            case .closed(let period, let by, let at):
                return zh
                    ? "\(period) 期已于 \(at) 由 \(by) 关账，本行未采用。如确需更正，请联系镇法治办重新开账后再报送。"
                    : "The period \(period) was closed by \(by) on \(at); the row was not taken. To correct it, ask the office to reopen the period, then send it again."
            }
        case .emptyReturn:
            return zh
                ? "文件只有表头，没有数据行，没有汇总任何数据。若本期有数据要报，请在表头下面逐行填好后重新报送。"
                : "The file has a header but no rows, so nothing was taken. If there are figures to report, fill them in below the header and send it again."
        case .notAuthorised(let account):
            return zh
                ? "账户“\(account)”不能报送单位 \(value) 的报表，本行未采用。请用该单位自己的账户报送，或请镇法治办为本账户增加这个单位。"
                : "The account “\(account)” may not file for the unit \(value); the row was not taken. File it with that unit's own account, or ask the office to grant the unit to this account."
        case .duplicateFile(let firstName, let firstSeen):
            return zh
                ? "这个文件与 \(firstSeen) 处理过的“\(firstName)”内容完全相同，未重复汇总。若要更正数据，请修改后再报送。"
                : "This file is identical to “\(firstName)”, processed on \(firstSeen); nothing was applied again. To correct figures, change the file and send it again."
        }
    }

    /// The sentence a workbook's file-level message ends with: which sheet was read, and which
    /// others the workbook has.
    static func sheetNote(_ sheet: SheetChoice, _ language: Language) -> String {
        let zh = language == .zh
        let read = zh ? "读取的是工作表“\(sheet.read)”" : " The sheet read was “\(sheet.read)”"
        guard !sheet.others.isEmpty else { return read + (zh ? "。" : ".") }
        let others = sheet.others.map { "“\($0)”" }.joined(separator: zh ? "、" : ", ")
        return read + (zh ? "，文件中另有工作表\(others)。" : "; the workbook also has \(others).")
    }

    /// Why a file could not be read, and what to do about it, in words a clerk can act on: no
    /// reader's, part's or library's words (those go into `detail(_:)`).
    static func text(_ problem: ReadProblem, language: Language, isXML: Bool) -> String {
        let zh = language == .zh
        let saveAgain = isXML
            ? (zh ? "请从原系统重新导出，并确认文件实际的编码与第一行声明的一致。" : "Export it again and make sure its bytes match the encoding its first line declares.")
            : (zh ? "请在 Excel 或 WPS 中打开后另存为“CSV UTF-8（逗号分隔）”再报送。" : "Open it in Excel or WPS and save it as “CSV UTF-8 (comma delimited)”, then send it again.")
        let exportAgain = zh ? "请从原系统按模板重新导出后再报送。" : "Export it again from the template and send it again."
        switch problem {
        case .empty:
            return zh ? "文件是空的，没有表头和数据。请确认保存的是填好的报表后重新报送。" : "The file is empty: no header and no rows. Check that the filled-in return was saved and send it again."
        case .unknownExtension(let ext):
            return zh
                ? "不能读取扩展名为“\(ext)”的文件。请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 文件后再报送。"
                : "Files named “.\(ext)” cannot be read. Save the return as an .xlsx or .csv file in Excel or WPS and send it again."
        case .unreadable:
            return zh
                ? "无法读取这个文件，它可能已被移走、正被其他程序使用或没有读取权限。请重新复制文件后再报送。"
                : "The file could not be read: it may have been moved, be in use by another program, or lack read permission. Copy it again and send it again."
        case .invalidBytes(let encoding, let offset):
            return zh
                ? "文件从第 \(offset + 1) 个字节起有不符合 \(encoding) 编码的内容，可能已损坏或混用了编码。" + saveAgain
                : "From byte \(offset + 1) on, the file has bytes that are not valid \(encoding); it may be damaged or mix encodings. " + saveAgain
        case .neitherUTF8NorGB18030(let utf8Offset, let gb18030Offset):
            return zh
                ? "文件既不是 UTF-8（第 \(utf8Offset + 1) 个字节起不符合）也不是 GB18030（第 \(gb18030Offset + 1) 个字节起不符合），可能混用了两种编码或已损坏。" + saveAgain
                : "The file is neither UTF-8 (invalid from byte \(utf8Offset + 1)) nor GB18030 (invalid from byte \(gb18030Offset + 1)); it may mix the two or be damaged. " + saveAgain
        case .unsupportedEncoding(let encoding):
            return zh
                ? "文件第一行声明的编码“\(encoding)”无法读取。请把文件另存为 UTF-8 编码后再报送。"
                : "The encoding “\(encoding)” that the file declares cannot be read. Save the file as UTF-8 and send it again."
        case .unterminatedQuote(let line):
            return zh
                ? "从第 \(line) 行开始的带引号的单元格一直没有结束引号，文件可能被截断或引号不成对。请在 Excel 或 WPS 中打开检查后重新保存。"
                : "A quoted cell starting on line \(line) is never closed; the file may be cut off or have an unpaired quote. Open it in Excel or WPS, check it and save it again."
        case .malformedXML(let line, let column, let reason):
            return zh
                ? "文件格式有误（第 \(line) 行第 \(column) 列：\(expatReasons[reason] ?? "有不合规的内容")）。请从原系统重新导出，或按模板改正后重新报送。"
                : "The file is not well-formed at line \(line), column \(column). Export it again, or correct it as in the template, and send it again."
        case .entityAmplification(let line):
            return zh
                ? "文件第 \(line) 行起的内容层层展开后大得异常，为安全起见不予读取。" + exportAgain
                : "From line \(line) on, the file's content expands to an abnormal size; it is refused for safety. " + exportAgain
        case .externalEntity(let line):
            return zh
                ? "文件第 \(line) 行要求读取文件以外的内容，为安全起见不予读取。" + exportAgain
                : "Line \(line) of the file asks for content from outside the file; it is refused for safety. " + exportAgain
        case .unexpectedXMLRoot(let name):
            return zh
                ? "文件最外层的标签是 <\(name)>，报表应为 <return type=\"…\">。" + exportAgain
                : "The file's outermost tag is <\(name)>; a return's is <return type=\"…\">. " + exportAgain
        case .misplacedXML(let line, let column, let what):
            let place = zh ? "第 \(line) 行第 \(column) 列" : "line \(line), column \(column)"
            switch what {
            case .element(let name):
                return zh
                    ? "<return> 里只能有 <row> 标签，但\(place)有 <\(name)>。" + exportAgain
                    : "Only <row> tags belong inside <return>, but \(place) has <\(name)>. " + exportAgain
            case .textInReturn, .textInRow:
                let container = what == .textInReturn ? "<return>" : "<row>"
                return zh
                    ? "\(container) 中\(place)有不属于任何字段的文字。文字只能写在字段的标签里，如 <name>东岙村</name>。"
                    : "At \(place) there is text directly inside \(container), outside any field. Text belongs inside a field's tags, such as <name>…</name>."
            }
        case .tooDeep(let levels):
            return zh
                ? "文件中的标签嵌套超过 \(levels) 层，不是报表的结构。" + exportAgain
                : "The file nests tags more than \(levels) levels deep, which no return does. " + exportAgain
        case .encryptedWorkbook:
            return zh
                ? "工作簿设置了打开密码，无法读取。请取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后重新保存，再报送。"
                : "The workbook has an opening password, so it cannot be read. Remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save it again and send it."
        case .unsupportedWorkbook:
            return zh
                ? "文件不是 Excel 97 及以后版本的工作簿（可能是文字文档，或 Excel 95 及更早版本保存的文件），无法读取。请在 Excel 或 WPS 中打开后另存为“Excel 工作簿（.xlsx）”再报送。"
                : "The file is not a workbook of Excel 97 or later (it may be a Word document, or a file saved by Excel 95 or earlier), so it cannot be read. Open it in Excel or WPS, save it as “Excel Workbook (.xlsx)” and send it again."
        case .corruptWorkbook:
            return zh
                ? "文件已损坏或不完整，无法作为 Excel 工作簿读取。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新发送。"
                : "The file is damaged or incomplete and cannot be read as an Excel workbook. Open it in Excel or WPS, save it as .xlsx and send it again."
        case .workbookTooLarge:
            return zh
                ? "工作簿打开后的内容远远超出一份报表的大小，不像是一份报表。请确认报的是这个文件，删去多余的工作表和空白格式，另存为 .xlsx 后重新报送。"
                : "The workbook opens to far more than any return holds; it does not look like a return. Check that it is the right file, delete extra sheets and blank formatting, save it as .xlsx and send it again."
        case .filesInArchive(let names):
            let shown = names.prefix(3).map { "“\($0)”" }.joined(separator: zh ? "、" : ", ") + (names.count > 3 ? (zh ? "等" : ", …") : "")
            return zh
                ? "这是一个压缩文件，里面装着\(shown)，它本身不是报表。请解压后，把其中的报表文件直接报送。"
                : "This is a compressed archive holding \(shown), not a return itself. Unpack it and send the return files in it."
        case .noWorksheet:
            return zh
                ? "工作簿中没有工作表（只有图表或宏表）。请把报表填写在工作表中，按模板重新保存再报送。"
                : "The workbook has no worksheet (only charts or macro sheets). Fill in the return on a worksheet as in the template and send it again."
        case .tooManyRows(let limit):
            return zh
                ? "文件的数据行超过了 \(limit) 行的上限，未予处理。请拆成几个文件报送；确属正常，请联系镇法治办。"
                : "The file has more than \(limit) rows, the limit, and was not processed. Split it into several files; if it really is this large, ask the office."
        case .tooLarge:
            return zh
                ? "文件内容超出了一份报表能有的大小，未予处理。请检查是否报错了文件；确属正常，请拆成几个文件报送或联系镇法治办。"
                : "The file holds more than a return may, and was not processed. Check that it is the right file; if it really is this large, split it or ask the office."
        }
    }

    /// What a reader said about a file it could not read, for the office and for whoever looks
    /// into it (`detail` in JSON), never shown to a clerk; nil when the message says it all.
    static func detail(_ problem: ReadProblem) -> String? {
        switch problem {
        case .unreadable(let reason), .corruptWorkbook(let reason), .unsupportedWorkbook(let reason), .malformedXML(_, _, let reason): reason
        case .workbookTooLarge(let limit): "the workbook inflates beyond \(limit) (limits: unzippedMB and unzipRatio in seeds/plan.yaml)"
        case .tooManyRows(let limit): "more than \(limit) rows (limits: rows in seeds/plan.yaml)"
        case .tooLarge(let limit): "beyond \(limit) (limits in seeds/plan.yaml)"
        case .entityAmplification: "entities expand beyond the amplification limit"
        case .externalEntity: "an external entity or DTD, which is never loaded"
        case .empty, .unknownExtension, .invalidBytes, .neitherUTF8NorGB18030, .unsupportedEncoding, .unterminatedQuote,
             .misplacedXML, .tooDeep, .encryptedWorkbook, .filesInArchive, .noWorksheet, .unexpectedXMLRoot: nil
        }
    }

    /// Chinese for the expat errors clerks meet; others read 有不合规的内容.
    private static let expatReasons = [
        "no element found": "文件不完整，可能在复制或导出时被截断",
        "mismatched tag": "开始标签与结束标签不一致",
        "not well-formed (invalid token)": "有不合规的字符或标签",
        "unclosed token": "有没写完的标签",
        "junk after document element": "报表结束之后还有内容",
        "syntax error": "语法错误",
        "undefined entity": "有无法识别的 & 符号，请删去或改为全角“＆”",
        "duplicate attribute": "同一标签中有重复的属性",
        "XML declaration not well-formed": "第一行的声明写得不对",
        "unclosed CDATA section": "有一段原样文本没有结束标记",
        "partial character": "有不完整的字符，文件可能被截断",
        "XML or text declaration not at start of entity": "第一行的声明必须写在文件最开头",
        "reference to invalid character number": "引用了无效的字符编号",
    ]

    /// A rule's English message, which reads as part of a sentence, as a sentence of its own.
    private static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    private static func hintText(_ hint: LocalizedText?, _ zh: Bool) -> String {
        guard let hint else { return "" }
        return zh ? "请填写：\(hint.zh)。" : " Enter \(hint.en)."
    }

    private static func typeName(_ type: FieldType, _ zh: Bool) -> String {
        switch type {
        case .integer: zh ? "整数" : "a whole number"
        case .number: zh ? "数字" : "a number"
        case .boolean: zh ? "“是”或“否”" : "yes or no"
        case .date: zh ? "日期" : "a date"
        case .yearmonth: zh ? "年月" : "a year and month"
        case .string: zh ? "文字" : "text"
        }
    }

    /// The type's name with an example of its canonical form, where it has one.
    private static func typeExample(_ type: FieldType, _ zh: Bool) -> String {
        let example: String? = switch type {
        case .integer: "25"
        case .number: zh ? "1200 或 84.5" : "1200 or 84.5"
        case .date: "2009-06-15"
        case .yearmonth: "2009-06"
        case .boolean, .string: nil
        }
        guard let example else { return typeName(type, zh) }
        return typeName(type, zh) + (zh ? "，如 " : ", e.g. ") + example
    }

    private static func unitTypeName(_ unitType: String, _ zh: Bool) -> String {
        if zh { return unitType }
        switch unitType {
        case "村": return "village (村)"
        case "企业": return "enterprise (企业)"
        default: return unitType
        }
    }
}
