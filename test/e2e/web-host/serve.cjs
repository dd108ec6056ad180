// @vscode/test-web's server without its browser: `node serve.cjs <test-web folder> <config json>`
// serves vscode-web (the downloaded build of the config's commit, with the development extension,
// the in-host tests and the mounted folder) on the config's host and port and prints
// `mech-serve: listening` once it accepts connections. web.ts opens the browser itself.
'use strict';
const { join } = require('node:path');

async function main() {
  const [testWeb, json] = process.argv.slice(2);
  const options = JSON.parse(json);
  const { runServer } = require(join(testWeb, 'out', 'server', 'main.js'));
  const { downloadAndUnzipVSCode } = require(join(testWeb, 'out', 'server', 'download.js'));
  // Finds the build install.sh placed under testRunnerDataDir; it downloads nothing then.
  const build = await downloadAndUnzipVSCode(options.testRunnerDataDir, 'stable', options.commit);
  const server = await runServer(options.host, options.port, {
    extensionDevelopmentPath: options.extensionDevelopmentPath,
    extensionTestsPath: options.extensionTestsPath,
    build,
    folderMountPath: options.folderPath,
    printServerLog: false,
    coi: false,
  });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  console.log('mech-serve: listening');
}

main().catch((error) => {
  console.error('mech-serve: failed', error);
  process.exit(1);
});
