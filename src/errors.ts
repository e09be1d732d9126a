/**
 * One error type for everything a user or caller can get wrong. `code` drives the HTTP status
 * and CLI exit code; `userMessage` is safe to show; `details` names fields (e.g. a file line).
 */
export type ErrorCode = 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'invalid_state'

export interface FieldProblem {
  field: string
  message: string
  line?: number
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly userMessage: string
  readonly details: FieldProblem[]

  constructor(code: ErrorCode, userMessage: string, details: FieldProblem[] = []) {
    super(userMessage)
    this.name = 'AppError'
    this.code = code
    this.userMessage = userMessage
    this.details = details
  }
}

export const httpStatusFor: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 422,
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
