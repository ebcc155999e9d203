/// `docs/outbox.md`: every file huizong writes under `outbox/`, with its format, its columns and when
/// it is written. The columns come from the writers' own headers and the plan in `seeds/`, so the
/// page cannot drift from what is written; a test checks that the committed page is the one this
/// writes for the shipped plan.
enum OutboxPage {
    static func markdown(schema: PlanSchema) -> String {
        var page = """
            <!-- Written from the outbox writers (Sources/Huizong/Outbox/) and the shipped plan (seeds/); do not edit by hand.
                 To write it again: HUIZONG_WRITE_DOCS=1 swift test --filter OutboxPageTests -->
            # outbox/ 输出文件 The files of the outbox

            `huizong run` writes the workspace's `outbox/` every night, from the store of record
            (`outbox/\(Store.fileName)`); each `huizong review` decision writes it again at once. `huizong audit`
            and `huizong validate` write nothing. The tables and the report are derived from the store: delete
            `outbox/consolidated/` and the next run writes it again, byte for byte. The archive, the error
            reports and the nights' pages are written once, for their night, and kept.

            每晚的 `huizong run` 由汇总库生成 `outbox/`；每个 `huizong review` 决定之后也立即重新生成。汇总表等由汇总库
            生成，删除 `outbox/consolidated/` 后再运行一次即可原样恢复；归档、错误清单和每晚的结果页只为当晚写出，一直保留。

            ## Conventions 通用约定

            - **CSV**: UTF-8 with a byte order mark (Excel and WPS then read the Chinese right), comma-separated,
              lines ending in CR LF; a cell holding a comma, a double quote or a line break is put in double
              quotes, and a double quote inside is doubled (RFC 4180). The first line is the header.
            - **Values** are written in one canonical form, whatever form the unit typed: dates `YYYY-MM-DD`,
              year-months `YYYY-MM`, booleans `是`/`否`, numbers as plain decimals in their shortest form
              (`96`, `84.5`, `1200`), codes in upper-case half-width characters.
            - **Formulas are defused**: in every CSV and .xlsx file, a text cell that a spreadsheet would run as a
              formula (one starting with `=`, `+`, `-` not followed by a number, `@`, a tab or a carriage return)
              gets a leading `'`. huizong drops that `'` again when it reads a file, so the value is unchanged.
              In .xlsx files text is always stored as text.
            - **Times** are ISO 8601 with their offset (`2009-07-10T23:59:00+08:00`); a run's start is in UTC
              (`2026-12-06T01:30:00Z`).
            - **Whole or not at all**: each file is written under a temporary name and renamed into place, so a
              reader sees the previous file or the new one, never half of one.
            - `YYYY-MM-DD` in a folder name is the day the run (or review decision) started, in local time.

            ## At a glance 一览

            | file 文件 | format 格式 | written 何时写出 |
            |---|---|---|

            """
        let night = "each run and each review decision"
        var glance: [(String, String, String)] = []
        for type in schema.returnTypes {
            glance.append(("consolidated/\(type.name).csv", "CSV", night))
        }
        glance += [
            ("consolidated/summary.csv", "CSV", night),
            ("consolidated/consolidated.xlsx", "workbook", night),
            ("completeness.csv", "CSV", night),
            ("errors/YYYY-MM-DD/<file>-错误.csv, .xlsx", "CSV and workbook, or workbook", "the run that processed the file"),
            ("errors/YYYY-MM-DD/<单位名称>-<报送期间>-退回.xlsx", "workbook", "`huizong review return`"),
            ("timeliness.csv", "CSV", night),
            ("review.csv", "CSV", night),
            ("changes.csv", "CSV", night),
            ("cycle.xlsx", "workbook", night),
            ("report.json", "JSON", night),
            ("index.html", "HTML", night),
            ("\(NightPages.folder)/<run start>.html", "HTML", "a run that processed files"),
            ("archive/YYYY-MM-DD/", "the files as sent", "each run"),
            (Store.fileName, "SQLite", "each run and each review decision"),
            (WorkspaceLock.fileName, "empty", "held while a run or a review decision works"),
        ]
        for (file, format, written) in glance {
            page += "| `outbox/\(file)` | \(format) | \(written) |\n"
        }
        page += consolidatedSection(schema)
        page += """

            ## outbox/consolidated/summary.csv

            Per period and rating field, how many units have each level (a rating field is one whose allowed
            values are the plan's score bands), from the versions in force. Columns: \(columns(RatingSummary(schema: schema).rows(schema)[0])).
            各期间各等级项目的单位数。

            ## outbox/consolidated/consolidated.xlsx

            The consolidated tables as one workbook: a sheet per return type named by its title (\(schema.returnTypes.map { "`\($0.title)`" }.joined(separator: ", ")))
            with the columns of its CSV, then the sheet `\(ConsolidatedWorkbook.summarySheet)` with the rows of summary.csv. Numbers are
            numbers and dates are dates, so they sort and sum; codes are text. A table longer than an Excel sheet
            (\(Worksheet.maxRows - 1) rows under the header) goes on in sheets `<title> (2)`, `<title> (3)`, ….

            ## outbox/completeness.csv

            The registered units (`seeds/units.csv`) that have no accepted return for the period: the `--period`
            given, else the latest period that any accepted row has. One row per unit.
            Columns: \(columns(Completeness.header)). 所在村代码 is empty for a village.
            应报而未报的单位。

            """
        page += errorReportSection(schema)
        page += cycleSection()
        page += """

            ## outbox/report.json

            The run's files, issues and completeness, and the reporting cycle: timeliness, the run's changes
            and every accepted return's review state. Every field is described in [report-json.md](report-json.md).

            ## outbox/index.html

            The dashboard the office opens in the morning: one page with no scripts and nothing loaded from
            elsewhere (it works offline and prints on A4). It shows the latest night that **processed files**:
            files by result, rows and issues; completeness per village; the on-time rate per period and return
            type; the units to chase; the returns waiting for review; what the night changed; the ratings as bar
            charts; the files with links to their error reports and archived originals; the most frequent
            problems and what to do about them. Under the heading it says when the inbox was last checked, and
            that it held no new files if so; at the bottom it links the earlier nights' pages, newest first
            (the latest \(NightPages.linkedFromIndex), with a count of the others).

            A run that finds nothing new, and a review decision, write it again: the night's files, problems
            and changes stay as they were, and the completeness, timeliness, review and rating sections show
            the store as it is now. The page is in the language of the latest run (`--lang zh|en`).

            首页：最近一晚处理了文件的结果，最近一次检查收件箱的时间，以及往晚结果的链接。

            ## outbox/\(NightPages.folder)/

            The page of each night that processed files, as that night wrote it: the same sections as
            index.html, with links that work from this folder. Review decisions and later runs never change it.
            The file name is the run's start in UTC without colons, `2026-12-06T013000Z.html` (01:30 UTC,
            09:30 in Shanghai); a night that started in the same second as an earlier one also gets its run
            number, `2026-12-06T013000Z-8.html`.

            ## outbox/archive/YYYY-MM-DD/

            Every file a run processed — accepted, partial, rejected or a duplicate — moved there from the inbox
            byte for byte, under its own name (without the inbox subfolder it was in), with ` (2)`, ` (3)`, …
            before the extension where a name is taken: a file is never overwritten. report.json says where each went.

            ## outbox/\(Store.fileName)

            The store of record (SQLite): every file seen (SHA-256, name, times, result), every accepted version
            of every return with where it came from (the versions replaced stay), every rejected row and issue,
            the office's decisions (never changed or deleted) and the changes each run made. Every other output
            is written from it. Keep it with the archive when backing up.

            ## outbox/\(WorkspaceLock.fileName)

            Locked while a run or a review decision works in the workspace, so that only one does at a time; the
            kernel releases the lock when the process ends, so a killed run leaves no stale lock.

            """
        return page
    }

