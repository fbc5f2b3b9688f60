import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake gateway received. */
export interface GatewayRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The form fields posted (To, Body, From, StatusCallback). */
  form: Record<string, string>;
}

/** What the fake answers: a status, optional headers and a JSON body. */
export interface GatewayAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A local stand-in for an SMS gateway (node:http on 127.0.0.1, random port). */
export interface FakeGateway {
  /** The gateway URL to configure as SMS_GATEWAY_URL. */
  url: string;
  /** Every request received, oldest first. */
  requests: GatewayRequest[];
  /** Decides each answer; the default accepts with `{ sid: "SMfake<n>" }`. */
  answer: (request: GatewayRequest, index: number) => GatewayAnswer;
  close(): Promise<void>;
}

/** Starts a fake gateway that records what it is sent. */
export async function startFakeGateway(): Promise<FakeGateway> {
  const gateway: FakeGateway = {
    url: '',
    requests: [],
    answer: (_request, index) => ({ status: 201, body: { sid: `SMfake${index + 1}`, status: 'queued' } }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const request: GatewayRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(raw)),
      };
      const index = gateway.requests.push(request) - 1;
      const answer = gateway.answer(request, index);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/2010-04-01/Accounts/ACtest/Messages.json`;
  return gateway;
}
