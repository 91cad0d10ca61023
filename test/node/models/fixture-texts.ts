/**
 * Texts written for the cross-runtime fixtures (not taken from any data set). The featurizer texts stress
 * normalisation: case, accents, NFKC compatibility forms, curly apostrophes, digits, emoji and other astral
 * characters, scripts without spaces, markup, empty and over-long inputs.
 */
export const FEATURIZER_TEXTS: readonly string[] = [
  "Where is my order?",
  "WHERE IS MY ORDER?",
  "",
  "   \n\t  ",
  "?!?! ... ---",
  "I can’t log in — it says “wrong password”",
  "Commande n° 12345 pas reçue, c'est très énervant",
  "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ and ligatures: ﬁnance ﬂight",
  "refund 😡😡 please 🙏 order #A-99812",
  "注文した商品が届きません",
  "Заказ не пришёл, верните деньги",
  "Rücksendeetikett für Bestellung 4411 fehlt, Straße stimmt nicht",
  "J'ai reçu l'article cassé, qu'il soit remboursé s'il vous plaît",
  "¿Dónde está mi pedido? Quiero añadir otra dirección",
  "Não recebi a encomenda, quero o reembolso já",
  "Mijn retourzending is nog niet verwerkt, bestelnummer 88213",
  "<p>Hi team,<br>my invoice for 03/2024 is missing.</p>",
  "a",
  "x".repeat(2_500),
  `Subject: Damaged item\n\nHello,\nthe mug arrived broken. ${"It is in pieces. ".repeat(40)}Thanks`,
];

/** Support-desk style messages for the model agreement test (in scope, out of scope, ambiguous, odd input). */
export const PREDICTION_TEXTS: readonly string[] = [
  "I want to cancel the order I placed yesterday",
  "where is my package, it was supposed to arrive on monday",
  "how do I get my money back for the broken lamp",
  "I forgot my password and cannot sign in",
  "please send me the invoice for my last purchase",
  "can I pay with paypal or only by card?",
  "I need to change the delivery address on my order",
  "let me talk to a real human agent",
  "I'd like to delete my account and all my data",
  "your service is terrible and I want to complain",
  "what's the weather like in lisbon tomorrow",
  "set an alarm for 6 am",
  "tell me a joke",
  "thanks",
  "",
  "order",
  "Commande non reçue, je veux un remboursement",
  "Wo bleibt mein Paket? Die Lieferung ist seit einer Woche überfällig",
  "Quiero cancelar mi pedido, ya no lo necesito",
  "Gostaria de alterar o endereço de entrega da minha encomenda",
  "Ik wil mijn wachtwoord opnieuw instellen",
  "<p>Hi,<br>the parcel tracking link does not work</p>",
];
