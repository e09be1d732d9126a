import type { FormError } from '../../types.ts'

export interface SignInForm {
  username: string
  password: string
}

/** Pure: the form fields as typed, or GOV.UK errors for the empty ones. Never echoes the password back. */
export function validateSignIn(body: unknown): { form: SignInForm; errors: FormError[] } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const form = {
    username: typeof b.username === 'string' ? b.username.trim().toLowerCase() : '',
    password: typeof b.password === 'string' ? b.password : '',
  }
  const errors: FormError[] = []
  if (!form.username) errors.push({ text: 'Enter your username', href: '#username' })
  if (!form.password) errors.push({ text: 'Enter your password', href: '#password' })
  return { form, errors }
}

export const WRONG_CREDENTIALS: FormError = { text: 'The username or password is not right', href: '#username' }
