import { join } from 'node:path';
import { runFixtureDirectory } from '../check/cases';

runFixtureDirectory(join(__dirname, '../fixtures/syntax'));
