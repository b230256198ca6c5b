/**
 * Posts a message to a Slack incoming webhook (or any URL taking Slack's JSON). A webhook that
 * fails is reported back, never thrown: the verdict must not be lost to a chat outage.
 */
import type { SlackMessage } from '../domain/monitor/report.js';
import { RequestFailure, send } from '../http/request.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** undefined when delivered, else why not (without the URL, which is a secret). */
export async function postWebhook(
  url: string,
  message: SlackMessage,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<string | undefined> {
  try {
    const response = await send(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      timeoutMs,
      maxBodyBytes: 4096,
    });
    if (response.status >= 200 && response.status < 300) return undefined;
    const text = response.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
    return `the webhook answered HTTP ${response.status}${text ? `: ${text}` : ''}`;
  } catch (error) {
    if (error instanceof RequestFailure) return `${error.failureClass}: ${error.message}`;
    return error instanceof Error ? error.message : String(error);
  }
}
