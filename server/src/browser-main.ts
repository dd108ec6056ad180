/**
 * Browser entry of the language server (dist/server-web.js): the same server as main.ts, in a
 * Web Worker that the web extension starts, talking LSP over postMessage. Solves run in a
 * nested Web Worker whose URLs the client sends with `initialize`.
 */
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  ProposedFeatures,
} from 'vscode-languageserver/browser';
import { startServer } from './server';
import { readWebLocations, WebSolverHost, type WebSolverLocations } from './web-solver-host';

const scope = self as unknown as Worker;
const connection = createConnection(
  ProposedFeatures.all,
  new BrowserMessageReader(scope),
  new BrowserMessageWriter(scope),
);
let locations: WebSolverLocations | undefined;
const solver = new WebSolverHost(
  () => locations,
  (message) => connection.console.log(message),
);
startServer(connection, {
  solver,
  configure: (initializationOptions) => (locations = readWebLocations(initializationOptions)),
});
connection.listen();
