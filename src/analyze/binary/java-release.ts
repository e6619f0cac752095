// The `release` file at the root of every JDK/JRE image (JAVA_VERSION="17.0.9", IMPLEMENTOR="Eclipse Adoptium").

export interface JavaRelease { version: string; implementor?: string; runtimeVersion?: string }

export function parseJavaRelease(text: string): JavaRelease | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1]!, m[2]!.replace(/^"|"$/g, ''));
  }
  const version = fields.get('JAVA_VERSION');
  if (!version) return undefined;
  const out: JavaRelease = { version };
  const implementor = fields.get('IMPLEMENTOR');
  if (implementor) out.implementor = implementor;
  const runtime = fields.get('JAVA_RUNTIME_VERSION');
  if (runtime) out.runtimeVersion = runtime;
  return out;
}
