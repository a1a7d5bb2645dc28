import { describe, expect, it } from "vitest";
import { isDeadlock, retryOnDeadlock } from "./retry";

const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });

describe("retryOnDeadlock", () => {
  it("runs the transaction again when it lost a deadlock, and returns its result", async () => {
    let runs = 0;
    const result = await retryOnDeadlock(async () => {
      runs++;
      if (runs < 3) throw deadlock();
      return "écrit";
    });
    expect(result).toBe("écrit");
    expect(runs).toBe(3);
  });

  it("gives up after its attempts with the deadlock, and never repeats another error", async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(async () => {
        runs++;
        throw deadlock();
      }, 2),
    ).rejects.toMatchObject({ code: "40P01" });
    expect(runs).toBe(2);
    runs = 0;
    await expect(
      retryOnDeadlock(async () => {
        runs++;
        throw Object.assign(new Error("duplicate key"), { code: "23505" });
      }),
    ).rejects.toThrow("duplicate key");
    expect(runs).toBe(1);
    expect(isDeadlock(deadlock())).toBe(true);
    expect(isDeadlock(null)).toBe(false);
  });
});
