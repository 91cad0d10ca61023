/**
 * What customers of the demo store write, per intent of the shipped taxonomy (models/support/config.json, all but
 * out_of_scope), written for the project: subjects and first messages with slots ({order}, {product}, {amount},
 * {date}, {city}, {first}) that history-seed.ts fills. A few intents have German, Spanish or French variants.
 * Plus intents the taxonomy does not have (their labels must be counted as unknown) and tickets agents never
 * labelled (thank-you notes, auto-replies, spam).
 */

export type Lang = "en" | "de" | "es" | "fr";
export type Family = "orders" | "billing" | "accounts" | "care" | "triage";

export interface Phrasebook {
  subjects: string[];
  bodies: string[];
}

export interface IntentTemplate {
  family: Family;
  /** Relative frequency in the history (1 = average). */
  weight: number;
  /** Share of these tickets at high priority. */
  high?: number;
  en: Phrasebook;
  other?: Partial<Record<Exclude<Lang, "en">, Phrasebook>>;
}

export const INTENT_TEMPLATES: Record<string, IntentTemplate> = {
  cancel_order: {
    family: "orders",
    weight: 1.3,
    en: {
      subjects: ["Cancel my order {order}", "Please cancel order", "cancel order pls", "Ordered by mistake", "Need to cancel before it ships"],
      bodies: [
        "I placed order {order} this morning but I ordered the wrong size. Can you cancel it before it ships?",
        "Please cancel my order {order} for the {product}. I found it cheaper locally, sorry.",
        "I accidentally ordered the {product} twice. Can you cancel one of them? The order number is {order}.",
        "I changed my mind about the {product}. It hasn't shipped yet according to my account, so please cancel {order}.",
        "My partner already bought the same thing, so we don't need order {order} anymore. How do I cancel it?",
      ],
    },
    other: {
      es: {
        subjects: ["Cancelar pedido {order}", "Quiero anular mi pedido"],
        bodies: [
          "Hice el pedido {order} por error. ¿Pueden cancelarlo antes de que lo envíen?",
          "Por favor cancelen mi pedido {order} del {product}, ya no lo necesito.",
        ],
      },
    },
  },
  change_order: {
    family: "orders",
    weight: 1,
    en: {
      subjects: ["Change my order", "Wrong colour on order {order}", "Can I add something to my order?", "Modify order {order}"],
      bodies: [
        "I just ordered the {product} in black but I wanted the white one. Can you change order {order}?",
        "Is it possible to add a second {product} to order {order}? I'd rather not pay shipping twice.",
        "I need to swap the size on order {order} from M to L before it goes out.",
        "Can you remove the {product} from order {order}? Keep the rest of the order as it is.",
        "I picked the wrong quantity on {order}, it should be 2 and not 3.",
      ],
    },
  },
  change_shipping_address: {
    family: "orders",
    weight: 1,
    en: {
      subjects: ["Wrong delivery address", "Change shipping address for {order}", "I moved - update address on my order", "address typo on order"],
      bodies: [
        "I made a typo in the street name on order {order}. It should be 14 Harbour Road, {city}. Can you fix it before it ships?",
        "We moved last week and order {order} still has the old address. Please send it to my new place in {city}.",
        "Can you change the delivery address on {order} to my office? I'm never home during the day.",
        "The postcode on my order {order} is wrong, one digit is off. Can you correct it?",
      ],
    },
  },
  check_cancellation_fee: {
    family: "billing",
    weight: 0.7,
    en: {
      subjects: ["Is there a cancellation fee?", "Fee for cancelling my subscription", "cancellation charge question"],
      bodies: [
        "If I cancel my subscription now, do I have to pay a cancellation fee?",
        "How much is the fee if I cancel order {order} after it has shipped?",
        "I'm thinking of cancelling my plan before the year is over. Is there a penalty for that?",
        "Your site mentions a fee for late cancellations. How much is it exactly?",
      ],
    },
  },
  check_invoice: {
    family: "billing",
    weight: 0.8,
    en: {
      subjects: ["Question about my invoice", "Invoice amount looks wrong", "VAT on invoice {order}", "invoice doesnt match"],
      bodies: [
        "The invoice for order {order} says {amount} but I was told the total would be lower. Can you check?",
        "Why is there a line for handling on my invoice? I didn't expect that.",
        "My invoice for {order} shows the wrong company name. Can you look at it?",
        "The VAT on my last invoice seems too high. Could someone double check it?",
      ],
    },
  },
  check_payment_methods: {
    family: "billing",
    weight: 0.8,
    en: {
      subjects: ["Do you accept PayPal?", "Payment options", "Can I pay by bank transfer?", "Apple Pay?"],
      bodies: [
        "Can I pay with PayPal or only by card?",
        "Do you accept bank transfers for larger orders? I want to buy the {product} for our office.",
        "Which payment methods do you take? My card isn't accepted abroad.",
        "Is it possible to pay in instalments for the {product}?",
        "Do you support Apple Pay or Google Pay at checkout?",
      ],
    },
  },
  check_refund_policy: {
    family: "billing",
    weight: 0.9,
    en: {
      subjects: ["What is your refund policy?", "Return policy question", "Can I return an opened item?", "refund rules"],
      bodies: [
        "How many days do I have to return the {product} and get my money back?",
        "If I open the box of the {product}, can I still return it for a refund?",
        "Do you refund the shipping costs when I send something back?",
        "I bought a gift for someone. Can they return it without the receipt?",
      ],
    },
  },
  complaint: {
    family: "care",
    weight: 1.2,
    high: 0.5,
    en: {
      subjects: ["Very disappointed", "Terrible experience", "This is unacceptable", "Complaint about your service", "third time writing!!"],
      bodies: [
        "This is the third time I'm writing about order {order} and nobody has answered. I'm really fed up.",
        "The {product} arrived scratched and your courier was rude. I expected much better from you.",
        "I waited two weeks for a reply. That's not how you treat customers. I want to speak to a manager.",
        "Your website said next-day delivery and it took nine days. Very disappointed with the whole experience.",
        "The quality of the {product} is nothing like the photos. I feel misled.",
      ],
    },
    other: {
      de: {
        subjects: ["Beschwerde", "Sehr enttäuscht"],
        bodies: [
          "Ich warte seit zwei Wochen auf eine Antwort zu Bestellung {order}. Das ist wirklich inakzeptabel.",
          "Der {product} kam beschädigt an und niemand meldet sich. Ich bin sehr unzufrieden.",
        ],
      },
    },
  },
  contact_customer_service: {
    family: "care",
    weight: 0.8,
    en: {
      subjects: ["How do I contact you?", "Phone number?", "Opening hours", "customer service hours"],
      bodies: [
        "What are your customer service hours? I tried calling yesterday evening and nobody answered.",
        "Is there a phone number I can call instead of writing emails?",
        "How can I reach your support team on the weekend?",
        "Do you have a live chat? I couldn't find it on the website.",
      ],
    },
  },
  contact_human_agent: {
    family: "care",
    weight: 0.7,
    en: {
      subjects: ["I want to talk to a real person", "human please", "Stop sending me bot answers", "Speak to an agent"],
      bodies: [
        "Your chatbot keeps sending me the same article. Can a real person please help me with order {order}?",
        "I'd like to talk to a human agent, not an automated reply.",
        "Please put me through to someone from the team. The FAQ doesn't cover my problem.",
        "agent please. human. the bot doesn't understand me",
      ],
    },
  },
  create_account: {
    family: "accounts",
    weight: 0.7,
    en: {
      subjects: ["How do I create an account?", "Open a customer account", "sign up question"],
      bodies: [
        "I've ordered as a guest before. How do I create an account so I can see my orders?",
        "Can I open a business account for our company? We order the {product} regularly.",
        "Where do I sign up? I can't find the registration page on the app.",
        "I want to create an account for my mother so she can order herself. How does that work?",
      ],
    },
  },
  delete_account: {
    family: "accounts",
    weight: 0.8,
    en: {
      subjects: ["Delete my account", "Please remove my data", "GDPR deletion request", "close my account"],
      bodies: [
        "Please delete my account and all the personal data you hold about me.",
        "I don't use your shop anymore. How can I close my customer account for good?",
        "Under GDPR I'm asking you to erase my account and order history.",
        "I'd like my account removed. I've unsubscribed already but the account is still there.",
      ],
    },
  },
  delivery_options: {
    family: "orders",
    weight: 0.9,
    en: {
      subjects: ["Express shipping?", "Delivery options", "Can I pick up in store?", "Do you ship to {city}?"],
      bodies: [
        "Do you offer express delivery? I need the {product} by Friday.",
        "Can I collect my order from a pickup point instead of home delivery?",
        "Which couriers do you use, and can I choose one at checkout?",
        "Do you ship to {city}? I couldn't select it in the country list.",
        "Is weekend delivery possible for large items like the {product}?",
      ],
    },
  },
  delivery_period: {
    family: "orders",
    weight: 1,
    en: {
      subjects: ["How long does delivery take?", "When will it arrive?", "delivery time to {city}", "Shipping times"],
      bodies: [
        "How long does standard delivery to {city} usually take?",
        "If I order the {product} today, when will it arrive?",
        "What's the typical delivery time for backordered items?",
        "I need this before {date}. Will it get here in time with normal shipping?",
      ],
    },
  },
  edit_account: {
    family: "accounts",
    weight: 0.8,
    en: {
      subjects: ["Change my email address", "Update my account details", "Wrong name on my account", "change phone number"],
      bodies: [
        "I need to change the email address on my account, I don't use the old one anymore.",
        "How do I update my phone number in my profile? The field is greyed out.",
        "My surname is misspelled on my account. Can you correct it?",
        "I want to change the default billing address in my account settings but it won't save.",
      ],
    },
  },
  get_invoice: {
    family: "billing",
    weight: 1,
    en: {
      subjects: ["Invoice for order {order}", "Need a receipt", "Please send invoice", "VAT invoice needed"],
      bodies: [
        "Could you send me an invoice for order {order}? I need it for my expenses.",
        "I can't find the receipt for my {product} purchase in my account. Can you email it to me?",
        "Please send a VAT invoice for {order} with our company name on it.",
        "Where can I download invoices for my past orders?",
      ],
    },
  },
  get_refund: {
    family: "billing",
    weight: 1.8,
    en: {
      subjects: ["Refund please", "I want my money back", "Refund for {order}", "Returned item - refund?", "broken {product}, refund"],
      bodies: [
        "My {product} arrived cracked. I'd like a full refund for order {order}, please.",
        "I returned the {product} last week. When will I get my {amount} back?",
        "The item doesn't work at all. Please refund order {order} to my card.",
        "I was charged for an item that never arrived. I want a refund.",
        "I sent back the {product} within 14 days as your policy says. Please process my refund.",
      ],
    },
    other: {
      de: {
        subjects: ["Rückerstattung bitte", "Geld zurück für {order}"],
        bodies: [
          "Mein {product} ist defekt angekommen. Ich möchte bitte mein Geld zurück für Bestellung {order}.",
          "Ich habe die Ware zurückgeschickt. Wann bekomme ich die {amount} erstattet?",
        ],
      },
      es: {
        subjects: ["Reembolso", "Quiero que me devuelvan el dinero"],
        bodies: [
          "El {product} llegó roto. Quiero el reembolso completo del pedido {order}.",
          "Devolví el artículo hace una semana. ¿Cuándo recibiré mi dinero?",
        ],
      },
    },
  },
  newsletter_subscription: {
    family: "accounts",
    weight: 0.6,
    en: {
      subjects: ["Unsubscribe me", "Too many emails", "Newsletter sign up", "stop the newsletter"],
      bodies: [
        "Please take me off your newsletter, I get three emails a week.",
        "I unsubscribed twice and I'm still getting your marketing emails.",
        "How do I sign up for the newsletter to get the discount code?",
        "Can I get only order emails and no promotions?",
      ],
    },
  },
  payment_issue: {
    family: "billing",
    weight: 1.2,
    high: 0.4,
    en: {
      subjects: ["Payment failed", "Charged twice!", "Card declined at checkout", "payment not going through", "Double charge on order {order}"],
      bodies: [
        "I was charged twice for order {order}. Both payments of {amount} show on my statement.",
        "My card keeps getting declined at checkout even though it works everywhere else.",
        "The payment page froze and now I don't know if I paid or not. Order {order}.",
        "PayPal says the payment went through but my order still shows as unpaid.",
        "There's a charge of {amount} on my card that I don't recognise from your shop.",
      ],
    },
  },
  place_order: {
    family: "orders",
    weight: 0.8,
    en: {
      subjects: ["How do I order?", "Can I order by phone?", "Want to buy 3 {product}", "order for our office"],
      bodies: [
        "I'd like to order three of the {product}. Can I do it by email instead of the website?",
        "The checkout button doesn't do anything. How else can I place my order?",
        "Can you reserve the {product} for me? I'll pay when I pick it up.",
        "I want to buy a {product} as a gift and have it shipped straight to my sister in {city}.",
      ],
    },
  },
  recover_password: {
    family: "accounts",
    weight: 1.2,
    en: {
      subjects: ["Forgot my password", "Can't log in", "Password reset link not working", "locked out of my account", "reset pasword"],
      bodies: [
        "I forgot my password and the reset email never arrives. Can you help me get back in?",
        "The password reset link says it has expired, even when I click it straight away.",
        "I'm locked out after too many attempts. How do I reset my password?",
        "cant log in, forgot password, reset mail is not in spam either",
      ],
    },
    other: {
      de: {
        subjects: ["Passwort vergessen", "Kann mich nicht einloggen"],
        bodies: [
          "Ich habe mein Passwort vergessen und die E-Mail zum Zurücksetzen kommt nicht an.",
          "Der Link zum Zurücksetzen des Passworts funktioniert nicht.",
        ],
      },
      fr: {
        subjects: ["Mot de passe oublié", "Impossible de me connecter"],
        bodies: ["J'ai oublié mon mot de passe et je ne reçois pas l'e-mail de réinitialisation.", "Le lien pour changer mon mot de passe ne marche pas."],
      },
    },
  },
  registration_problems: {
    family: "accounts",
    weight: 0.7,
    en: {
      subjects: ["Can't register", "Sign up error", "Registration keeps failing", "verification email never came"],
      bodies: [
        "I try to register but the form says my email is already in use. I've never had an account.",
        "The sign-up page shows an error after I enter my details. I tried two browsers.",
        "I registered yesterday but the verification email never came, so I can't finish sign up.",
        "The registration form won't accept my phone number with the country code.",
      ],
    },
  },
  review: {
    family: "care",
    weight: 0.6,
    en: {
      subjects: ["Feedback on my order", "Love the {product}!", "Some feedback", "Where can I leave a review?"],
      bodies: [
        "Just wanted to say the {product} is great and arrived quickly. Where can I leave a review?",
        "Some feedback: the packaging was excessive for such a small item. Otherwise fine.",
        "Your delivery driver was really helpful today. Please pass on my thanks.",
        "I tried to post a review of the {product} but the button doesn't work.",
      ],
    },
  },
  set_up_shipping_address: {
    family: "orders",
    weight: 0.7,
    en: {
      subjects: ["Add a second address", "Save a shipping address", "Set default delivery address"],
      bodies: [
        "How do I save a second shipping address in my account for my office in {city}?",
        "I want to set my work address as the default for deliveries. Where do I do that?",
        "The address book in my account won't let me add a new address.",
        "Can I set up a shipping address for my parents so I can send them things easily?",
      ],
    },
  },
  switch_account: {
    family: "accounts",
    weight: 0.6,
    en: {
      subjects: ["Switch to business account", "Merge two accounts", "Use a different account"],
      bodies: [
        "I have two accounts with different emails. Can you merge them into one?",
        "How do I switch from my personal account to our company account in the app?",
        "I want to move my order history to my new account.",
        "Can I change my account type from personal to business?",
      ],
    },
  },
  track_order: {
    family: "orders",
    weight: 2,
    en: {
      subjects: ["Where is my order?", "Order {order} not arrived", "Package still not here", "tracking not updating", "wheres my parcel"],
      bodies: [
        "I ordered the {product} ten days ago and it still hasn't arrived. Order {order}. When will it ship?",
        "The tracking for {order} hasn't changed since Monday. Is my package lost?",
        "Package still not here... when will it ship? It's been a week.",
        "Can you tell me where order {order} is? The courier website says nothing.",
        "My order was supposed to arrive on {date} but nothing came. Can you check?",
      ],
    },
    other: {
      de: {
        subjects: ["Wo ist meine Bestellung?", "Paket nicht angekommen"],
        bodies: [
          "Ich habe vor zehn Tagen bestellt und nichts ist angekommen. Bestellnummer {order}.",
          "Die Sendungsverfolgung für {order} zeigt seit Tagen nichts Neues.",
        ],
      },
      es: {
        subjects: ["¿Dónde está mi pedido?", "No ha llegado mi paquete"],
        bodies: ["Hice el pedido {order} hace diez días y todavía no ha llegado.", "El seguimiento de mi pedido no se actualiza desde el lunes."],
      },
      fr: {
        subjects: ["Où est ma commande ?", "Colis pas encore reçu"],
        bodies: [
          "J'ai commandé le {product} il y a dix jours et je n'ai toujours rien reçu. Commande {order}.",
          "Le suivi de ma commande {order} ne bouge plus.",
        ],
      },
    },
  },
  track_refund: {
    family: "billing",
    weight: 1.1,
    en: {
      subjects: ["Where is my refund?", "Refund not received", "Still waiting for my money", "refund status {order}"],
      bodies: [
        "You confirmed my refund for {order} two weeks ago but the money isn't on my account yet.",
        "What's the status of my refund? I returned the {product} on {date}.",
        "I was told the refund would take 5 days. It's been 12. Where is it?",
        "Can you check whether the refund of {amount} for {order} has been sent?",
      ],
    },
  },
};

