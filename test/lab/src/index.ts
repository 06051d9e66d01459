// A JupyterLab 4 notebook page assembled from JupyterLab's own npm packages, the way the
// JupyterLab repository's examples/notebook does it: the services (ServiceManager), the document
// manager and registry, the notebook model and widget factories, CodeMirror editors, the
// rendermime registry with the standard renderers and JupyterLab's sanitizer, the marked
// Markdown parser, and the MathJax 3 typesetter of @jupyterlab/mathjax-extension. Notebook
// settings are JupyterLab's defaults (StaticNotebook.defaultNotebookConfig, i.e. the
// "contentVisibility" windowing that JupyterLab 4.6 users get).
//
// The browser test drives it through `window.rnnJacobianLab` (see index.d.ts beside this file),
// running cells with NotebookActions.runAll, the function behind JupyterLab's "Run All Cells".
import "./style";

import { PageConfig } from "@jupyterlab/coreutils";
import { SessionContextDialogs } from "@jupyterlab/apputils";
import {
  CodeMirrorEditorFactory,
  CodeMirrorMimeTypeService,
  EditorExtensionRegistry,
  EditorLanguageRegistry,
  EditorThemeRegistry,
  ybinding,
} from "@jupyterlab/codemirror";
import { DocumentManager } from "@jupyterlab/docmanager";
import { DocumentRegistry } from "@jupyterlab/docregistry";
import { createMarkdownParser } from "@jupyterlab/markedparser-extension";
import { MathJaxTypesetter } from "@jupyterlab/mathjax-extension";
import {
  NotebookActions,
  NotebookModelFactory,
  NotebookPanel,
  NotebookWidgetFactory,
  StaticNotebook,
  runCell,
  setCellExecutor,
} from "@jupyterlab/notebook";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { ServiceManager } from "@jupyterlab/services";
import { Widget } from "@lumino/widgets";
import { managersForServer1 } from "./stubs";
import type { CellFailure, LabFixture } from "./api";

type SharedText = Parameters<typeof ybinding>[0]["ytext"];

function editorExtensions(): EditorExtensionRegistry {
  const themes = new EditorThemeRegistry();
  for (const theme of EditorThemeRegistry.getDefaultThemes()) themes.addTheme(theme);
  const registry = new EditorExtensionRegistry();
  for (const factory of EditorExtensionRegistry.getDefaultExtensions({ themes })) {
    registry.addExtension(factory);
  }
  // Binds each editor to its cell's shared text, as JupyterLab's codemirror-extension does.
  registry.addExtension({
    name: "shared-model-binding",
    factory: (options) => {
      const shared = options.model.sharedModel as unknown as {
        ysource: SharedText;
        undoManager?: Parameters<typeof ybinding>[0]["undoManager"];
      };
      return EditorExtensionRegistry.createImmutableExtension(
        ybinding({ ytext: shared.ysource, undoManager: shared.undoManager ?? undefined }),
      );
    },
  });
  return registry;
}

function createPanel(
  manager: ServiceManager.IManager,
  path: string,
  startKernel: boolean,
): NotebookPanel {
  const languages = new EditorLanguageRegistry();
  for (const language of EditorLanguageRegistry.getDefaultLanguages()) {
    languages.addLanguage(language);
  }
  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    latexTypesetter: new MathJaxTypesetter(),
    markdownParser: createMarkdownParser(languages),
  });
  const registry = new DocumentRegistry();
  const documents = new DocumentManager({
    registry,
    manager,
    opener: {
      open: () => undefined,
      get opened() {
        return { connect: () => false, disconnect: () => false } as never;
      },
    },
  });
  const editorFactory = new CodeMirrorEditorFactory({
    extensions: editorExtensions(),
    languages,
  });
  registry.addModelFactory(new NotebookModelFactory({}));
  registry.addWidgetFactory(
    new NotebookWidgetFactory({
      name: "Notebook",
      modelName: "notebook",
      fileTypes: ["notebook"],
      defaultFor: ["notebook"],
      // false to look at saved outputs only (the untrusted check): no kernel is started.
      preferKernel: startKernel,
      canStartKernel: startKernel,
      rendermime,
      contentFactory: new NotebookPanel.ContentFactory({
        editorFactory: editorFactory.newInlineEditor,
      }),
      mimeTypeService: new CodeMirrorMimeTypeService(languages),
      notebookConfig: StaticNotebook.defaultNotebookConfig,
    }),
  );
  const panel = documents.open(path) as NotebookPanel | undefined;
  if (!panel) throw new Error(`the document manager could not open ${path}`);
  return panel;
}

function describeFailure(panel: NotebookPanel, index: number): CellFailure {
  const cell = panel.content.widgets[index];
  const printed: string[] = [];
  const outputs = cell.model.toJSON().outputs;
  for (const output of Array.isArray(outputs) ? outputs : []) {
    const o = output as { output_type?: string; name?: string; text?: unknown; evalue?: unknown };
    if (o.output_type === "stream" && o.name === "stderr") {
      printed.push(Array.isArray(o.text) ? o.text.join("") : String(o.text));
    }
    if (o.output_type === "error") printed.push(String(o.evalue));
  }
  return { index, source: cell.model.sharedModel.getSource(), printed: printed.join("") };
}

async function main(): Promise<void> {
  // What JupyterLab's notebook-extension "cell-executor" plugin provides and its tracker plugin
  // installs: the standard executor (without it runAll warns and falls back to the same code).
  setCellExecutor(Object.freeze({ runCell }));
  const path = PageConfig.getOption("notebookPath");
  const startKernel = PageConfig.getOption("startKernel") !== "false";
  const manager = new ServiceManager(managersForServer1());
  await manager.ready;
  const panel = createPanel(manager, path, startKernel);
  panel.id = "main";
  Widget.attach(panel, document.body);
  window.addEventListener("resize", () => panel.update());

  const failures: CellFailure[] = [];
  NotebookActions.executed.connect((_, { notebook, cell, success }) => {
    if (notebook !== panel.content || success) return;
    failures.push(describeFailure(panel, panel.content.widgets.indexOf(cell)));
  });

  const fixture: LabFixture = {
    path,
    async ready() {
      await panel.context.ready;
      await panel.sessionContext.ready;
      return {
        kernel: panel.sessionContext.session?.kernel?.name ?? "",
        trusted: panel.model?.cells ? Array.from(panel.model.cells).map((c) => c.trusted) : [],
      };
    },
    async runAll() {
      await panel.sessionContext.ready;
      const started = performance.now();
      const ok = await NotebookActions.runAll(
        panel.content,
        panel.sessionContext,
        new SessionContextDialogs(),
      );
      return { ok, seconds: (performance.now() - started) / 1000, failures: [...failures] };
    },
    async shutdown() {
      await panel.sessionContext.shutdown();
    },
  };
  window.rnnJacobianLab = fixture;
}

main().catch((error: unknown) => {
  console.error("rnn-jacobian Lab fixture failed to start", error);
  window.rnnJacobianLabError = String(error instanceof Error ? error.stack : error);
});
