/**
 * Validation of bank holiday data in the shape of one division of the gov.uk
 * feed (https://www.gov.uk/bank-holidays.json), e.g. its "england-and-wales" object.
 */
import { z } from 'zod';
import { compareDates, isIsoDate, type IsoDate } from './dates.ts';

const eventSchema = z.object({
  title: z.string().min(1),
  date: z.string().refine(isIsoDate, { message: 'must be a real date in YYYY-MM-DD form' }),
  notes: z.string().optional(),
  bunting: z.boolean().optional(),
});

const divisionSchema = z.object({
  division: z.string().min(1),
  source: z.string().optional(),
  events: z.array(eventSchema),
});

export type BankHolidayFile = z.infer<typeof divisionSchema>;

export class BankHolidayFileError extends Error {
  override name = 'BankHolidayFileError';
}

/** Renders a zod path like ['events', 3, 'date'] as `events[3].date`. */
function describePath(path: readonly PropertyKey[]): string {
  const text = path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
  return text || '(root)';
}

/** Validates a parsed bank holiday file and returns its dates sorted and de-duplicated. */
export function parseBankHolidayFile(json: unknown): IsoDate[] {
  const result = divisionSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
    throw new BankHolidayFileError(`Invalid bank holiday file: ${problems.join('; ')}`);
  }
  return [...new Set(result.data.events.map((event) => event.date))].sort(compareDates);
}
