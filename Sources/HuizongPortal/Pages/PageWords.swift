import Huizong

/// Every visible text of the portal's pages and of their script, one table per language. A word
/// missing from a table does not compile; the script gets the table of its page's language as `T`.
enum Word: String, CaseIterable {
    case siteTitle, footer, switchLanguage
    case signIn, accountLabel, passwordLabel, signInFailed
    case unitReturnsTitle, reviewListTitle, dashboardTitle
    case uploadTitle, uploadHint, templatesLabel, check, submit
    case issueRow, issueColumn, issueValue, issueFix, wholeFile
    case downloadErrorWorkbook
    case mySubmissions, receivedAt, nightOutcome, errorReport, downloadErrorReport
    case periodLabel, show
    case unitCode, unitName, reviewState, timelinessHeading, returnReason, reviewHeading
    case stateMissing, statePending, stateApproved, stateReturned
    case onTime, late, notFiled
    case outcomeWaiting, outcomeAccepted, outcomePartial, outcomeRejected, outcomeDuplicate
    case chooseFileFirst, checking, rowCounts, submitted, notSubmitted, failed, done
    case approve, sendBack, withdraw, reasonLabel, reasonPrompt, reasonNeeded
    case periodActionsTitle, periodActionsHint, closePeriod, reopenPeriod
    case signedInAs, roleUnit, roleOffice, signOut
    case onTimeRatesTitle, returnType, expected, onTimeRate, missingUnitsTitle, noneMissing
    case awaitingReviewTitle, noneAwaiting, toReviewList, dashboardNote
    case forbiddenTitle, forbiddenText

    func text(_ language: Language) -> String {
        language == .zh ? zh : en
    }

    private var zh: String {
        switch self {
        case .siteTitle: "报表汇总网上报送"
        case .footer: "镇法治办 · 报表汇总"
        case .switchLanguage: "English"
        case .signIn: "登录"
        case .accountLabel: "账户（单位代码）"
        case .passwordLabel: "密码"
        case .signInFailed: "登录失败。"
        case .unitReturnsTitle: "本单位各期报表"
        case .reviewListTitle: "审核列表"
        case .dashboardTitle: "汇总情况"
        case .uploadTitle: "上传报表"
        case .uploadHint: "选择填好的报表（Excel/WPS 工作簿 .xlsx、.xls、.ods，CSV 或 XML），先“检查”看有无错误，无误后“报送”。"
        case .templatesLabel: "报表模板（已填好单位代码和名称）："
        case .check: "检查"
        case .submit: "报送"
        case .issueRow: "行"
        case .issueColumn: "列"
        case .issueValue: "填写的值"
        case .issueFix: "问题与改法"
        case .wholeFile: "整个文件"
        case .mySubmissions: "我的报送"
        case .receivedAt: "报送时间"
        case .nightOutcome: "汇总结果"
        case .errorReport: "错误报告"
        case .downloadErrorReport: "下载错误报告"
        case .downloadErrorWorkbook: "下载错误工作簿"
        case .periodLabel: "报送期间"
        case .show: "查看"
        case .unitCode: "单位代码"
        case .unitName: "单位名称"
        case .reviewState: "审核状态"
        case .timelinessHeading: "报送情况"
        case .returnReason: "退回原因"
        case .reviewHeading: "审核"
        case .stateMissing: "未报"
        case .statePending: "待审核"
        case .stateApproved: "已审核"
        case .stateReturned: "已退回"
        case .onTime: "按时"
        case .late: "逾期"
        case .notFiled: "未报"
        case .outcomeWaiting: "等待今晚汇总"
        case .outcomeAccepted: "全部采用"
        case .outcomePartial: "部分采用"
        case .outcomeRejected: "未采用"
        case .outcomeDuplicate: "与以前报送的文件相同"
        case .chooseFileFirst: "请先选择文件。"
        case .checking: "正在检查……"
        case .rowCounts: "共 {read} 行，采用 {accepted} 行，有错 {rejected} 行。"
        case .submitted: "已报送，今晚汇总。"
        case .notSubmitted: "未报送："
        case .failed: "出错了。"
        case .done: "已完成。"
        case .approve: "审核通过"
        case .sendBack: "退回"
        case .withdraw: "撤回审核"
        case .reasonLabel: "原因或说明（退回、撤回时必填）"
        case .reasonPrompt: "退回原因："
        case .reasonNeeded: "请先写明原因。"
        case .periodActionsTitle: "关账与重新开账"
        case .periodActionsHint: "关账后该期不再接受报送；重新开账须写明原因。"
        case .closePeriod: "关账"
        case .reopenPeriod: "重新开账"
        case .signedInAs: "{account}（{role}）"
        case .roleUnit: "填报单位"
        case .roleOffice: "镇法治办"
        case .signOut: "退出"
        case .onTimeRatesTitle: "各期按时报送率"
        case .returnType: "报表"
        case .expected: "应报"
        case .onTimeRate: "按时率"
        case .missingUnitsTitle: "未报单位"
        case .noneMissing: "各单位都已报送。"
        case .awaitingReviewTitle: "待审核的报表"
        case .noneAwaiting: "没有待审核的报表。"
        case .toReviewList: "到审核列表审核"
        case .dashboardNote: "以下数字取自汇总库，审核后立即更新。"
        case .forbiddenTitle: "无权查看"
        case .forbiddenText: "这一页只对镇法治办的账户开放。"
        }
    }

