import { describe, expect, it } from "vitest";
import { scrubPersonalData, stripCustomerData } from "./scrub-personal-data";

describe("scrubPersonalData", () => {
  it("removes names, emails, phone numbers and order numbers", () => {
    const text = "Thanks Amelia Hughes (amelia.hughes@example.com, +44 20 7946 1037): refund for LM-401234 and #W7678072 issued.";
    const scrubbed = scrubPersonalData(text, ["Amelia Hughes"]);
    expect(scrubbed).not.toMatch(/Amelia|Hughes|example\.com|7946|401234|7678072/);
    expect(scrubbed).toContain("refund for [order]");
  });

  it("leaves product facts alone", () => {
    expect(scrubPersonalData("Update to firmware 3.2.1 and use the 2.4 GHz band.")).toBe(
      "Update to firmware 3.2.1 and use the 2.4 GHz band.",
    );
  });
});

describe("stripCustomerData", () => {
  it("removes the customer's own identifiers however they are written, and anyone's addresses and order numbers", () => {
    const customer = { name: "Amelia Hughes", email: "amelia@example.com", phone: "+44 20 7946 1037" };
    const text = "AMELIA  HUGHES asked (amelia@example.com, 02079461037): order #W7678072 for ben@example.org. Hold reset for 15 s.";
    const stripped = stripCustomerData(text, customer);
    expect(stripped).not.toMatch(/amelia|hughes|example\.(com|org)|7946|1037|7678072/i);
    expect(stripped).toContain("Hold reset for 15 s.");
  });
});
