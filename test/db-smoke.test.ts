import { describe, expect, it } from "vitest";
import { countUsers } from "@/db/queries/users";
import { getTokenSettings } from "@/db/queries/settings";
import { testDatabases } from "./databases";

describe.each(testDatabases())("migrations on $name", (target) => {
  it("create the schema and the default settings row", async () => {
    const handle = await target.open();
    try {
      expect(await countUsers(handle.db)).toBe(0);
      expect(await getTokenSettings(handle.db)).toEqual({ maxTokenLifetimeDays: null, inactiveTokenRemovalDays: 60 });
    } finally {
      await handle.close();
    }
  });
});
