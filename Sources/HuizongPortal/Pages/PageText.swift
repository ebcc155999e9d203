/// The text of the portal's pages, style sheet and script.
enum PageText {
    static func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · 报表汇总网上报送</title>
        <link rel="stylesheet" href="\(Pages.stylePath)">
        <script src="\(Pages.scriptPath)" defer></script>
        </head>
        <body>
        <header><h1>报表汇总网上报送</h1><nav id="who"></nav></header>
        <main>
        \(body)
        </main>
        <footer>镇法治办 · 报表汇总</footer>
        </body>
        </html>

        """
    }

    static let signIn = page("登录", """
        <section class="card narrow">
        <h2>登录</h2>
        <form id="sign-in">
        <label>账户（单位代码）<input name="account" autocomplete="username" required></label>
        <label>密码<input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">登录</button>
        <p class="message" id="sign-in-message" role="alert"></p>
        </form>
        </section>
        """)

    static let returns = page("报表", """
        <section class="card" id="filing" hidden>
        <h2>上传报表</h2>
        <p>选择填好的报表（Excel .xlsx、CSV 或 XML），先“检查”看有无错误，无误后“报送”。</p>
        <p id="templates">报表模板（已填好单位代码和名称）：</p>
        <form id="upload">
        <input type="file" name="file" required>
        <button type="button" data-send="/api/check">检查</button>
        <button type="button" data-send="/api/submit">报送</button>
        </form>
        <p class="message" id="upload-message" role="status"></p>
        <table id="issues" hidden>
        <thead><tr><th>行</th><th>列</th><th>填写的值</th><th>问题与改法</th></tr></thead>
        <tbody></tbody>
        </table>
        <h3>我的报送</h3>
        <table id="submissions">
        <thead><tr><th>报送时间</th><th>汇总结果</th><th>错误报告</th></tr></thead>
        <tbody></tbody>
        </table>
        </section>
        <section class="card">
        <h2 id="returns-title">各期报表</h2>
        <form id="period-filter"><label>报送期间 <input name="period" placeholder="YYYY-MM" pattern="[0-9]{4}-[0-9]{2}"></label>
        <button type="submit">查看</button></form>
        <p class="message" id="review-message" role="status"></p>
        <table id="returns">
        <thead><tr><th>单位代码</th><th>单位名称</th><th>报送期间</th><th>审核状态</th><th>报送情况</th><th>退回原因</th><th class="office-only" hidden>审核</th></tr></thead>
        <tbody></tbody>
        </table>
        </section>
        """)

    static let style = """
        body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
        header { background: #1f4e79; color: #fff; padding: 0.8rem 1.5rem; display: flex; justify-content: space-between; align-items: center; }
        header h1 { font-size: 1.3rem; margin: 0; }
        header nav button { margin-left: 1rem; }
        main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; }
        .card { background: #fff; border: 1px solid #d5dbe1; border-radius: 4px; padding: 1rem 1.5rem; margin-bottom: 1.5rem; }
        .narrow { max-width: 24rem; margin: 3rem auto; }
        label { display: block; margin: 0.6rem 0; }
        input { font-size: 1rem; padding: 0.3rem; }
        button { font-size: 1rem; padding: 0.35rem 1rem; background: #1f4e79; color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
        button.secondary { background: #6b7785; }
        table { border-collapse: collapse; width: 100%; margin-top: 0.8rem; }
        th, td { border: 1px solid #d5dbe1; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #eef2f6; }
        .message { min-height: 1.2rem; color: #8a1f11; }
        .ok { color: #1e6b30; }
        footer { text-align: center; color: #6b7785; font-size: 0.85rem; margin: 2rem 0; }
        @media print { header nav, form, button { display: none; } body { background: #fff; } .card { border: 0; } }
        """

    static let script = """
        "use strict";
        const states = { missing: "未报", pending: "待审核", approved: "已审核", returned: "已退回" };
        const timeliness = { "on-time": "按时", late: "逾期", missing: "未报" };
        const outcomes = { waiting: "等待今晚汇总", accepted: "全部采用", partial: "部分采用", rejected: "未采用", duplicate: "与以前报送的文件相同" };
        let me = null;

        function cell(row, text) { const td = document.createElement("td"); td.textContent = text ?? ""; row.appendChild(td); return td; }
        function say(id, text, ok) { const p = document.getElementById(id); p.textContent = text; p.classList.toggle("ok", !!ok); }
        async function api(path, options = {}) {
          const headers = options.headers || {};
          if (me) headers["X-CSRF-Token"] = me.csrfToken;
          const response = await fetch(path, { ...options, headers, credentials: "same-origin" });
          if (response.status === 401 && location.pathname !== "\(Pages.signInPath)") location.href = "\(Pages.signInPath)";
          const body = response.headers.get("Content-Type")?.startsWith("application/json") ? await response.json() : null;
          return { status: response.status, body };
        }

        async function signIn(event) {
          event.preventDefault();
          const form = new FormData(event.target);
          const answer = await api("/api/login", { method: "POST", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ account: form.get("account"), password: form.get("password") }) });
          if (answer.status === 200) location.href = "/";
          else say("sign-in-message", answer.body?.error || "登录失败。");
        }

        async function send(path) {
          const form = document.getElementById("upload");
          if (!form.file.files.length) { say("upload-message", "请先选择文件。"); return; }
          const data = new FormData();
          data.append("file", form.file.files[0]);
          say("upload-message", "正在检查……", true);
          const answer = await api(path, { method: "POST", body: data });
          const body = answer.body || {};
          if (answer.status !== 200 && answer.status !== 201 && answer.status !== 422) { say("upload-message", body.error || "出错了。"); return; }
          const counts = body.rows ? `共 ${body.rows.read} 行，采用 ${body.rows.accepted} 行，有错 ${body.rows.rejected} 行。` : "";
          const done = answer.status === 201 ? "已报送，今晚汇总。" : answer.status === 422 ? "未报送：" : "";
          say("upload-message", done + counts, answer.status === 201 || body.status === "accepted");
          const table = document.getElementById("issues"), rows = table.querySelector("tbody");
          rows.replaceChildren();
          for (const issue of body.issues || []) {
            const row = document.createElement("tr");
            cell(row, issue.row ?? "整个文件"); cell(row, issue.field); cell(row, issue.value); cell(row, issue.message);
            rows.appendChild(row);
          }
          table.hidden = !(body.issues || []).length;
          if (answer.status === 201) { loadReturns(); loadSubmissions(); }
        }

        async function loadSubmissions() {
          const rows = document.querySelector("#submissions tbody");
          rows.replaceChildren();
          for (const entry of (await api("/api/submissions")).body || []) {
            const row = document.createElement("tr");
            cell(row, new Date(entry.receivedAt).toLocaleString("zh-CN")); cell(row, outcomes[entry.status]);
            const report = cell(row, "");
            if (entry.errorReport) {
              const link = document.createElement("a");
              link.href = `/api/submissions/${encodeURIComponent(entry.id)}/error-report`; link.textContent = "下载错误报告";
              report.appendChild(link);
            }
            rows.appendChild(row);
          }
        }

        async function decide(action, unit, period) {
          const reason = action === "approve" ? null : prompt(action === "return" ? "退回原因：" : "原因：");
          if (action !== "approve" && !reason) return;
          const answer = await api(`/api/review/${action}`, { method: "POST", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ unit, period, reason, note: reason }) });
          say("review-message", answer.status === 200 ? "已完成。" : (answer.body?.error || "出错了。"), answer.status === 200);
          loadReturns();
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
              const choices = entry.state === "pending" ? [["approve", "审核通过"], ["return", "退回"]]
                : entry.state === "approved" ? [["reopen", "撤回审核"]] : [];
              for (const [action, label] of choices) {
                const button = document.createElement("button");
                button.textContent = label; button.type = "button";
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
          who.textContent = `${me.account}（${me.role === "office" ? "镇法治办" : "填报单位"}）`;
          const out = document.createElement("button");
          out.textContent = "退出"; out.className = "secondary"; out.type = "button";
          out.addEventListener("click", async () => { await api("/api/logout", { method: "POST" }); location.href = "\(Pages.signInPath)"; });
          who.appendChild(out);
          document.getElementById("filing").hidden = me.role !== "unit";
          if (me.role === "unit") loadSubmissions();
          for (const unit of me.units) {
            const link = document.createElement("a");
            link.href = "/api/template/" + encodeURIComponent(unit); link.textContent = unit + " ";
            document.getElementById("templates").appendChild(link);
          }
          for (const th of document.querySelectorAll(".office-only")) th.hidden = me.role !== "office";
          document.getElementById("returns-title").textContent = me.role === "office" ? "审核列表" : "本单位各期报表";
          for (const button of document.querySelectorAll("[data-send]")) button.addEventListener("click", () => send(button.dataset.send));
          document.getElementById("period-filter").addEventListener("submit", loadReturns);
          loadReturns();
        }
        document.addEventListener("DOMContentLoaded", start);

        """
}
