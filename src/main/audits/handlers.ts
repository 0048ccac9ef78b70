/** Handlers of the audits.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { AuditsService } from './service'

type AuditChannel = Extract<keyof Handlers, `audits.${string}`>

export function auditHandlers(s: { audits: AuditsService }): Pick<Handlers, AuditChannel> {
  return {
    'audits.mapping': ({ service }) => ({ service, mapping: s.audits.mapping(service) }),
    'audits.services': () => s.audits.services(),
    'audits.previewStatement': (input) => s.audits.statementFile(input, false),
    'audits.importStatement': (input) => s.audits.statementFile(input, true),
    'audits.statements': ({ storeId }) => s.audits.statements(storeId),
    'audits.statement': ({ statementId, kinds }) => s.audits.statement(statementId, kinds),
    'audits.exportStatement': ({ statementId, kinds }) => s.audits.exportStatement(statementId, kinds),
    'audits.removeStatement': ({ statementId }) => ({ removed: s.audits.removeStatement(statementId) }),
    'audits.belowCost': ({ storeId }) => s.audits.belowCost(storeId),
    'audits.exportBelowCost': ({ storeId }) => s.audits.exportBelowCost(storeId)
  }
}
