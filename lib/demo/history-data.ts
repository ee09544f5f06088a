import type { DemoScenario } from "./data";

// The problems of the demo's twelve weeks of history (./history.ts). Subjects differ from the
// open demo tickets' (lib/demo/data.ts), which e2e specs find by subject. Where the knowledge
// base has the answer (`known`), the customer's words match its entry, so a drafted reply can
// cite it; the others an agent answers by hand. `{first}` is the customer's first name.

export interface HistoryScenario {
  subjects: readonly string[];
  product: DemoScenario["product"];
  priority: DemoScenario["priority"];
  channel: DemoScenario["channel"];
  /** The knowledge base answers it (lib/demo/data.ts demoKnowledge). */
  known: boolean;
  opening: string;
  /** Without a draft, the agent first asks for what they need to know. */
  question: string;
  answer: string;
  fix: string;
  thanks: string;
}

export const historyScenarios: HistoryScenario[] = [
  {
    subjects: ["Thermostat lost Wi-Fi after our broadband upgrade", "New router, thermostat won't reconnect"],
    product: "Lumio Thermostat",
    priority: "HIGH",
    channel: "EMAIL",
    known: true,
    opening:
      "Our provider swapped the router yesterday and the thermostat can't join the Wi-Fi any more. The new router shows one network name for 2.4 and 5 GHz.",
    question:
      "Hi {first}, thanks for writing. Which router model did your provider send, and does its admin page list the 2.4 GHz and 5 GHz bands separately?",
    answer: "It's a Hub 6. There is a setting called 'Smart Connect' that merges both bands.",
    fix: "Turn off Smart Connect so the 2.4 GHz band gets its own name, then choose it under Thermostat > Settings > Wi-Fi > Change network. Your schedules stay on the device.",
    thanks: "Separate band set up and the thermostat is online again. Thanks!",
  },
  {
    subjects: ["Heating clicks on and off every few minutes", "Thermostat display keeps going dark"],
    product: "Lumio Thermostat",
    priority: "HIGH",
    channel: "PHONE",
    known: true,
    opening:
      "Since I fitted the thermostat the boiler short cycles, on and off every few minutes, and the screen goes blank now and then. I'm not sure whether there is a C wire.",
    question: "Hi {first}, sorry about that. Could you lift the thermostat off its base and tell me which terminals have a wire in them?",
    answer: "R, W and G have wires. C is empty.",
    fix: "Without a C wire the thermostat draws power through the heating call, which makes it cycle. We're sending the Power Adapter Kit free under warranty; the guide is under Help > Thermostat > Power adapter.",
    thanks: "Adapter kit fitted, the boiler runs normally now.",
  },
  {
    subjects: ["Doorbell alerts come after the visitor has left", "Doorbell push notifications lag behind"],
    product: "Lumio Doorbell Cam",
    priority: "NORMAL",
    channel: "WEB",
    known: true,
    opening:
      "Doorbell alerts reach my phone 20 seconds or more after the ring, so visitors leave before I answer. Is there a doorbell firmware update that fixes the delay?",
    question:
      "Hi {first}, could you open Doorbell > Device health in the app and tell me the firmware version and the signal strength it shows?",
    answer: "Firmware 3.1.9, signal -72 dBm.",
    fix: "Firmware 3.2.1 fixes a notification queue delay, so please update first. For the signal, set video quality to Balanced or add a mesh point near the door; better than -67 dBm is fine.",
    thanks: "Updated and switched to Balanced: alerts arrive within a few seconds now.",
  },
  {
    subjects: ["Router update frozen with an amber light", "Mesh router shows solid red after an update"],
    product: "Lumio Mesh Router",
    priority: "URGENT",
    channel: "PHONE",
    known: true,
    opening: "The mesh router update has been stuck for half an hour, the light blinks amber and then went solid red. We have no internet.",
    question: "Hi {first}, let's get you back online. What colour is the light on the main unit right now, and is it blinking or solid?",
    answer: "Solid red, not blinking.",
    fix: "Solid red means the update failed safely. Hold the reset pin for 15 seconds until the light blinks white to restore the previous firmware, then run the update again over a cable.",
    thanks: "Reset worked and the update went through over the cable. Internet is back.",
  },
  {
    subjects: ["Refund for a double Lumio Plus payment", "Two Plus charges on my card this month"],
    product: "Lumio Plus subscription",
    priority: "HIGH",
    channel: "EMAIL",
    known: true,
    opening: "My card was charged twice for Lumio Plus this month, 9.99 each. Please refund the duplicate payment.",
    question: "Hi {first}, sorry for the trouble. Could you send me the date of both charges and the order number from your receipt?",
    answer: "Both on the 4th, order LM-448120.",
    fix: "I've refunded the duplicate 9.99 from Billing > Payments; banks show it within 5 to 10 working days, and you'll get an email with the refund reference.",
    thanks: "The refund has arrived. Thanks for the quick help.",
  },
  {
    subjects: ["Send back a smart plug I don't need", "Return an unopened plug multipack"],
    product: "Lumio Smart Plug",
    priority: "LOW",
    channel: "EMAIL",
    known: true,
    opening:
      "I'd like to return the plugs: they are still in the original packaging and were delivered 10 days ago. How do I get a return label?",
    question: "Hi {first}, happy to help. When were they delivered, and do you still have the original packaging?",
    answer: "Delivered on the 2nd, box unopened.",
    fix: "You're within the 30 days, so I've created the return and emailed a prepaid label. The refund goes to your original payment method within 5 working days of the warehouse receiving it.",
    thanks: "Label printed, parcel dropped off this morning.",
  },
  {
    subjects: ["Download all doorbell clips before cancelling", "What happens to my recordings if I stop Plus"],
    product: "Lumio Plus subscription",
    priority: "LOW",
    channel: "EMAIL",
    known: true,
    opening:
      "I'm cancelling Lumio Plus next month. How long are my doorbell recordings kept after cancellation, and can I export all clips first?",
    question: "Hi {first}, of course. Do you want to keep every clip, or only some of them?",
    answer: "All of them if possible.",
    fix: "Recordings stay available for 30 days after cancelling. Account > Recordings > Export all emails you a download link for every clip, valid for 7 days; do that first, then cancel.",
    thanks: "Export downloaded, thanks for the clear steps.",
  },
  {
    subjects: ["Smart plug dead even after a reset", "One plug shows no light at all"],
    product: "Lumio Smart Plug",
    priority: "NORMAL",
    channel: "CHAT",
    known: true,
    opening: "One smart plug shows no power at all, even after a reset, while my other plugs work fine in the same socket.",
    question: "Hi {first}, sorry to hear it. Does the plug's light come on at all when you hold the button for 10 seconds?",
    answer: "Nothing, no light at all.",
    fix: "A plug with no power on a good socket is a hardware failure. It's under warranty, so an advance replacement is on its way; no need to send the old one back.",
    thanks: "Replacement arrived and paired first time.",
  },
  {
    subjects: ["Smart plug energy report shows zero"],
    product: "Lumio Smart Plug",
    priority: "LOW",
    channel: "WEB",
    known: false,
    opening: "The energy tab for my plug says 0 kWh all week, although the heater on it runs every evening.",
    question: "Hi {first}, thanks. Is 'Energy monitoring' switched on under Plug > Settings?",
    answer: "It was off. It's on now, but last week still shows zero.",
    fix: "Energy is only recorded while monitoring is on, so last week stays at zero; from today the report fills in every hour.",
    thanks: "I can see today's usage now. Good to know.",
  },
  {
    subjects: ["Change the email address on my account"],
    product: "Lumio Plus subscription",
    priority: "NORMAL",
    channel: "EMAIL",
    known: false,
    opening: "I'm moving to a new email provider. How do I change the address I sign in with?",
    question: "Hi {first}, for your security: can you confirm the last four digits of the card on the account?",
    answer: "It ends in 2290.",
    fix: "Thanks, that matches. Go to Account > Profile > Email, enter the new address and confirm the link we send there; your devices stay as they are.",
    thanks: "Changed and confirmed, all good.",
  },
  {
    subjects: ["Doorbell night video is blurry"],
    product: "Lumio Doorbell Cam",
    priority: "LOW",
    channel: "WEB",
    known: false,
    opening: "Daytime video is sharp but at night everything is a grey blur, I can't recognise faces.",
    question: "Hi {first}, is there a porch light or a glass panel right in front of the camera?",
    answer: "Yes, a bright lamp just above it.",
    fix: "A bright light in view makes night mode overexpose. Set Doorbell > Video > Night mode to 'Auto with lamp' or angle the lamp away; the infrared then does the work.",
    thanks: "Night video is clear now. Thanks.",
  },
  {
    subjects: ["Set up a guest network on the mesh"],
    product: "Lumio Mesh Router",
    priority: "LOW",
    channel: "CHAT",
    known: false,
    opening: "We have visitors next week. Can the mesh give them Wi-Fi without access to our cameras and plugs?",
    question: "Hi {first}, yes. Should guests be able to reach a printer or a TV on your network?",
    answer: "No, internet only.",
    fix: "Open Network > Guest Wi-Fi, turn it on and leave 'Allow local devices' off: guests get internet only. You can set it to switch off after the visit.",
    thanks: "Guest network is up, thank you.",
  },
  {
    subjects: ["Thermostat reads three degrees too warm"],
    product: "Lumio Thermostat",
    priority: "NORMAL",
    channel: "EMAIL",
    known: false,
    opening: "The thermostat says 21 degrees but two other thermometers in the room show 18. The house feels cold.",
    question: "Hi {first}, where is the thermostat mounted? Near a radiator, a lamp or in direct sun?",
    answer: "Above a table lamp in the hallway.",
    fix: "The lamp warms the sensor. Either move the lamp, or set Thermostat > Settings > Temperature offset to -3 so readings match the room.",
    thanks: "Offset set, the house is warm again.",
  },
  {
    subjects: ["Give my partner access to the app"],
    product: "Lumio Plus subscription",
    priority: "LOW",
    channel: "WEB",
    known: false,
    opening: "My partner wants to control the heating and see the doorbell from their own phone. Do we have to share my login?",
    question: "Hi {first}, no need to share. Should your partner be able to change settings, or only use the devices?",
    answer: "Full access please.",
    fix: "Go to Home > Members > Invite, enter your partner's email and pick 'Admin'. They sign in with their own account and see every device.",
    thanks: "Invite accepted, we both have the app now.",
  },
];

/** When a fix did not hold the first time: one more round before the ticket is resolved. */
export const secondRound = {
  customer: "It worked for a day, then the same thing happened again this morning.",
  agent:
    "Thanks for telling me, {first}. I've checked the device on our side and sent it a settings refresh; please restart it once and let me know if it happens again.",
  thanks: "It's been fine since the restart. Thanks for sticking with it.",
} as const;

export const ratingComments: Record<number, readonly string[]> = {
  5: ["Quick and clear, thank you!", "Sorted on the first reply.", "Very helpful."],
  4: ["Good help, took a little while.", "Fixed, thanks."],
  3: ["Fixed in the end, but it took several emails."],
  2: ["Too much back and forth."],
  1: ["Took far too long."],
};
