/**
 * The presigned-style document URLs the Reports and Feeds APIs hand out (`/_docs/{id}`), served
 * by the emulator itself like Amazon's S3: GET downloads a report or feed-result document, PUT
 * uploads a feed's input document with exactly the content type it was created with. URLs are
 * signed with the run's secret and expire after 5 minutes (S3's XML errors otherwise).
 */
import type { IncomingMessage } from 'node:http'
import type { EmulatorContext, Handled } from '../context'

/** The URL path of the document endpoint (the id is the captured group). */
export const DOCUMENT_PATH = /^\/_docs\/([^/]+)$/

export function docUrl(ctx: EmulatorContext, docId: string, method: 'GET' | 'PUT'): string {
  const date = ctx.now()
  const sig = ctx.sign(`${method}\n${docId}\n${date}`)
  return `${ctx.baseUrl()}/_docs/${encodeURIComponent(docId)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=300&X-Amz-Signature=${sig}`
}

const s3Error = (status: number, code: string, message: string): Handled => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  headers: { 'content-type': 'application/xml' }
})

export function handleDocument(
  ctx: EmulatorContext,
  method: string,
  docId: string,
  q: URLSearchParams,
  req: IncomingMessage,
  body: Buffer
): Handled {
  const doc = ctx.docs.get(docId)
  const date = Number(q.get('X-Amz-Date'))
  if (!doc || q.get('X-Amz-Signature') !== ctx.sign(`${method}\n${docId}\n${date}`))
    return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.')
  if (ctx.now() > date + 300_000) return s3Error(403, 'AccessDenied', 'Request has expired')
  if (method === 'PUT') {
    if (doc.kind !== 'feed-input') return s3Error(403, 'AccessDenied', 'Access Denied')
    if (req.headers['content-type'] !== doc.contentType) {
      return s3Error(
        403,
        'SignatureDoesNotMatch',
        `The request signature we calculated does not match the signature you provided (Content-Type must be exactly "${doc.contentType}").`
      )
    }
    doc.bytes = body
    return { status: 200, body: '' }
  }
  if (!doc.bytes) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.')
  return { status: 200, body: doc.bytes, headers: { 'content-type': doc.contentType } }
}
