// One updater per DB at a time: a lock file beside the DB, created exclusively, holding the owner's pid. A lock
// whose process is gone is stale and taken over. Readers never take it (they only ever see whole files).
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { HullscanError } from '../../errors.js';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

export async function withUpdateLock<T>(dbPath: string, f: () => Promise<T>): Promise<T> {
  const lock = `${dbPath}.update.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try { writeSync(fd, String(process.pid)); } finally { closeSync(fd); }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = NaN;
      try { pid = Number(readFileSync(lock, 'utf8')); } catch { /* vanished: retry */ }
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new HullscanError('DB', `another update (pid ${pid}) is running for this database`, { subject: dbPath });
      }
      if (attempt >= 3) throw new HullscanError('DB', `cannot take the update lock ${lock}`, { subject: dbPath });
      rmSync(lock, { force: true }); // stale: its owner is gone
    }
  }
  try { return await f(); } finally { rmSync(lock, { force: true }); }
}
