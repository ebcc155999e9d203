extension SchemaError {
    /// The text shown when the schema or registry is broken, naming the file, line and property.
    public func message(_ language: Language) -> String {
        let zh = language == .zh
        var place = file
        if let line { place += zh ? " 第 \(line) 行" : " line \(line)" }
        if !self.place.isEmpty { place += zh ? "（\(self.place)）" : " (\(self.place))" }
        return (zh ? "方案配置有误：" : "The plan schema is broken: ") + place + (zh ? "：" : ": ") + problemText(zh)
    }

    private func problemText(_ zh: Bool) -> String {
        switch problem {
        case .unreadable:
            return zh ? "无法读取该文件，请确认文件存在且为 UTF-8 编码。" : "the file cannot be read; check that it exists and is UTF-8."
        case .unreadableTable(let problem):
            return Messages.text(problem, language: zh ? .zh : .en, isXML: false)
        case .yamlSyntax(let detail):
            return zh ? "YAML 语法错误（\(detail)）。请检查缩进、冒号和引号。" : "YAML syntax error (\(detail)). Check indentation, colons and quotes."
        case .missing:
            return zh ? "缺少这一项，请补上。" : "this entry is missing; add it."
        case .wrongKind(let expected):
            return zh ? "这里应当是\(kindName(expected, zh))。" : "this must be \(kindName(expected, zh))."
        case .unknownValue(let value, let allowed):
            return zh
                ? "“\(value)”不是可用的值，可用：\(allowed.joined(separator: "、"))。"
                : "“\(value)” is not allowed; use one of: \(allowed.joined(separator: ", "))."
        case .unknownField(let key):
            return zh ? "“\(key)”不是本报表中的字段名（name）。" : "“\(key)” is not a field name of this return type."
        case .duplicate(let value):
            return zh ? "“\(value)”重复出现，只能出现一次。" : "“\(value)” appears twice; it may appear once."
        case .invalidPattern(let pattern):
            return zh ? "正则表达式“\(pattern)”写得不对。" : "the pattern “\(pattern)” is not a valid regular expression."
        case .invalidRule(let detail):
            return zh ? "规则表达式写得不对（\(detail)）。" : "the rule's check is not valid (\(detail))."
        case .emptyPeriod:
            return zh ? "方案期间的开始月份晚于结束月份。" : "the plan period starts after it ends."
        case .unreadableFolder(let path):
            return zh ? "找不到或无法读取文件夹“\(path)”。" : "the folder “\(path)” is missing or cannot be read."
        case .noReturnTypes:
            return zh ? "该文件夹中没有任何报表类型文件（.yaml）。" : "that folder holds no return type files (.yaml)."
        }
    }

    private func kindName(_ kind: SchemaProblem.ExpectedKind, _ zh: Bool) -> String {
        switch kind {
        case .text: zh ? "文字" : "text"
        case .number: zh ? "数字" : "a number"
        case .integer: zh ? "非负整数" : "a whole number ≥ 0"
        case .list: zh ? "列表" : "a list"
        case .mapping: zh ? "键值对（映射）" : "a mapping"
        case .yearMonth: zh ? "年月，如 2009-04" : "a year-month such as 2009-04"
        case .date: zh ? "日期，如 2010-01-15" : "a date such as 2010-01-15"
        case .dayOfMonth: zh ? "1 到 31 之间的日数" : "a day of the month from 1 to 31"
        }
    }
}
