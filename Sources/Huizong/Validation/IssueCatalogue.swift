/// Everything huizong says about each issue code of PRODUCT §6, in one place: its severity, what it
/// is about, its title, what the office should do about it, and the findings that give it.
///
/// The findings' messages are made in `Messages.swift`; the examples here are what each message
/// looks like. The dashboard, `huizong validate` and `docs/issue-codes.md` read this catalogue.
public enum IssueCatalogue {
    /// One code's entry.
    public struct Entry: Sendable {
        public var severity: Severity
        public var level: IssueLevel
        /// A few words naming the problem.
        public var title: LocalizedText
        /// What to do about it, in one sentence for the office.
        public var advice: LocalizedText
        /// One example of each finding that gives the code.
        public var examples: [Example]
    }

    /// A finding that gives a code, with the file, column and value its message quotes.
    public struct Example: Sendable {
        public var file = "报表.csv"
        public var label: String? = nil
        public var value: String? = nil
        public var finding: Finding

        /// The issue a clerk would be shown for `code`, on row 2 unless the code concerns no single row.
        public func issue(_ code: IssueCode) -> Issue {
            Issue(file: file, row: code.isFileLevel ? nil : 2, field: nil, label: label, code: code, value: value,
                  finding: finding)
        }
    }

    public static subscript(code: IssueCode) -> Entry {
        entries[code]!
    }

    private static let entries = Dictionary(uniqueKeysWithValues: IssueCode.allCases.map { ($0, makeEntry($0)) })

