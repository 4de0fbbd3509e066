// @signpdf (the project's devDependency, a widely used Node signer): add a placeholder with
// placeholder-plain (an incremental update, xref tables only) and sign with the P12 signer.
// Usage: node signpdf.mjs IN.pdf OUT.pdf KEY.p12 PASSPHRASE NAME
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';

const [input, output, p12, passphrase, name] = process.argv.slice(2);
const withPlaceholder = plainAddPlaceholder({
  pdfBuffer: readFileSync(input),
  reason: 'Phe duyet',
  contactInfo: 'vanthu@longan.gov.vn',
  name,
  location: 'Long An',
  signatureLength: 16384,
});
const signed = await new SignPdf().sign(withPlaceholder, new P12Signer(readFileSync(p12), { passphrase }));
writeFileSync(output, signed);