    private static func consolidatedSection(_ schema: PlanSchema) -> String {
        var text = """

            ## outbox/consolidated/<type>.csv

            One per return type: one row per primary key (unit and period) with the version in force, sorted by
            the key. The columns are the return type's labels in the plan's order, then the source file (relative
            to the inbox) and its row, the unit's explanation and the review state (`待审核`, `已审核`, `已退回`).
            A consolidated table is itself a valid return: on input the source and state columns are ignored and
            the explanation is read, so a county can consolidate the towns' tables.
            汇总表：每个主键（单位 + 报送期间）一行，按主键排序。

            """
        for type in schema.returnTypes {
            let key = type.primaryKey.map { "`\(type.fields[$0].label)`" }.joined(separator: " + ")
            text += "\n- `consolidated/\(type.name).csv`, \(type.title); key \(key):\n  \(columns(ConsolidatedTable.header(type)))\n"
        }
        return text
    }

    private static func errorReportSection(_ schema: PlanSchema) -> String {
        var text = """

            ## outbox/errors/YYYY-MM-DD/

            **Error reports 错误清单.** For each file with rejected rows, the run writes an error report in the
            folder of its day: `<name of the file>-错误.csv` with a workbook of the same name beside it for a CSV
            or XML return, `<name>-错误.xlsx` for a workbook return. A name that already ends in `-错误` (a
            corrected report sent back) is not suffixed again, one that ends in `-退回` has that replaced by
            `-错误`, and where a name is taken, ` (2)`, ` (3)`, … follow the stem. Below the header are only the rejected rows, their cells as the unit wrote them, with every
            problem of the row in \(ErrorReport.explanationLabel) and its row in the original file in \(ErrorReport.originalRowLabel).
            In the workbook the wrong cells are red and carry a comment that says what to change. A clerk fixes
            the cells (or writes an explanation) and drops the file back into the inbox; the two added columns are
            ignored on input. The columns:

            """
        for type in schema.returnTypes {
            text += "\n- \(type.title): \(columns(type.fields.map(\.label) + ErrorReport.trailingLabels))\n"
        }
        text += """

            **Returned returns 退回工作簿.** `huizong review return UNIT PERIOD --reason …` writes
            `<单位名称>-<报送期间>-退回.xlsx` in the folder of its day: the same columns, the returned row as it
            was accepted, and the office's reason in \(ErrorReport.explanationLabel).

            """
        return text
    }

