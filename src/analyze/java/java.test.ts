// The Java analyzer on the real jars and war of the corpus image multi-lang, and on hostile archives
// built here (zip bomb inside a war, lying sizes, deep nesting, corrupt and truncated jars).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { FileEntry } from '../../image/types.js';
import type { Package } from '../../inventory/model.js';
import { entryFor, extractLayers, haveCommand, MULTI_LANG, runAnalyzer, type ExtractedImage, tempDir } from '../golang/testing.js';
import { walkJavaArchive, DEFAULT_ARCHIVE_LIMITS } from './archive.js';
import { identityFromManifest, parseArchiveFileName } from './identity.js';
import { javaAnalyzer } from './index.js';
import { JavaArchiveScanner, JAVA_ARCHIVE_MAX_BYTES, readJavaArchiveScan } from './scanner.js';
import { manifestValue, parseManifest } from './manifest.js';

const WAR = '/opt/webapp/hullscan-demo.war';
const LOG4J = '/usr/share/java/log4j-1.2-1.2.17.jar';
const LAYER = { index: 0, diffId: 'sha256:' + '0'.repeat(64) };

function fileEntry(path: string, content: Buffer | Uint8Array): FileEntry {
  const b = Buffer.from(content);
  return { info: { path, kind: 'file', size: b.length, mode: 0o644, layer: LAYER }, content: b, truncated: false, deleted: false };
}

describe('java analyzer on multi-lang', () => {
  let img: ExtractedImage;
  let packages: Package[];
  let warnings: string[];

  before(async () => {
    img = extractLayers(MULTI_LANG, [3]);
    const entries = [WAR, LOG4J, '/usr/share/java/log4j-1.2.jar'].map((p) => entryFor(img, p));
    ({ facts: { packages = [] }, warnings } = await runAnalyzer(javaAnalyzer, entries));
  });

  it('finds the war, its 2 nested jars and the Debian log4j jar once despite its symlink: maven 4', () => {
    assert.deepEqual(warnings, []);
    assert.deepEqual(packages.map((p) => [p.locations[0]!.path, p.name, p.version, p.purl, p.metadata!['identifiedBy']]).sort(), [
      [WAR, 'com.example.hullscan:demo-webapp', '1.0.0', 'pkg:maven/com.example.hullscan/demo-webapp@1.0.0', 'pom.properties'],
      [`${WAR}!WEB-INF/lib/log4j-1.2.17.jar`, 'log4j:log4j', '1.2.17', 'pkg:maven/log4j/log4j@1.2.17', 'MANIFEST.MF'],
      [`${WAR}!WEB-INF/lib/snakeyaml-1.33.jar`, 'org.yaml:snakeyaml', '1.33', 'pkg:maven/org.yaml/snakeyaml@1.33', 'pom.properties'],
      [LOG4J, 'log4j:log4j', '1.2.17', 'pkg:maven/log4j/log4j@1.2.17', 'MANIFEST.MF'],
    ].sort());
    assert.ok(packages.every((p) => p.type === 'maven' && p.locations[0]!.layer.index === 3));
    // Both Debian jars name http://www.apache.org/licenses/LICENSE-2.0.txt as Bundle-License; the war names none.
    assert.deepEqual(packages.map((p) => [p.locations[0]!.path, p.licenses]).sort(), [
      [WAR, []], [`${WAR}!WEB-INF/lib/log4j-1.2.17.jar`, ['Apache-2.0']], [`${WAR}!WEB-INF/lib/snakeyaml-1.33.jar`, ['Apache-2.0']], [LOG4J, ['Apache-2.0']],
    ].sort());
  });

  it('reads the same pom.properties and manifest values as unzip', { skip: !haveCommand('unzip') && 'unzip not installed' }, () => {
    const dir = tempDir('hullscan-java-');
    execFileSync('unzip', ['-q', join(img.root, WAR), 'WEB-INF/lib/*', '-d', dir]);
    const pom = execFileSync('unzip', ['-p', join(dir, 'WEB-INF/lib/snakeyaml-1.33.jar'), 'META-INF/maven/org.yaml/snakeyaml/pom.properties'], { encoding: 'utf8' });
    assert.match(pom, /^version=1\.33$/m);
    const mfText = execFileSync('unzip', ['-p', join(dir, 'WEB-INF/lib/log4j-1.2.17.jar'), 'META-INF/MANIFEST.MF'], { encoding: 'utf8' });
    const mf = parseManifest(mfText);
    // Implementation-* sit in the per-entry section `Name: org/apache/log4j`; Export-Package is continued over many lines.
    assert.equal(manifestValue(mf, 'Implementation-Title'), 'log4j');
    assert.equal(manifestValue(mf, 'Bundle-SymbolicName'), 'org.apache.log4j');
    const exported = manifestValue(mf, 'Export-Package')!;
    assert.ok(!exported.includes('\n') && exported.includes('org.apache.log4j.helpers,org.apache.log4j.or,org.apache.log4j.spi'));
    const listed = execFileSync('unzip', ['-Z1', join(img.root, WAR)], { encoding: 'utf8' }).split('\n').filter((n) => n.endsWith('.jar'));
    const nested = walkJavaArchive(readFileSync(join(img.root, WAR)), WAR, () => {}).slice(1).map((a) => a.path);
    assert.deepEqual(nested, listed.map((n) => `${WAR}!${n}`));
  });
});

