"""A reporting cycle on the portal's pages in headless Chromium (issue 17).

A unit signs in, downloads its template, checks a return with a mistake, downloads the error
workbook the check offers, corrects it and submits it; the office returns the return with a reason;
the unit sees the reason and resubmits; the office approves; the unit sees 已审核. Each step is
asserted on what the page shows, and each page is saved as a screenshot.

PortalBrowserTests.swift runs it against `huizong serve` on a scratch workspace:

    python3 portal_walkthrough.py --url URL --huizong BINARY --workspace WS --unit CODE \
        --office NAME --password PASSWORD --downloads DIR --screenshots DIR
"""

import argparse
import pathlib
import re
import subprocess
import sys

import openpyxl
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_SECONDS = 60
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# The figures of a correct row of 企业创建情况表, by column label.
GOOD_ROW = {
    "职工人数": 120, "劳动合同签订人数": 118, "参加社会保险人数": 115, "建立职工代表大会": "是", "推行厂务公开": "是",
    "开展工资集体协商": "是", "拖欠工资金额（元）": 0, "劳动争议件数": 0, "诚信守法自评分": 92, "诚信守法等级": "优秀",
    "劳动关系和谐自评分": 86, "劳动关系和谐等级": "良好", "填报人": "王丽", "联系电话": "0574-86123456",
}
WRONG_EMPLOYEES = "一百二十"
REASON = "职工人数与社保人数不符，请核实"


class Walkthrough:
    def __init__(self, arguments):
        self.url = arguments.url.rstrip("/")
        self.arguments = arguments
        self.downloads = pathlib.Path(arguments.downloads)
        self.screenshots = pathlib.Path(arguments.screenshots)
        self.screenshots.mkdir(parents=True, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1300",
                         "--lang=zh-CN"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {
            "download.default_directory": str(self.downloads),
            "download.prompt_for_download": False,
            "intl.accept_languages": "zh-CN,zh",
        })
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        # The script redraws its tables after every answer: a row may go while it is read.
        self.wait = WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(StaleElementReferenceException,))

    # What a person does on the pages.

    def sign_in(self, account):
        self.driver.get(self.url + "/login")
        form = self.wait.until(EC.visibility_of_element_located((By.ID, "sign-in")))
        form.find_element(By.NAME, "account").send_keys(account)
        form.find_element(By.NAME, "password").send_keys(self.arguments.password)
        self.button(form, "登录").click()
        # Only the page signed into is read: an element of the sign-in page may go at any moment.
        self.wait.until(EC.url_to_be(self.url + "/"))
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "who"), account))

    def sign_out(self):
        self.button(self.driver.find_element(By.ID, "who"), "退出").click()
        self.wait.until(EC.url_to_be(self.url + "/login"))
        self.wait.until(EC.visibility_of_element_located((By.ID, "sign-in")))

    def button(self, within, label):
        return within.find_element(By.XPATH, f".//button[normalize-space()='{label}']")

    def download(self, link):
        """Clicks a download link; the file once Chromium has written it whole."""
        before = set(self.downloads.iterdir())
        link.click()

        def finished(_):
            new = [path for path in set(self.downloads.iterdir()) - before
                   if not path.name.startswith(".") and not path.name.endswith(".crdownload")]
            return new[0] if new else False
        return self.wait.until(finished, f"no download from {link.get_attribute('href') or link.text}")

    def upload(self, path, label):
        """Chooses `path` in the upload form and presses 检查 or 报送; the message it answers."""
        form = self.driver.find_element(By.ID, "upload")
        form.find_element(By.NAME, "file").send_keys(str(path))
        self.driver.execute_script("document.getElementById('upload-message').textContent = ''")
        self.button(form, label).click()
        self.wait.until(lambda driver: "共" in driver.find_element(By.ID, "upload-message").text)
        return self.driver.find_element(By.ID, "upload-message").text

    def submit(self, path):
        """Submits a return without mistakes and signs out."""
        message = self.upload(path, "报送")
        assert message.startswith("已报送") and "共 1 行，采用 1 行，有错 0 行" in message, message
        self.sign_out()

    def table_row(self, table, *texts):
        """The first row of the table whose cells include every one of `texts`, waited for."""
        def found(driver):
            rows = driver.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr")
            return next((row for row in rows if all(text in self.cells(row) for text in texts)), False)
        return self.wait.until(found, f"no row of #{table} with {texts}")

    def show_period(self, period):
        """Narrows the returns table, once the page has filled it, to one period with its filter."""
        rows = (By.CSS_SELECTOR, "#returns tbody tr")
        self.wait.until(EC.presence_of_element_located(rows))
        form = self.driver.find_element(By.ID, "period-filter")
        form.find_element(By.NAME, "period").send_keys(period)
        self.button(form, "查看").click()
        self.wait.until(lambda driver: all(period in self.cells(row) for row in driver.find_elements(*rows)))

    def return_row(self, period, state):
        return self.table_row("returns", self.arguments.unit, period, state)

    def cells(self, row):
        return [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]

    def shot(self, name):
        path = self.screenshots / f"{name}.png"
        self.driver.set_window_size(1280, 1300)
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1280, min(max(1300, height), 4000))
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}")

    def night(self):
        """`huizong run`, as cron would start it between two visits."""
        subprocess.run([self.arguments.huizong, "run", "--root", self.arguments.workspace, "--settle", "0"],
                       check=True, stdout=subprocess.DEVNULL)

    # The story.

    def run(self):
        unit, office = self.arguments.unit, self.arguments.office
        self.driver.get(self.url + "/login")
        self.wait.until(EC.visibility_of_element_located((By.ID, "sign-in")))
        self.shot("1-sign-in")

        self.sign_in(unit)
        template_link = self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, f"#templates a[href$='{unit}']")))
        template = self.download(template_link)
        wrong = edited(template, self.downloads / "六月报表.xlsx", fill)

        message = self.upload(wrong, "检查")
        assert "共 2 行，采用 1 行，有错 1 行" in message, message
        issue = self.cells(self.table_row("issues", "3", "职工人数", WRONG_EMPLOYEES))
        message = next((cell for cell in issue if "「职工人数」" in cell), "")
        assert CHINESE.search(message) and "整数" in message, issue
        self.shot("2-unit-issues")

        report = self.download(self.wait.until(EC.element_to_be_clickable((By.ID, "error-workbook"))))
        assert report.name == "六月报表-错误.xlsx", report.name
        self.submit(edited(report, self.downloads / "六月报表-改正.xlsx", correct))

        self.night()
        self.sign_in(office)
        self.show_period("2009-06")
        row = self.return_row("2009-06", "待审核")
        self.shot("3-office-review-list")
        self.button(row, "退回").click()
        prompt = self.wait.until(EC.alert_is_present())
        prompt.send_keys(REASON)
        prompt.accept()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "review-message"), "已完成"))
        self.table_row("returns", unit, "2009-06", "已退回", REASON)
        self.sign_out()

        self.sign_in(unit)
        self.table_row("returns", unit, "2009-06", "已退回", REASON)
        self.shot("4-unit-returned-with-reason")
        self.submit(edited(template, self.downloads / "六月报表-重报.xlsx", resubmit))

        self.night()
        self.sign_in(office)
        self.button(self.return_row("2009-06", "待审核"), "审核通过").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "review-message"), "已完成"))
        self.return_row("2009-06", "已审核")
        self.sign_out()

        self.sign_in(unit)
        row = self.return_row("2009-06", "已审核")
        assert REASON not in self.cells(row), self.cells(row)
        self.shot("5-unit-approved")


