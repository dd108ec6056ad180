/**
 * Positions in a `.mech` source text. Lines and characters are zero-based and characters count
 * UTF-16 code units, exactly as LSP does; `end` is exclusive. Offsets index the JavaScript string.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A half-open span of the source text, kept on every AST node. */
export interface Span {
  startOffset: number;
  /** Exclusive. */
  endOffset: number;
  range: Range;
}

/** Converts offsets to positions for one text; build it once per document. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */ && text.charCodeAt(i + 1) === 10) continue;
      if (ch === 10 || ch === 13) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offset(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.lineStarts.length - 1));
    return Math.min(this.lineStarts[line] + position.character, this.text.length);
  }

  span(startOffset: number, endOffset: number): Span {
    return {
      startOffset,
      endOffset,
      range: { start: this.position(startOffset), end: this.position(endOffset) },
    };
  }
}
