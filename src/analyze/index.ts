// The registry of analyzers: a plain array. Add one line per analyzer.
import type { Analyzer } from './types.js';

export const analyzers: Analyzer[] = [
];
