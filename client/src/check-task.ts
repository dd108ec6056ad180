/**
 * A task that runs `mech check` on the workspace's `.mech` files, with the `$mech` problem
 * matcher from the manifest. It runs the CLI bundled in the extension under VS Code's own
 * Node (ELECTRON_RUN_AS_NODE), so nothing needs to be installed.
 */
import * as vscode from 'vscode';

export const TASK_TYPE = 'mech';

interface CheckTaskDefinition extends vscode.TaskDefinition {
  task: 'check';
  /** Files relative to the workspace folder; default every `.mech` file in it. */
  files?: string[];
}

export class CheckTaskProvider implements vscode.TaskProvider {
  constructor(private readonly extensionUri: vscode.Uri) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const tasks = folders.map((folder) =>
      this.createTask({ type: TASK_TYPE, task: 'check' }, folder),
    );
    return Promise.all(tasks);
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    const definition = task.definition as CheckTaskDefinition;
    if (definition.task !== 'check') return undefined;
    const scope = task.scope ?? vscode.TaskScope.Workspace;
    return this.createTask(definition, scope);
  }

  private async createTask(
    definition: CheckTaskDefinition,
    scope: vscode.WorkspaceFolder | vscode.TaskScope,
  ): Promise<vscode.Task> {
    const cli = vscode.Uri.joinPath(this.extensionUri, 'dist', 'cli.js').fsPath;
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    const files = definition.files?.length ? definition.files : await mechFiles(folder);
    const execution = new vscode.ProcessExecution(process.execPath, [cli, 'check', ...files], {
      cwd: folder?.uri.fsPath,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(definition, scope, 'check', 'mech', execution, ['$mech']);
    task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
    return task;
  }
}

/** Every `.mech` file of a folder, relative to it, outside `node_modules`. */
async function mechFiles(folder: vscode.WorkspaceFolder | undefined): Promise<string[]> {
  if (!folder) return [];
  const pattern = new vscode.RelativePattern(folder, '**/*.mech');
  const uris = await vscode.workspace.findFiles(pattern, '**/node_modules/**');
  return uris.map((uri) => vscode.workspace.asRelativePath(uri, false)).sort();
}
