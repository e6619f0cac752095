// Whether an exposed port opens SSH: one answer for rule HS-DS-006 in image configurations (ExposedPorts) and
// Dockerfiles (EXPOSE).

/** "22", "22/tcp", "20-30/tcp" open port 22 over TCP; "2222", "22/udp" and anything unparsable do not. */
export function opensSshPort(spec: string): boolean {
  const m = /^(\d+)(?:-(\d+))?(?:\/([A-Za-z]+))?$/.exec(spec.trim());
  if (!m || (m[3] !== undefined && m[3].toLowerCase() !== 'tcp')) return false;
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  return lo <= 22 && 22 <= hi;
}
