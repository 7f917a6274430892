import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResolveGuard } from "@/agents/safety/resolve-guard";
import { ApiError, errorStatus } from "@/lib/api/errors";
import { cancelScan } from "@/lib/scans/use-cases/cancel-scan";
import { createScan } from "@/lib/scans/use-cases/create-scan";
import { getScanStatus } from "@/lib/scans/use-cases/get-scan-status";
import { ScanRequestSchema } from "@/lib/schemas/scan-request";
import { runsUntilStopped, startTestService, type TestService } from "@/tests/support/test-service";

// createScan's refusals: targets that do not resolve or are private, and the per-owner cap on
// queued + running scans, on one embedded database with a runner that runs until cancelled.

let test: TestService;

const request = (url = "http://127.0.0.1:9/") => ScanRequestSchema.parse({ url, crawl_depth: 1 });
const owner = (id: string) => ({ id, via: "token" as const });
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => err);

beforeAll(async () => {
  test = await startTestService(runsUntilStopped, { workerId: "unit-fair", heartbeatMs: 200, env: { APO_MAX_ACTIVE_SCANS_PER_OWNER: "2" } });
}, 180_000);

afterAll(() => test.stop());

describe("createScan: targets", () => {
  const lookup = async (host: string): Promise<string[]> => {
    if (host === "intranet.test") return ["10.0.0.7"];
    throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
  };
  const guard = () => createResolveGuard({ allowPrivate: false, lookup });

  it("answers unresolvable_target (422) for a name that does not resolve, without suggesting to switch the guard off", async () => {
    const err = await refusal(createScan(owner("t@apo.test"), request("https://www.nowhere.test/"), { guard: guard() }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "unresolvable_target", message: "url: could not resolve www.nowhere.test" });
    expect(errorStatus.unresolvable_target).toBe(422);
  });

  it("answers target_not_allowed for a private target, naming the address and no setting", async () => {
    const err = await refusal(createScan(owner("t@apo.test"), request("http://intranet.test/"), { guard: guard() }));
    expect(err).toMatchObject({ code: "target_not_allowed", message: "url: Refusing to scan http://intranet.test/: intranet.test resolves to 10.0.0.7 is a private address" });
    expect((err as Error).message).not.toMatch(/APO_|allow/i);
    expect(await test.service.store.activeScans("t@apo.test")).toBe(0);
  });
});

describe("createScan: active scans per owner", () => {
  it("refuses the owner's next scan with 429 while the cap is reached, counting queued and running, and frees a slot when one ends", async () => {
    const dave = owner("dave@apo.test");
    const first = await createScan(dave, request());
    const second = await createScan(dave, request());
    await expect.poll(async () => (await getScanStatus(dave, first.scan_id)).status).toBe("running");
    expect((await getScanStatus(dave, second.scan_id)).status).toBe("queued");

    const err = await refusal(createScan(dave, request()));
    expect(err).toMatchObject({ code: "too_many_active_scans" });
    expect((err as Error).message).toBe("Too many active scans: 2 of yours are queued or running (at most 2). Wait for one to finish, or cancel one.");
    expect(errorStatus.too_many_active_scans).toBe(429);
    expect((await test.service.store.listScans(dave.id, 10, 0)).total).toBe(2);

    // Another owner is not held back by dave's scans.
    const erin = await createScan(owner("erin@apo.test"), request());

    expect(await cancelScan(dave, second.scan_id)).toBe("cancelled");
    const third = await createScan(dave, request());
    expect(third.status).toBe("queued");
    await expect(createScan(dave, request())).rejects.toMatchObject({ code: "too_many_active_scans" });

    for (const [who, id] of [[dave, first.scan_id], [dave, third.scan_id], [owner("erin@apo.test"), erin.scan_id]] as const) await cancelScan(who, id);
    await expect.poll(() => test.service.store.activeScans(dave.id)).toBe(0);
  });
});