    private var en: String {
        switch self {
        case .siteTitle: "Returns portal"
        case .footer: "Town office · Huizong"
        case .switchLanguage: "中文"
        case .signIn: "Sign in"
        case .accountLabel: "Account (unit code)"
        case .passwordLabel: "Password"
        case .signInFailed: "Sign-in failed."
        case .unitReturnsTitle: "Our returns by period"
        case .reviewListTitle: "Review list"
        case .dashboardTitle: "Overview"
        case .uploadTitle: "Upload a return"
        case .uploadHint: "Choose the filled-in return (a workbook: .xlsx, .xls or .ods; CSV or XML), press Check to see any mistakes, then Submit."
        case .templatesLabel: "Templates (with the unit's code and name filled in): "
        case .check: "Check"
        case .submit: "Submit"
        case .issueRow: "Row"
        case .issueColumn: "Column"
        case .issueValue: "Value given"
        case .issueFix: "Problem and what to change"
        case .wholeFile: "whole file"
        case .mySubmissions: "Our submissions"
        case .receivedAt: "Received"
        case .nightOutcome: "Night's result"
        case .errorReport: "Error report"
        case .downloadErrorReport: "Download the error report"
        case .downloadErrorWorkbook: "Download the error workbook"
        case .periodLabel: "Period"
        case .show: "Show"
        case .unitCode: "Unit code"
        case .unitName: "Unit name"
        case .reviewState: "Review state"
        case .timelinessHeading: "Filing"
        case .returnReason: "Reason returned"
        case .reviewHeading: "Review"
        case .stateMissing: "not filed"
        case .statePending: "awaiting review"
        case .stateApproved: "approved"
        case .stateReturned: "returned"
        case .onTime: "on time"
        case .late: "late"
        case .notFiled: "not filed"
        case .outcomeWaiting: "waiting for tonight's run"
        case .outcomeAccepted: "all rows taken"
        case .outcomePartial: "some rows taken"
        case .outcomeRejected: "not taken"
        case .outcomeDuplicate: "same as a file sent before"
        case .chooseFileFirst: "Choose a file first."
        case .checking: "Checking…"
        case .rowCounts: "{read} rows: {accepted} taken, {rejected} with mistakes."
        case .submitted: "Submitted; tonight's run takes it. "
        case .notSubmitted: "Not submitted: "
        case .failed: "Something went wrong."
        case .done: "Done."
        case .approve: "Approve"
        case .sendBack: "Return"
        case .withdraw: "Withdraw approval"
        case .reasonLabel: "Reason or note (needed to return or withdraw)"
        case .reasonPrompt: "Reason for returning:"
        case .reasonNeeded: "Write the reason first."
        case .periodActionsTitle: "Close and reopen a period"
        case .periodActionsHint: "A closed period takes no more returns; reopening it needs a reason."
        case .closePeriod: "Close period"
        case .reopenPeriod: "Reopen period"
        case .signedInAs: "{account} ({role})"
        case .roleUnit: "filing unit"
        case .roleOffice: "town office"
        case .signOut: "Sign out"
        case .onTimeRatesTitle: "On-time rate by period"
        case .returnType: "Return"
        case .expected: "Expected"
        case .onTimeRate: "On-time rate"
        case .missingUnitsTitle: "Units that have not filed"
        case .noneMissing: "Every unit has filed."
        case .awaitingReviewTitle: "Returns awaiting review"
        case .noneAwaiting: "No return awaits review."
        case .toReviewList: "Review them in the review list"
        case .dashboardNote: "These figures come from the store and change as soon as a return is reviewed."
        case .forbiddenTitle: "Not for this account"
        case .forbiddenText: "This page is for the town office's accounts only."
        }
    }
}
