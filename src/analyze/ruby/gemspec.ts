// Installed gem specifications (`specifications/<name>-<version>.gemspec`) are Ruby source written by
// RubyGems (Gem::Specification#to_ruby). They are read as text, never executed: the fields are literals.

export interface GemSpec { name: string; version: string; licenses: string[] }

const str = `["']([^"'\\n]{1,200})["'](?:\\.freeze)?`;
const NAME = new RegExp(`^\\s*\\w+\\.name\\s*=\\s*${str}`, 'm');
const VERSION = new RegExp(`^\\s*\\w+\\.version\\s*=\\s*(?:Gem::Version\\.new\\(\\s*)?${str}`, 'm');
const LICENSES = /^\s*\w+\.licenses?\s*=\s*\[?([^\]\n]{0,500})\]?/m;
const STUB = /^# stub: (\S+) (\S+)/m;

export function parseGemspec(text: string): GemSpec | undefined {
  const stub = STUB.exec(text);
  const name = NAME.exec(text)?.[1] ?? stub?.[1];
  const version = VERSION.exec(text)?.[1] ?? stub?.[2];
  if (!name || !version) return undefined;
  const lic = LICENSES.exec(text)?.[1] ?? '';
  const licenses = [...lic.matchAll(/["']([^"']{1,100})["']/g)].map((m) => m[1]!);
  return { name, version, licenses };
}
