import { InvalidError } from '../../errors.ts';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** OWASP's argon2id parameters: 19 MiB, two passes, one lane. */
// algorithm 2 is Argon2id (a const enum in the package's types, which isolated modules cannot read).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a crash
  }
}

/**
 * A valid hash of a random password, verified against when the username does not exist so that an unknown user
 * takes as long to reject as a wrong password (no user enumeration by timing).
 */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(`decoy-${Math.random()}`));

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** zxcvbn-ts's list of ~49,000 most common passwords, plus the ones Chinese users reach for first. */
const COMMON = new Set<string>([
  ...(dictionary['passwords-common'] as string[]),
  'woaini1314', 'woaini520', 'a123456', 'aa123456', 'a123456789', 'qq123456', '5201314', '1314520', 'abc123456',
  'zxcvbnm123', 'qwe123456', 'admin123', 'admin@123', 'p@ssw0rd', 'opsdesk', 'opsdesk123', 'yikatong', 'yikatong123',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username';

/** Password rules: length, not a common password, not the username. Returns every problem, empty when acceptable. */
export function passwordProblems(password: string, username?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push('too_short');
  if (password.length > MAX_PASSWORD_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[\d!@#$%^&*.]+$/, ''))) problems.push('common');
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('contains_username');
  return problems;
}

export function weakPassword(problems: string[]): InvalidError {
  return new InvalidError(`The password is not acceptable: ${problems.join(', ')}`, { reasons: problems }, 'WEAK_PASSWORD');
}
