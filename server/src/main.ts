/**
 * Node entry of the language server: `node dist/server.js --stdio` (or `--node-ipc` from the
 * VS Code client). The solver worker bundle sits beside this one.
 */
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { WorkerSolverHost } from './node-solver-host';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
const solver = new WorkerSolverHost(join(__dirname, 'solver-worker.js'), (message) =>
  connection.console.log(message),
);
startServer(connection, { solver });
connection.listen();
