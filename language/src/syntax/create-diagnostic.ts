import type { Diagnostic } from '../diagnostics';
import { format, messages, type MessageId } from '../messages';
import type { Range } from '../source';

/** Builds a diagnostic from the catalogue; optional trailing advice may be passed as ''. */
export function createDiagnostic(
  id: MessageId,
  range: Range,
  args: readonly (string | number)[] = [],
  extra: Pick<Diagnostic, 'related' | 'data'> = {},
): Diagnostic {
  const spec = messages[id];
  const message = format(spec.text, args).trimEnd();
  return { severity: spec.severity, code: spec.code, message, range, ...extra };
}

/** A range that starts and ends at the beginning of the text. */
export const START_OF_TEXT: Range = {
  start: { line: 0, character: 0 },
  end: { line: 0, character: 0 },
};