describe('java analyzer on hostile and broken archives', () => {
  /** The real snakeyaml jar, taken out of the corpus war with fflate (an independent zip reader). */
  const snakeyaml = (): Uint8Array => {
    const img = extractLayers(MULTI_LANG, [3]);
    const name = 'WEB-INF/lib/snakeyaml-1.33.jar';
    return unzipSync(new Uint8Array(readFileSync(join(img.root, WAR))), { filter: (f) => f.name === name })[name]!;
  };

  it('skips a zip bomb inside a war with a warning naming it, and still finds the real jar next to it', async () => {
    // bomb.jar: 32 MiB (a stored class of zeros) deflated to a few KB inside the war.
    const bombJar = zipSync({ 'a.class': [new Uint8Array(32 * 1024 * 1024), { level: 0 }] });
    // zeros.jar: an honest stored jar whose class file is a bomb; classes are never inflated.
    const zerosJar = zipSync({ 'zeros.class': [new Uint8Array(32 * 1024 * 1024), { level: 9 }] });
    const war = zipSync({ 'WEB-INF/lib/bomb.jar': [bombJar, { level: 9 }], 'WEB-INF/lib/snakeyaml-1.33.jar': [snakeyaml(), { level: 0 }], 'WEB-INF/lib/zeros.jar': [zerosJar, { level: 0 }] });
    const { facts, warnings } = await runAnalyzer(javaAnalyzer, [fileEntry('/srv/bomb.war', war)]);
    assert.ok(warnings.some((w) => w.startsWith('/srv/bomb.war!WEB-INF/lib/bomb.jar') && /zip bomb/.test(w)), warnings.join('\n'));
    assert.ok(facts.packages!.some((p) => p.name === 'org.yaml:snakeyaml' && p.locations[0]!.path === '/srv/bomb.war!WEB-INF/lib/snakeyaml-1.33.jar'));
    assert.ok(!warnings.some((w) => w.includes('zeros.jar')), warnings.join('\n'));
  });

  it('stops an entry that inflates beyond its declared size', () => {
    const inner = Buffer.from(zipSync({ 'WEB-INF/lib/liar.jar': [new Uint8Array(4 * 1024 * 1024), { level: 9 }] }));
    // Patch the declared uncompressed size (central directory offset 24) down to 1000 bytes.
    const cd = inner.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    inner.writeUInt32LE(1000, cd + 24);
    const warnings: string[] = [];
    walkJavaArchive(inner, '/srv/liar.war', (m) => warnings.push(m));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^\/srv\/liar\.war!WEB-INF\/lib\/liar\.jar: inflates beyond its declared 1000 bytes/);
  });

  it('limits nesting depth', () => {
    let jar: Uint8Array = zipSync({ 'META-INF/maven/g/deep/pom.properties': new TextEncoder().encode('groupId=g\nartifactId=deep\nversion=1\n') });
    for (let i = 0; i < 12; i++) jar = zipSync({ [`lib/l${i}.jar`]: [jar, { level: 0 }] });
    const warnings: string[] = [];
    const found = walkJavaArchive(Buffer.from(jar), '/srv/deep.jar', (m) => warnings.push(m));
    assert.equal(found.length, DEFAULT_ARCHIVE_LIMITS.maxDepth + 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /nested deeper than 8 archives/);
  });

  it('reports every pom.properties of a shaded jar', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const jar: Zippable = {
      'META-INF/MANIFEST.MF': enc('Manifest-Version: 1.0\r\nImplementation-Title: app\r\n'),
      'META-INF/maven/com.example/app/pom.properties': enc('#Generated by Maven\ngroupId=com.example\nartifactId=app\nversion=2.0.1\n'),
      'META-INF/maven/com.google.guava/guava/pom.properties': enc('version=31.1-jre\ngroupId=com.google.guava\nartifactId=guava\n'),
    };
    const found = walkJavaArchive(Buffer.from(zipSync(jar)), '/app/app-all.jar', () => {});
    assert.deepEqual(found[0]!.identities.map((i) => `${i.groupId}:${i.artifactId}@${i.version}`).sort(), ['com.example:app@2.0.1', 'com.google.guava:guava@31.1-jre']);
  });

  it('warns about a corrupt jar and a truncated war and goes on with the rest', async () => {
    const img = extractLayers(MULTI_LANG, [3]);
    const real = readFileSync(join(img.root, WAR));
    const noise = Buffer.alloc(4096, 0x5a);
    const { facts, warnings } = await runAnalyzer(javaAnalyzer, [
      fileEntry('/a/corrupt.jar', noise), fileEntry('/a/cut.war', real.subarray(0, real.length >> 1)), fileEntry(WAR, real),
    ]);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0]!, /^\/a\/corrupt\.jar: not a zip archive/);
    assert.match(warnings[1]!, /^\/a\/cut\.war: not a zip archive/);
    assert.equal(facts.packages!.length, 3);
  });

  it('reads zip64 archives', { skip: !haveCommand('zip') && 'zip not installed' }, () => {
    const dir = tempDir('hullscan-java-');
    execFileSync('mkdir', ['-p', join(dir, 'META-INF/maven/org.example/z64')]);
    writeFileSync(join(dir, 'META-INF/maven/org.example/z64/pom.properties'), 'groupId=org.example\nartifactId=z64\nversion=6.4\n');
    execFileSync('zip', ['-q', '-fz', '-r', 'z64.jar', 'META-INF'], { cwd: dir });
    const found = walkJavaArchive(readFileSync(join(dir, 'z64.jar')), '/z64.jar', (m) => assert.fail(m));
    assert.deepEqual(found[0]!.identities, [{ groupId: 'org.example', artifactId: 'z64', version: '6.4', identifiedBy: 'pom.properties' }]);
  });
});

