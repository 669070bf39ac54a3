"""End to end: `streamlit run` against a store ingested from seeds/, driven in real headless Chromium.

These never skip: without Chromium at /usr/bin/chromium they fail (install it with `apt-get install -y chromium`).
Run only these with `pytest -m browser`; leave them out with `pytest -m "not browser"`.
"""

from __future__ import annotations

import csv
import io
import shutil
import urllib.parse
from pathlib import Path

import pytest

from dashboard.server import running_dashboard

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGES = {"": "Overview", "entities": "Entities", "quotes": "Quotes", "voices": "Voices", "map": "Map",
         "articles": "Articles", "add": "Add articles"}
SEED_COUNTRIES = {"RUS", "ISR", "SYR"}  # named many times in the seed article


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def app_url(seed_store, tmp_path_factory):
    """The dashboard on a free port, over a writable copy of the seed store (the upload test adds to it)."""
    root = tmp_path_factory.mktemp("e2e") / "store"
    shutil.copytree(seed_store.root, root)
    with running_dashboard(root) as url:
        yield url


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def settle(page, timeout: float = 30_000) -> None:
    """Wait until the script run is over and every Plotly chart has drawn."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('.main-svg'))""",
        timeout=timeout,
    )
    page.wait_for_timeout(300)  # a rerun triggered by the last interaction starts within this
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def open_page(page, app_url: str, path: str = "", query: str = "") -> None:
    page.goto(f"{app_url}/{path}{query}")
    page.wait_for_selector('[data-testid="stApp"]')
    settle(page)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def pick_entity(page, name: str) -> None:
    box = page.get_by_test_id("stSidebar").locator('[data-testid="stMultiSelect"]').filter(has_text="Entities")
    box.locator("input").click()
    box.locator("input").fill(name)
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    settle(page)


def click_path(page, chart, selector: str, key: str, value: str) -> None:
    """Click inside the Plotly path whose datum has `key` == value, as a user would."""
    point = point_in_path(chart, selector, key, value)
    page.mouse.move(*point)
    page.mouse.click(*point)


def point_in_path(chart, selector: str, key: str, value: str) -> tuple[float, float]:
    """A point well inside the Plotly path whose datum has `key` == value (a country's bounding box centre may lie
    in another country, so points are tested with isPointInFill; the one with most neighbours inside wins, away from
    a border where Plotly's own hit test may disagree)."""
    paths = chart.locator(selector)
    point = paths.evaluate_all(
        """(ps, [key, value]) => {
            const p = ps.find(p => p.__data__ && p.__data__[key] === value);
            if (!p) return null;
            const b = p.getBBox(), m = p.getScreenCTM();
            const inside = (i, j) => p.isPointInFill(new DOMPoint(b.x + b.width * i / 20, b.y + b.height * j / 20));
            let best = null, bestScore = -1;
            for (let i = 1; i < 20; i++) {
                for (let j = 1; j < 20; j++) {
                    if (!inside(i, j)) continue;
                    const score = [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [1, 1], [-1, 1], [1, -1]]
                        .filter(([di, dj]) => inside(i + di, j + dj)).length;
                    if (score > bestScore) { best = [i, j]; bestScore = score; }
                }
            }
            if (!best) return null;
            const s = new DOMPoint(b.x + b.width * best[0] / 20, b.y + b.height * best[1] / 20).matrixTransform(m);
            return [s.x, s.y];
        }""",
        [key, value],
    )
    assert point, f"no {value!r} in the chart"
    return tuple(point)


def download_csv(page, label_start: str = "Download CSV") -> list[dict]:
    with page.expect_download() as info:
        page.get_by_role("button", name=label_start).first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders(page, app_url, path):
    open_page(page, app_url, path)
    assert page.locator("h1").first.inner_text().strip() == PAGES[path]


def test_overview_has_its_own_address(page, app_url):
    """/overview, as a reader would type it, opens the Overview (with the URL's filters), not "Page not found"."""
    page.goto(f"{app_url}/overview?entity=Vladimir+Putin")
    page.wait_for_url(f"{app_url}/?entity=Vladimir+Putin", timeout=30_000)
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "Overview"
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_text("Filtered: articles naming Vladimir Putin").is_visible()


