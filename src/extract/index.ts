// Public API of document metadata extraction. Pure pieces (text recognition, edXML, policy) and
// the I/O wrappers (files, buffers, e-mail) are re-exported from their modules.
export type {
  DocumentMetadata,
  FieldEvidence,
  FieldName,
  Signer,
  SignerAuthority,
  Urgency,
  Secrecy,
  ExtractError,
  ExtractErrorCode,
  ExtractOptions,
  ExtractResult,
} from './types.js';
export { FIELD_NAMES, DEFAULT_OPTIONS, emptyMetadata } from './types.js';
export { extractFromText } from './from-text.js';
export { extractFromBuffer, extractFromFile } from './file.js';
export type { SourceInfo } from './format.js';
export { extractFromEmail, fromMailSubject } from './email.js';
export type { EmailExtractResult, AttachmentResult } from './email.js';
export { parseEdxml, parseEdxmlEnvelope, parseEdxmlReceivers, buildEdxml, EDXML_NS, type EdxmlEnvelope, type EdxmlOrgan } from './edxml.js';
export type { EdxmlBuildOptions } from './edxml.js';
export { secrecyPolicy, loadPolicyConfig, PolicyConfigSchema, DEFAULT_POLICY_PATH } from './policy.js';
export type { PolicyConfig, PolicyDecision } from './policy.js';
export { normalizeText } from './text/normalize.js';
export { encodeTcvn3, decodeTcvn3, encodeVni, decodeVni } from './text/legacy.js';
