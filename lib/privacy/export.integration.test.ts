import { describe, expect, it } from "vitest";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { makeRichCustomer } from "@/test/privacy-fixtures";
import { exportCustomerAsAdmin } from "./admin";
import { exportPersonalData } from "./export";

// The export is the customer's copy: what they sent and received, their profile and
// memories. Agents' internal notes about them are the team's and appear by count only.

describe("a customer's data export", () => {
  it("holds their conversation but not the team's internal notes, which are counted", async () => {
    const workspace = await makeWorkspace("export-notes");
    const agent = await makeAgent(workspace);
    const customer = await makeRichCustomer(workspace, agent);
    // The fixture's note: "<name> sounds frustrated; check <email> in the CRM."
    const note = "sounds frustrated";

    const own = await exportPersonalData({ workspaceId: workspace.workspaceId, email: customer.email });
    // The admin's download (an access request by post) is a copy for the customer: the same rule.
    const admins = await exportCustomerAsAdmin({ actor: workspace.admin, customerId: customer.customerId });
    for (const data of [own, admins]) {
      const text = JSON.stringify(data);
      expect(text).not.toContain(note);
      expect(text).not.toMatch(/internal note/i);
      expect(text).toContain(customer.phrase);
      const thermostat = data.tickets.find((ticket) => ticket.subject.startsWith("Thermostat"))!;
      expect(thermostat.messages.map((message) => message.from)).toEqual(["you", "you", "support (Agent)"]);
      expect(thermostat.internalNotes).toEqual({ count: 1 });
      expect(data.tickets.find((ticket) => ticket.subject.startsWith("Doorbell"))!.internalNotes).toEqual({ count: 0 });
      // Its copy in conversation memory (and that memory's history) is counted, not shown.
      expect(data.memories.internalNotes.count).toBe(1);
      expect(data.memories.customer.length).toBeGreaterThan(0);
    }
  });
});
