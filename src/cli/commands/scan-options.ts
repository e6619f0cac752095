// Flags every command that opens an image shares: platform, where the image comes from, registry access.
import { Option, type Command } from 'commander';
import { parseImageSrc } from '../../source/resolve.js';
import { defaultCacheDir } from '../../image/layer-cache.js';
import { HullscanError } from '../../errors.js';
import { stderrProgress } from '../progress.js';
import { loadRegistrySettings, mergeRegistrySettings } from '../../source/registry/config.js';
import type { ScanOptions } from '../../scan.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addImageOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--platform <os/arch[/variant]|all>', "platform to pick from a multi-platform image (default: the host's); 'all' scans each"))
    .addOption(new Option('--image-src <list>', 'where to look for the image, in order: archive,docker,podman,registry'))
    .addOption(new Option('--insecure <host>', 'registry host[:port] to reach over plain HTTP (repeatable); every other registry is HTTPS').argParser(collect))
    .addOption(new Option('--username <user>', 'registry user name (or HULLSCAN_USERNAME)'))
    .addOption(new Option('--password <password>', 'registry password (or HULLSCAN_PASSWORD)'))
    .addOption(new Option('--cache-dir <dir>', 'cache folder for layer results and registry metadata (default: HULLSCAN_CACHE_DIR or ~/.cache/hullscan)'))
    .addOption(new Option('--no-cache', 'neither read nor write the cache'))
    .addOption(new Option('--cache-max-size <MB>', 'size bound of the layer cache; least recently used layers are evicted first').default('5000'))
    .addOption(new Option('--no-progress', 'no layer download progress on the terminal (it is never drawn when stderr is not a TTY)'))
    .addOption(new Option('--registry-mirror <domain=host...>', 'try this mirror first for a registry, e.g. docker.io=mirror.local:5000 (repeatable; also registry-mirrors in ~/.config/hullscan/config.yaml or /etc/docker/daemon.json)').argParser(collect));
}

export interface RawImageOptions {
  platform?: string; imageSrc?: string; insecure?: string[]; username?: string; password?: string; registryMirror?: string[];
  cacheDir?: string; cache?: boolean; cacheMaxSize?: string; progress?: boolean;
}

export function parseImageOptions(raw: RawImageOptions, env: NodeJS.ProcessEnv = process.env): ScanOptions {
  const { mirrors, insecure } = mergeRegistrySettings({ mirrors: raw.registryMirror, insecure: raw.insecure }, loadRegistrySettings({ env }));
  const maxMb = Number(raw.cacheMaxSize ?? '5000');
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new HullscanError('USAGE', `'${raw.cacheMaxSize}' is not a size in MB`, { subject: '--cache-max-size' });
  return {
    cacheDir: raw.cache === false ? undefined : raw.cacheDir ?? defaultCacheDir(),
    cacheMaxBytes: maxMb * 1e6,
    platform: raw.platform,
    imageSrc: raw.imageSrc ? parseImageSrc(raw.imageSrc) : undefined,
    insecure,
    mirrors,
    credentials: { username: raw.username, password: raw.password },
    progress: raw.progress === false ? undefined : stderrProgress(process.stderr, env),
  };
}
