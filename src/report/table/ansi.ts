// Minimal ANSI styling; callers pad before colouring so widths stay right.
import type { SeverityLevel } from '../../vulndb/model.js';

const wrap = (open: string) => (s: string) => `\x1b[${open}m${s}\x1b[0m`;
export const bold = wrap('1');
export const dim = wrap('2');
const SEVERITY_STYLE: Record<SeverityLevel, (s: string) => string> = {
  CRITICAL: wrap('1;31'), HIGH: wrap('31'), MEDIUM: wrap('33'), LOW: wrap('34'), NEGLIGIBLE: wrap('2'), UNKNOWN: wrap('2'),
};

export function colorSeverity(level: SeverityLevel, text: string, color: boolean): string {
  return color ? SEVERITY_STYLE[level](text) : text;
}

/** Cuts to `width` columns, marking the cut with '…'. */
export function truncate(s: string, width: number): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= width) return oneLine;
  return width <= 1 ? oneLine.slice(0, width) : oneLine.slice(0, width - 1) + '…';
}