/** Labels agents used that the taxonomy does not know (the import counts them as unknownIntent). */
export const UNKNOWN_INTENT_TEMPLATES: Record<string, { weight: number; en: Phrasebook }> = {
  warranty_claim: {
    weight: 1,
    en: {
      subjects: ["Warranty claim", "Is this covered by the warranty?", "{product} stopped working"],
      bodies: [
        "My {product} stopped working after eight months. Is it still under warranty?",
        "The motor of the {product} makes a grinding noise. I'd like to use the two-year guarantee.",
      ],
    },
  },
  wholesale_inquiry: {
    weight: 0.8,
    en: {
      subjects: ["Bulk order pricing", "Wholesale enquiry", "Reseller discount?"],
      bodies: [
        "Do you offer a discount if we buy 200 units of the {product}?",
        "We run a small shop in {city} and would like to stock your products. Who do I talk to?",
      ],
    },
  },
  gift_card: {
    weight: 0.6,
    en: {
      subjects: ["Gift card not working", "Gift card balance"],
      bodies: ["The gift card code I got for my birthday says invalid at checkout.", "How do I check how much is left on my gift card?"],
    },
  },
};

/** Tickets agents solve without an intent label: thanks, auto-replies, spam, the odd unlabelled question. */
export const UNLABELLED_TEMPLATES: Array<{ tag: string; subjects: string[]; bodies: string[] }> = [
  {
    tag: "thank_you",
    subjects: ["Thank you!", "Re: your order", "thanks", "All sorted"],
    bodies: ["Thanks so much, that solved it!", "Got it, thank you for the quick help.", "Perfect, all good now. Have a nice day!"],
  },
  {
    tag: "autoreply",
    subjects: ["Automatic reply: Out of office", "Out of office until {date}", "Auto: away"],
    bodies: [
      "I am out of the office until {date} with limited access to email. For urgent matters contact my colleague.",
      "This is an automatic reply. I'm on holiday and will answer when I'm back.",
    ],
  },
  {
    tag: "spam",
    subjects: ["Boost your SEO ranking today", "Partnership opportunity", "Your website needs this"],
    bodies: [
      "We can get your store to the first page of Google in 30 days. Reply for our price list.",
      "Dear sir/madam, we offer cheap web design and app development services.",
    ],
  },
  {
    tag: "general",
    subjects: ["Question", "Hello", "quick question"],
    bodies: ["Hi, I have a question about my order {order}, can you call me back?", "Are you open on public holidays?"],
  },
];

