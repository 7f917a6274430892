import { z } from "zod";

export const agentNames = ["discovery", "interaction", "observability", "system"] as const;
export const AgentNameSchema = z.enum(agentNames);
export type AgentName = z.infer<typeof AgentNameSchema>;

/** The agents that report progress (every agent but `system`). */
export const ProgressAgentSchema = AgentNameSchema.exclude(["system"]);
export type ProgressAgent = z.infer<typeof ProgressAgentSchema>;
export const progressAgents: readonly ProgressAgent[] = ProgressAgentSchema.options;

export const LogLevelSchema = z.enum(["INFO", "SUCCESS", "WARNING", "ERROR", "DONE"]);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/**
 * One line of the live agent log: what the SSE stream sends as `data:`, what the CLI prints
 * and what the UI console shows. `progress` is the emitting agent's own 0–100.
 */
export const AgentEventSchema = z.object({
  id: z.number().int().optional(),
  timestamp: z.string(),
  agent: AgentNameSchema,
  level: LogLevelSchema,
  msg: z.string(),
  progress: z.number().min(0).max(100).optional(),
  phase: z.string().optional(),
});
export type AgentEvent = z.infer<typeof AgentEventSchema>;

/** An event once the service has numbered it: what the store keeps and the SSE stream sends with `id:`. */
export const StoredEventSchema = AgentEventSchema.extend({ id: z.number().int() });
export type StoredEvent = z.infer<typeof StoredEventSchema>;

/** An event as an agent or the service emits it, before it is numbered; the timestamp defaults to now. */
export const EmittedEventSchema = AgentEventSchema.omit({ id: true }).extend({ timestamp: z.string().optional() });
export type EmittedEvent = z.infer<typeof EmittedEventSchema>;

/** What an agent may emit: anything but DONE, which only the service writes when the scan ends (finishScan). */
export type AgentEmittedEvent = EmittedEvent & { level: Exclude<LogLevel, "DONE"> };
