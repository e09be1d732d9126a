import argon2 from 'argon2'

/** Passwords are hashed with argon2id (the OWASP first choice), via the maintained `argon2` binding. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id })
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}
