// What the Python lockfile readers yield.
export interface LockedPypiPackage { name: string; version: string; dev: boolean }
