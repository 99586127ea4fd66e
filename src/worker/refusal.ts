/** A request the worker will not answer with a result (src/worker/requests.ts sends it as a failed reply). */
export class Refusal extends Error {
  constructor(
    message: string,
    /** A newer request or a cancel stopped it: not a failure to report. */
    readonly cancelled = false,
  ) {
    super(message);
  }
}
