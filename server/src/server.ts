/**
 * The language server: wires the LSP connection to the core. Checking runs on the server thread
 * on every change (debounced; a newer version supersedes a pending run); solving runs in a
 * worker on open and save (or as the run mode says). Every handler is guarded: an exception
 * is logged and answered as an LSP error, and the server lives on.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CANCEL_SOLVE_REQUEST,
  DEFAULT_SERVER_SETTINGS,
  LAST_SOLVE_REQUEST,
  SOLVE_NOTIFICATION,
  SOLVE_REQUEST,
  type CancelSolveParams,
  type LastSolveParams,
  type ServerSettings,
  type SolveNotification,
  type SolveRequestParams,
} from '../../language/src/protocol';
import { AnalysisCache, errorCount, type Analyzed } from './analysis';
import { toLsp } from './diagnostics';
import { codeActions } from './features/code-actions';
import { codeLenses } from './features/code-lens';
import { completions } from './features/completion';
import { documentSymbols } from './features/document-symbols';
import { foldingRanges } from './features/folding';
import { formatText } from './features/formatting';
import { hover } from './features/hover';
import { inlayHints } from './features/inlay-hints';
import { definition, prepareRename, references, rename } from './features/navigation';
import { SEMANTIC_LEGEND, semanticTokens } from './features/semantic-tokens';
import type { FeatureContext } from './features/context';
import { readSettings } from './settings';
import { SolveManager } from './solve-manager';
import type { SolverHost } from './solver-host';

/**
 * Delay between an edit and its check. Edits arriving meanwhile join the pending check, which
 * reads the newest version: a burst of keystrokes costs one check, and no keystroke waits longer
 * than this delay plus one check (a pure debounce would starve a fast typist).
 */
const CHECK_DELAY_MS = 5;
/** Quiet time after an edit before solving in `onType` mode. */
const SOLVE_DELAY_MS = 400;

export interface ServerOptions {
  solver: SolverHost;
  /**
   * Reads what the entry needs from the client's initialization options (the browser entry:
   * where its solver worker is); called before anything is solved.
   */
  configure?(initializationOptions: unknown): void;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new AnalysisCache();
  const checkTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const solveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  let pullConfiguration = false;
  let refreshSupport = { codeLens: false, inlayHint: false };

  const log = (message: string) => connection.console.log(message);
  const solves = new SolveManager(
    options.solver,
    {
      notify: (notification) => notifySolve(notification),
      findingsChanged: (uri) => publishDiagnostics(uri),
      log,
    },
    () => settings,
  );
  const context: FeatureContext = {
    settings: () => settings,
    solved: (uri, version) => solves.report(uri, version),
  };

  function notifySolve(notification: SolveNotification): void {
    void connection.sendNotification(SOLVE_NOTIFICATION, notification);
    if (notification.state === 'solving') return;
    if (refreshSupport.codeLens) void connection.sendRequest(CodeLensRefreshRequest.type);
    if (refreshSupport.inlayHint) void connection.languages.inlayHint.refresh();
  }

  /** The analysis of an open document, or undefined when it is not open. */
  function analyzedOf(uri: string): Analyzed | undefined {
    const document = documents.get(uri);
    return document && analyses.get(document);
  }

  function publishDiagnostics(uri: string): void {
    const analyzed = analyzedOf(uri);
    if (!analyzed) return;
    const findings = solves.findings(uri, analyzed.version);
    const diagnostics = [...analyzed.diagnostics, ...findings].map((d) => toLsp(d, uri));
    void connection.sendDiagnostics({ uri, version: analyzed.version, diagnostics });
  }

  function scheduleCheck(uri: string): void {
    if (checkTimers.has(uri)) return;
    checkTimers.set(
      uri,
      setTimeout(() => {
        checkTimers.delete(uri);
        guardNotification('check', () => publishDiagnostics(uri));
        if (settings.solve.runMode === 'onType') scheduleSolve(uri);
      }, CHECK_DELAY_MS),
    );
  }

  function scheduleSolve(uri: string): void {
    clearTimeout(solveTimers.get(uri));
    solveTimers.set(
      uri,
      setTimeout(() => {
        solveTimers.delete(uri);
        const analyzed = analyzedOf(uri);
        if (analyzed && errorCount(analyzed) === 0) void solve(uri);
      }, SOLVE_DELAY_MS),
    );
  }

  async function solve(uri: string): Promise<SolveNotification | null> {
    const analyzed = analyzedOf(uri);
    if (!analyzed) return null;
    return solves.solve({
      uri,
      version: analyzed.version,
      text: analyzed.text,
      errorCount: errorCount(analyzed),
      sources: analyzed.core?.model?.sources,
    });
  }

