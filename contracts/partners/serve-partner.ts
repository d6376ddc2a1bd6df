// Runs the reference partner (or a broken one) on a port, to try `portico verify-partner` by hand:
//   npx tsx contracts/partners/serve-partner.ts --port 4199 [--fault wrong-status|missing-field|no-signature-check]
// The secret is $PORTICO_WEBHOOK_SECRET.
import { parseArgs } from 'node:util';
import { startPartner, type PartnerFault } from './reference-partner.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4199' }, fault: { type: 'string', default: 'none' } },
});
const secret = process.env.PORTICO_WEBHOOK_SECRET;
if (!secret) {
  console.error('serve-partner: set PORTICO_WEBHOOK_SECRET=whsec_… first');
  process.exit(2);
}
const partner = await startPartner({ secret, fault: values.fault as PartnerFault }, Number(values.port));
console.log(`partner (${values.fault}) listening on ${partner.url}`);
