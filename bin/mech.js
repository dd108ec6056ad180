#!/usr/bin/env node
// The `mech` command: a thin launcher for the bundled CLI.
require('../dist/cli.js');
