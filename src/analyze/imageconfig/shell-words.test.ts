import { test } from 'node:test';
import assert from 'node:assert/strict';
import { programOf, splitCommands, splitWords } from './shell-words.js';

test('splitCommands: operators separate commands; quotes, escapes and substitutions stay in words', () => {
  const cmds = splitCommands(`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "a b" c\\
 d; curl -fsSL https://x/y.sh | sh -s -- --flag || echo 'x && y' ; echo "$(date; id)" 2>&1 >/dev/null &`);
  assert.deepEqual(cmds.map((c) => [c.after, c.words]), [
    ['', ['apt-get', 'update']],
    ['&&', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', 'a b', 'c', 'd']],
    [';', ['curl', '-fsSL', 'https://x/y.sh']],
    ['|', ['sh', '-s', '--', '--flag']],
    ['||', ['echo', 'x && y']],
    [';', ['echo', '$(date; id)', '2>&1', '>/dev/null']],
  ]);
});

test('splitCommands: newlines separate; an unterminated quote runs to the end without hanging', () => {
  assert.deepEqual(splitCommands('a\nb').map((c) => c.words[0]), ['a', 'b']);
  assert.deepEqual(splitCommands('echo "never closed && rm -rf /').map((c) => c.words), [['echo', 'never closed && rm -rf /']]);
  assert.deepEqual(splitCommands(''), []);
});

test('programOf skips assignments and sudo/env wrappers (with their flags) and takes the basename', () => {
  assert.deepEqual(programOf(['A=1', 'sudo', '-E', '-u', 'app', '/usr/bin/apt-get', 'install', 'x']), { program: 'apt-get', args: ['install', 'x'], viaSudo: true });
  assert.deepEqual(programOf(['env', 'X=1', 'bash']), { program: 'bash', args: [], viaSudo: false });
  assert.equal(programOf(['A=1']), undefined);
});

test('splitWords: ENV bodies with quotes and escapes', () => {
  assert.deepEqual(splitWords(`A="x y" B='z w' C=a\\ b D=`), ['A=x y', 'B=z w', 'C=a b', 'D=']);
});
