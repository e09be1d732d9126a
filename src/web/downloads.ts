import type { FastifyReply } from 'fastify'

/** Only characters safe in a Content-Disposition header's quoted filename. */
export function safeFilename(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '-')
}

/** Sends a file to be saved rather than shown (CSV, PDF). The filename must already be safe. */
export function sendAttachment(reply: FastifyReply, contentType: string, filename: string, body: string | Buffer): FastifyReply {
  return reply.type(contentType).header('content-disposition', `attachment; filename="${filename}"`).send(body)
}
