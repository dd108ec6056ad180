/** What features know beyond the document's analysis. */
import type { ServerSettings, SolveReport } from '../../../language/src/protocol';

export interface FeatureContext {
  settings(): ServerSettings;
  /** The last successful solve of a document, and whether its text changed since. */
  solved(uri: string, version: number): { report: SolveReport; stale: boolean } | undefined;
}
