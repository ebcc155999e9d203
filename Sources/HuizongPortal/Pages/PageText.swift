import Huizong

/// The portal's pages, style sheet and script, in one language: every visible text comes from
/// `Word`'s table of that language.
struct PageText {
    let language: Language

    func t(_ word: Word) -> String {
        DashboardSVG.escape(word.text(language))
    }

    /// A whole page: the header with the language switch and, once signed in, the links to the
    /// role's pages; the script's texts are the page's language.
    func page(_ title: Word, role: Account.Role?, _ body: String) -> String {
        let other: Language = language == .zh ? .en : .zh
        let links: [(String, Word)] = switch role {
        case .office: [("/", .reviewListTitle), (Pages.dashboardPath, .dashboardTitle)]
        case .unit: [("/", .unitReturnsTitle)]
        case nil: []
        }
        let nav = links.map { "<a href=\"\($0.0)\">\(t($0.1))</a>" }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(t(title)) · \(t(.siteTitle))</title>
            <link rel="stylesheet" href="\(Pages.stylePath)">
            <script src="\(Pages.scriptPath)?lang=\(language.rawValue)" defer></script>
            </head>
            <body>
            <header><h1>\(t(.siteTitle))</h1><nav id="pages">\(nav)</nav><nav id="who"></nav>
            <a id="lang-switch" href="?lang=\(other.rawValue)" lang="\(other == .zh ? "zh-CN" : "en")">\(t(.switchLanguage))</a></header>
            <main>
            \(body)
            </main>
            <footer>\(t(.footer))</footer>
            </body>
            </html>

            """
    }

    var signIn: String {
        page(.signIn, role: nil, """
            <section class="card narrow">
            <h2>\(t(.signIn))</h2>
            <form id="sign-in">
            <label>\(t(.accountLabel))<input name="account" autocomplete="username" required></label>
            <label>\(t(.passwordLabel))<input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(t(.signIn))</button>
            <p class="message" id="sign-in-message" role="alert"></p>
            </form>
            </section>
            """)
    }

    /// A unit's filing and returns, or the office's review list with the period actions.
    func returns(role: Account.Role) -> String {
        let office = role == .office
        let periodActions = !office ? "" : """
            <section class="card" id="period-actions">
            <h2>\(t(.periodActionsTitle))</h2>
            <p>\(t(.periodActionsHint))</p>
            <form id="period-action">
            <label>\(t(.periodLabel)) <input name="period" placeholder="YYYY-MM" pattern="[0-9]{4}-[0-9]{2}" required></label>
            <button type="button" data-period-action="close">\(t(.closePeriod))</button>
            <button type="button" class="secondary" data-period-action="reopen">\(t(.reopenPeriod))</button>
            </form>
            </section>
            """
        let decision = !office ? "" : """
            <form id="decision"><label>\(t(.reasonLabel)) <input name="reason" id="decision-reason" size="40"></label></form>
            """
        return page(office ? .reviewListTitle : .unitReturnsTitle, role: role, """
            <section class="card" id="filing"\(office ? " hidden" : "")>
            <h2>\(t(.uploadTitle))</h2>
            <p>\(t(.uploadHint))</p>
            <p id="templates">\(t(.templatesLabel))</p>
            <form id="upload">
            <input type="file" name="file" required>
            <button type="button" data-send="/api/check">\(t(.check))</button>
            <button type="button" data-send="/api/submit">\(t(.submit))</button>
            </form>
            <p class="message" id="upload-message" role="status"></p>
            <table id="issues" hidden>
            <thead><tr><th>\(t(.issueRow))</th><th>\(t(.issueColumn))</th><th>\(t(.issueValue))</th><th>\(t(.issueFix))</th></tr></thead>
            <tbody></tbody>
            </table>
            <p><button type="button" id="error-workbook" hidden>\(t(.downloadErrorWorkbook))</button></p>
            <h3>\(t(.mySubmissions))</h3>
            <table id="submissions">
            <thead><tr><th>\(t(.receivedAt))</th><th>\(t(.nightOutcome))</th><th>\(t(.errorReport))</th></tr></thead>
            <tbody></tbody>
            </table>
            </section>
            <section class="card">
            <h2 id="returns-title">\(t(office ? .reviewListTitle : .unitReturnsTitle))</h2>
            <form id="period-filter"><label>\(t(.periodLabel)) <input name="period" placeholder="YYYY-MM" pattern="[0-9]{4}-[0-9]{2}"></label>
            <button type="submit">\(t(.show))</button></form>
            \(decision)
            <p class="message" id="review-message" role="status"></p>
            <table id="returns">
            <thead><tr><th>\(t(.unitCode))</th><th>\(t(.unitName))</th><th>\(t(.periodLabel))</th><th>\(t(.reviewState))</th><th>\(t(.timelinessHeading))</th><th>\(t(.returnReason))</th><th class="office-only"\(office ? "" : " hidden")>\(t(.reviewHeading))</th></tr></thead>
            <tbody></tbody>
            </table>
            </section>
            \(periodActions)
            """)
    }

    /// What a unit's account sees at an office page.
    var forbidden: String {
        page(.forbiddenTitle, role: .unit, """
            <section class="card narrow">
            <h2>\(t(.forbiddenTitle))</h2>
            <p>\(t(.forbiddenText))</p>
            </section>
            """)
    }

    /// The script with the texts of the page's language as `T`.
    var script: String {
        let texts = JSONValue.object(Word.allCases.map { ($0.rawValue, JSONValue.string($0.text(language))) })
        return "\"use strict\";\nconst T = \(texts.rendered());\n" + Self.scriptBody
    }

    static let style = """
        body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; line-height: 1.5; }
        header { background: #1f4e79; color: #fff; padding: 0.8rem 1.5rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; border-bottom: 4px solid #b8292f; }
        header h1 { font-size: 1.3rem; margin: 0; flex: 1; }
        header a { color: #fff; }
        header nav a { margin-right: 1rem; }
        header nav button { margin-left: 1rem; }
        #lang-switch { border: 1px solid #fff; border-radius: 3px; padding: 0.1rem 0.6rem; text-decoration: none; }
        main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; }
        .card { background: #fff; border: 1px solid #d5dbe1; border-radius: 4px; padding: 1rem 1.5rem; margin-bottom: 1.5rem; }
        .narrow { max-width: 24rem; margin: 3rem auto; }
        .narrow input { display: block; width: 100%; box-sizing: border-box; margin-top: 0.2rem; }
        h2 { font-size: 1.15rem; color: #1f4e79; border-bottom: 1px solid #d5dbe1; padding-bottom: 0.3rem; }
        label { display: block; margin: 0.6rem 0; }
        input { font-size: 1rem; padding: 0.3rem; }
        button { font-size: 1rem; padding: 0.35rem 1rem; margin: 0.1rem 0.3rem 0.1rem 0; background: #1f4e79; color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
        button.secondary { background: #6b7785; }
        table { border-collapse: collapse; width: 100%; margin-top: 0.8rem; }
        th, td { border: 1px solid #d5dbe1; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #eef2f6; }
        td.number, th.number { text-align: right; }
        .message { min-height: 1.2rem; color: #8a1f11; }
        .ok { color: #1e6b30; }
        .note { color: #6b7785; }
        footer { text-align: center; color: #6b7785; font-size: 0.85rem; margin: 2rem 0; }
        @media print {
          header nav, #lang-switch, form, button, .office-only, td.actions { display: none; }
          header { background: #fff; color: #000; border-bottom: 2px solid #000; }
          body { background: #fff; }
          .card { border: 0; padding: 0; }
          a { color: #000; text-decoration: none; }
        }
        """

    /// The script's logic; its texts are `T`'s.
    private static let scriptBody = """
        const states = { missing: T.stateMissing, pending: T.statePending, approved: T.stateApproved, returned: T.stateReturned };
        const timeliness = { "on-time": T.onTime, late: T.late, missing: T.notFiled };
        const outcomes = { waiting: T.outcomeWaiting, accepted: T.outcomeAccepted, partial: T.outcomePartial, rejected: T.outcomeRejected, duplicate: T.outcomeDuplicate };
        let me = null;

        function cell(row, text) { const td = document.createElement("td"); td.textContent = text ?? ""; row.appendChild(td); return td; }
        function say(id, text, ok) { const p = document.getElementById(id); p.textContent = text; p.classList.toggle("ok", !!ok); }
        function fill(text, values) { return text.replace(/\\{(\\w+)\\}/g, (_, name) => values[name]); }
        async function api(path, options = {}) {
          const headers = options.headers || {};
          if (me) headers["X-CSRF-Token"] = me.csrfToken;
          const response = await fetch(path, { ...options, headers, credentials: "same-origin" });
          if (response.status === 401 && location.pathname !== "\(Pages.signInPath)") location.href = "\(Pages.signInPath)";
          const body = response.headers.get("Content-Type")?.startsWith("application/json") ? await response.json() : null;
          return { status: response.status, body, response };
        }
        function postJSON(path, value) {
          return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(value) });
        }

        async function signIn(event) {
          event.preventDefault();
          const form = new FormData(event.target);
          const answer = await postJSON("/api/login", { account: form.get("account"), password: form.get("password") });
          if (answer.status === 200) location.href = "/";
          else say("sign-in-message", answer.body?.error || T.signInFailed);
        }

        // The chosen file as the form's field "file", or null after asking for one.
        function chosenFile() {
          const form = document.getElementById("upload");
          if (!form.file.files.length) { say("upload-message", T.chooseFileFirst); return null; }
          const data = new FormData();
          data.append("file", form.file.files[0]);
          return data;
        }

        async function send(path) {
          const data = chosenFile();
          if (!data) return;
          document.getElementById("error-workbook").hidden = true;
          say("upload-message", T.checking, true);
          const answer = await api(path, { method: "POST", body: data });
          const body = answer.body || {};
          if (answer.status !== 200 && answer.status !== 201 && answer.status !== 422) { say("upload-message", body.error || T.failed); return; }
          const counts = body.rows ? fill(T.rowCounts, body.rows) : "";
          const done = answer.status === 201 ? T.submitted : answer.status === 422 ? T.notSubmitted : "";
          say("upload-message", done + counts, answer.status === 201 || body.status === "accepted");
          const table = document.getElementById("issues"), rows = table.querySelector("tbody");
          rows.replaceChildren();
          for (const issue of body.issues || []) {
            const row = document.createElement("tr");
            cell(row, issue.row ?? T.wholeFile); cell(row, issue.label ?? issue.field); cell(row, issue.value);
            cell(row, issue.detail ? `${issue.message} ${issue.detail}` : issue.message);
            rows.appendChild(row);
          }
          table.hidden = !(body.issues || []).length;
          const wholeFile = (body.issues || []).some(issue => issue.row == null && issue.severity === "error");
          document.getElementById("error-workbook").hidden = path !== "/api/check" || !(body.rows?.rejected > 0) || wholeFile;
          if (answer.status === 201) { loadReturns(); loadSubmissions(); }
        }

        // The error workbook of the chosen file, saved under the name the server gives it.
        async function downloadErrorWorkbook() {
          const data = chosenFile();
          if (!data) return;
          const answer = await api("/api/check/error-workbook", { method: "POST", body: data });
          if (answer.status !== 200) { say("upload-message", answer.body?.error || T.failed); return; }
          const named = /filename\\*=UTF-8''([^;]+)/.exec(answer.response.headers.get("Content-Disposition") || "");
          const link = document.createElement("a");
          link.href = URL.createObjectURL(await answer.response.blob());
          link.download = named ? decodeURIComponent(named[1]) : "";
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(link.href), 60000);
        }

        async function loadSubmissions() {
          const rows = document.querySelector("#submissions tbody");
          rows.replaceChildren();
          for (const entry of (await api("/api/submissions")).body || []) {
            const row = document.createElement("tr");
            cell(row, new Date(entry.receivedAt).toLocaleString(document.documentElement.lang)); cell(row, outcomes[entry.status]);
            const report = cell(row, "");
            if (entry.errorReport) {
              const link = document.createElement("a");
              link.href = `/api/submissions/${encodeURIComponent(entry.id)}/error-report`; link.textContent = T.downloadErrorReport;
              report.appendChild(link);
            }
            rows.appendChild(row);
          }
        }

        // The reason field's text; a return asks for it when the field is empty.
        function reasonFor(action) {
          const written = document.getElementById("decision-reason").value.trim();
          return written || (action === "return" ? (prompt(T.reasonPrompt) || "").trim() : "");
        }

        async function review(action, decision) {
          const answer = await postJSON(`/api/review/${action}`, decision);
          say("review-message", answer.status === 200 ? T.done : (answer.body?.error || T.failed), answer.status === 200);
          if (answer.status === 200) document.getElementById("decision-reason").value = "";
          loadReturns();
        }

        function decide(action, unit, period) {
          const reason = reasonFor(action);
          if (action !== "approve" && !reason) { say("review-message", T.reasonNeeded); return; }
          review(action, { unit, period, reason: reason || null, note: reason || null });
        }

        function decidePeriod(action) {
          const form = document.getElementById("period-action");
          if (!form.reportValidity()) return;
          const reason = reasonFor(action);
          if (action === "reopen" && !reason) { say("review-message", T.reasonNeeded); document.getElementById("decision-reason").focus(); return; }
          review(action, { period: form.period.value, reason: reason || null });
        }

        async function loadReturns(event) {
          event?.preventDefault();
          const period = document.querySelector("#period-filter input").value;
          const answer = await api("/api/returns" + (period ? "?period=" + encodeURIComponent(period) : ""));
          const rows = document.querySelector("#returns tbody");
          rows.replaceChildren();
          for (const entry of answer.body || []) {
            const row = document.createElement("tr");
            cell(row, entry.unit); cell(row, entry.name); cell(row, entry.period);
            cell(row, states[entry.state]); cell(row, timeliness[entry.timeliness]); cell(row, entry.reason);
            if (me.role === "office") {
              const actions = cell(row, "");
              actions.className = "actions";
              const choices = entry.state === "pending" ? [["approve", T.approve], ["return", T.sendBack]]
                : entry.state === "approved" ? [["reopen", T.withdraw]] : [];
              for (const [action, label] of choices) {
                const button = document.createElement("button");
                button.textContent = label; button.type = "button"; button.dataset.action = action;
                if (action !== "approve") button.className = "secondary";
                button.addEventListener("click", () => decide(action, entry.unit, entry.period));
                actions.appendChild(button);
              }
            }
            rows.appendChild(row);
          }
        }

        async function start() {
          const signInForm = document.getElementById("sign-in");
          if (signInForm) { signInForm.addEventListener("submit", signIn); return; }
          me = (await api("/api/me")).body;
          if (!me) return;
          const who = document.getElementById("who");
          who.textContent = fill(T.signedInAs, { account: me.account, role: me.role === "office" ? T.roleOffice : T.roleUnit });
          const out = document.createElement("button");
          out.textContent = T.signOut; out.className = "secondary"; out.type = "button";
          out.addEventListener("click", async () => { await api("/api/logout", { method: "POST" }); location.href = "\(Pages.signInPath)"; });
          who.appendChild(out);
          if (!document.getElementById("returns")) return;
          if (me.role === "unit") loadSubmissions();
          for (const unit of me.units) {
            const link = document.createElement("a");
            link.href = "/api/template/" + encodeURIComponent(unit); link.textContent = unit + " ";
            document.getElementById("templates").appendChild(link);
          }
          for (const button of document.querySelectorAll("[data-send]")) button.addEventListener("click", () => send(button.dataset.send));
          document.getElementById("error-workbook").addEventListener("click", downloadErrorWorkbook);
          for (const button of document.querySelectorAll("[data-period-action]")) button.addEventListener("click", () => decidePeriod(button.dataset.periodAction));
          document.getElementById("period-filter").addEventListener("submit", loadReturns);
          loadReturns();
        }
        document.addEventListener("DOMContentLoaded", start);

        """
}
