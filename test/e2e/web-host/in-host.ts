/**
 * The web suite's in-host tests, run by VS Code for the Web through `--extensionTestsPath` in
 * the extension host (a Web Worker). They act through the API and check what the API shows
 * (the solve, the hover, the diagnostics); after each step they ask the driver (web.ts) to
 * check the workbench's DOM and take the screenshot, and wait for its answer.
 */
import * as vscode from 'vscode';
import { BREAK, EXAMPLE, lineOf, VALUE, type StepName } from '../scenario';

/** The driver's step server, set by web.ts when it bundles this file. */
declare const STEP_SERVER: string;
/** How long one wait may take; polling a condition within it is the only waiting done. */
const TIMEOUT_MS = 90_000;

interface SolveState {
  state: string;
  headline?: string;
}
interface MechApi {
  lastSolve(uri: vscode.Uri): Promise<SolveState | null>;
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, EXAMPLE);
  log(`opening ${uri.toString()} (a virtual file: scheme ${uri.scheme})`);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const text = editor.document.getText();
  const api = await activated();

  await until('the solve', async () =>
    (await api.lastSolve(uri))?.headline?.includes(`calibrated ${VALUE}`),
  );
  await step('solved');

  const solve = new vscode.Position(lineOf(text, 'solve '), 0);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    solve,
  );
  const hoverText = hovers.flatMap((hover) => hover.contents.map(markdownText)).join('\n');
  if (!hoverText.includes(VALUE))
    throw new Error(`the hover on solve lacks ${VALUE}: ${hoverText}`);
  editor.selection = new vscode.Selection(solve, solve);
  await vscode.commands.executeCommand('editor.action.showHover');
  await step('hover');

  const line = lineOf(text, BREAK.row);
  const start = new vscode.Position(line, BREAK.column);
  const broken = new vscode.Range(start, start.translate(0, BREAK.original.length));
  await editor.edit((edit) => edit.replace(broken, BREAK.replacement));
  await until(`${BREAK.code} on line ${line + 1}`, () =>
    errors(uri).some((d) => codeOf(d) === BREAK.code && d.range.start.line === line),
  );
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await step('problem');

  const fixed = new vscode.Range(start, start.translate(0, BREAK.replacement.length));
  await editor.edit((edit) => edit.replace(fixed, BREAK.original));
  await until('the error to go', () => errors(uri).length === 0);
  // The mounted folder is read-only, so solve by command rather than by saving.
  await vscode.commands.executeCommand('mech.solve', uri);
  await step('fixed');

  await vscode.commands.executeCommand('mech.openPreview', uri);
  await step('preview');
}

async function activated(): Promise<MechApi> {
  const extension = vscode.extensions.getExtension<MechApi>('mech-tools.mech');
  if (!extension) throw new Error('the mech extension is not installed');
  await until('activation', () => extension.isActive);
  // A failed activation also leaves the extension active, without its API.
  if (typeof extension.exports?.lastSolve !== 'function') {
    throw new Error('the mech extension did not activate: it returned no API (see its log)');
  }
  return extension.exports;
}

/** Asks the driver to check the workbench for this step and screenshot it. */
async function step(name: StepName): Promise<void> {
  log(`step ${name}: asking the driver to check the workbench`);
  const response = await fetch(`${STEP_SERVER}/step/${name}`);
  const answer = await response.text();
  if (!response.ok) throw new Error(`step ${name}: ${answer}`);
  log(`step ${name}: ${answer}`);
}

/** Polls `condition` every 100 ms until it holds, failing after TIMEOUT_MS. */
async function until(what: string, condition: () => unknown): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function errors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

function markdownText(content: vscode.MarkdownString | vscode.MarkedString): string {
  return typeof content === 'string' ? content : content.value;
}

function log(message: string): void {
  console.log(`[mech e2e] ${message}`);
}
