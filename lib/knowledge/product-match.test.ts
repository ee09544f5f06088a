import { describe, expect, it } from "vitest";
import { canonicalProduct, detectProduct, ticketProduct } from "./product-match";

const catalogue = ["Lumio Thermostat", "Lumio Doorbell Cam", "Lumio Mesh Router", "Lumio Smart Plug", "Lumio Plus subscription"];

describe("product detection", () => {
  it("names a product by its distinctive words, not the brand", () => {
    expect(detectProduct("My doorbell buzzes 30 seconds late", catalogue)).toBe("Lumio Doorbell Cam");
    expect(detectProduct("The routers drop Wi-Fi every evening", catalogue)).toBe("Lumio Mesh Router");
    expect(detectProduct("Lumio support, hello?", catalogue)).toBeNull();
    expect(detectProduct("Refund for a duplicate charge", catalogue)).toBeNull();
  });

  it("prefers the product named most fully, and gives no answer on a tie", () => {
    expect(detectProduct("Thermostat offline since I changed the router", catalogue)).toBe("Lumio Thermostat");
    expect(detectProduct("The thermostat and the plug are offline", catalogue)).toBe("Lumio Thermostat");
    expect(detectProduct("Both the thermostat and the smart plug are offline", catalogue)).toBeNull();
    expect(detectProduct("thermostat and doorbell cam both offline", catalogue)).toBeNull();
  });

  it("with a single product, every word of its name counts", () => {
    expect(detectProduct("router is down", ["Acme Router"])).toBe("Acme Router");
    expect(detectProduct("anything else", [])).toBeNull();
  });

  it("takes the product set on the ticket in the catalogue's spelling, else reads the text", () => {
    expect(canonicalProduct("  lumio   mesh router ", catalogue)).toBe("Lumio Mesh Router");
    expect(ticketProduct({ product: "lumio thermostat", text: "doorbell", catalogue })).toBe("Lumio Thermostat");
    expect(ticketProduct({ product: "mesh", text: "keeps dropping", catalogue })).toBe("Lumio Mesh Router");
    expect(ticketProduct({ product: null, text: "my smart plug skips Sundays", catalogue })).toBe("Lumio Smart Plug");
    expect(ticketProduct({ product: "Lumio Thermostat", text: "", catalogue: [] })).toBeNull();
  });
});
