// The secret analyzer: every text-like file of every layer, deleted and overwritten ones included
// (a secret removed by a later layer is still in the image), scanned during the walk.
import type { FileEntry, FileInfo } from '../../image/types.js';
import type { AnalyzeContext, Analyzer, Facts, SecretFinding, Want } from '../types.js';
import { pathAllowed } from './allow-rules.js';
import { activeAllowRules, activeRules, configFingerprint, type SecretConfig } from './config.js';
import { compileRules } from './detect.js';
import { decodeFindings, isScannableFile, SecretFileScanner } from './file-scanner.js';
import { redactSecrets } from './image-config.js';
import type { LayerRef } from '../../inventory/model.js';

/** Bump when rules or scanning change: cached layer results are keyed by it. */
const SECRET_ANALYZER_VERSION = 1;

export function createSecretAnalyzer(config?: SecretConfig): Analyzer {
  const rules = activeRules(config);
  const allow = activeAllowRules(config);
  const compiled = compileRules(rules, allow);
  const byId = new Map(rules.map((r) => [r.id, r]));
  // Another config finds other things in the same layer: its cached layer results must not be reused.
  const version = config ? SECRET_ANALYZER_VERSION + 1000 * (configFingerprint(config) + 1) : SECRET_ANALYZER_VERSION;
  return {
    name: 'secret',
    version,
    wantsDeleted: true,
    wants(path: string, info: FileInfo): boolean | Want {
      if (!isScannableFile(path, info) || pathAllowed(allow, path)) return false;
      return { scan: () => new SecretFileScanner(path, compiled) };
    },
    async analyze(files: AsyncIterable<FileEntry>, _ctx: AnalyzeContext): Promise<Facts> {
      const secrets: SecretFinding[] = [];
      // A build step may carry a secret itself (RUN |1 NPM_TOKEN=... npm ci): findings show it redacted.
      const layers = new Map<number, LayerRef>();
      const layerOf = (l: LayerRef): LayerRef => {
        let r = layers.get(l.index);
        if (!r) layers.set(l.index, (r = l.createdBy ? { ...l, createdBy: redactSecrets(l.createdBy, config) } : l));
        return r;
      };
      for await (const entry of files) {
        if (entry.content.length === 0) continue;
        for (const f of decodeFindings(entry.content)) {
          const rule = byId.get(f.rule);
          if (!rule) continue;
          secrets.push({
            rule: rule.id, category: rule.category, title: rule.title, severity: rule.severity,
            path: entry.info.path, line: f.line, match: f.match, layer: layerOf(entry.info.layer), deleted: entry.deleted,
          });
        }
      }
      return { secrets };
    },
  };
}

/** The analyzer with the built-in rules, for the registry. */
export const secretAnalyzer: Analyzer = createSecretAnalyzer();
