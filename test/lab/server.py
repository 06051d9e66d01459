"""Serve the JupyterLab fixture page with Debian's jupyter-server and jupyterlab-server.

The page (build/lab-app, from build.mjs) is a JupyterLab 4 notebook frontend; this is the
server side, modelled on main.py of JupyterLab's examples/notebook: a LabServerApp extension of
jupyter_server whose handler renders templates/index.html with the page config (base URL,
token, notebook path) and whose static folder is the bundle.

Usage: python3 server.py --LabFixtureApp.bundle_dir=<bundle> [jupyter-server options]
The token comes from JUPYTER_TOKEN or JUPYTER_TOKEN_FILE (never the command line).
Open <base>/rnn-jacobian-lab?path=<notebook path>&token=<token>.
"""

import os

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.extension.handler import (
    ExtensionHandlerJinjaMixin,
    ExtensionHandlerMixin,
)
from jupyter_server.utils import url_path_join
from jupyterlab_server import LabServerApp
from tornado import web
from traitlets import Unicode

HERE = os.path.dirname(os.path.abspath(__file__))


class NotebookPageHandler(ExtensionHandlerJinjaMixin, ExtensionHandlerMixin, JupyterHandler):
    """The notebook page; like every Jupyter page, only for a client with the token."""

    @web.authenticated
    def get(self):
        page_config = {
            # camelCase: what @jupyterlab/coreutils' PageConfig reads.
            "appName": "rnn-jacobian JupyterLab fixture",
            "baseUrl": self.base_url,
            "token": self.settings["token"],
            "notebookPath": self.get_argument("path"),
            # kernel=0: open the notebook without starting a kernel (to look at saved outputs).
            "startKernel": "false" if self.get_argument("kernel", "1") == "0" else "true",
            "fullStaticUrl": url_path_join(self.base_url, "static", self.name),
            "terminalsAvailable": False,
        }
        self.write(self.render_template("index.html", page_config=page_config))


class LabFixtureApp(LabServerApp):
    name = "rnn_jacobian_lab"
    app_name = "rnn-jacobian JupyterLab fixture"
    extension_url = "/rnn-jacobian-lab"
    default_url = "/rnn-jacobian-lab"
    load_other_extensions = False
    templates_dir = os.path.join(HERE, "templates")

    bundle_dir = Unicode(help="The folder build.mjs wrote the page to.").tag(config=True)

    def initialize_settings(self):
        if not self.bundle_dir or not os.path.isfile(os.path.join(self.bundle_dir, "index.js")):
            raise SystemExit(f"no built page in {self.bundle_dir!r}: run node test/lab/build.mjs")
        self.static_paths = [self.bundle_dir]
        super().initialize_settings()

    def initialize_handlers(self):
        self.handlers.append(("/rnn-jacobian-lab", NotebookPageHandler))
        super().initialize_handlers()


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": LabFixtureApp}]


if __name__ == "__main__":
    LabFixtureApp.launch_instance()
