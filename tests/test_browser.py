"""Every notebook, opened in JupyterLab in headless Chromium and run from the UI as a learner would.

For each notebook: Run All (the Run menu's command), wait until every code cell has run and the kernel is
idle, then assert no error outputs and no tracebacks, every widget rendered (no "Error displaying widget" /
"model not found", no empty picture), and, for each interactive figure (sliders, perhaps dropdowns, and a
picture), that a slider moved with the keyboard redraws the figure: KEY_PRESSES presses, the median latency
from key press to new image printed per widget (with its cell and the continuous_update of its sliders) and
required under MEDIAN_REDRAW_LIMIT_MS. A panel with sliders and a button but no figure yet (07's) must draw
one when its first button is pressed (the seconds to its first figure and to the end of its run are printed,
and the panel is screenshot after the run). Widget callbacks that fail outside an Output widget only reach
JupyterLab's log console: a traceback there fails too. A screenshot per notebook goes to a temporary folder
whose path is printed (or to $VPG_BROWSER_SCREENSHOTS); run with -s to see it, the per-notebook seconds, the
latency table, and cells that ran over 5 s.

Needs Chromium and Playwright's Python package (never `playwright install`):
    apt-get install chromium                     # Debian/Ubuntu; or set VPG_CHROMIUM to a Chrome/Chromium
    pip install -r requirements-dev.txt          # playwright, pinned
Skipped when either is missing, unless VPG_REQUIRE_BROWSER=1 (as in .ci/run), which makes that a failure.
"""

import ast
import importlib.util
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    CONTINUOUS_UPDATE_CODE,
    KERNEL_EVAL_JS,
    NOTEBOOK_STATE_JS,
    WIDGET_PANELS_JS,
    LabServer,
    find_chromium,
)

pytestmark = pytest.mark.slow  # drives JupyterLab in Chromium over every notebook

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
RUN_TIMEOUT_S = 300  # per notebook: 07 trains two agents (~60-90 s), on 2 busy cores in CI
WIDGET_TIMEOUT_MS = 20_000
VIEWPORT = {"width": 1280, "height": 900}
BAD_WIDGET_TEXT = ("Error displaying widget", "model not found")
KEY_PRESSES = 5  # per live figure: the median of these key-to-image latencies is asserted
MEDIAN_REDRAW_LIMIT_MS = 1500  # on a loaded 2-core CI machine; the course's aim is 150 ms on an idle one
TIMINGS = {}
LATENCIES = []  # one row per live figure: notebook, cell, what it draws, median ms, all ms, continuous_update


def _missing():
    chromium = find_chromium()
    if chromium is None:
        return "Chromium not found: apt-get install chromium (or set VPG_CHROMIUM=/path/to/chrome)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright not installed: pip install -r requirements-dev.txt (never `playwright install`)"
    return None


