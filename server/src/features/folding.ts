/** Folding: brackets spanning lines, block comments, and runs of whole-line comments. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Analyzed } from '../analysis';
import { kindOf } from '../lexical';

const OPENERS = new Set(['LBrace', 'LParen', 'LBracket']);
const CLOSERS = new Set(['RBrace', 'RParen', 'RBracket']);

export function foldingRanges(analyzed: Analyzed): FoldingRange[] {
  const { tokens, comments } = analyzed.lexed();
  const line = (offset: number) => analyzed.lines.position(offset).line;
  const ranges: FoldingRange[] = [];

  // Brackets: the closing line stays visible.
  const open: number[] = [];
  for (const token of tokens) {
    const kind = kindOf(token);
    if (OPENERS.has(kind)) open.push(line(token.startOffset));
    else if (CLOSERS.has(kind) && open.length > 0) {
      const startLine = open.pop()!;
      const endLine = line(token.startOffset) - 1;
      if (endLine > startLine) ranges.push({ startLine, endLine });
    }
  }

  // Comments: a block comment over several lines, or consecutive line comments.
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) {
      ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    }
    run = undefined;
  };
  for (const comment of comments) {
    const start = line(comment.startOffset);
    const end = line(comment.endOffset);
    const lineStart = analyzed.lines.offset({ line: start, character: 0 });
    const alone = analyzed.text.slice(lineStart, comment.startOffset).trim() === '';
    if (!alone) {
      flush();
    } else if (comment.block) {
      flush();
      if (end > start)
        ranges.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment });
    } else if (run && start === run.end + 1) {
      run.end = start;
    } else {
      flush();
      run = { start, end: start };
    }
  }
  flush();
  return ranges.sort((a, b) => a.startLine - b.startLine);
}