export const PRODUCTS = [
  "Aurora desk lamp",
  "Nimbus kettle",
  "Fjord wool blanket",
  "Pico espresso machine",
  "Trail 30L backpack",
  "Linen duvet cover",
  "Orbit wireless speaker",
  "Cedar cutting board",
  "Halo ceiling light",
  "Summit rain jacket",
  "Breeze desk fan",
  "Mosaic dinner set",
];

export const CITIES = ["Leeds", "Rotterdam", "Lyon", "Valencia", "Hamburg", "Cork", "Gothenburg", "Porto", "Bristol", "Graz"];

export const FIRST_NAMES = [
  "Amelia",
  "Ben",
  "Chloé",
  "Diego",
  "Elif",
  "Finn",
  "Grace",
  "Hiro",
  "Isabel",
  "Jonas",
  "Kemi",
  "Lars",
  "Maya",
  "Noah",
  "Olga",
  "Pablo",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
];
export const LAST_NAMES = [
  "Adams",
  "Brandt",
  "Costa",
  "Dubois",
  "Evans",
  "Fischer",
  "García",
  "Hughes",
  "Ivanova",
  "Jensen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Novak",
];

export const GREETINGS: Record<Lang, string[]> = {
  en: ["Hi,", "Hello,", "Hello there,", "Hey,", "Good morning,", "Dear support team,", "hi team", "Hi {store},"],
  de: ["Hallo,", "Guten Tag,", "Hallo zusammen,"],
  es: ["Hola,", "Buenas tardes,", "Buenos días,"],
  fr: ["Bonjour,", "Bonsoir,", "Bonjour à toute l'équipe,"],
};

