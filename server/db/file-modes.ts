import fs from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds password hashes, people's contacts and the audit signing key: only the account opsdesk
 * runs as may read it. Modes are set with chmod after creating, so the process umask (022 on most systems, 000 in
 * some containers) cannot widen them.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const permissionBits = (mode: number): number => mode & 0o777;

/** Creates the directory (and missing parents) as 0700; an existing one is left to secureDataDir. */
export function makePrivateDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates an empty file as 0600 unless it exists. SQLite gives the -wal and -shm files it creates later the mode of
 * the database file (and chmods them to it whatever the umask), so creating the database file this way covers them.
 */
export function createPrivateFile(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
}

export interface TightenedMode {
  path: string;
  /** octal, e.g. "644" */
  from: string;
  to: string;
}

/**
 * Makes the data directory private: creates it 0700 when absent; otherwise takes group and other permissions away
 * from it, its subdirectories and every file in them (a data directory from before, copied with a wide umask, or
 * restored from a backup). Returns what it changed, so that start-up can say so.
 */
export function secureDataDir(dir: string): TightenedMode[] {
  if (!fs.existsSync(dir)) {
    makePrivateDir(dir);
    return [];
  }
  const changed: TightenedMode[] = [];
  const tighten = (target: string, mode: number, wanted: number) => {
    if ((permissionBits(mode) & 0o077) === 0) return;
    fs.chmodSync(target, wanted);
    changed.push({ path: target, from: permissionBits(mode).toString(8), to: wanted.toString(8) });
  };
  const walk = (current: string) => {
    tighten(current, fs.statSync(current).mode, PRIVATE_DIR_MODE);
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const target = path.join(current, entry.name);
      // Symbolic links are not followed: they may point anywhere, and chmod would change the target.
      if (entry.isDirectory()) walk(target);
      else if (entry.isFile()) tighten(target, fs.statSync(target).mode, PRIVATE_FILE_MODE);
    }
  };
  walk(dir);
  return changed;
}