# The workbooks the clerk makes in Excel, made with openpyxl.

def edited(source, path, change):
    """`source` saved as `path` after `change(sheet, column)`; `column(label)` is a label's column number."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.active
    labels = [cell.value for cell in sheet[1]]
    change(sheet, lambda label: labels.index(label) + 1)
    workbook.save(path)
    return path


def fill(sheet, column):
    """Two rows in the template: May right, June with 职工人数 in words."""
    for number in range(1, 4):
        sheet.cell(3, number, sheet.cell(2, number).value)
    for row, period in ((2, "2009-05"), (3, "2009-06")):
        for label, value in {**GOOD_ROW, "报送期间": period, "填报日期": f"{period}-20"}.items():
            sheet.cell(row, column(label), value)
    sheet.cell(3, column("职工人数"), WRONG_EMPLOYEES)


def correct(sheet, column):
    """The error workbook's one row with the cell its 错误说明 names corrected."""
    assert sheet.max_row == 2, list(sheet.iter_rows(values_only=True))
    assert sheet.cell(2, column("职工人数")).value == WRONG_EMPLOYEES
    assert "职工人数" in sheet.cell(2, column("错误说明")).value
    sheet.cell(2, column("职工人数"), GOOD_ROW["职工人数"])


def resubmit(sheet, column):
    """June again in the template, with the insured count the office asked about."""
    for label, value in {**GOOD_ROW, "报送期间": "2009-06", "填报日期": "2009-07-02", "参加社会保险人数": 118}.items():
        sheet.cell(2, column(label), value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("url", "huizong", "workspace", "unit", "office", "password", "downloads", "screenshots"):
        parser.add_argument("--" + name, required=True)
    walkthrough = Walkthrough(parser.parse_args())
    try:
        walkthrough.run()
    except Exception:
        walkthrough.shot("failed")
        raise
    finally:
        walkthrough.driver.quit()
    print("walkthrough: done")


if __name__ == "__main__":
    sys.exit(main())
