/**
 * The status bar item for the active `.mech` file: solving (click cancels), the headline value,
 * failed, stale or cancelled (click solves).
 */
import * as vscode from 'vscode';
import type { SolveNotification } from '../../language/src/protocol';
import type { SolveEvents } from './solve-events';

export class SolveStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'mech.solveStatus',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly subscriptions: vscode.Disposable[] = [];

  /** `where` names the platform in the tooltip when it is not the desktop ("in the browser"). */
  constructor(
    private readonly events: SolveEvents,
    private readonly where?: string,
  ) {
    this.item.name = 'Mech Solver';
    this.subscriptions.push(
      events.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
    this.refresh();
  }

  refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'mech') {
      this.item.hide();
      return;
    }
    const notification = this.events.last(document.uri.toString());
    this.render(notification);
    this.item.show();
  }

  private render(notification: SolveNotification | undefined): void {
    const solveCommand = { title: 'Solve', command: 'mech.solve' };
    const state = notification?.state ?? 'idle';
    const progress = notification?.progress;
    const seconds = notification?.seconds?.toFixed(2);
    this.item.backgroundColor = undefined;
    switch (state) {
      case 'solving':
        this.item.text = `$(sync~spin) Mech: solving${progress ? ` (${progress})` : ''}`;
        this.item.tooltip = 'The solver is running. Click to cancel.';
        this.item.command = { title: 'Cancel', command: 'mech.cancelSolve' };
        return;
      case 'solved':
        this.item.text = `$(check) ${notification?.headline ?? 'solved'}`;
        const where = this.where ? ` ${this.where}` : '';
        this.item.tooltip = `Solved${where} in ${seconds ?? '?'} s. Click to solve again.`;
        this.item.command = solveCommand;
        return;
      case 'failed':
        this.item.text = '$(error) Mech: not solved';
        this.item.tooltip = `${notification?.message ?? 'The solve failed.'} Click to solve again.`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        this.item.command = solveCommand;
        return;
      case 'stale':
        this.item.text = '$(history) Mech: stale';
        this.item.tooltip = 'The text changed since the last solve. Save or click to solve.';
        this.item.command = solveCommand;
        return;
      case 'cancelled':
        this.item.text = '$(circle-slash) Mech: cancelled';
        this.item.tooltip = 'The solve was cancelled. Click to solve.';
        this.item.command = solveCommand;
        return;
      default:
        this.item.text = '$(circle-outline) Mech';
        this.item.tooltip = 'Not solved yet. Click to solve.';
        this.item.command = solveCommand;
    }
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.item.dispose();
  }
}
