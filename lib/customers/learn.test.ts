import { describe, expect, it } from "vitest";
import { customerProfilePatchSchema } from "./fields";
import { detectLanguage, extractFacts, findProducts } from "./learn";

const catalogue = ["Lumio Hub", "Lumio Hub Pro", "Lumio Thermostat", "Lumio Smart Plug", "Lumio Doorbell Cam"];

describe("products named from the catalogue", () => {
  it("finds catalogue names whatever their case, with a version written next to them", () => {
    expect(findProducts("My lumio hub v2.4 drops off the network; the Lumio Smart-Plug (firmware 3.1.2) too.", catalogue)).toEqual([
      { product: "Lumio Smart Plug", version: "3.1.2" },
      { product: "Lumio Hub", version: "2.4" },
    ]);
  });

  it("prefers the longest name and does not find the shorter one inside it", () => {
    expect(findProducts("The Lumio Hub Pro version 5 reboots.", catalogue)).toEqual([{ product: "Lumio Hub Pro", version: "5" }]);
  });

  it("takes a name without its brand only when written with its capitals and unique", () => {
    expect(findProducts("The Thermostat shows E4.", catalogue)).toEqual([{ product: "Lumio Thermostat", version: null }]);
    expect(findProducts("my old thermostat from another brand", catalogue)).toEqual([]);
  });

  it("does not read a count or a date as a version, nor a name inside a word", () => {
    expect(findProducts("Lumio Hub 2 days ago stopped", catalogue)).toEqual([{ product: "Lumio Hub", version: null }]);
    expect(findProducts("XLumio Hubs", catalogue)).toEqual([]);
    expect(findProducts("anything", [])).toEqual([]);
  });
});

describe("language of a message", () => {
  it.each([
    ["en", "The hub keeps dropping off the network every evening and I have tried a reset twice."],
    ["de", "Der Hub verliert jeden Abend die Verbindung und ich habe ihn schon zweimal neu gestartet, aber es geht nicht."],
    ["fr", "Le hub perd la connexion tous les soirs et je l'ai déjà redémarré deux fois, mais ça ne fonctionne pas."],
    ["es", "El hub pierde la conexión todas las noches y ya lo he reiniciado dos veces, pero no funciona para nada."],
    ["it", "Il hub perde la connessione ogni sera e l'ho già riavviato due volte, ma non funziona per niente."],
    ["nl", "De hub verliest elke avond de verbinding en ik heb hem al twee keer opnieuw gestart, maar het werkt niet."],
    ["pt", "O hub perde a conexão todas as noites e eu já o reiniciei duas vezes, mas não funciona para nada."],
    ["ja", "ハブが毎晩ネットワークから切断されます。"],
    ["el", "Ο κόμβος χάνει τη σύνδεση κάθε βράδυ."],
  ])("reads %s", (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("says nothing about a short message or a list of names", () => {
    expect(detectLanguage("Hub broken")).toBeNull();
    expect(detectLanguage("Lumio Hub Pro, Lumio Smart Plug, Lumio Doorbell Cam, Lumio Thermostat, order 4417")).toBeNull();
  });
});

describe("channel and time preferences", () => {
  const kinds = (text: string) =>
    extractFacts({ text, catalogue: [] }).filter((fact) => fact.kind === "channel" || fact.kind === "contactTime");

  it("learns an explicit channel, quoting what was said", () => {
    expect(kinds("It broke again. Please call me, I'm on the road all day.")).toEqual([
      { kind: "channel", channel: "phone", text: 'Prefers to be contacted by phone (said "Please call me").' },
    ]);
    expect(kinds("Email only please, I cannot take calls at work.")).toEqual([
      { kind: "channel", channel: "email", text: 'Prefers to be contacted by email (said "Email only").' },
    ]);
    expect(kinds("I'd prefer live chat if possible.")[0]).toMatchObject({ channel: "chat" });
  });

  it("does not read a refusal as a wish", () => {
    expect(kinds("Please don't call me, I am in meetings.")).toEqual([]);
    expect(kinds("Do not ring me at home.")).toEqual([]);
  });

  it("learns a time to reach them, but not a time in the description of a fault", () => {
    expect(kinds("Please call me after 5pm CET.")).toEqual([
      { kind: "channel", channel: "phone", text: 'Prefers to be contacted by phone (said "Please call me").' },
      { kind: "contactTime", text: "Best reached after 5pm CET." },
    ]);
    expect(kinds("You can reach me between 9 and 11am EST on weekdays.")).toContainEqual({
      kind: "contactTime",
      text: "Best reached between 9 and 11am EST.",
    });
    expect(kinds("The hub goes offline after 5pm every day.")).toEqual([]);
    expect(kinds("I am available after 2 days of travel.")).toEqual([]);
  });
});

describe("extractFacts", () => {
  it("learns the language only when it is not English", () => {
    expect(
      extractFacts({ text: "Der Hub verliert jeden Abend die Verbindung und ich habe ihn schon neu gestartet.", catalogue: [] }),
    ).toEqual([{ kind: "language", language: "de", text: "Writes in German (de)." }]);
    expect(
      extractFacts({ text: "The hub keeps dropping off the network every evening and I have tried a reset twice.", catalogue: [] }),
    ).toEqual([]);
  });

  it("puts products and preferences of one message together", () => {
    const facts = extractFacts({
      text: "My Lumio Doorbell Cam v1.2 stopped recording at night. Please call me after 6pm GMT, I work during the day.",
      catalogue,
    });
    expect(facts).toEqual([
      {
        kind: "product",
        product: "Lumio Doorbell Cam",
        version: "1.2",
        text: "Owns Lumio Doorbell Cam, version 1.2 (named in a message).",
      },
      { kind: "channel", channel: "phone", text: 'Prefers to be contacted by phone (said "Please call me").' },
      { kind: "contactTime", text: "Best reached after 6pm GMT." },
    ]);
  });
});

describe("profile fields", () => {
  it("keeps values canonical and clears with null or an empty string", () => {
    expect(
      customerProfilePatchSchema.parse({
        language: "PT-br",
        timezone: "europe/berlin",
        company: "  Acme  ",
        preferredChannel: "",
        products: ["Hub", "hub", "Plug"],
      }),
    ).toEqual({
      language: "pt-BR",
      timezone: "Europe/Berlin",
      company: "Acme",
      preferredChannel: null,
      products: ["Hub", "Plug"],
    });
    expect(customerProfilePatchSchema.parse({ company: null, language: "", timezone: null })).toEqual({
      company: null,
      language: null,
      timezone: null,
    });
  });

  it("refuses hostile or malformed values, naming the field", () => {
    const result = customerProfilePatchSchema.safeParse({
      company: "Acme\nInjected: yes",
      language: "english",
      timezone: "Mars/Olympus_Mons",
      preferredChannel: "pigeon",
      tier: "gold",
      products: Array.from({ length: 51 }, (_, index) => `P${index}`),
    });
    expect(result.success).toBe(false);
    const paths = new Set(result.error!.issues.map((issue) => issue.path[0]));
    expect(paths).toEqual(new Set(["company", "language", "timezone", "preferredChannel", "tier", "products"]));
    expect(customerProfilePatchSchema.safeParse({ company: "Invoice\u202Efdp.exe" }).success).toBe(false);
    expect(customerProfilePatchSchema.safeParse({ products: ["x".repeat(101)] }).success).toBe(false);
    expect(customerProfilePatchSchema.safeParse({ timezone: "+01:00" }).success).toBe(false);
    expect(customerProfilePatchSchema.safeParse({ email: "someone@else.example" }).success).toBe(false);
  });
});