  /** Runs a notification handler; an exception is logged, never thrown into the connection. */
  function guardNotification(name: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      connection.console.error(`${name} failed: ${describeError(error)}`);
    }
  }

  /** Wraps a request handler: an exception becomes an LSP error and a log line. */
  function guard<P extends { textDocument: { uri: string } }, R, F extends R | null = null>(
    name: string,
    handler: (analyzed: Analyzed, params: P) => R,
    fallback: F = null as F,
  ): (params: P) => R | F | ResponseError<void> {
    return (params: P) => {
      try {
        const analyzed = analyzedOf(params.textDocument.uri);
        return analyzed ? handler(analyzed, params) : fallback;
      } catch (error) {
        connection.console.error(`${name} failed: ${describeError(error)}`);
        return new ResponseError(
          ErrorCodes.InternalError,
          `mech: ${name} failed: ${describeError(error)}`,
        );
      }
    };
  }

  async function loadSettings(raw?: unknown): Promise<void> {
    if (raw !== undefined) {
      settings = readSettings(raw, settings);
    } else if (pullConfiguration) {
      try {
        settings = readSettings(await connection.workspace.getConfiguration('mech'), settings);
      } catch (error) {
        connection.console.warn(`could not read the settings: ${describeError(error)}`);
      }
    }
    log(`settings: ${JSON.stringify(settings)}`);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    options.configure?.(params.initializationOptions);
    settings = readSettings(init?.settings);
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    refreshSupport = {
      codeLens: params.capabilities.workspace?.codeLens?.refreshSupport === true,
      inlayHint: params.capabilities.workspace?.inlayHint?.refreshSupport === true,
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '=', '[', ',', '(', '{', ':'] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'mech-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) void loadSettings();
    (options.solver as { warmUp?: () => void }).warmUp?.();
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as { mech?: unknown } | undefined)?.mech;
    void loadSettings(section);
  });

  documents.onDidOpen((event) =>
    guardNotification('open', () => {
      if (settings.solve.runMode !== 'manual') void solve(event.document.uri);
    }),
  );

  documents.onDidChangeContent((event) =>
    guardNotification('change', () => {
      solves.changed(event.document.uri, event.document.version);
      clearTimeout(solveTimers.get(event.document.uri));
      scheduleCheck(event.document.uri);
    }),
  );

  documents.onDidSave((event) =>
    guardNotification('save', () => {
      if (settings.solve.runMode !== 'manual') void solve(event.document.uri);
    }),
  );

  documents.onDidClose((event) =>
    guardNotification('close', () => {
      const { uri } = event.document;
      clearTimeout(checkTimers.get(uri));
      clearTimeout(solveTimers.get(uri));
      solves.closed(uri);
      analyses.forget(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  connection.onRequest(SOLVE_REQUEST, async (params: SolveRequestParams) => {
    try {
      return await solve(params.uri);
    } catch (error) {
      return new ResponseError(
        ErrorCodes.InternalError,
        `mech: solve failed: ${describeError(error)}`,
      );
    }
  });
  connection.onRequest(CANCEL_SOLVE_REQUEST, (params: CancelSolveParams) => {
    solves.cancel(params?.uri);
    return null;
  });
  connection.onRequest(LAST_SOLVE_REQUEST, (params: LastSolveParams) => solves.last(params.uri));

  connection.onHover(
    guard('hover', (analyzed, params) => hover(analyzed, params.position, context)),
  );
  connection.onCompletion(
    guard('completion', (analyzed, params) => completions(analyzed, params.position)),
  );
  connection.onDefinition(
    guard('definition', (analyzed, params) => definition(analyzed, params.position)),
  );
  connection.onReferences(guard('references', (analyzed, params) => references(analyzed, params)));
  connection.onPrepareRename(
    guard('prepareRename', (analyzed, params) => prepareRename(analyzed, params.position)),
  );
  connection.onRenameRequest(guard('rename', (analyzed, params) => rename(analyzed, params)));
  connection.onDocumentSymbol(guard('documentSymbol', (analyzed) => documentSymbols(analyzed)));
  connection.languages.semanticTokens.on(
    guard('semanticTokens', (analyzed) => semanticTokens(analyzed), { data: [] }),
  );
  connection.onFoldingRanges(guard('foldingRange', (analyzed) => foldingRanges(analyzed)));
  connection.onDocumentFormatting(
    guard('formatting', (analyzed) => {
      // A file with syntax errors is left as it is: formatting must never lose text.
      if (analyzed.diagnostics.some((d) => /^MECH1\d\d$/.test(d.code))) return [];
      const formatted = formatText(analyzed.text);
      if (formatted === undefined || formatted === analyzed.text) return [];
      const end = analyzed.lines.position(analyzed.text.length);
      return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
    }),
  );
  connection.onCodeAction(guard('codeAction', (analyzed, params) => codeActions(analyzed, params)));
  connection.onCodeLens(guard('codeLens', (analyzed) => codeLenses(analyzed, context)));
  connection.languages.inlayHint.on(
    guard('inlayHint', (analyzed, params) => inlayHints(analyzed, params.range, context)),
  );

  connection.onShutdown(async () => {
    await solves.dispose();
  });

  documents.listen(connection);
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
