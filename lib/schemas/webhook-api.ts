import { z } from "zod";

/** POST /api/monitors/{monitor_id}/webhook/test: the queued test delivery (follow it in the delivery log). */
export const WebhookTestQueuedSchema = z.object({ delivery_id: z.uuid() });

export const DeliveryListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("How many of the newest deliveries to return."),
});
