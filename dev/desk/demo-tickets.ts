/**
 * Tickets for the local demo desk ("New demo ticket"), written for this project. Each is posted to the fake
 * Zendesk's /__fake/customer-tickets as a customer would open it; the fake then sends the real signed webhook,
 * so the ticket goes through the real intake, queue and triage pipeline. Names and addresses are invented.
 */
export interface DemoTicket {
  key: string;
  /** What the ticket shows off, for the desk's menu. */
  title: string;
  subject: string;
  body: string;
  requester: { name: string; email: string };
}

export const DEMO_TICKETS: DemoTicket[] = [
  {
    key: "order-late",
    title: "Order not arrived",
    subject: "Where is my order #4471?",
    body: "Hi, I ordered a walnut desk lamp on the 3rd and it has not arrived yet. The tracking number you sent has not changed in a week. Could you check where my order is?",
    requester: { name: "Mara Lindqvist", email: "mara.lindqvist@example.com" },
  },
  {
    key: "refund-cracked",
    title: "Refund request",
    subject: "Refund for a cracked mug",
    body: "The ceramic mug from order 5520 arrived cracked down the side. I would like a refund please, I can send photos if that helps.",
    requester: { name: "Tomasz Wrona", email: "tomasz.wrona@example.com" },
  },
  {
    key: "angry",
    title: "An angry customer",
    subject: "This is the THIRD time I am writing!!!",
    body: "This is ridiculous. I have written three times, nobody answers, and my order is still missing after two weeks. Your service is terrible and I am furious. Fix this today.",
    requester: { name: "Priya Raman", email: "priya.raman@example.com" },
  },
  {
    key: "legal",
    title: "A legal threat",
    subject: "Chargeback and legal action",
    body: "You charged me again for a subscription I cancelled in March. If this is not refunded by Friday I will file a chargeback with my bank and ask my lawyer about legal action.",
    requester: { name: "Daniel Okafor", email: "daniel.okafor@example.com" },
  },
  {
    key: "password",
    title: "Password reset",
    subject: "Forgot my password",
    body: "I forgot my password and the reset email never arrives, not even in spam. Can you help me reset my password so I can log in again?",
    requester: { name: "Hanna Berg", email: "hanna.berg@example.com" },
  },
  {
    key: "german-order",
    title: "Non-English (German)",
    subject: "Wo ist meine Bestellung?",
    body: "Hallo, ich habe vor zehn Tagen einen Rucksack bestellt und er ist immer noch nicht angekommen. Können Sie bitte nachsehen, wo meine Bestellung gerade ist? Danke!",
    requester: { name: "Jonas Keller", email: "jonas.keller@example.com" },
  },
  {
    key: "spanish-cancel",
    title: "Non-English (Spanish)",
    subject: "Quiero cancelar mi pedido",
    body: "Hola, ayer hice un pedido por error. ¿Pueden cancelar mi pedido y devolverme el dinero, por favor?",
    requester: { name: "Lucía Ferrer", email: "lucia.ferrer@example.com" },
  },
  {
    key: "change-size",
    title: "Change an item",
    subject: "Change the size of my sweater",
    body: "Can I change the sweater in order 6120 from size M to size L before it ships? Same colour, just the bigger size.",
    requester: { name: "Ines Duarte", email: "ines.duarte@example.com" },
  },
  {
    key: "double-charge",
    title: "Charged twice",
    subject: "Charged twice for one order",
    body: "My card was charged twice for order 7781, both on the same day for the same amount. Please refund the duplicate payment.",
    requester: { name: "Kwame Mensah", email: "kwame.mensah@example.com" },
  },
  {
    key: "hacked",
    title: "Security incident",
    subject: "Someone logged into my account",
    body: "I got an email about a login from another country that was not me. I think my account was hacked. Please lock it and tell me what to do.",
    requester: { name: "Sofia Rossi", email: "sofia.rossi@example.com" },
  },
  {
    key: "kettle-warranty",
    title: "Chatty ticket the edge model is unsure about (the LLM tier decides)",
    subject: "kettle",
    body: "hey so the kettle i got from you guys last month just stopped heating this morning?? light comes on but nothing. is that covered or what do i do now",
    requester: { name: "Jonas Becker", email: "jonas.becker@example.com" },
  },
  {
    key: "out-of-office",
    title: "Out-of-office reply (ignored: no draft, no LLM call)",
    subject: "Automatic reply: Your order has shipped",
    body: "Thank you for your message. I am currently out of the office with limited access to email and will respond when I return on Monday.",
    requester: { name: "Elif Kaya", email: "elif.kaya@example.com" },
  },
  {
    key: "spam",
    title: "SEO spam (ignored)",
    subject: "Partnership opportunity for your store",
    body: "Hello, we offer SEO services and guest post placements that will get your shop onto the first page of Google within 30 days. Reply for our price list.",
    requester: { name: "Growth Team", email: "offers@example.net" },
  },
  {
    key: "thanks",
    title: "A thank-you note (tags only, nothing drafted)",
    subject: "Re: my order",
    body: "Thanks so much, that sorted it! Anna",
    requester: { name: "Anna Svensson", email: "anna.svensson@example.com" },
  },
];
