// `hullscan clean --cache`: empties the layer and registry-metadata cache.
import type { Command } from 'commander';
import { HullscanError } from '../../errors.js';
import { cleanCache, defaultCacheDir } from '../../image/layer-cache.js';
import type { RegisterCommand } from './index.js';

export const registerCleanCommand: RegisterCommand = (program: Command, setExit) => {
  program
    .command('clean')
    .description('remove cached data')
    .option('--cache', 'remove cached layer results and registry metadata')
    .option('--cache-dir <dir>', 'cache folder (default: HULLSCAN_CACHE_DIR or ~/.cache/hullscan)')
    .action(async (opts: { cache?: boolean; cacheDir?: string }) => {
      if (!opts.cache) throw new HullscanError('USAGE', 'say what to clean: --cache');
      const dir = opts.cacheDir ?? defaultCacheDir();
      await cleanCache(dir);
      process.stdout.write(`removed the cache in ${dir}\n`);
      setExit(0);
    });
};