@pytest.fixture(scope="module")
def screenshots():
    folder = Path(os.environ.get("VPG_BROWSER_SCREENSHOTS") or tempfile.mkdtemp(prefix="vpg-screens-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser test screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("VPG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"VPG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    print("\nbrowser seconds per notebook: " + ", ".join(f"{k} {v:.1f}" for k, v in TIMINGS.items()))
    print(f"\nslider key press -> new image, median of {KEY_PRESSES} presses per live figure:")
    print("notebook | cell (id) | draws | median ms | all ms | continuous_update")
    for row in LATENCIES:
        print(" | ".join(str(x) for x in row))


@pytest.fixture(scope="module")
def lab(browser):
    server = LabServer()
    yield server
    server.stop()


def wait_for_run_all(page, lab, name):
    """Poll the notebook model until every code cell has an execution count and the kernel is idle."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(NOTEBOOK_STATE_JS)
        assert not state["errors"], f"{name}: error outputs:\n" + "\n".join(state["errors"])
        if state["status"] == "idle" and all(count is not None for count in state["counts"]):
            return state
        time.sleep(0.5)
    pytest.fail(f"{name}: Run All did not finish in {RUN_TIMEOUT_S} s; last state {state}\n{lab.log_tail()}")


def move_slider_and_time_redraw(page, panel):
    """Press an arrow key on the panel's first slider; return ms from keydown to the new image in the DOM."""
    handle = panel.locator(".noUi-handle").first
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    panel.evaluate(
        """(el) => {
          const w = {src: el.querySelector('img').src, down: null, shown: null};
          window.__vpgRedraw = w;
          document.addEventListener('keydown', () => { w.down = performance.now(); },
                                    {capture: true, once: true});
          const observer = new MutationObserver(() => {
            const img = el.querySelector('img');
            if (w.down !== null && img && img.src !== w.src) { w.shown = performance.now(); observer.disconnect(); }
          });
          observer.observe(el, {subtree: true, childList: true, attributes: true});
        }"""
    )
    handle.press("ArrowLeft" if at_max else "ArrowRight")
    page.wait_for_function("() => window.__vpgRedraw.shown !== null", timeout=WIDGET_TIMEOUT_MS)
    return page.evaluate("() => window.__vpgRedraw.shown - window.__vpgRedraw.down")


def time_redraws(page, panel, presses=KEY_PRESSES):
    """``presses`` key presses on the panel's first slider, one after the other's redraw: their latencies, ms."""
    return [round(move_slider_and_time_redraw(page, panel)) for _ in range(presses)]


def sliders_continuous_update(page, model_id):
    """The continuous_update of each slider under the widget ``model_id``, asked of the kernel (None if unknown)."""
    if model_id is None:
        return None
    text = page.evaluate(
        KERNEL_EVAL_JS, [CONTINUOUS_UPDATE_CODE, f"_vpg_sliders_continuous_update({model_id!r})"]
    )
    return text if text.startswith("error") else ast.literal_eval(text)


def read_log_console(page):
    """The text of JupyterLab's log console (where callback output without an Output widget lands)."""
    status = page.locator(".jp-LogConsoleStatusItem")
    count = status.first.inner_text().strip() if status.count() else ""
    if not count.isdigit() or int(count) == 0:
        return ""
    page.evaluate("() => window.jupyterapp.commands.execute('logconsole:open')")
    panel = page.locator(".jp-LogConsolePanel").first
    panel.wait_for(timeout=WIDGET_TIMEOUT_MS)
    return panel.inner_text().strip()


def press_button_and_wait_for_figure(page, view):
    """Press the panel's first button (07's Run, with its default values); wait until a new figure shows
    (while the run goes on, for a live curve), then until the run is over. Returns both times, in seconds."""
    before = view.evaluate("el => Array.from(el.querySelectorAll('img')).map(i => i.src)")
    start = time.perf_counter()
    view.locator("button.jupyter-button").first.click()
    view.locator("img").first.wait_for(timeout=RUN_TIMEOUT_S * 1000)
    page.wait_for_function(
        "([el, before]) => Array.from(el.querySelectorAll('img')).some(i => !before.includes(i.src))",
        arg=[view.element_handle(), before],
        timeout=RUN_TIMEOUT_S * 1000,
    )
    first_figure = time.perf_counter() - start
    # 07's panel draws while it trains and ends each run with a summary line ("... solved 2 of 3 ..."); a
    # panel without one (07's before issue 14) drew its only figure when the run was over
    page.wait_for_function(
        "el => !el.querySelector('.widget-html') || /solved [0-9]+ of [0-9]+/.test(el.innerText)",
        arg=view.element_handle(),
        timeout=RUN_TIMEOUT_S * 1000,
        polling=200,
    )
    return first_figure, time.perf_counter() - start


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_jupyterlab(notebook, browser, lab, screenshots):
    name = notebook.name
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    start = time.perf_counter()
    try:
        page.goto(lab.notebook_url(f"notebooks/{name}", f"vpg-{uuid.uuid4().hex[:8]}"))
        page.wait_for_function(
            "() => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return p && p.sessionContext && p.sessionContext.kernelDisplayStatus === 'idle'; }",
            timeout=60_000,
        )
        # Clear stored outputs first, so execution counts show what this Run All has executed.
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        # Not awaited (the command's promise settles only when the run ends): wait_for_run_all has a timeout.
        page.evaluate("() => { window.jupyterapp.commands.execute('runmenu:run-all'); }")
        wait_for_run_all(page, lab, name)

        expected_widgets = page.evaluate(NOTEBOOK_STATE_JS)["widgets"]
        page.wait_for_function(
            f"() => ({WIDGET_PANELS_JS})().length >= {expected_widgets}", timeout=WIDGET_TIMEOUT_MS
        )
        notebook_text = page.locator(".jp-Notebook").inner_text()
        for bad in BAD_WIDGET_TEXT:
            assert bad not in notebook_text, f"{name}: a widget shows {bad!r}"
        medians, too_slow = [], []
        for index, panel in enumerate(page.evaluate(WIDGET_PANELS_JS)):
            view = page.locator(f'[data-vpg-widget="{index}"]')
            view.scroll_into_view_if_needed()
            where = f"{name} cell {panel['cell']} ({panel['cellId']}, {panel['shows']})"
            assert not panel["emptyImages"], f"{where}: widget {index} shows an empty picture"
            if panel["sliders"] and panel["images"]:  # a live figure: a slider must redraw it
                latencies = time_redraws(page, view)
                median = statistics.median(latencies)
                continuous = sliders_continuous_update(page, panel["modelId"])
                LATENCIES.append((name, f"{panel['cell']} ({panel['cellId']})", panel["shows"], median,
                                  latencies, continuous))  # fmt: skip
                medians.append(median)
                if median > MEDIAN_REDRAW_LIMIT_MS:
                    too_slow.append(f"{where}: median {median} ms of {latencies}")
            elif panel["sliders"] and panel["buttons"]:  # a panel whose button draws: press it
                first, total = press_button_and_wait_for_figure(page, view)
                print(
                    f"\n{where}: its first button drew a figure after {first:.1f} s, its run ended after {total:.1f} s"
                )
                view.scroll_into_view_if_needed()
                view.screenshot(path=str(screenshots / f"{notebook.stem}_panel.png"))
        state = page.evaluate(NOTEBOOK_STATE_JS)  # a redraw may have printed a traceback into a widget
        tracebacks = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert not state["errors"] and tracebacks.filter(has_text="Traceback").count() == 0, (
            f"{name}: errors after moving sliders: {state['errors']}"
        )
        # The screenshot shows the first widget's cell (else the first figure's) at the top of the screen.
        for target in (page.locator('[data-vpg-widget="0"]'), page.locator(".jp-OutputArea-output img")):
            if target.count():
                for _ in range(2):  # cells above may resize as they come into view: scroll again
                    target.first.evaluate("el => el.closest('.jp-Cell').scrollIntoView({block: 'start'})")
                    page.wait_for_timeout(300)
                break
        page.screenshot(path=str(screenshots / f"{notebook.stem}.png"))
        TIMINGS[name] = time.perf_counter() - start
        print(
            f"\n{name}: {TIMINGS[name]:.1f} s in the browser; median slider redraw ms per live figure: {medians}"
        )
        for label in ("stderr", "slow"):  # for a human to judge: warnings, long cells (progress bar?)
            if state[label]:
                print(f"{name}: {label} cells: {state[label]}")
        logged = read_log_console(page)  # output of widget callbacks that no Output widget captured
        assert "Traceback" not in logged, (
            f"{name}: a widget callback failed (JupyterLab's log console):\n{logged}"
        )
        if logged:
            print(f"{name}: invisible to the learner, in JupyterLab's log console: {logged!r}")
        assert not too_slow, f"median key-to-image latency over {MEDIAN_REDRAW_LIMIT_MS} ms: {too_slow}"
    finally:
        try:  # shut the kernel down, so the next notebook runs on otherwise idle cores
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:  # noqa: BLE001 - the page may already be broken; the server stops its kernels anyway
            pass
        context.close()


# The widget layer itself, without a browser (the browser test above checks it end to end).


def _panel(monkeypatch, draw, **controls):
    import vpg_helpers.notebook.widgets as widgets_module

    shown = []
    monkeypatch.setattr(widgets_module, "display", shown.append)
    widgets_module.interactive_figure(draw, **controls)
    (panel,) = shown
    return panel


def test_interactive_figure_draws_before_showing_and_redraws_in_place(monkeypatch):
    from ipywidgets import FloatSlider

    from vpg_helpers.notebook.plotting import new_figure

    calls, figures = [], []

    def draw(gamma):
        calls.append(gamma)
        fig, ax = new_figure(width=4.0, height=2.0)
        figures.append(fig)
        ax.plot([0, 1], [0, gamma])
        return fig

    slider = FloatSlider(value=0.5, min=0.0, max=1.0, step=0.1)
    controls, image, messages = _panel(monkeypatch, draw, gamma=slider).children
    first = bytes(image.value)
    assert calls == [0.5] and first.startswith(b"\x89PNG")
    assert slider.description == "gamma"
    slider.value = 0.9
    assert calls == [0.5, 0.9] and image.value != first
    # A fixed pixel size (width x height x dpi), so the picture cannot jump: PNG header bytes 16-24.
    assert (
        int.from_bytes(image.value[16:20], "big") == 400 and int.from_bytes(image.value[20:24], "big") == 200
    )


def test_sliders_update_on_release_when_a_redraw_is_slow(monkeypatch):
    import time

    from ipywidgets import Dropdown, FloatSlider

    import vpg_helpers.notebook.widgets as widgets_module
    from vpg_helpers.notebook.plotting import new_figure

    def draw(gamma, kind="a", delay=0.0):
        time.sleep(delay)
        return new_figure(width=2.0, height=1.0)[0]

    fast, slow = FloatSlider(value=0.5), FloatSlider(value=0.5)
    _panel(monkeypatch, draw, gamma=fast, kind=Dropdown(options=["a", "b"]))
    _panel(monkeypatch, lambda gamma: draw(gamma, delay=1.5 * widgets_module.SLOW_REDRAW_SECONDS), gamma=slow)
    assert not slow.continuous_update
    forced = FloatSlider(value=0.5)
    _panel(monkeypatch, draw, continuous_update=False, gamma=forced)
    assert not forced.continuous_update


def test_interactive_figure_rejects_bad_arguments():
    from ipywidgets import FloatSlider

    from vpg_helpers.notebook.widgets import figure_png, interactive_figure

    with pytest.raises(TypeError, match="draw"):
        interactive_figure("not a function", gamma=FloatSlider())
    with pytest.raises(TypeError, match="gamma"):
        interactive_figure(lambda gamma: None, gamma=0.5)
    with pytest.raises(TypeError, match="Figure"):
        figure_png("not a figure")
