/** Line and column of offsets in a text, in linear time overall (per-leaf scans from the start are quadratic). */

/** 1-based line and column of one offset. */
export function offsetPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** A function from offset to 1-based line and column, for texts with many positions to place. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

let lastText: string | undefined;
let lastLocator: ((offset: number) => { line: number; column: number }) | undefined;

/** Line and column of an offset, for callers that place many offsets of the same text one by one. */
export function positionIn(text: string, offset: number): { line: number; column: number } {
  if (text !== lastText || !lastLocator) {
    lastText = text;
    lastLocator = lineLocator(text);
  }
  return lastLocator(offset);
}
