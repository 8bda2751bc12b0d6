"""Support for tests/test_browser.py: a throwaway JupyterLab server and the JavaScript that inspects it.

Nothing here imports Playwright, so this module (collected for doctests) loads without it.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

__all__ = [
    "CHROMIUM_ARGS",
    "LabServer",
    "find_chromium",
    "NOTEBOOK_STATE_JS",
    "WIDGET_PANELS_JS",
    "CONTINUOUS_UPDATE_CODE",
    "KERNEL_EVAL_JS",
]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def find_chromium():
    """Path of a Chromium executable ($VPG_CHROMIUM, else chromium on PATH), or None."""
    for candidate in (os.environ.get("VPG_CHROMIUM"), "chromium", "chromium-browser"):
        path = candidate and shutil.which(candidate)
        if path:
            return path
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 over a scratch copy of notebooks/ and assets/, with scratch config dirs.

    Nothing is written into the repository or the user's Jupyter settings; ``stop()`` ends the server
    process it started (terminate, wait, kill if needed) and deletes the scratch folder.
    """

    def __init__(self, startup_timeout=60.0):
        self.scratch = Path(tempfile.mkdtemp(prefix="vpg-browser-"))
        self.root = self.scratch / "course"
        for folder in ("notebooks", "assets"):
            if (ROOT / folder).is_dir():
                shutil.copytree(
                    ROOT / folder, self.root / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
                )
        env = dict(os.environ)
        for name in ("HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            env[name] = str(self.scratch / name.lower())
        env["JUPYTERLAB_SETTINGS_DIR"] = str(self.scratch / "lab-settings")
        settings = {  # JupyterLab's defaults, except: no news toast; cells record their run time
            "apputils-extension/notification": '{"fetchNews": "false", "checkForUpdates": false}',
            "notebook-extension/tracker": '{"recordTiming": true}',
        }
        for plugin, text in settings.items():
            path = self.scratch / f"lab-settings/@jupyterlab/{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(self.scratch / "lab-workspaces")
        env["JUPYTER_PLATFORM_DIRS"] = "1"  # no deprecation warning about the dirs above
        self.port, self.token = free_port(), secrets.token_hex(16)
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.news_url=None",  # no "Jupyter news" toast, no request to the internet
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run commands and read models
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path = self.scratch / "server.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_up(startup_timeout)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def api(self, path, method="GET"):
        request = urllib.request.Request(
            f"{self.base_url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def log_tail(self, chars=3000):
        return self.log_path.read_text(errors="replace")[-chars:]

    def _wait_until_up(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("/api/status")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{self.log_tail()}")

    def notebook_url(self, relative_path, workspace):
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{relative_path}?reset&token={self.token}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.scratch, ignore_errors=True)


# The open notebook, read from JupyterLab's models: kernel status, execution counts, bad outputs.
NOTEBOOK_STATE_JS = """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext || !panel.content.model) return null;
  const state = {status: panel.sessionContext.kernelDisplayStatus, counts: [], errors: [], stderr: [],
                 widgets: 0, slow: []};
  const cells = panel.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code' || !cell.sharedModel.getSource().trim()) continue;
    state.counts.push(cell.executionCount);
    const timing = cell.getMetadata('execution') || {};
    const seconds = (Date.parse(timing['shell.execute_reply']) - Date.parse(timing['iopub.execute_input'])) / 1000;
    if (seconds > 5) state.slow.push(`cell ${i}: ${seconds.toFixed(1)} s`);
    const tags = cell.getMetadata('tags') || [];
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      if (out.data && out.data['application/vnd.jupyter.widget-view+json']) state.widgets++;
      const stderr = out.output_type === 'stream' && out.name === 'stderr';
      const text = Array.isArray(out.text) ? out.text.join('') : (out.text || '');
      const bad = (out.output_type === 'error' && !tags.includes('raises-exception'))
        || (stderr && text.includes('Traceback'));
      if (bad) {
        const detail = out.output_type === 'error' ? `${out.ename}: ${out.evalue}` : text;
        state.errors.push(`cell ${i}: ${detail.slice(0, 2000)}`);
      } else if (stderr) {
        state.stderr.push(`cell ${i}: ${text.slice(0, 500)}`);
      }
    }
  }
  return state;
}"""

# The rendered widget views (top-level widget outputs, marked data-vpg-widget=i): where each one is (cell index
# and id, the function it draws, its model id) and what it holds. A panel of sliders, dropdowns and a figure
# (interactive_figure(draw, bug=Dropdown(...), seed=IntSlider(...))) counts as a live figure by its sliders.
WIDGET_PANELS_JS = """() => {
  const views = Array.from(document.querySelectorAll('.jp-OutputArea-output'))
    .filter(o => o.firstElementChild && o.firstElementChild.classList.contains('jupyter-widgets')
                 && !o.parentElement.closest('.jupyter-widgets'));
  const notebook = window.jupyterapp.shell.currentWidget.content;
  return views.map((v, i) => {
    v.setAttribute('data-vpg-widget', String(i));
    // which cell holds it (index, id, the drawing function it shows) and the widget's model id, by which the
    // kernel knows it (an output's place in its output area is its index in the cell's outputs)
    const cell = notebook.widgets.find(c => c.node.contains(v));
    const source = cell ? cell.model.sharedModel.getSource() : '';
    const drawn = source.match(/interactive_figure\\(\\s*([\\w.]+)/) || source.match(/(\\w+)\\(/);
    const area = v.closest('.jp-OutputArea');
    const k = area ? Array.from(area.children).indexOf(v.closest('.jp-OutputArea-child')) : -1;
    const output = cell && k >= 0 && k < cell.model.outputs.length ? cell.model.outputs.get(k).toJSON() : {};
    const view = (output.data || {})['application/vnd.jupyter.widget-view+json'];
    return {
      cell: cell ? notebook.widgets.indexOf(cell) : null,
      cellId: cell ? cell.model.id : null,
      shows: drawn ? drawn[1] : source.split('\\n')[0].slice(0, 40),
      modelId: view ? view.model_id : null,
      sliders: v.querySelectorAll('.noUi-handle').length,
      buttons: v.querySelectorAll('button.jupyter-button').length,
      images: v.querySelectorAll('img').length,
      // an Image widget (interactive_figure) must show a picture from its first render on
      emptyImages: Array.from(v.querySelectorAll('.widget-image')).filter(i => !i.naturalWidth).length,
    };
  });
}"""

# Run in the open notebook's kernel, without a cell: which of the sliders under a widget (by model id) redraw
# while dragged. ipywidgets keeps every live widget in Widget.widgets; sliders are found by class name.
CONTINUOUS_UPDATE_CODE = """
def _vpg_sliders_continuous_update(model_id):
    import ipywidgets
    found, todo = [], [ipywidgets.Widget.widgets[model_id]]
    while todo:
        widget = todo.pop(0)
        todo.extend(getattr(widget, "children", ()))
        if "Slider" in type(widget).__name__:
            found.append(bool(widget.continuous_update))
    return found
"""

KERNEL_EVAL_JS = """async ([code, expression]) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: true, store_history: false,
                                        user_expressions: {value: expression}});
  const reply = await future.done;
  const value = reply.content.user_expressions.value;
  return value.status === 'ok' ? value.data['text/plain'] : `error: ${value.ename}: ${value.evalue}`;
}"""
