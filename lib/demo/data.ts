// The demo workspace: a support team at "Lumio Home", a maker of smart-home devices.
// Written for this project; names and addresses are invented and use reserved domains.

export const demoProducts = [
  "Lumio Thermostat",
  "Lumio Doorbell Cam",
  "Lumio Mesh Router",
  "Lumio Smart Plug",
  "Lumio Plus subscription",
] as const;

export const demoStaff = [
  { email: "admin@demo.example", name: "Priya Raman", role: "ADMIN" },
  { email: "agent@demo.example", name: "Sam Okafor", role: "AGENT" },
  { email: "lena@demo.example", name: "Lena Fischer", role: "AGENT" },
  { email: "marco@demo.example", name: "Marco Silva", role: "AGENT" },
] as const;

const firstNames = [
  "Amelia",
  "Jonas",
  "Mei",
  "Tomasz",
  "Aisha",
  "Liam",
  "Sofia",
  "Kenji",
  "Fatima",
  "Oscar",
  "Nora",
  "Diego",
  "Hannah",
  "Ravi",
  "Chloe",
  "Mateo",
  "Ingrid",
  "Yusuf",
  "Grace",
  "Pavel",
  "Leila",
  "Ethan",
  "Zara",
  "Lucas",
  "Elena",
  "Kwame",
  "Iris",
  "Felix",
  "Maya",
  "Bruno",
];
const lastNames = [
  "Hughes",
  "Becker",
  "Chen",
  "Nowak",
  "Rahman",
  "O'Brien",
  "Rossi",
  "Tanaka",
  "Haddad",
  "Lindqvist",
  "Dubois",
  "Herrera",
  "Schmidt",
  "Iyer",
  "Martin",
  "Garcia",
  "Berg",
  "Demir",
  "Wilson",
  "Volkov",
  "Karimi",
  "Brooks",
  "Ali",
  "Moreau",
  "Petrova",
  "Mensah",
  "Jansen",
  "Wagner",
  "Patel",
  "Costa",
];
const domains = ["example.com", "example.org", "example.net"];
const tiers = ["free", "plus", "plus", "business", "free", "enterprise"] as const;
const preferences = [
  "email, short answers",
  "email, step-by-step instructions",
  "phone call for anything urgent",
  "chat; not technical, avoid jargon",
  "email; wants ticket numbers in every reply",
];
const timezones = ["Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "Asia/Singapore", "Australia/Sydney"];

export interface DemoCustomer {
  email: string;
  name: string;
  phone: string;
  tier: string;
  communicationPreference: string;
  /** The channel the preference starts with (lib/customers/fields.ts). */
  preferredChannel: string;
  timezone: string;
}

export function demoCustomers(): DemoCustomer[] {
  return firstNames.map((first, index) => {
    const last = lastNames[index]!;
    const handle = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
    return {
      email: `${handle}@${domains[index % domains.length]}`,
      name: `${first} ${last}`,
      phone: `+44 20 7946 ${String(1000 + index * 37).slice(-4)}`,
      tier: tiers[index % tiers.length]!,
      communicationPreference: preferences[index % preferences.length]!,
      preferredChannel: preferences[index % preferences.length]!.split(/[ ,;]/)[0]!,
      timezone: timezones[index % timezones.length]!,
    };
  });
}

/**
 * A ticket scenario: what the customer wrote, what the team answered and, for resolved
 * tickets, how it ended. `{first}` is the customer's first name, `{order}` an order number.
 */
export interface DemoScenario {
  subject: string;
  product: (typeof demoProducts)[number];
  priority: "LOW" | "NORMAL" | "HIGH" | "URGENT";
  channel: "EMAIL" | "WEB" | "CHAT" | "PHONE";
  opening: string;
  agentReply: string;
  followUp: string;
  resolution: string;
  thanks: string;
  note?: string;
}

export const demoScenarios: DemoScenario[] = [
  {
    subject: "Thermostat shows offline since I changed my router",
    product: "Lumio Thermostat",
    priority: "HIGH",
    channel: "EMAIL",
    opening:
      "Hi, I replaced my internet provider's router on Saturday and since then the thermostat says 'Offline' in the app. The heating still runs on the old schedule but I can't change anything remotely. I've restarted the thermostat twice.",
    agentReply:
      "Thanks {first}, sorry about that. The thermostat only joins 2.4 GHz networks. Many new routers combine 2.4 and 5 GHz under one name, which the thermostat can't pick. Could you check whether your router lets you give the 2.4 GHz band its own name?",
    followUp: "I found the setting and split the bands. Do I need to set up the thermostat from scratch now?",
    resolution:
      "No need to start over: in the app go to Thermostat > Settings > Wi-Fi > Change network and choose the new 2.4 GHz name. Your schedules stay on the device.",
    thanks: "That worked, it's back online. Thank you!",
    note: "Recurring after ISP router swaps (combined-band SSIDs). Fix: separate 2.4 GHz SSID, then Change network.",
  },
  {
    subject: "Doorbell notifications arrive 30 seconds late",
    product: "Lumio Doorbell Cam",
    priority: "NORMAL",
    channel: "WEB",
    opening:
      "When someone rings, my phone buzzes about half a minute later; the courier had already left twice this week. Video in the app also stutters. The doorbell is about 12 metres from the router.",
    agentReply:
      "Hi {first}, delays like this usually come from a weak Wi-Fi signal at the door. In the app, Doorbell > Device health shows the signal strength; could you tell me what it says? Please also check you're on firmware 3.2.1 or later.",
    followUp: "Signal says 'Weak (-74 dBm)'. Firmware was 3.1.8, it's updating now.",
    resolution:
      "Firmware 3.2.1 fixes a notification queue delay. For the weak signal, set video quality to 'Balanced' (Doorbell > Video) or add a mesh point near the door; anything better than -67 dBm is fine.",
    thanks: "After the update and 'Balanced' the alerts come within 2-3 seconds. Great.",
  },
  {
    subject: "Charged twice for Lumio Plus this month",
    product: "Lumio Plus subscription",
    priority: "HIGH",
    channel: "EMAIL",
    opening:
      "My card statement shows two charges of 9.99 for Lumio Plus on the 3rd, order {order}. I only have one account. Please refund the duplicate.",
    agentReply:
      "Hi {first}, I can see two payments against {order}: the first was a retry after a bank timeout that did in fact go through. I've requested a refund of the duplicate 9.99.",
    followUp: "Thanks. How long will the refund take?",
    resolution:
      "The refund of 9.99 was issued today; banks usually show it within 5 to 10 working days. You'll get a confirmation email with the refund reference.",
    thanks: "Refund arrived, thanks for sorting it quickly.",
    note: "Duplicate charge from payment-provider retry. Refund via Billing > Payments > Refund; no escalation needed under 50.",
  },
  {
    subject: "Mesh router firmware update stuck at 80%",
    product: "Lumio Mesh Router",
    priority: "URGENT",
    channel: "PHONE",
    opening:
      "The app started a firmware update on the main router an hour ago and it's been stuck at 80% since. The light is blinking amber and we have no internet in the house. I work from home.",
    agentReply:
      "Sorry {first}, let's get you back online. Please don't unplug it yet: an amber blink means it's still writing. If it hasn't changed in 10 more minutes, unplug it for 30 seconds and plug it back in.",
    followUp: "Unplugged and replugged, now the light is solid red.",
    resolution:
      "Solid red means the update failed safely. Hold the reset pin for 15 seconds until the light blinks white; the router restores the previous firmware and your settings. Then run the update again from the app while connected by cable.",
    thanks: "It's back, and the second update went through. Phew.",
    note: "Escalate to the network team if solid red persists after the 15 s reset (possible bad flash).",
  },
  {
    subject: "Smart plug schedules run an hour late",
    product: "Lumio Smart Plug",
    priority: "LOW",
    channel: "CHAT",
    opening: "Since the clocks changed my lamp plug turns on at 7 instead of 6. The schedule in the app still says 6:00.",
    agentReply:
      "Hi {first}, that points to the home's time zone. In the app go to Home > Settings > Time zone: is it set to a city, or to a fixed offset like GMT+0?",
    followUp: "It says GMT+0. I'm in London.",
    resolution:
      "A fixed offset doesn't follow daylight saving. Choose 'Europe/London' instead and the plugs pick up the change within a minute; your schedules stay as they are.",
    thanks: "Changed it, lamp came on at the right time this morning.",
  },
  {
    subject: "Can't log in, two-factor code never arrives",
    product: "Lumio Plus subscription",
    priority: "HIGH",
    channel: "WEB",
    opening:
      "I'm locked out of the app. It asks for the SMS code but nothing arrives, I've tried five times. My cameras are on this account.",
    agentReply:
      "Hi {first}, SMS codes can be delayed by some carriers. After three attempts the app waits 15 minutes before sending again, which is why later requests seemed to do nothing. Could you confirm the last three digits of the phone number on the account?",
    followUp: "It should end in 417.",
    resolution:
      "The number matches. I've reset the attempt counter; request one code, wait up to 2 minutes, and once you're in switch to an authenticator app under Account > Security, which doesn't depend on SMS.",
    thanks: "In, and authenticator set up. Thanks.",
  },
  {
    subject: "Return my doorbell within 30 days",
    product: "Lumio Doorbell Cam",
    priority: "NORMAL",
    channel: "EMAIL",
    opening:
      "I bought the doorbell three weeks ago (order {order}) but my building doesn't allow drilling into the frame. I'd like to return it.",
    agentReply:
      "Hi {first}, of course: you're within the 30-day return window. Do you still have the box? A return label will be emailed once I create the return.",
    followUp: "Yes, everything is in the original box.",
    resolution:
      "Return created for {order}; the prepaid label is in your inbox. The refund goes to the original payment method within 5 working days of the warehouse receiving it.",
    thanks: "Label received, dropping it off tomorrow.",
  },
  {
    subject: "Thermostat keeps switching the heating on and off",
    product: "Lumio Thermostat",
    priority: "HIGH",
    channel: "PHONE",
    opening:
      "The boiler clicks on and off every few minutes and the thermostat screen sometimes goes blank. It's been like this since I installed it myself last week.",
    agentReply:
      "Hi {first}, a blank screen together with short cycling usually means the thermostat isn't getting steady power. Does your wiring have a C (common) wire connected? You can see the terminals if you lift the thermostat off its base.",
    followUp: "There's no wire on the C terminal, only R, W and G.",
    resolution:
      "Without a C wire the thermostat borrows power through the heating call, which causes the cycling. The Lumio Power Adapter Kit adds a C wire without new cabling; we're sending one free as the unit is under warranty. Install guide: Help > Thermostat > Power adapter.",
    thanks: "Adapter fitted, heating runs properly now.",
    note: "Short cycling + blank screen = no C wire. Free adapter kit within warranty.",
  },
  {
    subject: "Indoor chime doesn't ring with the new doorbell",
    product: "Lumio Doorbell Cam",
    priority: "NORMAL",
    channel: "WEB",
    opening: "The doorbell works in the app but my old indoor chime stays silent when someone presses the button.",
    agentReply:
      "Hi {first}, the doorbell has to be told which chime type you have. Is your chime mechanical (a metal bar that's struck) or digital (plays a tune)?",
    followUp: "Mechanical, it's an old ding-dong.",
    resolution:
      "In the app set Doorbell > Chime type to 'Mechanical' and 'Chime duration' to 1 second. If it still stays silent, the transformer may be below 16 V; let us know and we'll check the options.",
    thanks: "Ding-dong is back!",
  },
  {
    subject: "Internet drops every night around 3 am",
    product: "Lumio Mesh Router",
    priority: "NORMAL",
    channel: "EMAIL",
    opening:
      "Our connection drops for about five minutes every night around 3 am. It's a problem because my partner works night shifts from home.",
    agentReply:
      "Hi {first}, the mesh runs its automatic optimisation and updates at 3 am by default, which restarts the radios briefly. This can be moved.",
    followUp: "Can it be moved to the afternoon?",
    resolution:
      "Yes: in the app go to Network > Advanced > Maintenance window and pick a time; 14:00 is popular with night workers. Updates still install, only at the new time.",
    thanks: "Moved it to 2 pm. No more drops at night.",
  },
  {
    subject: "Cancel Lumio Plus but keep my recordings",
    product: "Lumio Plus subscription",
    priority: "LOW",
    channel: "EMAIL",
    opening:
      "I want to cancel Plus at the end of the month. What happens to the doorbell recordings? Some of them are evidence for a neighbour dispute.",
    agentReply:
      "Hi {first}, after cancelling, recordings stay available for 30 days, then they are deleted. You can download any clip before then.",
    followUp: "Can I download them all at once?",
    resolution:
      "Yes: Account > Recordings > Export all creates a ZIP of every clip and emails you a download link valid for 7 days. Do that first, then cancel under Account > Subscription; Plus stays active until the end of the billing period.",
    thanks: "Export done, cancelled. Thanks for the clear steps.",
  },
  {
    subject: "Thermostat screen is completely blank",
    product: "Lumio Thermostat",
    priority: "URGENT",
    channel: "PHONE",
    opening:
      "The thermostat screen went black overnight and the heating is off. It's 14 degrees in the house and I have a baby. I've checked the fuse.",
    agentReply:
      "{first}, I'm sorry, let's get the heat back first. Most boilers have a manual override switch; turning it to 'constant' or 'on' will heat the house while we sort the thermostat.",
    followUp: "The override works, heating is on. But the thermostat is still dead.",
    resolution:
      "As the thermostat shows no power with a good fuse, it's a hardware fault. It's under warranty, so a replacement ships today by next-day courier; I've escalated it to the hardware team with your order {order}.",
    thanks: "Replacement arrived and works. Thanks for the quick help.",
    note: "Hardware failure. Escalated to hardware team, advance replacement sent (vulnerable household: priority).",
  },
  {
    subject: "Google Home no longer controls my plugs",
    product: "Lumio Smart Plug",
    priority: "NORMAL",
    channel: "CHAT",
    opening: "Google Home says 'Lumio is unavailable' when I ask it to switch the lamps. The Lumio app works fine.",
    agentReply:
      "Hi {first}, that happens when the link between Google and Lumio expires, for example after a password change. Did you change your Lumio password recently?",
    followUp: "Yes, last week.",
    resolution:
      "In the Google Home app open Works with Google, find Lumio, choose 'Reconnect' and sign in with the new password. Your devices and room names come back as they were.",
    thanks: "Reconnected, all working.",
  },
  {
    subject: "New smart plug won't pair",
    product: "Lumio Smart Plug",
    priority: "LOW",
    channel: "WEB",
    opening: "I bought a 4-pack of plugs. Three paired fine, the fourth just blinks blue and the app times out.",
    agentReply:
      "Hi {first}, a blue blink means it's in pairing mode but can't join. Please hold its button for 10 seconds until it blinks red, then try again standing next to it, with your phone on the 2.4 GHz network.",
    followUp: "Did the reset, still times out.",
    resolution:
      "As the other three paired and this one fails after a reset, it's faulty. I've sent a replacement plug for order {order}; no need to return the faulty one.",
    thanks: "Replacement paired first time.",
  },
  {
    subject: "Need an invoice with our VAT number",
    product: "Lumio Plus subscription",
    priority: "LOW",
    channel: "EMAIL",
    opening:
      "We use Lumio Plus at our office. Our accountant needs invoices that show the company name and VAT number. Can you reissue last quarter's invoices?",
    agentReply:
      "Hi {first}, yes. Add the company name and VAT number under Account > Billing > Business details, and I'll reissue the invoices once that's saved.",
    followUp: "Saved the details just now.",
    resolution:
      "I've reissued the three invoices from last quarter with your company name and VAT number; they're under Account > Billing > Invoices. Future invoices include them automatically.",
    thanks: "Perfect, forwarded to our accountant.",
  },
];

export interface DemoKnowledge {
  kind: "PRODUCT_DOC" | "COMMON_ISSUE" | "ESCALATION" | "CAPABILITY" | "POLICY";
  title: string;
  body: string;
  products: string[];
}

export const demoKnowledge: DemoKnowledge[] = [
  {
    kind: "PRODUCT_DOC",
    title: "Lumio Thermostat: Wi-Fi requirements",
    body: "The thermostat joins 2.4 GHz Wi-Fi networks only (802.11 b/g/n), WPA2 or WPA3-transition. It cannot see 5 GHz or 6 GHz bands. Schedules are stored on the device and keep running when it is offline.",
    products: ["Lumio Thermostat"],
  },
  {
    kind: "COMMON_ISSUE",
    title: "Thermostat offline after a router change",
    body: "Cause: the new router broadcasts 2.4 and 5 GHz under one name. Fix: give the 2.4 GHz band its own name, then Thermostat > Settings > Wi-Fi > Change network. No factory reset needed.",
    products: ["Lumio Thermostat"],
  },
  {
    kind: "COMMON_ISSUE",
    title: "Thermostat short cycling or blank screen",
    body: "Usually missing C (common) wire: the unit draws power through the heating call. Send the Power Adapter Kit (free within warranty). If the screen stays blank with power confirmed, treat as hardware failure.",
    products: ["Lumio Thermostat"],
  },
  {
    kind: "COMMON_ISSUE",
    title: "Doorbell alerts delayed",
    body: "Update to firmware 3.2.1 or later (fixes a notification queue delay). Signal should be better than -67 dBm: check Doorbell > Device health; otherwise set video quality to Balanced or add a mesh point.",
    products: ["Lumio Doorbell Cam"],
  },
  {
    kind: "COMMON_ISSUE",
    title: "Mesh router update stuck",
    body: "Amber blink: still writing, wait 10 minutes. Solid red: failed safely; hold the reset pin 15 s until white blink to restore previous firmware, then update again over a cable.",
    products: ["Lumio Mesh Router"],
  },
  {
    kind: "ESCALATION",
    title: "Hardware failures and advance replacements",
    body: "Escalate to the hardware team when a device shows no power with a good supply, or fails after a reset with other units working. Within warranty, send an advance replacement; vulnerable households (no heating, infants, elderly) get next-day courier.",
    products: ["Lumio Thermostat", "Lumio Doorbell Cam", "Lumio Mesh Router", "Lumio Smart Plug"],
  },
  {
    kind: "ESCALATION",
    title: "Billing disputes over 50",
    body: "Refunds up to 50 can be issued by any agent from Billing > Payments. Above 50, or any chargeback, escalate to the billing team lead with the order number and payment ids.",
    products: ["Lumio Plus subscription"],
  },
  {
    kind: "CAPABILITY",
    title: "What agents can and cannot do",
    body: "Agents can issue refunds up to 50, create returns within 30 days, reset 2FA attempt counters and send replacement parts within warranty. Agents cannot change account ownership, read recordings, or disable 2FA without identity verification.",
    products: [],
  },
  {
    kind: "POLICY",
    title: "Returns and refunds",
    body: "Devices can be returned within 30 days of delivery in their original packaging; we email a prepaid label. Refunds go to the original payment method within 5 working days of receipt.",
    products: ["Lumio Thermostat", "Lumio Doorbell Cam", "Lumio Mesh Router", "Lumio Smart Plug"],
  },
  {
    kind: "POLICY",
    title: "Recordings after cancelling Lumio Plus",
    body: "After cancellation recordings stay available for 30 days, then are deleted permanently. Customers can export all clips at Account > Recordings > Export all (link valid 7 days).",
    products: ["Lumio Plus subscription", "Lumio Doorbell Cam"],
  },
  {
    kind: "POLICY",
    title: "Tone and response times",
    body: "First response within 1 business hour for urgent and high priority, 8 hours otherwise. Lead with the fix, use the customer's name, match their preferred channel and level of detail, and never promise dates we don't control.",
    products: [],
  },
];