export const CLOSINGS: Record<Lang, string[]> = {
  en: ["Thanks!", "Thank you in advance.", "Cheers", "Any help appreciated.", "thx", "Kind regards,", "Many thanks"],
  de: ["Danke!", "Viele Grüße", "Mit freundlichen Grüßen"],
  es: ["Gracias.", "Saludos", "Un saludo"],
  fr: ["Merci d'avance.", "Cordialement", "Merci !"],
};

export const AGENT_REPLIES: Record<Family, string[]> = {
  orders: [
    "Thanks for getting in touch. I've looked into your order and updated it; you'll get an email confirmation shortly.",
    "I've checked with our warehouse and your order is on its way. Here is the tracking link again.",
    "Sorry about the trouble with your order. I've made the change you asked for.",
  ],
  billing: [
    "Thanks for your patience. I've checked the payment on our side and sorted it out; it may take a few days to show on your statement.",
    "I've attached the document you asked for. Let me know if anything else is needed.",
    "I've processed this for you. Refunds usually show within 5-10 business days.",
  ],
  accounts: [
    "I've updated your account as requested. You may need to sign out and back in.",
    "I've sent you a fresh link; it's valid for 30 minutes. Let me know if it doesn't arrive.",
    "Done: the change to your account is in place.",
  ],
  care: [
    "I'm sorry for the experience you had. I've passed your message to the team lead and we'll make this right.",
    "Thanks for your message. You can reach us by phone on weekdays from 9 to 17, or here any time.",
    "Thank you for the feedback, we really appreciate it.",
  ],
  triage: ["Thanks, closing this one.", "No action needed on our side."],
};

export const CUSTOMER_FOLLOW_UPS = ["Thanks, that worked!", "Great, thank you.", "ok thanks", "Perfect, appreciate the quick help."];
