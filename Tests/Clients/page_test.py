#!/usr/bin/env python3
"""Browser test of the analyst page of `winnow serve` (Sources/WinnowServe/Web).

Drives headless Chromium through Selenium 4 as a person would:

1. uploads a CSV of 20 people ("Smith, John" in a name column, with a header line), edits the
   example grid so the name becomes two columns (first, last), clicks "Find program", checks the
   steps, downloads the transformed CSV and the Python script, and checks both against the transform
   computed here, independently, for all 20 records;
2. pastes a column whose example ("Mining US" -> "Mining") fits programs that disagree on other rows
   and checks the ambiguity warning and the table of disagreeing rows;
3. pastes a CSV with an unclosed quote, sends a file over the server's --max-cells and empties the
   grid, and checks that each gives an error message and leaves the page working.

    python page_test.py --base-url http://127.0.0.1:PORT/ --chromedriver /usr/bin/chromedriver \
        --workdir DIR [--screenshots DOCS_DIR] [--chromium /usr/bin/chromium] [--max-cells 200000]

Needs: pip install selenium==4.51.0; apt-get install chromium chromium-driver.
Prints "page test: ok" and exits 0 on success; prints "page test: FAIL: ..." and exits 1 otherwise.
"""

import argparse
import base64
import csv
import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SOLVE_TIMEOUT = 60  # seconds to wait for the server's answer
UI_TIMEOUT = 10     # seconds to wait for the page to react to a click or a keystroke
DOWNLOAD_TIMEOUT = 20

# ---------------------------------------------------------------------------------------------
# Test data

PEOPLE = [
    ("101", "Smith, John", "Leeds"),
    ("102", "Garcia, Maria", "Madrid"),
    ("103", "Nguyen, Anh", "Hanoi"),
    ("104", "Okafor, Chidi", "Lagos"),
    ("105", "Rossi, Giulia", "Milan"),
    ("106", "Kowalski, Piotr", "Krakow"),
    ("107", "Tanaka, Yuki", "Osaka"),
    ("108", "Brown, Emily", "Portland"),
    ("109", "Dubois, Claire", "Lyon"),
    ("110", "Jensen, Lars", "Aarhus"),
    ("111", "Silva, Pedro", "Porto"),
    ("112", "Cohen, Noa", "Haifa"),
    ("113", "Murphy, Sean", "Cork"),
    ("114", "Schmidt, Anna", "Bremen"),
    ("115", "Patel, Ravi", "Pune"),
    ("116", "Lee, Min", "Busan"),
    ("117", "Novak, Jana", "Brno"),
    ("118", "Ahmed, Omar", "Cairo"),
    ("119", "Larsen, Ingrid", "Bergen"),
    ("120", "Walker, Tom", "Austin"),
]
PEOPLE_HEADER = ("id", "name", "city")
PEOPLE_OUT_HEADER = ["id", "first", "last", "city"]


def people_expected():
    """The wanted transform, computed here: "Last, First" becomes two columns first, last."""
    rows = [PEOPLE_OUT_HEADER]
    for ident, name, city in PEOPLE:
        last, first = name.split(", ", 1)
        rows.append([ident, first, last, city])
    return rows


# One column of "industry country". The example "Mining US" -> "Mining" fits "the first word" and
# "everything but the last word"; they agree on two-word values and part on longer ones.
INDUSTRIES = [
    "Mining US", "Retail UK", "Soybean Farming CAN", "Banking CH", "Steel Production DE",
    "Fishing NO", "Software Services IN", "Tourism ES", "Wine Making FR", "Textiles BD",
    "Auto Parts Manufacturing MX", "Shipping GR",
]


