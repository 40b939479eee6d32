import { describe, expect, it } from "vitest";
import { clientAddressOf, parseTrustProxy } from "./client-address";

describe("parseTrustProxy", () => {
  it("reads none, true (one proxy) or a number of proxies", () => {
    for (const none of [undefined, "", "false", "FALSE", "0", " false "]) expect(parseTrustProxy(none), none).toBe(0);
    expect(parseTrustProxy("true")).toBe(1);
    expect(parseTrustProxy("True")).toBe(1);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("3")).toBe(3);
  });

  it("refuses anything else with a message naming the variable and the value", () => {
    for (const bad of ["yes", "on", "-1", "1.5", "2 proxies", "loopback", "10.0.0.0/8", "100"]) {
      expect(() => parseTrustProxy(bad), bad).toThrow(`TRUST_PROXY must be true`);
      expect(() => parseTrustProxy(bad), bad).toThrow(`got '${bad}'`);
    }
  });
});

describe("clientAddressOf", () => {
  const socketAddress = "10.0.0.5";

  it("is the socket's peer without trusted proxies, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf({ socketAddress, forwardedFor: "198.51.100.9", trustedProxies: 0 })).toBe(socketAddress);
    expect(clientAddressOf({ socketAddress: undefined, forwardedFor: undefined, trustedProxies: 0 })).toBe("unknown");
  });

  it("behind one proxy, is the rightmost address: the one the proxy appended, not the client-chosen leftmost", () => {
    const forwardedFor = "1.2.3.4, 5.6.7.8, 203.0.113.7";
    expect(clientAddressOf({ socketAddress, forwardedFor, trustedProxies: 1 })).toBe("203.0.113.7");
    expect(clientAddressOf({ socketAddress, forwardedFor: "203.0.113.7", trustedProxies: 1 })).toBe("203.0.113.7");
  });

  it("behind N proxies, is the Nth address from the right", () => {
    const forwardedFor = "6.6.6.6,203.0.113.7 , 192.0.2.10,10.0.0.2";
    expect(clientAddressOf({ socketAddress, forwardedFor, trustedProxies: 2 })).toBe("192.0.2.10");
    expect(clientAddressOf({ socketAddress, forwardedFor, trustedProxies: 3 })).toBe("203.0.113.7");
  });

  it("reads several X-Forwarded-For headers as one list, in order", () => {
    const forwardedFor = ["6.6.6.6, 203.0.113.7", "2001:db8::1"];
    expect(clientAddressOf({ socketAddress, forwardedFor, trustedProxies: 1 })).toBe("2001:db8::1");
    expect(clientAddressOf({ socketAddress, forwardedFor, trustedProxies: 2 })).toBe("203.0.113.7");
  });

  it("falls back to the socket's peer when the header holds fewer than N addresses, none, or no address there", () => {
    expect(clientAddressOf({ socketAddress, forwardedFor: "203.0.113.7", trustedProxies: 2 })).toBe(socketAddress);
    expect(clientAddressOf({ socketAddress, forwardedFor: undefined, trustedProxies: 1 })).toBe(socketAddress);
    expect(clientAddressOf({ socketAddress, forwardedFor: " , ", trustedProxies: 1 })).toBe(socketAddress);
    expect(clientAddressOf({ socketAddress, forwardedFor: "1.2.3.4, unknown", trustedProxies: 1 })).toBe(socketAddress);
  });

  it("gives an IPv4 client of a dual-stack socket as plain IPv4, from the socket or the header", () => {
    expect(clientAddressOf({ socketAddress: "::ffff:127.0.0.1", forwardedFor: undefined, trustedProxies: 0 })).toBe(
      "127.0.0.1",
    );
    expect(clientAddressOf({ socketAddress, forwardedFor: "::FFFF:203.0.113.7", trustedProxies: 1 })).toBe(
      "203.0.113.7",
    );
    expect(clientAddressOf({ socketAddress: "::1", forwardedFor: undefined, trustedProxies: 0 })).toBe("::1");
  });
});
