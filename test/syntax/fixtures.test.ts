import { join } from 'node:path';
import { runFixtureDirectory } from '../check/cases';

// Syntax fixtures are fragments: only their syntax diagnostics are compared.
runFixtureDirectory(join(__dirname, '../fixtures/syntax'), /^MECH1/);
