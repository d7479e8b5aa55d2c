/** /coverage/telemetry.json: each rule's vendor, log platform and techniques, for the "my telemetry" script. */
import { telemetryOf } from '../../lib/site/coverage-views.ts';
import { siteModel } from '../../lib/site/model.ts';

export function GET() {
  return new Response(JSON.stringify(telemetryOf(siteModel())), { headers: { 'content-type': 'application/json' } });
}
