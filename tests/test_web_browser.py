"""The dossier in a real browser: Debian's headless Chromium driven by Selenium (never Selenium Manager).

Opens the demo dossier, follows a name to an article, toggles a layer off and on, checks the highlighted
text and its visibility, checks an injected script did not run, and keeps a PNG of each page in
artifacts/screenshots/.
"""
from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CURATE_SHOTS = Path("/tmp/curate-shots")  # looked at by hand after a change to the curation pages
XSS_TEXT = ("A hostile page. <script>window.__xss = 1</script> Then an image "
            "<img src=x onerror=\"window.__xss = 2\"> and more words about Orla Quist.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser_store(demo_store, tmp_path_factory):
    """The demo store plus one article carrying a script and an onerror attribute."""
    from newsdossier.article import Article
    from newsdossier.mentions import Mention
    from newsdossier.store import Store

    path = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    # copy the demo store by file (it is only open for reading) and add the hostile article
    shutil.copy(demo_store.path, path)
    with Store.open(path) as st:
        st.insert([Article(id="xss0000000000001", source="xss.txt", format="txt", title="Hostile <script>page</script>",
                           title_start=None, title_end=None, outlet="Test Outlet", dateline=None, published=None,
                           author=None, url=None, body_start=0, body_end=len(XSS_TEXT), text=XSS_TEXT)])
        s = XSS_TEXT.index("Orla Quist")
        st.insert([Mention("xss0000000000001", s, s + 10, "Orla Quist", "PERSON", 0, len(XSS_TEXT))])
    return str(path)


@contextlib.contextmanager
def serving(web_app):
    """The app on a free loopback port in a uvicorn thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(browser_store):
    from newsdossier.web import create_app

    with serving(create_app(browser_store)) as url:
        yield url


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--disable-extensions", "--no-first-run"):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


def shot(driver, name: str) -> Path:
    """A full-page PNG of the current page, kept as a test artifact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
    driver.set_window_size(1400, min(height + 140, 4000))
    path = SHOTS / f"{name}.png"
    assert driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    assert path.stat().st_size > 10_000
    return path


def test_overview_entity_article_and_layers(server, driver):
    driver.get(server + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Corpus overview"
    assert driver.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    shot(driver, "01-overview")

    # follow the top entity to its dossier
    first = driver.find_element(By.CSS_SELECTOR, "#top-entities table.data tbody tr td a")
    name = first.text
    first.click()
    assert driver.find_element(By.TAG_NAME, "h1").text == name
    shot(driver, "02-entity")

    # from the dossier's article list, open the first article where the name occurs
    link = driver.find_element(By.CSS_SELECTOR, ".entity-articles table.data tbody tr td:nth-child(5) a")
    link.click()
    assert "/article/" in driver.current_url and "#span-" in driver.current_url
    target = driver.find_element(By.CSS_SELECTOR, "mark.hl.flash")
    assert target.text.strip()
    layer = target.get_attribute("data-layer")
    shot(driver, "03-article")

    # every mark of that layer is highlighted; switching the layer off leaves the text but drops the highlight
    marks = driver.find_elements(By.CSS_SELECTOR, f'mark.hl[data-layer="{layer}"]')
    texts = [m.text for m in marks]
    assert texts and all(t for t in texts)
    box = driver.find_element(By.CSS_SELECTOR, f'.layer-toggle input[data-layer="{layer}"]')
    other = next(m for m in marks if "flash" not in (m.get_attribute("class") or ""))
    bg_on = other.value_of_css_property("background-color")
    assert bg_on not in ("rgba(0, 0, 0, 0)", "transparent")
    box.click()
    assert not box.is_selected()
    assert all("off" in m.get_attribute("class") for m in marks)
    assert other.value_of_css_property("background-color") in ("rgba(0, 0, 0, 0)", "transparent")
    assert other.is_displayed() and other.text == texts[marks.index(other)]
    shot(driver, "04-article-layer-off")
    box.click()
    assert box.is_selected()
    assert other.value_of_css_property("background-color") == bg_on


def test_reuse_and_search_pages(server, driver):
    driver.get(server + "/search?q=turbine")
    hits = driver.find_elements(By.CSS_SELECTOR, "b.hit")
    assert hits and hits[0].text.lower() == "turbine"
    shot(driver, "05-search")
    driver.get(server + "/reuse/6a5d9c5df2ff7866/6d29b04ddb32d414")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Shared passages"
    shot(driver, "06-reuse")


def test_injected_script_does_not_run(server, driver):
    driver.get(server + "/article/xss0000000000001")
    time.sleep(0.3)
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    text = driver.find_element(By.CSS_SELECTOR, ".doc-text").text
    assert "<script>window.__xss = 1</script>" in text
    assert '<img src=x onerror="window.__xss = 2">' in text
    assert driver.find_elements(By.CSS_SELECTOR, ".doc-text script, .doc-text img") == []
    assert "Hostile <script>page</script>" == driver.find_element(By.CSS_SELECTOR, "h1.doc-title").text
    shot(driver, "07-hostile-article")
    driver.get(server + "/search?q=xss")
    assert driver.execute_script("return typeof window.__xss") == "undefined"


def test_report_file_opens_offline(demo_store, driver, tmp_path):
    from newsdossier.report import render_report

    out = tmp_path / "dossier.html"
    out.write_text(render_report(demo_store), encoding="utf-8")
    driver.get(out.as_uri())
    assert driver.find_element(By.TAG_NAME, "h1").text == "Dossier: whole corpus"
    # a layer toggle works inside the report too
    box = driver.find_elements(By.CSS_SELECTOR, '.layer-toggle input[data-layer="mentions"]')[0]
    page = box.find_element(By.XPATH, "ancestor::div[contains(@class, 'article-page')]")
    marks = page.find_elements(By.CSS_SELECTOR, 'mark.hl[data-layer="mentions"]')
    on = "off" in (marks[0].get_attribute("class") or "")
    driver.execute_script("arguments[0].click()", box)
    assert ("off" in marks[0].get_attribute("class")) != on
    driver.set_window_size(1400, 1000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / "08-report.png"))


@pytest.mark.parametrize("name", ["statements", "conflicts", "timeline", "framing", "reuse", "network"])
def test_corpus_pages_filter_from_the_form(server, driver, name):
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(server + f"/{name}")
    assert driver.find_element(By.CSS_SELECTOR, f'nav a.active[href="/{name}"]')
    shot(driver, f"10-{name}")
    form = driver.find_element(By.CSS_SELECTOR, "form.filters")
    Select(form.find_element(By.NAME, "outlet")).select_by_visible_text("Tavrin Herald")
    form.find_element(By.NAME, "entity").send_keys("KBSF")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "entity=" in d.current_url)
    assert "outlet=Tavrin+Herald" in driver.current_url and "entity=KBSF" in driver.current_url
    # the form keeps what was chosen, and the downloads carry the same filters
    form = driver.find_element(By.CSS_SELECTOR, "form.filters")
    assert Select(form.find_element(By.NAME, "outlet")).first_selected_option.text == "Tavrin Herald"
    csv_link = driver.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
    assert "outlet=Tavrin+Herald" in csv_link and "entity=KBSF" in csv_link and csv_link.endswith("format=csv")
    shot(driver, f"11-{name}-filtered")


