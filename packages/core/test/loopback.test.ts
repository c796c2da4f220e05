import { describe, expect, it } from "vitest";
import { isLoopbackUrl } from "../src/feeds/loopback.js";

describe("isLoopbackUrl", () => {
  it.each(["http://127.0.0.1:3030", "http://127.8.0.2", "http://localhost:3030/", "http://app.localhost", "http://[::1]:3030"])("%s is this machine", (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it.each(["http://api.example.com", "http://10.0.0.5:3030", "http://127.0.0.1.example.com", "http://localhost.example.com", "not a url", ""])("%s is not", (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });
});