    private static func cycleSection() -> String {
        var text = """

            ## outbox/timeliness.csv

            Whether each registered unit filed each period on time: one row per unit and period whose deadline has
            passed or that has an accepted return, sorted by return type, period and unit code.
            Columns: \(columns(Timeliness.header)). 报表 is the return type's title; 截止日期 the due date; 首次报送时间
            the time the first accepted version was received (its file's modification time when a run first
            listed it), empty if none; 状态 `按时` (on time), `逾期` (late; a later correction never makes a unit
            late) or `未报` (missing); 逾期天数 the calendar days after the due date, only when late.

            ## outbox/review.csv

            Every accepted return (the version in force of a unit and period) with its review state, sorted by
            return type, period and unit code. Columns: \(columns(ReviewTable.header)). 审核状态 is `待审核`
            (accepted, not decided; or resubmitted after a 退回, or its approval withdrawn), `已审核` or `已退回`;
            the decider, time and note are those of the decision behind the state, empty while none.

            ## outbox/changes.csv

            The fields this run's new versions changed against the versions they replaced, one row per field.
            Columns: \(columns(ChangeTable.header)). 字段 is the field's label; 来源文件 the file of the new version.
            A run with nothing new writes the header alone.

            ## outbox/cycle.xlsx

            The reporting cycle as a workbook, each table with a bold, frozen header; a table longer than a sheet
            goes on in sheets `<name> (2)`, …:

            """
        func contents(_ table: CycleWorkbook.Table) -> String {
            switch table {
            case .review: "the rows of review.csv"
            case .rates: "per return type and period: expected, on time, late, missing, and the on-time rate as a fraction"
            case .chase: "the rows of timeliness.csv that are late or missing for the latest period with returns: whom to chase"
            case .changes: "the rows of changes.csv"
            }
        }
        for table in CycleWorkbook.Table.allCases {
            text += "\n- `\(table.rawValue)`: \(contents(table)); \(columns(table.header))"
        }
        return text + "\n"
    }

    /// A header as the file has it, comma-separated.
    private static func columns(_ labels: [String]) -> String {
        "`" + labels.joined(separator: ",") + "`"
    }
}
