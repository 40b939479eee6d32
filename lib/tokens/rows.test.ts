import { describe, expect, it } from "vitest";
import { usageCells } from "./rows";

const now = new Date("2026-03-10T12:00:00.000Z");
const unused = { lastUsedAt: null, lastUsedIp: null, lastUsedClient: null, rotatedUntil: null };

describe("usageCells", () => {
  it("shows Never and no address for an unused token, and no rotation end for one not rotated", () => {
    expect(usageCells(unused, now)).toEqual({
      lastUse: "Never",
      lastUseAddress: "",
      lastUseClient: "",
      rotatedUntil: null,
    });
  });

  it("shows the last use's time, its address as people write it, and the client", () => {
    const used = { ...unused, lastUsedAt: new Date(now.getTime() - 180_000), lastUsedClient: "curl/8.5.0" };
    expect(usageCells({ ...used, lastUsedIp: "::ffff:127.0.0.1" }, now)).toMatchObject({
      lastUse: "3 minutes ago",
      lastUseAddress: "127.0.0.1",
      lastUseClient: "curl/8.5.0",
    });
    expect(usageCells({ ...used, lastUsedIp: "2001:db8:0:0:0:0:0:1" }, now).lastUseAddress).toBe("2001:db8::1");
    expect(usageCells({ ...used, lastUsedIp: "unknown" }, now).lastUseAddress).toBe("unknown");
  });

  it("gives a rotated token's end as a date and time with a 4-digit year", () => {
    const rotated = usageCells({ ...unused, rotatedUntil: new Date("2026-03-10T13:00:00.000Z") }, now);
    expect(rotated.rotatedUntil).toBe("Mar 10, 2026, 01:00 PM UTC");
  });
});
