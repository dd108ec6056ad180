/**
 * The client's one subscription to the server's solve notifications, fanned out to the status
 * bar, the progress notification and the preview. It remembers the last notification per file.
 */
import * as vscode from 'vscode';
import type { SolveNotification } from '../../language/src/protocol';

export class SolveEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SolveNotification>();
  private readonly latest = new Map<string, SolveNotification>();

  /** Fires for every notification, in the order the server sent them. */
  readonly onDidChange = this.emitter.event;

  accept(notification: SolveNotification): void {
    this.latest.set(notification.uri, notification);
    this.emitter.fire(notification);
  }

  /** The last notification about a document, keyed by its URI string. */
  last(uri: string): SolveNotification | undefined {
    return this.latest.get(uri);
  }

  /** Forgets everything, e.g. when the server restarts. */
  clear(): void {
    this.latest.clear();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
