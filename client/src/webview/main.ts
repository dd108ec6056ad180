/**
 * Entry of the preview page (bundled to dist/webview.js). Inside VS Code it listens to the
 * host's `HostToPreview` messages and keeps its last result in the webview state; in an
 * exported report it reads the embedded `EmbeddedReport` and renders once.
 */
import './styles.css';
import type {
  EmbeddedReport,
  HostToPreview,
  PreviewSnapshot,
} from '../../../language/src/protocol';
import type { AnalysisName } from '../../../language/src/model';
import { browserHost, vsCodeApi, webviewHost } from './host';
import { renderView, type ViewModel } from './view';

/** Id of the JSON data block in an exported report. */
export const DATA_ELEMENT_ID = 'mech-data';

function start(): void {
  const root = document.getElementById('app') ?? document.body;
  const data = document.getElementById(DATA_ELEMENT_ID);
  if (data) startReport(root, JSON.parse(data.textContent ?? '{}') as EmbeddedReport);
  else startWebview(root);
}

function startReport(root: HTMLElement, embedded: EmbeddedReport): void {
  document.body.classList.add('standalone');
  const host = browserHost();
  const view: ViewModel = {
    report: embedded.report,
    status: { state: 'solved' },
    stamp: embedded.stamp,
  };
  const render = () => {
    renderView(root, view, host, {
      select(analysis: AnalysisName) {
        view.selected = analysis;
        render();
        root.querySelector<HTMLElement>(`[data-pick="${analysis}"]`)?.focus();
      },
    });
    document.body.dataset.rendered = 'true';
  };
  render();
}

function startWebview(root: HTMLElement): void {
  const api = vsCodeApi();
  const host = api ? webviewHost(api) : browserHost();
  const saved = api?.getState() as PreviewSnapshot | undefined;
  const snapshot: PreviewSnapshot = saved ?? { status: { state: 'idle' } };
  let emptyMessage: string | undefined;

  const render = () => {
    const view: ViewModel = {
      report: snapshot.report,
      status: snapshot.status,
      selected: snapshot.selected,
      emptyMessage,
    };
    renderView(root, view, host, {
      select(analysis) {
        snapshot.selected = analysis;
        api?.setState(snapshot);
        render();
        root.querySelector<HTMLElement>(`[data-pick="${analysis}"]`)?.focus();
      },
    });
    document.body.dataset.rendered = 'true';
  };

  window.addEventListener('message', (event: MessageEvent<HostToPreview>) => {
    const message = event.data;
    switch (message.type) {
      case 'result':
        snapshot.report = message.report;
        snapshot.status = message.status;
        snapshot.uri = message.uri ?? snapshot.uri;
        emptyMessage = undefined;
        break;
      case 'status':
        // A status for another document means the preview now follows that one.
        if (message.uri && snapshot.uri && message.uri !== snapshot.uri)
          snapshot.report = undefined;
        snapshot.status = message.status;
        snapshot.uri = message.uri ?? snapshot.uri;
        break;
      case 'empty':
        emptyMessage = message.message;
        snapshot.report = undefined;
        snapshot.status = { state: 'idle' };
        break;
      default:
        return;
    }
    api?.setState(snapshot);
    render();
  });
  render();
  api?.postMessage({ type: 'ready' });
}

start();
