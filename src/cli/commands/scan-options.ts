// Flags every command that opens an image shares: platform, where the image comes from, registry access.
import { Option, type Command } from 'commander';
import { parseImageSrc, type ResolveOptions } from '../../source/resolve.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addImageOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--platform <os/arch[/variant]|all>', "platform to pick from a multi-platform image (default: the host's); 'all' scans each"))
    .addOption(new Option('--image-src <list>', 'where to look for the image, in order: archive,docker,podman,registry'))
    .addOption(new Option('--insecure <host...>', 'registry host[:port] to reach over plain HTTP (repeatable)').argParser(collect))
    .addOption(new Option('--username <user>', 'registry user name (or HULLSCAN_USERNAME)'))
    .addOption(new Option('--password <password>', 'registry password (or HULLSCAN_PASSWORD)'))
    .addOption(new Option('--registry-mirror <domain=host...>', 'try this mirror first for a registry, e.g. docker.io=mirror.local:5000 (repeatable)').argParser(collect));
}

export interface RawImageOptions {
  platform?: string; imageSrc?: string; insecure?: string[]; username?: string; password?: string; registryMirror?: string[];
}

export function parseImageOptions(raw: RawImageOptions): ResolveOptions {
  const mirrors: Record<string, string[]> = {};
  for (const m of raw.registryMirror ?? []) {
    const [domain, host] = m.split('=');
    if (domain && host) (mirrors[domain] ??= []).push(host);
  }
  return {
    platform: raw.platform,
    imageSrc: raw.imageSrc ? parseImageSrc(raw.imageSrc) : undefined,
    insecure: raw.insecure,
    mirrors,
    credentials: { username: raw.username, password: raw.password },
  };
}
