/// The parts of `index.html` about the nights (PRODUCT §14): when the inbox was last looked at, and
/// the pages of the earlier nights in `outbox/nights/`. A night's own page has neither, only a way
/// back to the latest.
extension DashboardPage {
    /// Under the heading: when the latest run looked at the inbox and whether it found anything.
    func lastChecked() -> String {
        guard case .index(let latest, _, _) = place else {
            return "<p class=\"meta\"><a href=\"../index.html\">\(e(t("查看最新结果", "See the latest results")))</a></p>\n"
        }
        let nothingNew = latest.id != night.run.id || night.files.isEmpty
        var html = "<p class=\"checked\" data-checked=\"\(e(latest.started))\" data-new-files=\"\(!nothingNew)\">"
            + e(t("最近一次检查收件箱：", "Inbox last checked: ")) + "<time>\(e(latest.started))</time>"
        if !nothingNew {
            html += e(t("，处理了本页所列的文件。", ", processing the files listed here."))
        } else if night.files.isEmpty {
            html += e(t("，没有新文件。", ", no new files."))
        } else {
            html += e(en ? ", no new files; this page still shows the night that started \(night.run.started)."
                         : "，没有新文件；本页仍是 \(night.run.started) 开始的那一晚的结果。")
        }
        return html + "</p>\n"
    }

    /// The earlier nights, newest first, each with its page and how many files it processed.
    func earlierNights() -> String {
        guard case .index(_, let earlier, let more) = place, !earlier.isEmpty else { return "" }
        var html = "<section id=\"nights\">\n<h2>\(e(t("往晚结果", "Earlier nights")))</h2>\n<ul class=\"nights\">\n"
        for link in earlier {
            html += "<li data-night=\"\(e(link.run.started))\"><a href=\"\(e(NightPages.folder + "/" + link.page))\">\(e(link.run.started))</a> · "
                + e(en ? EnglishCount.of(link.files, "file") : "\(link.files) 个文件") + "</li>\n"
        }
        html += "</ul>\n"
        if more > 0 {
            html += "<p class=\"more\">" + e(en ? "\(EnglishCount.of(more, "earlier night")) not listed here; their pages are in outbox/\(NightPages.folder)/."
                                                : "另有 \(more) 晚的结果未在此列出，见 outbox/\(NightPages.folder)/。") + "</p>\n"
        }
        return html + "</section>\n"
    }
}
