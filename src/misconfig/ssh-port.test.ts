import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opensSshPort } from './ssh-port.js';

test('22 over TCP, alone or in a range, with or without the protocol', () => {
  for (const p of ['22', '22/tcp', '22/TCP', ' 22/tcp ', '20-30/tcp', '20-25', '22-22', '0-65535/tcp']) assert.ok(opensSshPort(p), p);
});

test('other ports, other protocols and text that is no port spec', () => {
  for (const p of ['2222', '2222/tcp', '8022/tcp', '22/udp', '22/sctp', '23-30', '1-21/tcp', '', 'ssh', '22/', '/tcp', '22-', 'map[22/tcp:{}]', '22/tcp/x']) {
    assert.equal(opensSshPort(p), false, p);
  }
});
