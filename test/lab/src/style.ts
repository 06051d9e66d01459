// JupyterLab's own style sheets, as JupyterLab's examples/notebook imports them, and the light
// theme (the default a new JupyterLab user sees).
import "@jupyterlab/application/style/index.css";
import "@jupyterlab/codemirror/style/index.css";
import "@jupyterlab/notebook/style/index.css";
// The CommonHTML fonts MathJax typesets with (the typesetter generates none of its own).
import "@jupyterlab/mathjax-extension/style/index.css";
import "@jupyterlab/theme-light-extension/style/theme.css";
import "./page.css";
