import { z, type ZodType } from "zod";

export type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// OpenAI strict mode needs every property required and no extra properties, at every depth.
function isStrictCompatible(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(isStrictCompatible);
  if (!isObject(node)) return true;
  if (isObject(node.properties)) {
    const required = Array.isArray(node.required) ? node.required : [];
    if (Object.keys(node.properties).some((key) => !required.includes(key))) return false;
    if (node.additionalProperties !== false) return false;
  }
  return Object.values(node).every(isStrictCompatible);
}

/** The JSON schema both providers receive, and whether OpenAI may enforce it strictly. */
export function toProviderSchema(schema: ZodType): { schema: JsonObject; strict: boolean } {
  const generated = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  const { $schema: _ignored, ...rest } = generated as JsonObject;
  if (rest.type !== "object") throw new Error("LLM output schemas must be objects (tool input_schema requires it).");
  return { schema: rest, strict: isStrictCompatible(rest) };
}
