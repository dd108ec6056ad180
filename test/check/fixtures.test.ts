import { join } from 'node:path';
import { runFixtureDirectory } from './cases';

runFixtureDirectory(join(__dirname, '../fixtures/check'));