describe('java archive file names', () => {
  it('splits name and version', () => {
    assert.deepEqual(parseArchiveFileName('/usr/share/java/log4j-1.2-1.2.17.jar'), { name: 'log4j-1.2', version: '1.2.17' });
    assert.deepEqual(parseArchiveFileName('guava-31.1-jre.jar'), { name: 'guava', version: '31.1-jre' });
    assert.deepEqual(parseArchiveFileName('netty-all-4.1.70.Final.jar'), { name: 'netty-all', version: '4.1.70.Final' });
    assert.deepEqual(parseArchiveFileName('app.war'), { name: 'app' });
  });
});

describe('java identity from a manifest', () => {
  it('takes the version from the manifest and the name from the file when the titles are prose (OpenJDK jrt-fs.jar)', () => {
    const mf = parseManifest('Manifest-Version: 1.0\r\nSpecification-Title: Java Platform API Specification\r\nSpecification-Version: 17\r\nImplementation-Title: Java Runtime Environment\r\nImplementation-Version: 17.0.19\r\nImplementation-Vendor: Debian\r\n');
    assert.deepEqual(identityFromManifest(mf, '/usr/lib/jvm/java-17-openjdk-amd64/lib/jrt-fs.jar'), { artifactId: 'jrt-fs', version: '17.0.19', identifiedBy: 'MANIFEST.MF' });
    // No version anywhere (ca-certificates-java.jar): nothing to report.
    assert.equal(identityFromManifest(parseManifest('Manifest-Version: 1.0\nMain-Class: org.debian.security.UpdateCertificates\n'), '/usr/share/ca-certificates-java/ca-certificates-java.jar'), undefined);
  });
});

describe('java archive scanner', () => {
  it('hands on only the identities, not the archive bytes, and refuses archives above the cap', () => {
    const img = extractLayers(MULTI_LANG, [3]);
    const war = readFileSync(join(img.root, WAR));
    const s = new JavaArchiveScanner(WAR, war.length);
    for (let o = 0; o < war.length; o += 4093) s.write(war.subarray(o, o + 4093));
    const out = s.finish();
    assert.ok(out.length < 2048, `${out.length} bytes kept`);
    assert.deepEqual(readJavaArchiveScan(out, WAR).archives.map((a) => a.identities[0]!.artifactId), ['demo-webapp', 'log4j', 'snakeyaml']);
    const big = new JavaArchiveScanner('/huge.jar', JAVA_ARCHIVE_MAX_BYTES + 1);
    assert.equal(big.write(Buffer.alloc(10)), 'done');
    assert.deepEqual(readJavaArchiveScan(big.finish(), '/huge.jar'), { archives: [], warnings: [`/huge.jar: larger than ${JAVA_ARCHIVE_MAX_BYTES} bytes; skipped`] });
  });
});