def to_csv(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def read_csv(text):
    return [row for row in csv.reader(io.StringIO(text)) if row]


# ---------------------------------------------------------------------------------------------
# Harness


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Page:
    def __init__(self, driver, base_url, downloads, max_cells):
        self.d = driver
        self.max_cells = max_cells
        self.base_url = base_url
        self.downloads = downloads

    def wait(self, condition, message, timeout=UI_TIMEOUT):
        try:
            return WebDriverWait(self.d, timeout, poll_frequency=0.1).until(condition)
        except TimeoutException:
            raise Failure(f"{message} (waited {timeout} s)") from None

    def el(self, ident):
        return self.wait(EC.presence_of_element_located((By.ID, ident)), f"no element #{ident}")

    def visible(self, ident, timeout=UI_TIMEOUT):
        return self.wait(EC.visibility_of_element_located((By.ID, ident)), f"#{ident} never became visible", timeout)

    def type_into(self, element, text):
        """Selects what the field holds and types over it, as a person would."""
        element.click()
        element.send_keys(Keys.CONTROL, "a")
        if text:
            element.send_keys(text)
        else:
            element.send_keys(Keys.DELETE)

    def cell(self, row, col):
        return self.el(f"cell-{row}-{col}")

    def set_cell(self, row, col, text):
        self.type_into(self.cell(row, col), text)

    def answers(self):
        value = self.el("result").get_attribute("data-answer")
        return int(value) if value else 0

    def find_program(self, use_keyboard_from=None):
        """Clicks Find program (or presses Ctrl+Enter in an element) and waits for the next answer."""
        before = self.answers()
        if use_keyboard_from is not None:
            use_keyboard_from.send_keys(Keys.CONTROL, Keys.ENTER)
        else:
            self.el("solve").click()
        def answered(d):
            if self.answers() > before:
                return True
            error = d.find_element(By.ID, "error")
            if error.is_displayed() and error.text.strip():
                raise Failure(f"the page shows an error instead of an answer: {error.text.strip()}")
            return False
        self.wait(answered, "no answer from /v1/solve", SOLVE_TIMEOUT)
        return self.el("result").get_attribute("data-status")

    def clear_downloads(self):
        for p in self.downloads.iterdir():
            p.unlink()

    def download(self, button_id, filename):
        button = self.el(button_id)
        check(button.is_enabled(), f"#{button_id} is disabled")
        button.click()
        target = self.downloads / filename

        def done(_):
            partial = list(self.downloads.glob("*.crdownload"))
            return target.exists() and target.stat().st_size > 0 and not partial

        try:
            WebDriverWait(self.d, DOWNLOAD_TIMEOUT, poll_frequency=0.1).until(done)
        except TimeoutException:
            found = sorted(p.name for p in self.downloads.iterdir())
            raise Failure(f"{filename} was not downloaded by #{button_id} (the download folder holds {found})") from None
        return target.read_text(encoding="utf-8")

    def table_rows(self, ident):
        """The texts of a table's body rows, each a list of cell texts (header cells included)."""
        table = self.el(ident)
        rows = []
        for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
            rows.append([c.text for c in tr.find_elements(By.CSS_SELECTOR, "th, td")])
        return rows

    def js_errors(self):
        """Severe console entries other than the expected 4xx network errors."""
        try:
            entries = self.d.get_log("browser")
        except WebDriverException:
            return []
        bad = []
        for e in entries:
            if e.get("level") != "SEVERE":
                continue
            message = e.get("message", "")
            if "Failed to load resource" in message and "status of 4" in message:
                continue
            bad.append(message)
        return bad

    def screenshot(self, path):
        """The whole page at the window's width (1280 CSS pixels), as far down as it goes."""
        self.d.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        metrics = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = self.d.execute_script("return document.documentElement.clientWidth")
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(size["height"], 4000), "scale": 1},
        })
        Path(path).write_bytes(base64.b64decode(shot["data"]))


# ---------------------------------------------------------------------------------------------
# The cases


