// The provider states the contracts name (contracts/pacts/*.json). The pact generators
// (scripts/contracts/*-interactions.ts) and the stack's provider-state endpoint
// (provider-states.ts) both read them from here, so a renamed state cannot leave one side behind.

/** A partner holds the API key the pact's requests carry, scoped to one environment. */
export const PARTNER_STATE = 'a partner with an API key and a webhook secret';
/** The partner has new requests; the setup answers `request_id`, the newest one's id. */
export const REQUESTS_STATE = 'the partner has new requests';
/** The partner has deliveries that ended; the setup answers `delivery_id`. */
export const DELIVERIES_STATE = 'the partner has a delivery that ended';

/** The webhook is signed with the partner's secret; the setup answers the three signature headers. */
export const SIGNED_STATE = 'the marketplace signs with the webhook secret the partner holds';
/** The webhook is signed with a secret the partner does not hold. */
export const BAD_SIGNATURE_STATE = 'the request is signed with a secret the partner does not hold';
