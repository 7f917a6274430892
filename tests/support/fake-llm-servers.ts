import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Loopback servers speaking the non-streaming Anthropic Messages (POST /v1/messages) and OpenAI
 * Chat Completions (POST /v1/chat/completions) wire formats, so tests drive the real SDKs through
 * their `baseURL`. Response shapes follow the SDK types (@anthropic-ai/sdk Message, openai
 * ChatCompletion) including `usage`. Every request is recorded for assertions.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined if not JSON). */
  body: unknown;
  raw: string;
  at: number;
}

export type FakeReply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; text: string }
  /** Never answer: exercises client timeouts. The socket is destroyed on close(). */
  | { hang: true };

export type FakeHandler = (req: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  /** Pass as the SDK's baseURL (the OpenAI one already ends in /v1). */
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

async function start(route: string, baseSuffix: string, handler: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, raw, at: Date.now() };
        requests.push(recorded);
        if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== route) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
          return;
        }
        const reply = await handler(recorded, requests.length - 1);
        if ("hang" in reply) return;
        const headers = { "content-type": "application/json", ...reply.headers };
        res.writeHead(reply.status ?? 200, headers).end("json" in reply ? JSON.stringify(reply.json) : reply.text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}${baseSuffix}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startFakeAnthropic(handler: FakeHandler): Promise<FakeServer> {
  return start("/v1/messages", "", handler);
}

export function startFakeOpenAI(handler: FakeHandler): Promise<FakeServer> {
  return start("/v1/chat/completions", "/v1", handler);
}

/** Replies in order; the last one repeats. */
export function script(...replies: FakeReply[]): FakeHandler {
  return (_req, index) => replies[Math.min(index, replies.length - 1)] ?? { status: 500, json: {} };
}

export interface Tokens {
  input?: number;
  output?: number;
}

/** An Anthropic Message whose only content is a tool_use block (what forced tool_choice yields). */
export function anthropicToolUse(name: string, input: unknown, tokens: Tokens = {}): FakeReply {
  return anthropicMessage([{ type: "tool_use", id: `toolu_${randomUUID().slice(0, 12)}`, name, input, caller: { type: "direct" } }], "tool_use", tokens);
}

export function anthropicText(text: string, tokens: Tokens = {}): FakeReply {
  return anthropicMessage([{ type: "text", text, citations: null }], "end_turn", tokens);
}

function anthropicMessage(content: unknown[], stopReason: string, tokens: Tokens): FakeReply {
  return {
    headers: { "request-id": `req_${randomUUID().slice(0, 12)}` },
    json: {
      id: `msg_${randomUUID().slice(0, 12)}`,
      type: "message",
      role: "assistant",
      model: "claude-test",
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        input_tokens: tokens.input ?? 120,
        output_tokens: tokens.output ?? 40,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: null,
        server_tool_use: null,
        service_tier: "standard",
        inference_geo: null,
        output_tokens_details: null,
        speed: null,
      },
    },
  };
}

/** Anthropic's error envelope: {type: "error", error: {type, message}, request_id}. */
export function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, json: { type: "error", error: { type, message }, request_id: `req_${randomUUID().slice(0, 12)}` } };
}

/** A chat.completion whose message content is the given text (JSON mode answers are strings). */
export function openaiContent(content: string, tokens: Tokens = {}, finishReason = "stop"): FakeReply {
  const input = tokens.input ?? 150;
  const output = tokens.output ?? 50;
  return {
    json: {
      id: `chatcmpl-${randomUUID().slice(0, 12)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: "gpt-test",
      choices: [
        { index: 0, message: { role: "assistant", content, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason },
      ],
      usage: {
        prompt_tokens: input,
        completion_tokens: output,
        total_tokens: input + output,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: "default",
      system_fingerprint: null,
    },
  };
}

export function openaiJson(value: unknown, tokens: Tokens = {}): FakeReply {
  return openaiContent(JSON.stringify(value), tokens);
}

/** OpenAI's error envelope: {error: {message, type, param, code}}. */
export function openaiError(status: number, message: string, code: string | null = null, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, json: { error: { message, type: status === 429 ? "requests" : "invalid_request_error", param: null, code } } };
}