def case_solved(page, workdir, screenshots):
    d = page.d
    d.get(page.base_url)
    page.el("csv-file")
    check(page.el("download-csv").get_attribute("disabled") is not None, "Download CSV is enabled before any program")
    check(page.el("download-script").get_attribute("disabled") is not None, "Download Python script is enabled before any program")

    source = workdir / "people.csv"
    source.write_text(to_csv([PEOPLE_HEADER, *PEOPLE]), encoding="utf-8")
    header = page.el("header")
    if not header.is_selected():
        header.click()
    page.el("csv-file").send_keys(str(source))
    page.wait(lambda _: page.el("row-count").text.startswith("20 records"),
              "the row count never said 20 records")
    check("header" in page.el("row-count").text, f"row count does not mention the header: {page.el('row-count').text!r}")

    # The grid is prefilled with the header and the first three records.
    page.wait(lambda _: page.cell(3, 2).get_attribute("value") == PEOPLE[2][2], "the grid is not prefilled with the input")
    check(page.cell(0, 1).get_attribute("value") == "name", "the grid's header row does not hold the header")
    check(page.cell(1, 1).get_attribute("value") == "Smith, John", "the grid's first record is not the file's")
    check(len(d.find_elements(By.CSS_SELECTOR, "#grid input.cell")) == 4 * 3, "the grid is not 4 rows of 3 cells")

    # Insert a column after "name" and type what the three records should become.
    d.find_element(By.CSS_SELECTOR, '#grid button.insert-column[data-col="1"]').click()
    page.wait(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#grid input.cell")) == 4 * 4, "inserting a column did not widen the grid")
    check(page.cell(1, 3).get_attribute("value") == "Leeds", "the city did not move right when a column was inserted")
    expected = people_expected()
    for r in range(4):
        for c in (1, 2):
            page.set_cell(r, c, expected[r][c])
    for r in range(4):
        got = [page.cell(r, c).get_attribute("value") for c in range(4)]
        check(got == expected[r], f"grid row {r} holds {got}, wanted {expected[r]}")

    status = page.find_program()
    check(status == "solved", f"the answer's status is {status!r}, wanted solved")
    steps = d.find_elements(By.CSS_SELECTOR, "#steps > li")
    check(len(steps) > 0, "the steps list is empty")
    for li in steps:
        check(li.find_elements(By.TAG_NAME, "code"), f"a step has no operator line: {li.text!r}")
        check(li.text.strip(), "a step is empty")
    check(page.el("summary").is_displayed() and page.el("summary").text, "no summary of time and programs")
    check(not page.el("ambiguity").is_displayed(),
          "the ambiguity warning shows on the people task, where every program should agree "
          f"({page.el('ambiguity-title').text!r}; a page bug, or the server found programs that disagree)")
    preview = page.table_rows("preview")
    check(len(preview) == 20, f"the preview has {len(preview)} rows, wanted 20")
    check(preview[0][1:] == expected[1], f"the preview's first row is {preview[0][1:]}, wanted {expected[1]}")
    print(f"  solved: {len(steps)} steps: " + " | ".join(li.find_element(By.TAG_NAME, "code").text for li in steps))
    if screenshots:
        page.screenshot(screenshots / "serve-page.png")

    page.clear_downloads()
    text = page.download("download-csv", "people-transformed.csv")
    got = read_csv(text)
    check(got == expected, "the downloaded CSV differs from the expected transform:\n"
          + "\n".join(f"  got {g}\n  want {w}" for g, w in zip(got, expected) if g != w)
          + ("" if len(got) == len(expected) else f"\n  {len(got)} rows, wanted {len(expected)}"))
    check(text.endswith("\r\n") or text.endswith("\n"), "the downloaded CSV does not end with a line break")

    script = page.download("download-script", "transform.py")
    check(script.startswith("#!") or "import" in script, "transform.py does not look like a Python script")
    python = shutil.which("python3") or sys.executable
    with source.open("rb") as stdin:
        # The script reads JSON by default; --csv --header is how the page tells its users to run it on a
        # CSV with a header line (the header it writes is the one typed in the grid).
        run = subprocess.run([python, str(page.downloads / "transform.py"), "--csv", "--header"], stdin=stdin, capture_output=True, timeout=60)
    check(run.returncode == 0, f"python3 transform.py --csv --header < people.csv exited {run.returncode}: {run.stderr.decode(errors='replace')[-2000:]}")
    got = read_csv(run.stdout.decode("utf-8"))
    check(got == expected, "the script's output differs from the expected transform:\n"
          + "\n".join(f"  got {g}\n  want {w}" for g, w in zip(got, expected) if g != w)
          + ("" if len(got) == len(expected) else f"\n  {len(got)} rows, wanted {len(expected)}"))



def paste(page, text):
    area = page.el("csv-text")
    page.type_into(area, text)


def case_ambiguous(page, screenshots):
    d = page.d
    paste(page, "industry\n" + "\n".join(INDUSTRIES) + "\n")
    page.wait(lambda _: page.el("row-count").text.startswith(f"{len(INDUSTRIES)} records"),
              f"the row count never said {len(INDUSTRIES)} records")
    page.type_into(page.el("example-count"), "1")
    page.el("example-count").send_keys(Keys.TAB)
    page.wait(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#grid input.cell")) == 2, "the grid did not shrink to one example row")
    check(page.cell(1, 0).get_attribute("value") == "Mining US", "the grid's example row is not the first record")
    page.set_cell(1, 0, "Mining")
    status = page.find_program(use_keyboard_from=page.cell(1, 0))  # Ctrl+Enter
    warning = page.visible("ambiguity")
    title = page.el("ambiguity-title").text
    check("programs that disagree on this file" in title, f"the warning's title is {title!r}")
    rows = page.table_rows("disagreements")
    check(rows, "the table of disagreeing rows is empty")
    headers = [th.text for th in page.el("disagreements").find_elements(By.CSS_SELECTOR, "thead th")]
    check(any(h.startswith("A") for h in headers) and any(h.startswith("B") for h in headers),
          f"the table does not name behaviours A and B: {headers}")
    check(any("Soybean Farming CAN" in " ".join(r) for r in rows), f"the disagreeing rows miss 'Soybean Farming CAN': {rows}")
    check(all(len(r) >= 4 for r in rows), f"a disagreeing row lacks the input or a behaviour: {rows}")
    print(f"  ambiguous: status {status}, {title!r}, {len(rows)} rows")
    check(warning.is_displayed(), "the warning is not displayed")
    if status == "abstained":
        check(page.el("download-csv").get_attribute("disabled") is not None, "Download CSV is enabled though nothing was committed")
    if screenshots:
        page.screenshot(screenshots / "serve-page-ambiguous.png")


def expect_error(page, what, contains=None, timeout=UI_TIMEOUT):
    error = page.visible("error", timeout)
    text = error.text.strip()
    check(text, f"{what}: the error area is empty")
    check(error.get_attribute("role") == "alert", "the error area is not role=alert")
    if contains:
        check(contains.lower() in text.lower(), f"{what}: the error says {text!r}, which lacks {contains!r}")
    check(page.el("solve").is_enabled(), f"{what}: Find program stays disabled after the error")
    print(f"  {what}: {text}")
    return text


def case_bad_input(page):
    d = page.d
    # An unclosed quote: the page cannot read the CSV and says so.
    paste(page, 'id,name\n1,"Smith, John\n2,Jones\n')
    page.wait(lambda _: page.el("row-count").text == "Could not read the CSV", "the row count did not report the unreadable CSV")
    expect_error(page, "unclosed quote", "never closed")
    page.el("solve").click()
    expect_error(page, "unclosed quote, Find program", "never closed")

    # A file larger than the server takes in one request: the server's problem detail is shown.
    big = page.downloads.parent / "too-large.csv"
    records = page.max_cells // 3 + 1000
    big.write_text(to_csv([("id", "name", "city")] + [(str(k), f"Name{k}, First{k}", "Town") for k in range(records)]),
                   encoding="utf-8")
    page.el("csv-file").send_keys(str(big))
    page.wait(lambda _: page.el("row-count").text.startswith(f"{records:,} records"), "the large CSV was not read")
    page.wait(lambda _: not page.el("error").is_displayed(), "the old error stayed after a readable CSV was chosen")
    page.set_cell(1, 1, "First0 Name0")
    page.el("solve").click()
    expect_error(page, "too large (server's problem detail)", "cells", timeout=SOLVE_TIMEOUT)

    # An empty grid: every example row removed.
    paste(page, "a,b\n1,2\n3,4\n")
    page.wait(lambda _: page.el("row-count").text.startswith("2 records"), "the small CSV was not read")
    while True:
        buttons = d.find_elements(By.CSS_SELECTOR, "#grid button.remove-row")
        if not buttons:
            break
        count = len(buttons)
        buttons[0].click()
        page.wait(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#grid button.remove-row")) == count - 1,
                  "removing a grid row did nothing")
    page.el("solve").click()
    expect_error(page, "empty grid", "empty")

    # The page still works: the reset button fills the grid again.
    page.el("reset-grid").click()
    page.wait(lambda _: len(d.find_elements(By.CSS_SELECTOR, "#grid input.cell")) == 2 * 2, "Reset to input did not refill the grid (header + 1 example row)")


# ---------------------------------------------------------------------------------------------


def make_driver(args, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--window-size=1280,900", "--no-sandbox", "--disable-dev-shm-usage",
                 "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--lang=en-US"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=options)
    driver.set_window_size(1280, 900)
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    except WebDriverException:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the server's root, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--workdir", required=True, help="a folder for the test's CSV files and downloads")
    parser.add_argument("--screenshots", help="save serve-page.png and serve-page-ambiguous.png here")
    parser.add_argument("--max-cells", type=int, default=200000,
                        help="the server's --max-cells (the bad-input case sends a file just over it)")
    args = parser.parse_args()

    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    downloads = workdir / "downloads"
    downloads.mkdir(exist_ok=True)
    screenshots = Path(args.screenshots).resolve() if args.screenshots else None
    if screenshots:
        screenshots.mkdir(parents=True, exist_ok=True)
    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"

    started = time.monotonic()
    driver = None
    step = "starting Chromium"
    try:
        driver = make_driver(args, downloads)
        page = Page(driver, base_url, downloads, args.max_cells)
        for step, run in (("solved case", lambda: case_solved(page, workdir, screenshots)),
                          ("ambiguous case", lambda: case_ambiguous(page, screenshots)),
                          ("bad input case", lambda: case_bad_input(page))):
            run()
            errors = page.js_errors()
            check(not errors, "the browser console shows errors:\n  " + "\n  ".join(errors))
    except Exception as e:  # noqa: BLE001 - any failure is reported the same way, with a screenshot
        message = str(e).strip() or type(e).__name__
        if not isinstance(e, Failure):
            message = f"{type(e).__name__}: {message}"
        if driver is not None:
            try:
                driver.save_screenshot(str(workdir / "failure.png"))
                message += f"\n  (screenshot of the page: {workdir / 'failure.png'})"
            except WebDriverException:
                pass
        print(f"page test: FAIL: {step}: {message}", file=sys.stderr)
        return 1
    finally:
        if driver is not None:
            driver.quit()
    print(f"  all cases passed in {time.monotonic() - started:.1f} s")
    print("page test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
