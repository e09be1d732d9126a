import { pageHeaded } from './BasePage.ts'

export const NotFoundPage = pageHeaded('Page not found')
export const ForbiddenPage = pageHeaded('You do not have access to this page')
