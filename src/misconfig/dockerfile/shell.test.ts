import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandsOf, parseShell } from './shell.js';

/** Each pipeline as the words of its commands. */
const pipelines = (script: string) => parseShell(script).map((p) => p.commands.map((c) => c.words));

test('operators separate commands, | joins a pipeline; quotes, escapes and substitutions stay in words; redirections dropped', () => {
  assert.deepEqual(pipelines(`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "a b" c\\
 d; curl -fsSL https://x/y.sh | sh -s -- --flag || echo 'x && y' ; echo "$(date; id)" 2>&1 >/dev/null &`), [
    [['apt-get', 'update']],
    [['apt-get', 'install', '-y', 'a b', 'c', 'd']],
    [['curl', '-fsSL', 'https://x/y.sh'], ['sh', '-s', '--', '--flag']],
    [['echo', 'x && y']],
    [['echo', '$(date; id)']],
  ]);
});

test('newlines separate; an unterminated quote runs to the end without hanging; nothing gives nothing', () => {
  assert.deepEqual(pipelines('a\nb'), [[['a']], [['b']]]);
  assert.deepEqual(pipelines('echo "never closed && rm -rf /'), [[['echo', 'never closed && rm -rf /']]]);
  assert.deepEqual(pipelines(''), []);
});

test('the command behind assignments and sudo/env wrappers (with their flags); sudo is remembered', () => {
  assert.deepEqual(commandsOf(parseShell('A=1 sudo -E -u app /usr/bin/apt-get install x')), [{ words: ['/usr/bin/apt-get', 'install', 'x'], raw: ['/usr/bin/apt-get', 'install', 'x'], sudo: true }]);
  assert.deepEqual(commandsOf(parseShell('env X=1 bash')), [{ words: ['bash'], raw: ['bash'], sudo: false }]);
  assert.deepEqual(commandsOf(parseShell('A=1')), [], 'only an assignment: no command');
  assert.deepEqual(commandsOf(parseShell('A=1; echo $A "${A}" \'$A\'')).map((c) => c.words), [['echo', '1', '1', '$A']], 'assignments expand later words');
});

test('many assignments or wrappers before a command take linear time', { timeout: 10_000 }, () => {
  for (const prefix of ['A= ', 'sudo ', 'env ', 'if ']) {
    const t = Date.now();
    const cmds = commandsOf(parseShell(prefix.repeat(100_000) + 'make'));
    assert.deepEqual(cmds.map((c) => c.words), [['make']], prefix);
    assert.ok(Date.now() - t < 3000, `${prefix.trim()}: ${Date.now() - t} ms`);
  }
});