    private static func makeEntry(_ code: IssueCode) -> Entry {
        switch code {
        case .formatError:
            Entry(severity: .error, level: .file,
                  title: LocalizedText(zh: "文件无法读取", en: "Unreadable file"),
                  advice: LocalizedText(zh: "请填报单位用报表模板重新导出文件（Excel .xlsx、CSV 或 XML），确认文件完整后重新报送。",
                                        en: "Ask the unit to export the file again from the template (Excel .xlsx, CSV or XML) and send it complete."),
                  examples: [
                      Example(finding: .unreadable(.empty)),
                      Example(file: "报表.doc", finding: .unreadable(.unknownExtension("doc"))),
                      Example(finding: .unreadable(.unreadable(reason: "Permission denied"))),
                      Example(finding: .unreadable(.unterminatedQuote(line: 14))),
                      Example(file: "报表.xml", finding: .unreadable(.malformedXML(line: 12, column: 8, reason: "mismatched tag"))),
                      Example(file: "报表.xml", finding: .unreadable(.entityAmplification(line: 3))),
                      Example(file: "报表.xml", finding: .unreadable(.externalEntity(line: 2))),
                      Example(file: "报表.xml", finding: .unreadable(.misplacedXML(line: 5, column: 3, .element("data")))),
                      Example(file: "报表.xml", finding: .unreadable(.misplacedXML(line: 5, column: 3, .textInRow))),
                      Example(file: "报表.xml", finding: .unreadable(.misplacedXML(line: 2, column: 18, .textInReturn))),
                      Example(file: "报表.xml", finding: .unreadable(.tooDeep(levels: 64))),
                      Example(file: "报表.xlsx", finding: .unreadable(.encryptedWorkbook)),
                      Example(file: "报表.xlsx", finding: .unreadable(.corruptWorkbook(reason: "xl/sharedStrings.xml is missing"))),
                      Example(file: "报表.xls", finding: .unreadable(.unsupportedWorkbook(reason: "the compound file holds no Workbook stream, only: WordDocument"))),
                      Example(file: "报表.xlsx", finding: .unreadable(.workbookTooLarge(limit: "1 GB"))),
                      Example(file: "报表.xlsx", finding: .unreadable(.filesInArchive(["企业报表.xlsx", "村报表.xlsx"]))),
                      Example(file: "报表.xlsx", finding: .unreadable(.noWorksheet)),
                      Example(finding: .unreadable(.tooManyRows(limit: 2_000_000))),
                      Example(finding: .unreadable(.tooLarge(limit: "1 MB"))),
                  ])
        case .encodingError:
            Entry(severity: .error, level: .file,
                  title: LocalizedText(zh: "文字编码不对", en: "Bytes not valid in the encoding"),
                  advice: LocalizedText(zh: "请填报单位在 Excel 中“另存为 CSV UTF-8”或直接报送 .xlsx 文件。",
                                        en: "Ask the unit to save as \"CSV UTF-8\" in Excel or to send the .xlsx file instead."),
                  examples: [
                      Example(finding: .unreadable(.invalidBytes(encoding: "UTF-8", offset: 10))),
                      Example(file: "报表.xml", finding: .unreadable(.invalidBytes(encoding: "GB18030", offset: 120))),
                      Example(finding: .unreadable(.neitherUTF8NorGB18030(utf8Offset: 10, gb18030Offset: 48))),
                      Example(file: "报表.xml", finding: .unreadable(.unsupportedEncoding("EBCDIC"))),
                  ])
        case .unknownReturnType:
            Entry(severity: .error, level: .file,
                  title: LocalizedText(zh: "无法识别的报表", en: "Unknown return type"),
                  advice: LocalizedText(zh: "表头与任何报表模板都不符：请填报单位使用 templates/ 中的模板重新填写。",
                                        en: "The header matches no return: ask the unit to fill in the template from templates/."),
                  examples: [
                      Example(finding: .unknownReturnType(titles: ["企业创建情况表", "村创建情况表"])),
                      Example(file: "报表.xml", finding: .unknownXMLType("company", known: [
                          LabeledValue(label: "企业创建情况表", value: "enterprise"), LabeledValue(label: "村创建情况表", value: "village"),
                      ])),
                      Example(file: "报表.xml", finding: .unreadable(.unexpectedXMLRoot("data"))),
                  ])
        case .blankLabel:
            Entry(severity: .error, level: .header,
                  title: LocalizedText(zh: "空白的列名", en: "Blank column name"),
                  advice: LocalizedText(zh: "表头中有空白的列名：请删除多余的空列或补上列名后重新报送。",
                                        en: "A header cell is empty: delete the stray empty column or name it, then send again."),
                  examples: [Example(finding: .blankLabel(column: 3))])
        case .duplicateLabel:
            Entry(severity: .error, level: .header,
                  title: LocalizedText(zh: "重复的列", en: "Duplicate column"),
                  advice: LocalizedText(zh: "同一列出现了两次：请删除重复的列后重新报送。",
                                        en: "A column appears twice: delete the duplicate and send again."),
                  examples: [Example(label: "职工人数", finding: .duplicateLabel(column: 7, firstColumn: 5, firstLabel: "职工人数"))])
        case .missingLabel:
            Entry(severity: .error, level: .header,
                  title: LocalizedText(zh: "缺少必填的列", en: "Missing required column"),
                  advice: LocalizedText(zh: "缺少必填的列：请按模板补上该列后重新报送。",
                                        en: "A required column is missing: add it as in the template and send again."),
                  examples: [Example(label: "职工人数", finding: .missingLabel)])
        case .extraLabel:
            Entry(severity: .warning, level: .header,
                  title: LocalizedText(zh: "多出的列", en: "Unknown column"),
                  advice: LocalizedText(zh: "多出的列已被忽略，无需处理；如经常出现，请提醒填报单位使用最新模板。",
                                        en: "The extra column was ignored; nothing to do, but remind the unit to use the current template."),
                  examples: [
                      Example(label: "职工人数（人）", finding: .extraLabel),
                      Example(file: "报表.xml", label: "staff", finding: .unknownElement),
                  ])
        case .extraCell:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "单元格多于表头", en: "More cells than the header"),
                  advice: LocalizedText(zh: "该行的单元格比表头多，多半是数字中带了逗号或分隔符：请检查该行后重新报送。",
                                        en: "The row has more cells than the header, often a stray comma: check the row and send again."),
                  examples: [
                      Example(finding: .extraCell(expected: 19, found: 20)),
                      Example(file: "报表.xml", value: "120", finding: .repeatedElement("employees")),
                  ])
        case .missingCell:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "单元格少于表头", en: "Fewer cells than the header"),
                  advice: LocalizedText(zh: "该行的单元格比表头少：请补齐该行的必填项后重新报送。",
                                        en: "The row has fewer cells than the header: complete the row and send again."),
                  examples: [Example(label: "职工人数", finding: .missingCell(expected: 19, found: 10))])
        case .typeError:
            Entry(severity: .error, level: .cell,
                  title: LocalizedText(zh: "值的类型不对", en: "Value of the wrong type"),
                  advice: LocalizedText(zh: "值的类型不对（如数字中有文字、代码被 Excel 变成科学计数法）：请把该列设为“文本”格式后重新输入。",
                                        en: "A value is of the wrong kind (text in a number, a code turned into 9.13E+17): format the column as Text and retype it."),
                  examples: [
                      Example(label: "职工人数", value: "约120", finding: .notOfType(.integer)),
                      Example(label: "统一社会信用代码", value: "9.13302E+17", finding: .codeTurnedIntoNumber),
                      Example(file: "报表.xml", label: "职工人数", finding: .structuredValue),
                      Example(file: "报表.xlsx", label: "职工人数", finding: .unsavedFormula),
                  ])
        case .constraintError:
            Entry(severity: .error, level: .cell,
                  title: LocalizedText(zh: "不符合填写要求", en: "Value breaks a requirement"),
                  advice: LocalizedText(zh: "值不符合要求（必填、取值范围或格式）：请按错误清单的说明改正后重新报送。",
                                        en: "A value breaks a requirement (required, range, allowed values or format): correct it as the error report says."),
                  examples: [
                      Example(label: "职工人数", finding: .required(hint: nil)),
                      Example(label: "是否建立调解组织", value: "有", finding: .notInEnum(["是", "否"])),
                      Example(label: "统一社会信用代码", value: "91330212MA2GQ", finding: .wrongLength(length: 13, minimum: 18, maximum: 18)),
                      Example(label: "联系电话", value: "0574-8", finding: .patternMismatch(hint: LocalizedText(
                          zh: "区号-号码，如 0574-87654321", en: "area code and number, e.g. 0574-87654321"))),
                      Example(label: "职工人数", value: "-3", finding: .belowMinimum(Bound(value: .number(0)))),
                      Example(label: "年度评分", value: "120", finding: .aboveMaximum(Bound(value: .number(100)))),
                      Example(label: "报送期间", value: "2008-12", finding: .belowMinimum(Bound(value: .text("2009-01"), fromPlanPeriod: true))),
                  ])
        case .checksumError:
            Entry(severity: .error, level: .cell,
                  title: LocalizedText(zh: "统一社会信用代码校验位不对", en: "Wrong check character in a credit code"),
                  advice: LocalizedText(zh: "统一社会信用代码校验位不对：请对照营业执照核实代码后重新报送。",
                                        en: "The credit code's check character is wrong: check it against the business licence and send again."),
                  examples: [Example(label: "统一社会信用代码", value: "91330212MA2GQ8XY4K", finding: .wrongCheckCharacter(expected: "R"))])
        case .rowConstraint:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "同一行的数据相互矛盾", en: "Values in a row contradict each other"),
                  advice: LocalizedText(zh: "同一行中的数字或等级相互矛盾：请按规则说明核对该行后重新报送。",
                                        en: "Values in the row contradict each other: check the row against the rule and send again."),
                  examples: [Example(label: "劳动合同签订人数", value: "130", finding: .ruleFailed(
                      LocalizedText(zh: "劳动合同签订人数不能多于职工人数", en: "contracts cannot exceed employees"),
                      values: [LabeledValue(label: "劳动合同签订人数", value: "130"), LabeledValue(label: "职工人数", value: "120")],
                      bands: []))])
        case .primaryKey:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "同一单位同一期间报了两次", en: "One unit and period twice in a file"),
                  advice: LocalizedText(zh: "同一文件中同一单位同一期间报了两次，只采用了第一行：请删除重复的行。",
                                        en: "The same unit and period appear twice in the file; the first row was taken: delete the repeat."),
                  examples: [Example(label: "统一社会信用代码", value: "91330212MA2GQ8XY4R",
                                     finding: .duplicateKey(firstRow: 3, labels: ["统一社会信用代码", "报送期间"]))])
        case .foreignKey:
            Entry(severity: .error, level: .cell,
                  title: LocalizedText(zh: "代码不在单位名录中", en: "Code not in the registry"),
                  advice: LocalizedText(zh: "单位代码或村代码不在登记册中：请核实代码；新单位请先登记到 seeds/units.csv。",
                                        en: "The unit or village code is not registered: check the code, or add a new unit to seeds/units.csv first."),
                  examples: [
                      Example(label: "统一社会信用代码", value: "91330212MA2GQ8XY4R", finding: .unregistered(unitType: "企业")),
                      Example(label: "所在村代码", value: "91330212MA2GQ8XY4R", finding: .wrongUnitType(expected: "村", registeredAs: "企业")),
                  ])
        case .conflict:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "两个文件的数据冲突", en: "Two files disagree"),
                  advice: LocalizedText(zh: "两个文件对同一单位同一期间报了不同的数据，均未采用：请与填报单位确认哪一份正确，只重新报送那一份。",
                                        en: "Two files gave different data for the same unit and period and neither was taken: confirm which is right and send only that one."),
                  examples: [Example(label: "统一社会信用代码", value: "91330212MA2GQ8XY4R",
                                     finding: .conflict(otherFile: "乙.csv", otherRow: 4, labels: ["统一社会信用代码", "报送期间"]))])
        case .registryMismatch:
            Entry(severity: .warning, level: .cell,
                  title: LocalizedText(zh: "名称与单位名录不符", en: "Name differs from the registry"),
                  advice: LocalizedText(zh: "单位名称与登记册不同，数据已采用：如单位已更名，请更新 seeds/units.csv。",
                                        en: "The name differs from the registry; the row was taken: update seeds/units.csv if the unit was renamed."),
                  examples: [Example(label: "单位名称", value: "清溪五金厂", finding: .nameDiffers(registered: "宁波清溪五金制品有限公司"))])
        case .duplicateFile:
            Entry(severity: .warning, level: .file,
                  title: LocalizedText(zh: "重复报送的文件", en: "File already processed"),
                  advice: LocalizedText(zh: "这个文件以前已经处理过，没有重复采用：无需处理。",
                                        en: "This file was processed before and nothing was applied twice: nothing to do."),
                  examples: [Example(finding: .duplicateFile(firstName: "甲.csv", firstSeen: "2009-06-30"))])
        case .needsExplanation:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "异常数据需要说明", en: "Unusual figure to explain"),
                  advice: LocalizedText(zh: "数据与上期或常理相比变化较大，该行暂不采用：请填报单位核实；数据无误的，在“填报说明”中写明原因后重新报送。",
                                        en: "A figure changed unusually and the row is held: ask the unit to check it, and if it is right to explain it in 填报说明 and send again."),
                  examples: [Example(label: "职工人数", value: "120", finding: .needsExplanation(
                      verifyRule, values: [LabeledValue(label: "职工人数", value: "120")],
                      previous: [LabeledValue(label: "职工人数", value: "40")], previousPeriod: "2009-05"))])
        case .explained:
            Entry(severity: .warning, level: .row,
                  title: LocalizedText(zh: "异常数据已说明", en: "Unusual figure explained"),
                  advice: LocalizedText(zh: "填报单位已在“填报说明”中解释了异常数据，数据已采用：请在审核时阅读说明，决定审核通过或退回。",
                                        en: "The unit explained an unusual figure in 填报说明 and the row was taken: read the explanation when reviewing, then approve or return it."),
                  examples: [Example(label: "职工人数", value: "新厂区投产，新招职工200人", finding: .explained(verifyRule, previousPeriod: "2009-05"))])
        case .locked:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "已审核或已关账", en: "Approved or closed"),
                  advice: LocalizedText(zh: "该单位该期报表已审核通过或该期已关账，新数据未采用：确需更正的，先撤回审核或重新开账，再请单位重新报送。",
                                        en: "The return is approved or the period closed, so the new rows were not taken: to allow a correction, withdraw the approval or reopen the period first."),
                  examples: [
                      Example(finding: .locked(.approved(by: "王科员", at: "2009-07-02T09:30:00+08:00"))),
                      Example(finding: .locked(.closed(period: "2009-06", by: "王科员", at: "2009-07-10T17:00:00+08:00"))),
                  ])
        case .storedAsNumber:
            Entry(severity: .warning, level: .cell,
                  title: LocalizedText(zh: "代码存成了数字", en: "Code stored as a number"),
                  advice: LocalizedText(zh: "表格把代码存成了数字，这次位数完整，数据已采用：请提醒填报单位把代码列设为“文本”格式，以免开头的 0 或后几位丢失。",
                                        en: "A spreadsheet stored a code as a number; no digit was lost and the row was taken: remind the unit to format the code column as Text, or leading zeros and last digits will be lost."),
                  examples: [Example(file: "报表.xlsx", label: "村代码", value: "330206110204", finding: .codeStoredAsNumber)])
        case .emptyReturn:
            Entry(severity: .warning, level: .file,
                  title: LocalizedText(zh: "只有表头的报表", en: "Return without rows"),
                  advice: LocalizedText(zh: "文件只有表头，没有数据行，没有汇总任何数据：若该单位本期有数据，请提醒其填好后重新报送。",
                                        en: "The file has a header and no rows, so nothing was taken: if the unit has figures for the period, remind it to fill them in and send again."),
                  examples: [Example(finding: .emptyReturn)])
        case .notAuthorised:
            Entry(severity: .error, level: .row,
                  title: LocalizedText(zh: "无权报送该单位", en: "Not this account's unit"),
                  advice: LocalizedText(zh: "网上报送的文件中有不属于报送账户的单位，这些行未采用：请该单位用自己的账户报送，或为报送账户增加该单位。",
                                        en: "A file submitted through the portal holds rows of units its account may not file for, and they were not taken: let the unit file with its own account, or grant the unit to the account."),
                  examples: [Example(label: "单位代码", value: "91110108MA01ABCD2X", finding: .notAuthorised(account: "cun-001"))])
        }
    }

    /// The `verify` rule of the examples for needs-explanation and explained.
    private static let verifyRule = LocalizedText(
        zh: "职工人数与上期相比变化超过一半，如数据无误请在“填报说明”中说明原因",
        en: "the number of employees changed by more than half since the previous period")
}

/// What an issue concerns, as frictionless groups its errors.
public enum IssueLevel: String, Sendable, CaseIterable {
    /// The file as a whole: it cannot be read, or was seen before.
    case file
    /// The header: its labels.
    case header
    /// A row, or several of its cells together.
    case row
    /// One cell's value.
    case cell

    public var name: LocalizedText {
        switch self {
        case .file: LocalizedText(zh: "文件", en: "file")
        case .header: LocalizedText(zh: "表头", en: "header")
        case .row: LocalizedText(zh: "行", en: "row")
        case .cell: LocalizedText(zh: "单元格", en: "cell")
        }
    }
}

extension Severity {
    /// The word reports use for the severity.
    public var name: LocalizedText {
        switch self {
        case .error: LocalizedText(zh: "错误", en: "error")
        case .warning: LocalizedText(zh: "提醒", en: "warning")
        }
    }
}
