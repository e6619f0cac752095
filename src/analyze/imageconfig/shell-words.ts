// Just enough POSIX shell lexing for build history: words (quotes, backslashes) and the operators
// that separate commands (&& || ; | & newline). Substitutions and redirections stay inside words.

export type Separator = '&&' | '||' | ';' | '|' | '&' | '\n';

export interface SimpleCommand {
  words: string[];
  /** The operator before this command ('' for the first): '|' means its stdin is the previous command's output. */
  after: Separator | '';
}

const OPERATORS: readonly Separator[] = ['&&', '||', ';', '|', '&', '\n'];

/** Split a command line into simple commands; unbalanced quotes run to the end of the text. */
export function splitCommands(text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let after: Separator | '' = '';
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (sep: Separator) => {
    endWord();
    if (words.length > 0) out.push({ words, after });
    words = [];
    after = sep;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') { i++; continue; }        // line continuation
      if (next !== undefined) { word += next; inWord = true; i++; }
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end === -1 ? text.length : end);
      inWord = true;
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        word += text[j];
      }
      inWord = true;
      i = j;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      // keep a command substitution as part of the word, balanced parentheses
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      word += text.slice(i, j + 1);
      inWord = true;
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    // '2>&1', '>&2' and '&>' are redirections, not the background operator
    const redirection = op === '&' && (text[i - 1] === '>' || text[i - 1] === '<' || text[i + 1] === '>');
    if (op && !redirection) {
      endCommand(op);
      i += op.length - 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') { endWord(); continue; }
    word += c;
    inWord = true;
  }
  endCommand(';');
  return out;
}

/** Plain words, no operators (ENV/ARG bodies): quotes and backslashes removed. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) { word += text[++i]; inWord = true; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (c === '"' && text[j] === '\\' && j + 1 < text.length) j++;
        word += text[j];
      }
      inWord = true;
      i = j;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (inWord) words.push(word);
  return words;
}

/** The program a simple command runs: skips VAR=value prefixes, `sudo`/`env`/`exec` wrappers and their flags. */
export function programOf(words: readonly string[]): { program: string; args: string[]; viaSudo: boolean } | undefined {
  let i = 0;
  let viaSudo = false;
  while (i < words.length) {
    const w = words[i]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) { i++; continue; }
    if (w === 'sudo' || w === 'env' || w === 'exec' || w === 'command' || w === 'nohup' || w === 'time') {
      if (w === 'sudo') viaSudo = true;
      i++;
      while (i < words.length && words[i]!.startsWith('-')) {
        // sudo -u user / -g group take a value
        const flag = words[i]!;
        i += viaSudo && (flag === '-u' || flag === '-g') ? 2 : 1;
      }
      continue;
    }
    break;
  }
  if (i >= words.length) return undefined;
  const program = words[i]!.slice(words[i]!.lastIndexOf('/') + 1);
  return { program, args: words.slice(i + 1), viaSudo };
}