def test_curate_merges_two_entities_from_the_entity_page(demo_store, driver, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    from newsdossier.web import create_app

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_store.path, path)
    with serving(create_app(path, curate=True)) as url:
        driver.get(url + "/entities?q=Irena")
        driver.find_element(By.LINK_TEXT, "Irena Vashkeli").click()
        assert driver.find_element(By.TAG_NAME, "h1").text == "Irena Vashkeli"
        form = driver.find_element(By.CSS_SELECTOR, 'form[action="/curate/merge"]')
        form.find_element(By.NAME, "other").send_keys("Ms Vashkeli")
        CURATE_SHOTS.mkdir(parents=True, exist_ok=True)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", form)
        driver.save_screenshot(str(CURATE_SHOTS / "01-entity-curate-form.png"))
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        notice = WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice"))[0]
        assert notice.text.startswith("Merged “Irena Vashkeli” and “Ms Vashkeli”: a merge rule was written to "
                                      f"{tmp_path / 'demo.aliases.yaml'}. The entity link stages ran again in")
        assert "?done=" in driver.current_url and driver.find_element(By.TAG_NAME, "h1").text == "Irena Vashkeli"
        names = [td.text for td in driver.find_elements(
            By.XPATH, "//h2[text()='Names and aliases']/following-sibling::table[1]/tbody/tr/td[1]")]
        assert names == ["Irena Vashkeli", "Ms Vashkeli"]
        assert "Ms Vashkeli" in (tmp_path / "demo.aliases.yaml").read_text()
        full = shot(driver, "12-entity-after-merge")
        shutil.copy(full, CURATE_SHOTS / "02-entity-after-merge.png")
        driver.set_window_size(1400, 1000)
        driver.save_screenshot(str(CURATE_SHOTS / "03-entity-after-merge-top.png"))


@pytest.mark.parametrize("path, heading", [("/articles", "Articles"), ("/entities", "Entities")])
def test_list_pages_open_and_link_on(server, driver, path, heading):
    driver.get(server + path)
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith(heading)
    first = driver.find_element(By.CSS_SELECTOR, "main table a[href]")
    href = first.get_attribute("href")
    shot(driver, "12-" + path.strip("/"))
    driver.get(href)
    assert driver.find_element(By.TAG_NAME, "h1").text  # the linked article or entity page renders
