import type { SuiteResult } from './run';
export async function runWeb(_vsix: string): Promise<SuiteResult> {
  throw new Error('not yet');
}
