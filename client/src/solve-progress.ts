/**
 * A cancellable progress notification for solves that run longer than a second; shorter ones
 * show only in the status bar.
 */
import * as vscode from 'vscode';
import type { SolveNotification } from '../../language/src/protocol';
import type { SolveEvents } from './solve-events';

const DELAY_MS = 1000;

interface Pending {
  timer?: ReturnType<typeof setTimeout>;
  report?: (message: string) => void;
  done?: () => void;
}

export class SolveProgress implements vscode.Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly subscription: vscode.Disposable;

  constructor(
    events: SolveEvents,
    private readonly cancel: (uri: string) => void,
  ) {
    this.subscription = events.onDidChange((notification) => this.update(notification));
  }

  private update(notification: SolveNotification): void {
    const { uri } = notification;
    const pending = this.pending.get(uri);
    if (notification.state !== 'solving') {
      if (pending) this.end(uri, pending);
      return;
    }
    if (pending) {
      if (notification.progress) pending.report?.(notification.progress);
      return;
    }
    const entry: Pending = {};
    entry.timer = setTimeout(() => this.show(uri, entry), DELAY_MS);
    this.pending.set(uri, entry);
  }

  private show(uri: string, entry: Pending): void {
    const name = vscode.Uri.parse(uri).path.split('/').pop();
    const options = {
      location: vscode.ProgressLocation.Notification,
      title: `Solving ${name}`,
      cancellable: true,
    };
    void vscode.window.withProgress(options, (progress, token) => {
      token.onCancellationRequested(() => this.cancel(uri));
      entry.report = (message) => progress.report({ message });
      return new Promise<void>((resolve) => (entry.done = resolve));
    });
  }

  private end(uri: string, entry: Pending): void {
    clearTimeout(entry.timer);
    entry.done?.();
    this.pending.delete(uri);
  }

  dispose(): void {
    for (const [uri, entry] of this.pending) this.end(uri, entry);
    this.subscription.dispose();
  }
}