def test_url_values_are_shown_as_typed_not_rendered(page, app_url):
    typed = "**B** [evil](https://evil.example) $x$ <a href='https://evil.example'>h</a> https://bare.example"
    open_page(page, app_url, "entities", f"?entity={urllib.parse.quote(typed)}&entity=Vladimir+Putin")
    line = page.get_by_test_id("stCaptionContainer").filter(has_text="Filtered:").first
    assert line.inner_text().replace("\u2060", "") == f"Filtered: articles naming {typed} or Vladimir Putin"
    assert line.locator("a, strong, b, .katex").count() == 0
    # The name is the focus of "Named together": the chart prints it as text.
    page.get_by_role("tab", name="Named together").click()
    settle(page)
    named_with = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="appears with")
    assert "<a href='https://evil.example'>h</a>" in named_with.text_content()
    assert page.locator('[data-testid="stPlotlyChart"] a').count() == 0


def test_map_draws_seed_countries_from_the_app_not_a_cdn(page, app_url):
    open_page(page, app_url, "map")
    # The world outline (land and borders from world_110m.json) and one filled path per mentioned country.
    page.wait_for_selector(".js-plotly-plot .layer.land path", state="attached", timeout=30_000)
    drawn = set(page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot .trace.choropleth path.choroplethlocation')]
                 .map(p => p.__data__ && p.__data__.loc)"""))
    assert SEED_COUNTRIES <= drawn
    assert any(url.endswith("/app/static/world_110m.json") for url in page.requests)
    assert not [url for url in page.requests if "cdn.plot.ly" in url]
    assert not [url for url in page.requests if not url.startswith(app_url)], "the app fetched from outside"
    table = page.get_by_test_id("stDataFrame").first
    assert table.is_visible()


def test_map_scale_is_logarithmic_and_its_title_stays_clear_of_the_hover(page, app_url):
    open_page(page, app_url, "map")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    page.wait_for_selector(".js-plotly-plot .trace.choropleth path.choroplethlocation", state="attached")
    assert chart.locator(".colorbar .cbtitle").text_content() == "Mentions (log scale)"
    ticks = chart.locator(".colorbar .cbaxis text").all_text_contents()
    assert ticks[:3] == ["1", "2", "5"]
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the layout settle before reading positions
    for country in ("RUS", "SYR", "ISR"):  # the hover box never covers the colour bar's title
        x, y = point_in_path(chart, ".trace.choropleth path.choroplethlocation", "loc", country)
        page.mouse.move(x - 1, y)
        page.mouse.move(x, y)
        hover = chart.locator(".hoverlayer .hovertext")
        hover.wait_for()
        box, title = hover.bounding_box(), chart.locator(".colorbar .cbtitle").bounding_box()
        assert (box["y"] + box["height"] <= title["y"] or title["y"] + title["height"] <= box["y"]
                or box["x"] + box["width"] <= title["x"] or title["x"] + title["width"] <= box["x"]), country
    page.locator("[data-testid=\"stButtonGroup\"] button", has_text="Share of articles").click()
    settle(page)
    assert chart.locator(".colorbar .cbtitle").text_content() == "Share of articles (log scale)"


def test_selecting_putin_narrows_quotes_to_his_and_csv_has_those_rows(page, app_url):
    open_page(page, app_url, "quotes")
    everyone = page.get_by_text("quote(s), ").inner_text()
    pick_entity(page, "Vladimir Putin")
    narrowed = page.get_by_text("quote(s), ").inner_text()
    assert narrowed != everyone
    assert "entity=Vladimir+Putin" in page.url or "entity=Vladimir%20Putin" in page.url
    rows = download_csv(page)
    assert rows and {row["speaker"] for row in rows} == {"Vladimir Putin"}
    assert narrowed.startswith(f"{len(rows)} quote(s)")
    assert {"quote", "speaker", "cue", "title", "source", "published", "url"} <= set(rows[0])
    # The bookmark reproduces the view.
    open_page(page, app_url, "quotes", "?entity=Vladimir+Putin")
    assert page.get_by_text("quote(s), ").inner_text() == narrowed


def test_quotes_page_keeps_its_choices_in_the_url_and_reads_a_quote_in_full(page, app_url):
    open_page(page, app_url, "quotes")
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Most quoted speakers")
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    top = chart.locator("g.point path").first  # the bars are drawn bottom up: the last speaker listed
    box = top.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    speaker = chart.locator(".hoverlayer .hovertext tspan.line").first.text_content()
    page.mouse.down()
    page.mouse.up()
    settle(page)
    assert page.url.startswith(f"{app_url}/quotes?")
    assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["speaker"] == [speaker]
    full = page.locator(".st-key-quote_full")
    assert f"— {speaker}" in full.inner_text()
    quote = full.locator("p").first.inner_text().strip("“”")
    first = download_csv(page)[0]
    assert quote == first["quote"] and first["speaker"] == speaker  # the whole first row's quote, as exported
    assert not [row for row in download_csv(page) if row["quote"].endswith(",")]
    page.get_by_role("link", name="Read it in the article").click()
    settle(page)
    assert page.url.startswith(f"{app_url}/articles?") and "article=" in page.url
    assert quote[:60] in page.locator(".newsscope-article").inner_text()
    # A fresh session: the URL alone restores the speaker choice.
    open_page(page, app_url, "quotes", "?" + urllib.parse.urlencode({"speaker": speaker}))
    chips = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Speakers")
    assert speaker in chips.inner_text()


def test_a_name_outside_the_pickers_list_can_be_typed(page, app_url):
    """The picker lists the most widespread names only; any other can be typed (AppTest checks the spelling)."""
    open_page(page, app_url, "quotes")
    box = page.get_by_test_id("stSidebar").locator('[data-testid="stMultiSelect"]').filter(has_text="Entities")
    box.locator("input").click()
    box.locator("input").fill("Nobody Atall")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    assert "entity=Nobody+Atall" in page.url or "entity=Nobody%20Atall" in page.url
    assert page.get_by_text("match the filters").first.is_visible()


def test_clicking_a_bar_filters_by_it(page, app_url):
    open_page(page, app_url, "entities")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the layout settle before reading positions
    bars = chart.locator("g.point path")
    longest = bars.evaluate_all(  # the top bar: the most mentioned person
        "ps => ps.map(p => p.getBBox().width).reduce((best, w, i, all) => w > all[best] ? i : best, 0)")
    box = bars.nth(longest).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = chart.locator(".hoverlayer .hovertext")
    hover.wait_for()
    assert "Benjamin Netanyahu" in hover.text_content()
    page.mouse.down()
    page.mouse.up()
    settle(page)
    chips = page.get_by_test_id("stSidebar").locator('[data-testid="stMultiSelect"]').filter(has_text="Entities")
    assert "Benjamin Netanyahu" in chips.inner_text()
    assert "entity=Benjamin" in page.url


def test_clicking_a_country_filters_by_it(page, app_url):
    open_page(page, app_url, "map")
    page.wait_for_selector(".js-plotly-plot .trace.choropleth path.choroplethlocation", state="attached")
    page.wait_for_timeout(500)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    click_path(page, chart, ".trace.choropleth path.choroplethlocation", "loc", "RUS")
    settle(page)
    assert "country=RUS" in page.url
    chips = page.get_by_test_id("stSidebar").locator('[data-testid="stMultiSelect"]').filter(has_text="Countries")
    assert "Russia" in chips.inner_text()


def test_uploaded_file_appears_in_the_views(page, app_url, tmp_path):
    upload = tmp_path / "upload.txt"
    upload.write_text("Merkel meets Macron in Paris\n\nAngela Merkel met Emmanuel Macron in Paris, France, on Monday. "
                      "\"Europe must stand together,\" Merkel said.\n", encoding="utf-8")
    open_page(page, app_url, "add")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    page.get_by_text("upload.txt").wait_for()
    page.get_by_role("button", name="Add to the store").click()
    page.get_by_text("article(s) added").wait_for(timeout=120_000)
    assert "1 article(s) added" in page.get_by_test_id("stAlert").first.inner_text()
    page.get_by_role("link", name="Articles", exact=True).click()
    settle(page)
    assert page.get_by_text("2 article(s), ").is_visible()
    page.get_by_role("link", name="Map").click()
    settle(page)
    rows = download_csv(page)
    assert "FRA" in {row["iso3"] for row in rows}


def test_picking_a_metadata_facet_narrows_the_articles_and_goes_into_the_url(browser, tmp_path):
    from tests.test_dashboard import build_facet_store

    store = build_facet_store(tmp_path / "store")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        with running_dashboard(store.root) as url:
            open_page(page, url, "articles")
            assert page.get_by_text("5 article(s)").is_visible()
            box = page.get_by_test_id("stSidebar").locator('[data-testid="stMultiSelect"]').filter(has_text="Section")
            box.locator("input").click()
            page.get_by_role("option", name="business", exact=True).click()
            page.keyboard.press("Escape")
            settle(page)
            assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["meta.section"] == ["business"]
            assert page.get_by_text("Filtered: articles with section business").is_visible()
            assert page.get_by_text("2 article(s)").is_visible()
            rows = download_csv(page)
            assert sorted(row["article_id"] for row in rows) == ["dw-merkel", "reuters-g7"]
            assert {row["meta_section"] for row in rows} == {"business"}
    finally:
        context.close()


def sidebar_chips(page, label: str) -> str:
    return page.get_by_test_id("stSidebar").locator('[data-testid="stMultiSelect"]').filter(has_text=label).inner_text()


def test_back_undoes_a_filter_change(page, app_url):
    open_page(page, app_url, "quotes")
    pick_entity(page, "Vladimir Putin")
    pick_entity(page, "Benjamin Netanyahu")
    assert "Benjamin" in sidebar_chips(page, "Entities")
    page.go_back()
    settle(page)
    assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["entity"] == ["Vladimir Putin"]
    chips = sidebar_chips(page, "Entities")
    assert "Vladimir Putin" in chips and "Benjamin" not in chips
    assert page.get_by_text("Filtered: articles naming Vladimir Putin", exact=True).is_visible()
    page.go_back()
    settle(page)
    assert "entity=" not in page.url
    assert "Vladimir Putin" not in sidebar_chips(page, "Entities")
    assert page.get_by_text("All articles in the store.").first.is_visible()
    page.go_forward()  # and Forward redoes it
    settle(page)
    assert "Vladimir Putin" in sidebar_chips(page, "Entities")


def test_back_undoes_a_pages_own_choice(page, app_url):
    open_page(page, app_url, "quotes")
    search = page.get_by_role("textbox", name="Search quotes")
    search.fill("Israel")
    search.press("Enter")
    settle(page)
    assert "quote=Israel" in page.url
    page.go_back()
    settle(page)
    assert "quote=" not in page.url
    assert page.get_by_role("textbox", name="Search quotes").input_value() == ""


def test_a_narrow_screen_opens_with_the_sidebar_closed(browser, app_url):
    context = browser.new_context(viewport={"width": 400, "height": 900})
    try:
        tab = context.new_page()
        open_page(tab, app_url)
        sidebar = tab.get_by_test_id("stSidebar")
        box = sidebar.bounding_box()
        assert box is None or box["x"] + box["width"] <= 0  # off screen: the page is not covered
        assert tab.locator("h1").first.inner_text().strip() == "Overview"
        tab.get_by_test_id("stExpandSidebarButton").click()  # one tap away
        tab.wait_for_function("""() => {
            const r = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
            return r.x >= 0 && r.width > 200; }""")
        assert sidebar.get_by_text("Filters", exact=True).is_visible()
    finally:
        context.close()


def test_a_wide_screen_opens_with_the_sidebar_open(page, app_url):
    open_page(page, app_url)
    box = page.get_by_test_id("stSidebar").bounding_box()
    assert box["x"] >= 0 and box["width"] > 200


def test_compare_and_stories_in_a_real_browser(browser, tmp_path):
    from components.store import Store
    from tests.test_story_counting import article, mention

    store = Store(tmp_path / "store")
    times, posts = [f"t{i}" for i in range(5)], [f"p{i}" for i in range(4)]
    store.write_batch({
        "articles": [article(a, "Times", f"2024-03-0{i + 1}", f"Times {a}", [100 + i]) for i, a in enumerate(times)]
        + [article(a, "Post", f"2024-03-0{i + 1}", f"Post {a}", [200 + i]) for i, a in enumerate(posts)]
        + [article("copy", "Post", "2024-03-09", "Port strike, again", [100])],  # a copy of t0
        "entities": [mention(a, "Ann Lee") for a in times] + [mention(a, "Bob Ray") for a in posts],
        "quotes": [], "countries": [],
    })
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    page = context.new_page()
    try:
        with running_dashboard(store.root) as url:
            open_page(page, url, "compare")
            # the two largest sources, ties by name
            assert page.get_by_text("A: Post: 5 articles. B: Times: 5 articles.").is_visible()
            assert "What sets the two slices apart" in page.locator("text.gtitle").first.text_content()
            assert page.locator('[data-testid="stPlotlyChart"] .point').count() == 2  # Bob Ray right, Ann Lee left
            rows = download_csv(page)
            assert rows[0]["entity"] == "Bob Ray" and rows[-1]["entity"] == "Ann Lee"
            assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["a_source"] == ["Post"]
            open_page(page, url, "stories")
            assert page.get_by_text("2 copies").is_visible()
            copies = download_csv(page, "Download CSV (2")
            assert [row["article_id"] for row in copies] == ["t0", "copy"]
    finally:
        context.close()
