import { z } from "zod";

export const agentNames = ["discovery", "interaction", "observability", "system"] as const;
export const AgentNameSchema = z.enum(agentNames);
export type AgentName = z.infer<typeof AgentNameSchema>;

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
